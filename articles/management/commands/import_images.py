"""python manage.py import_images DIR_OR_FILE... [--dry-run]"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import IO

import reversion
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.imaging.inspect import inspect_image
from articles.imaging.metadata import read_metadata
from articles.management.database import require_migrated
from articles.management.progress import TerminalProgress, plural
from articles.models import Image
from articles.photos.metadata import apply_metadata


def photo_files(paths: list[Path]) -> list[Path]:
    """The files named, plus every file under the directories named (hidden
    ones skipped), sorted. Names decide nothing: the content is checked."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and not any(
                    part.startswith(".") for part in child.relative_to(path).parts
                )
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


class Command(BaseCommand):
    help = (
        "Import photos (files, or folders searched recursively) into the image "
        "library, with the caption, credits, copyright and usage terms their "
        "IPTC, XMP and EXIF metadata carry. The same photo twice is one image."
    )
    # Django's check only warns; every photo would then fail alike.
    requires_migrations_checks = True

    def check_migrations(self) -> None:
        require_migrated()

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="DIR_OR_FILE")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every file and say what would happen; store nothing.",
        )

    def handle(self, *args, paths: list[Path], dry_run: bool, **options) -> None:
        files = photo_files(paths)
        if not files:
            raise CommandError("No files found in the given paths.")
        self.verbosity = options["verbosity"]
        self.progress = TerminalProgress(self.stdout)
        # A dry run stores nothing, so it remembers what it would have stored
        # to count a second copy of a photo as the duplicate it would be.
        self.previewed: dict[str, Path] = {}
        self.warnings = 0
        results: Counter[str] = Counter()
        for number, path in enumerate(files, start=1):
            results[self.import_file(path, dry_run=dry_run)] += 1
            self.progress.draw(number, len(files))
        self.progress.clear()

        summary = (
            f"{plural(len(files), 'file')}: {results['created']} created, "
            f"{results['duplicate']} duplicate, {results['failed']} failed"
        ) + (" (dry run: nothing was stored)" if dry_run else "")
        if self.warnings:
            summary += f"; {plural(self.warnings, 'warning')} (shown with -v 2)"
        style = self.style.WARNING if results["failed"] else self.style.SUCCESS
        self.stdout.write(style(summary))
        if results["failed"]:
            raise CommandError(
                f"{plural(results['failed'], 'file')} failed to import; "
                "see the errors above."
            )

    def import_file(self, path: Path, *, dry_run: bool) -> str:
        """ "created", "duplicate" or "failed" (after saying why on stderr)."""
        try:
            file = open(path, "rb")  # noqa: SIM115 (`with file` below closes it)
        except OSError as error:
            self.fail(path, f"cannot read the file: {error.strerror or error}")
            return "failed"
        try:
            with file:
                if dry_run:
                    return self.preview(path, file)
                return self.store(path, file)
        except ValidationError as error:
            self.fail(path, " ".join(error.messages))
        except Exception as error:
            # An unattended run goes on whatever one file did; the type is
            # named so that a bug can still be told apart.
            self.fail(path, f"unexpected {type(error).__name__}: {error}")
        return "failed"

    def store(self, path: Path, file: IO[bytes]) -> str:
        image, created = None, False
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_comment(f"Imported from {path.name}")
                image, created = Image.objects.get_or_create_for_file(
                    file, original_filename=path.name
                )
                if not created:
                    self.say(2, f"{path}: already in the library as image #{image.pk}")
                    return "duplicate"
                metadata = read_metadata(file)
                apply_metadata(image, metadata)
        except BaseException:
            # The transaction took the row back; the stored file must go too.
            if created and image.file:
                image.file.delete(save=False)
            raise
        for warning in metadata.warnings:
            # Damaged metadata the photo was kept despite: counted, and
            # named when asked.
            self.warnings += 1
            if self.verbosity >= 2:
                self.progress.clear()
                self.stderr.write(f"{path}: warning: {warning}")
        self.say(2, f"{path}: imported as image #{image.pk}")
        return "created"

    def preview(self, path: Path, file: IO[bytes]) -> str:
        """What `store` would do, found without writing anything."""
        facts = inspect_image(file)
        if existing := Image.objects.filter(sha256=facts.sha256).first():
            self.say(1, f"{path}: already in the library as image #{existing.pk}")
            return "duplicate"
        if first := self.previewed.get(facts.sha256):
            self.say(1, f"{path}: the same photo as {first}")
            return "duplicate"
        self.previewed[facts.sha256] = path
        self.say(
            1, f"{path}: would import a {facts.width} × {facts.height} {facts.format}"
        )
        return "created"

    def fail(self, path: Path, reason: str) -> None:
        self.progress.clear()
        self.stderr.write(f"{path}: {reason}")

    def say(self, level: int, line: str) -> None:
        if self.verbosity >= level:
            self.progress.clear()
            self.stdout.write(line)
