"""API tokens: how a trusted system (a wire robot, the photo desk's
uploader, a results service) writes through the API as one of the
newsroom's users. The user's role still applies (a writer's token never
publishes); the token's scopes narrow it further.

Only a hash of the secret is stored. A token reads `cms_<key id>_<secret>`:
the key id (public, shown in the admin and `api_token list`) finds the row,
and the SHA-256 of the whole token is compared in constant time. The secret
is 256 random bits, so a plain hash is enough: nothing to guess, nothing to
stretch."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

READ_DRAFTS, WRITE, PUBLISH, IMAGES_WRITE = (
    "articles:read-drafts",
    "articles:write",
    "articles:publish",
    "images:write",
)
SCOPES = {
    READ_DRAFTS: "Read stories that are not public: drafts, working drafts.",
    WRITE: "Create and edit stories, their credits, tags and section; "
    "submit them for review.",
    PUBLISH: "Publish, schedule and unpublish stories (the user's role must "
    "allow it too).",
    IMAGES_WRITE: "Upload photos.",
}
PREFIX = "cms"
# "Last used" is written at most this often per token: a busy robot costs
# one UPDATE a minute, not one per request.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenRefused(Exception):
    """The token cannot be used; `reason` is one of invalid, expired, revoked."""

    MESSAGES = {
        "invalid": "The API token is not valid.",
        "expired": "The API token has expired.",
        "revoked": "The API token has been revoked.",
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


def parse_scopes(value: str | list[str]) -> list[str]:
    """Scopes from "a,b" or a list, in their canonical order; an unknown
    one is a ValidationError naming the known ones."""
    names = value.split(",") if isinstance(value, str) else list(value)
    names = {name.strip() for name in names if name.strip()}
    if unknown := names - set(SCOPES):
        raise ValidationError(
            f"Unknown scope(s): {', '.join(sorted(unknown))}. Known: "
            f"{', '.join(SCOPES)}.",
            code="unknown_scope",
        )
    if not names:
        raise ValidationError("A token needs at least one scope.", code="no_scope")
    return [name for name in SCOPES if name in names]


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def key_id_of(token: str) -> str | None:
    parts = token.split("_", 2)  # the secret may hold "_" too
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, raw: str, now=None) -> ApiToken:
        """The token `raw` names, with its user, if it may be used now;
        TokenRefused otherwise. One query."""
        key_id = key_id_of(raw)
        token = (
            self.select_related("user").filter(key_id=key_id).first()
            if key_id and len(raw) < 200
            else None
        )
        # Compared in constant time, and a digest is always compared, so a
        # wrong key id and a wrong secret take the same time.
        stored = token.digest if token else "0" * 64
        if not hmac.compare_digest(stored, digest_of(raw)) or token is None:
            raise TokenRefused("invalid")
        now = now or timezone.now()
        if token.revoked_at is not None:
            raise TokenRefused("revoked")
        if token.expires_at is not None and token.expires_at <= now:
            raise TokenRefused("expired")
        if not token.user.is_active:
            raise TokenRefused("invalid")
        return token


class ApiToken(models.Model):
    name = models.CharField(
        max_length=100, help_text="Who uses it, e.g. “Wire robot”; shown in history."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The token acts as this user: their role decides what it may do.",
    )
    scopes = models.JSONField(default=list)
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until revoked."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    @classmethod
    def issue(cls, *, user, name: str, scopes, expires_at=None) -> tuple[ApiToken, str]:
        """A new token for `user` and the secret to hand over: shown once,
        never stored."""
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        raw = f"{PREFIX}_{key_id}_{secret}"
        token = cls(
            user=user,
            name=name,
            scopes=parse_scopes(scopes),
            key_id=key_id,
            digest=digest_of(raw),
            expires_at=expires_at,
        )
        token.full_clean(exclude=["key_id", "digest"])
        token.save()
        return token, raw

    def clean(self) -> None:
        self.scopes = parse_scopes(self.scopes or [])

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def note_use(self, now=None) -> None:
        """Record the use, at most once per LAST_USED_PRECISION."""
        now = now or timezone.now()
        last = self.last_used_at
        if last is None or now - last >= LAST_USED_PRECISION:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"


class IdempotentResponse(models.Model):
    """The first response to a POST sent with an Idempotency-Key, kept so
    that a retry (the network failed, the robot restarted) gets it again
    instead of doing the write twice. Stored in the write's transaction: if
    two copies race, the second one's write rolls back."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # What the request was (method, path, body hash): the same key with
    # another request is refused rather than answered with the wrong thing.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    # The JSON as sent, as text: a jsonb column would reorder its keys.
    body = models.TextField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"], name="idempotency_key_per_token"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
