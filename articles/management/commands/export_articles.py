"""python manage.py export_articles DIR [--format jsonl|ninjs] [--since DATE]"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.interchange.exporting import JsonlExport, export_ninjs
from articles.management.progress import TerminalProgress, plural


def since_date(value: str) -> datetime:
    """--since: a date (midnight, local time) or a date and time."""
    moment = parse_datetime(value)
    if moment is None and (day := parse_date(value)) is not None:
        moment = datetime(day.year, day.month, day.day)
    if moment is None:
        raise CommandError(
            f"--since {value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]."
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Export the CMS: --format jsonl (the default) writes every article, photo "
        "(files and metadata), credit, contributor, section, tag and front to "
        "DIR/content.jsonl and DIR/images/, to restore with import_articles DIR; "
        "--format ninjs writes each published story as IPTC ninjs, DIR/<slug>.json."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR")
        parser.add_argument("--format", choices=("jsonl", "ninjs"), default="jsonl")
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Only articles and photos changed from this date or time on.",
        )

    def handle(self, *args, directory: Path, format: str, since: str | None, **options):
        moment = since_date(since) if since else None
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a directory.")
        progress = TerminalProgress(self.stdout)
        try:
            if format == "ninjs":
                counts = export_ninjs(directory, since=moment, progress=progress.draw)
            else:
                counts = JsonlExport(directory, since=moment).run(
                    progress=progress.draw
                )
        except OSError as error:
            raise CommandError(f"Cannot write the export: {error}") from error
        finally:
            progress.clear()
        parts = [plural(counts["articles"], "article")]
        if format == "jsonl":
            parts += [
                plural(counts["images"], "library photo"),
                plural(counts["files"], "photo file"),
            ]
            if counts["fronts"]:
                parts.append(plural(counts["fronts"], "front version"))
        self.stdout.write(
            self.style.SUCCESS(f"Exported {', '.join(parts)} to {directory}")
        )
