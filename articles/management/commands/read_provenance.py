"""python manage.py read_provenance [--batch-size N]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.imaging.c2pa_read import INVALID, REMOTE, TRUSTED, VALID
from articles.management.database import require_migrated
from articles.photos.provenance_backfill import read_unread, unread_photos


class Command(BaseCommand):
    help = (
        "Read the provenance (XMP digital source type, PLUS data-mining terms, "
        "C2PA content credentials) of photos stored before it was read on "
        "upload. Only photos never read are read, in batches, one transaction "
        "each: running it again reads what is left."
    )
    requires_migrations_checks = True

    def check_migrations(self) -> None:
        require_migrated()

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="Photos per transaction (default 100).",
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        self.verbosity = options["verbosity"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        waiting = unread_photos().count()
        if not waiting:
            self.stdout.write("Every stored photo's provenance is read; nothing to do.")
            return
        self.stdout.write(f"{photos(waiting)} to read.")
        counts = read_unread(batch_size, progress=self.progress)
        states = ", ".join(
            f"{counts[f'credentials-{state}']} {state}"
            for state in (TRUSTED, VALID, INVALID, REMOTE)
        )
        self.stdout.write(
            f"Read {photos(counts['read'])} in {counts['batches']} "
            f"batch{'es' if counts['batches'] != 1 else ''}: "
            f"{counts['ai_labelled']} labelled AI-generated or AI-edited, "
            f"{counts['data_mining']} with data-mining terms; content "
            f"credentials: {states}."
        )
        if counts["missing"]:
            raise CommandError(
                f"{photos(counts['missing'])} could not be opened (file missing "
                "from storage): left unread for the next run."
            )

    def progress(self, counts) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {photos(counts['read'])} read so far")


def photos(count: int) -> str:
    return f"{count} photo{'s' if count != 1 else ''}"
