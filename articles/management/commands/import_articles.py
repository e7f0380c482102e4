"""python manage.py import_articles PATH... [--draft] [--dry-run]"""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction

from articles.importers.pages import PAGE_SUFFIXES, read_page
from articles.importers.story import StoryError
from articles.importers.writer import write_story
from articles.management.progress import TerminalProgress, plural

DRY_RUN_VERBS = {
    "created": "would create",
    "updated": "would update",
    "unchanged": "would leave unchanged",
}


def page_files(paths: list[Path]) -> list[Path]:
    """The files named, plus the pages directly inside the directories named,
    sorted by name. A path that does not exist stays, to fail as a file."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in PAGE_SUFFIXES
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


class Command(BaseCommand):
    help = (
        "Import news pages saved as plain text or HTML (.txt, .html, .htm files, "
        "or directories of them) as published articles. Importing a page again "
        "updates its article."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Import new articles as drafts. Articles imported before keep "
            "the status editors gave them, with or without this option.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be created or updated, and write nothing.",
        )

    def handle(self, *args, paths: list[Path], draft: bool, dry_run: bool, **options):
        files = page_files(paths)
        if not files:
            raise CommandError("No .txt, .html or .htm files found in the given paths.")
        self.show_each = dry_run or options["verbosity"] >= 2
        self.progress = TerminalProgress(self.stdout)
        results: Counter[str] = Counter()
        # A dry run does the real work, then rolls it all back.
        with transaction.atomic() if dry_run else nullcontext():
            for number, path in enumerate(files, start=1):
                results[self.import_file(path, publish=not draft, dry_run=dry_run)] += 1
                self.progress.draw(number, len(files))
            if dry_run:
                transaction.set_rollback(True)
        self.progress.clear()

        summary = (
            f"{plural(len(files), 'file')}: {results['created']} created, "
            f"{results['updated']} updated, {results['unchanged']} unchanged, "
            f"{results['failed']} failed"
        ) + (" (dry run: nothing was written)" if dry_run else "")
        style = self.style.WARNING if results["failed"] else self.style.SUCCESS
        self.stdout.write(style(summary))
        if results["failed"]:
            raise CommandError(
                f"{plural(results['failed'], 'file')} failed to import; "
                "see the errors above."
            )

    def import_file(self, path: Path, *, publish: bool, dry_run: bool) -> str:
        """Parse then write one page: "created", "updated", "unchanged" or
        "failed" (after saying why on stderr)."""
        try:
            story = read_page(path)
            result = write_story(story, publish=publish)
        except StoryError as error:
            self.say(self.stderr, f"{path}: {error}")
            return "failed"
        except Exception as error:
            # An unattended run goes on to the next file whatever one file did;
            # the error type is named so that a bug can still be told apart.
            self.say(self.stderr, f"{path}: unexpected {type(error).__name__}: {error}")
            return "failed"
        if self.show_each:
            verb = DRY_RUN_VERBS[result] if dry_run else result
            self.say(self.stdout, f"{verb}: {story.headline}")
        return result

    def say(self, stream: OutputWrapper, line: str) -> None:
        self.progress.clear()
        stream.write(line)
