"""python manage.py import_trust_anchors FILE.pem"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.management.database import require_migrated
from articles.models import TrustBundle
from articles.models.provenance import recheck_credentials


class Command(BaseCommand):
    help = (
        "Import C2PA trust anchors (PEM root certificates) as a new dated "
        "bundle, which is then the one in force: content credentials are "
        "'trusted' only when they chain to it. Every stored photo whose "
        "credentials verified is checked again against it."
    )
    requires_migrations_checks = True

    def check_migrations(self) -> None:
        require_migrated()

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE.pem")

    def handle(self, *args, file: Path, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CommandError(
                f"{file}: cannot read: {error.strerror or error}"
            ) from None
        try:
            bundle = TrustBundle.from_pem(text, source_name=file.name)
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        current = TrustBundle.objects.current()
        if current is not None and current.sha256 == bundle.sha256:
            self.stdout.write(
                f"{file}: the same {plural(bundle.certificate_count)} as the "
                f"bundle in force since {current.imported_at:%Y-%m-%d %H:%M} UTC; "
                "nothing changed."
            )
            return
        with transaction.atomic():
            bundle.save()
            checked, changed = recheck_credentials()
        self.stdout.write(
            f"Imported {plural(bundle.certificate_count)} from {file.name} "
            f"(bundle #{bundle.pk}, in force from now). Checked {checked} "
            f"photo{'s' if checked != 1 else ''} with verified credentials again: "
            f"{changed} changed."
        )


def plural(count: int) -> str:
    return f"{count} trust anchor{'s' if count != 1 else ''}"
