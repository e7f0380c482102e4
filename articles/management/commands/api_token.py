from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import ApiToken
from articles.models.api_tokens import SCOPES


def expiry(value: str):
    """ "30d", "12h" or an ISO date and time (the site's time zone unless it
    says), still to come."""
    value = value.strip()
    if value[:-1].isdigit() and value[-1:] in ("d", "h"):
        unit = "days" if value[-1] == "d" else "hours"
        moment = timezone.now() + timedelta(**{unit: int(value[:-1])})
    else:
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError(
                f"--expires takes 30d, 12h or a date and time like "
                f"2027-01-31T18:00; not {value!r}."
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
    if moment <= timezone.now():
        raise CommandError("--expires must be in the future.")
    return moment


class Command(BaseCommand):
    help = (
        "Create, list and revoke API tokens for the write API. A token acts as "
        "its user (whose role still applies) within its scopes; only a hash is "
        "stored, so `create` prints the token once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it once.")
        create.add_argument("--user", required=True, help="The username it acts as.")
        create.add_argument(
            "--scopes",
            required=True,
            help=f"Comma-separated, from: {', '.join(SCOPES)}.",
        )
        create.add_argument(
            "--name", default="", help="Who uses it (history shows it)."
        )
        create.add_argument(
            "--expires", help="30d, 12h or a date and time; default: never."
        )
        listing = actions.add_parser("list", help="Tokens, newest first.")
        listing.add_argument("--user", help="Only this user's.")
        revoke = actions.add_parser("revoke", help="Stop a token working, at once.")
        revoke.add_argument("key_id", help="The token's key id (from `list`).")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, action)(**options)

    def create(self, *, user: str, scopes: str, name: str, expires, **_) -> None:
        holder = get_user_model().objects.filter(username=user).first()
        if holder is None:
            raise CommandError(f"No user {user!r}.")
        try:
            token, raw = ApiToken.issue(
                user=holder,
                name=name or f"{user}'s token",
                scopes=scopes,
                expires_at=expiry(expires) if expires else None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(raw)
        self.stderr.write(
            f"Token {token.key_id} for {user} ({', '.join(token.scopes)}). It is "
            "shown only now: keep it in the system that uses it."
        )

    def list(self, *, user: str | None, **_) -> None:
        tokens = ApiToken.objects.select_related("user")
        if user:
            tokens = tokens.filter(user__username=user)
        for token in tokens:
            used = token.last_used_at.isoformat() if token.last_used_at else "never"
            expires = token.expires_at.isoformat() if token.expires_at else "never"
            self.stdout.write(
                f"{token.key_id}\t{token.state}\t{token.user.get_username()}\t"
                f"{token.name}\t{','.join(token.scopes)}\texpires {expires}\t"
                f"last used {used}"
            )

    def revoke(self, *, key_id: str, **_) -> None:
        token = ApiToken.objects.filter(key_id=key_id).first()
        if token is None:
            raise CommandError(f"No token {key_id!r} (see `api_token list`).")
        token.revoke()
        self.stdout.write(f"Revoked {token.key_id} ({token.name}).")
