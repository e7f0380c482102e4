"""python manage.py import_articles PATH... [--format auto|page|wxr|feed|ninjs|newsml|nitf|wire|jsonl]"""

from __future__ import annotations

import json
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction

from articles.interchange.errors import story_error
from articles.interchange.formats import (
    FORMATS,
    SNIFF_BYTES,
    SUFFIXES,
    detect,
    files_in,
    parser_for,
)
from articles.interchange.jsonl_editions import EditionsRef, write_editions
from articles.interchange.jsonl_fronts import FrontRef, write_front
from articles.interchange.jsonl_related import RelatedRef, write_related
from articles.interchange.story import RecordError, Skipped, Story, StoryError
from articles.interchange.story_writer import EmptyingRefused, Outcome, StoryWriter
from articles.management.database import require_migrated
from articles.management.progress import TerminalProgress, plural

DRY_RUN_VERBS = {
    "created": "would create",
    "updated": "would update",
    "unchanged": "would leave unchanged",
    "offered": "would offer as an agency update",
}
# Records handed to the writer at once: its batch size.
CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Import stories from text and HTML pages, WordPress exports (WXR), RSS "
        "and Atom feeds, IPTC ninjs documents, IPTC NewsML-G2 items and messages "
        "and this CMS's own JSON Lines "
        "exports (files, or directories of them). Importing the same source "
        "again updates its articles, or changes nothing when it has not changed."
    )
    # Django's check only warns; every record would then fail alike.
    requires_migrations_checks = True

    def check_migrations(self) -> None:
        require_migrated()

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="The files' format; auto (the default) tells from their content.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Import new stories as drafts, whatever their source says "
            "(in every format, a restore of an export too). Stories imported "
            "before keep the status editors gave them, with or without this "
            "option.",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            help="WordPress: the folder holding the site's uploads "
            "(wp-content/uploads), where photo files are looked for.",
        )
        parser.add_argument(
            "--errors",
            type=Path,
            metavar="FILE",
            help="Write every failure and warning to FILE as JSON lines.",
        )
        parser.add_argument(
            "--allow-emptying",
            action="store_true",
            help="Let a changed source empty the headline or body of a story "
            "imported before (refused by default: a feed cut short or an entry "
            "that lost its content would otherwise blank a live story).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be created or updated, and write nothing.",
        )

    def handle(self, *args, paths: list[Path], **options) -> None:
        files = files_in(paths)
        if not files:
            suffixes = ", ".join(sorted(SUFFIXES))
            raise CommandError(
                f"No importable files ({suffixes}) found in the given paths."
            )
        self.options = options
        self.dry_run = options["dry_run"]
        self.show_each = self.dry_run or options["verbosity"] >= 2
        self.progress = TerminalProgress(self.stdout)
        self.counts: Counter[str] = Counter()
        self.writer = StoryWriter(
            publish=not options["draft"], allow_emptying=options["allow_emptying"]
        )
        self.errors = open(options["errors"], "w") if options["errors"] else None  # noqa: SIM115
        self.total_bytes = sum(_size(path) for path in files) or 1
        # Pages were once keyed by their name without its extension: such an
        # old key is a page's own only when no other file here shares it.
        self.stems = Counter(path.stem for path in files)
        # Records waiting for the writer, with their file and format: a wire
        # drop of one small file per story is still written in big batches.
        self.pending: list[tuple[Path, str, object]] = []
        # A backup's fronts, related stories and edition groups, written
        # after every story they may name (in the backup's order).
        self.fronts: list[tuple[Path, FrontRef | RelatedRef | EditionsRef]] = []
        self.done_bytes = 0
        try:
            # A dry run does the real work, then rolls it all back.
            with transaction.atomic() if self.dry_run else nullcontext():
                for path in files:
                    self.import_file(path)
                    self.done_bytes += _size(path)
                self.flush()
                self.write_fronts()
                if self.dry_run:
                    transaction.set_rollback(True)
        finally:
            self.progress.clear()
            if self.errors:
                self.errors.close()
        self.summarise(len(files))

    # One file -------------------------------------------------------------------

    def import_file(self, path: Path) -> None:
        try:
            stream = open(path, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            self.fail_file(path, f"cannot read the file: {error.strerror or error}")
            return
        with stream:
            fmt = self.options["format"]
            if fmt == "auto":
                fmt = detect(path, stream.read(SNIFF_BYTES))
                stream.seek(0)
            options = self.parser_options(fmt, path)
            records = parser_for(fmt)(stream, path.name, **options)
            try:
                for record in records:
                    self.counts["read"] += 1
                    if isinstance(record, RecordError):
                        self.fail_record(path, record.record, record.message, fmt)
                    elif isinstance(record, Skipped):
                        self.counts["skipped"] += 1
                        if self.options["verbosity"] >= 2:
                            self.say(
                                self.stdout,
                                f"skipped: {record.record}: {record.reason}",
                            )
                    elif isinstance(record, (FrontRef, RelatedRef, EditionsRef)):
                        self.fronts.append((path, record))
                    else:
                        self.pending.append((path, fmt, record))
                    if len(self.pending) >= CHUNK:
                        self.flush()
                        self.draw(stream, path)
            except StoryError as error:
                # What was read before the file broke is still imported.
                self.fail_file(path, str(error))
                return
            except Exception as error:
                # Unattended runs go on to the next file whatever one file did;
                # the error type is named so that a bug can still be told apart.
                self.fail_file(path, f"unexpected {type(error).__name__}: {error}")
                return
            self.draw(stream, path)

    def parser_options(self, fmt: str, path: Path) -> dict:
        if fmt == "wxr":
            return {"media_root": self.options["media_root"]}
        if fmt == "page":
            return {"former_id": self.stems[path.stem] == 1}
        return {}

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        outcomes = self.writer.write([record for _, _, record in pending])
        for (path, fmt, _), outcome in zip(pending, outcomes, strict=True):
            self.report(path, fmt, outcome)

    def write_fronts(self) -> None:
        for path, front in self.fronts:
            try:
                if isinstance(front, RelatedRef):
                    result = write_related(front)
                elif isinstance(front, EditionsRef):
                    result = write_editions(front)
                else:
                    result = write_front(front)
            except Exception as error:
                self.fail_record(path, front.record, str(story_error(error)), "jsonl")
                continue
            self.counts[result] += 1
            for warning in front.warnings:
                self.warn(path, front.record, warning)

    def report(self, path: Path, fmt: str, outcome: Outcome) -> None:
        item = outcome.item
        if outcome.error:
            if isinstance(outcome.error, EmptyingRefused):
                self.counts["refused"] += 1
            self.fail_record(path, getattr(item, "record", ""), str(outcome.error), fmt)
            return
        self.counts[outcome.result] += 1
        if not isinstance(item, Story):
            return
        self.counts["stories"] += 1
        for warning in item.warnings:
            self.warn(path, item.record, warning)
        if self.show_each:
            verb = DRY_RUN_VERBS[outcome.result] if self.dry_run else outcome.result
            self.say(self.stdout, f"{verb}: {item.headline}")

    # Reporting ----------------------------------------------------------------------

    def fail_file(self, path: Path, message: str) -> None:
        self.counts["failed"] += 1
        self.counts["failed files"] += 1
        self.say(self.stderr, f"{path}: {message}")
        self.log("error", path, "", message)

    def fail_record(self, path: Path, record: str, message: str, fmt: str) -> None:
        self.counts["failed"] += 1
        # A page is a file: its failure is the file's.
        self.counts["failed files" if fmt == "page" else "failed records"] += 1
        where = f"{path}: {record}" if record else f"{path}"
        self.say(self.stderr, f"{where}: {message}")
        self.log("error", path, record, message)

    def warn(self, path: Path, record: str, message: str) -> None:
        self.counts["warnings"] += 1
        if self.options["verbosity"] >= 2:
            self.say(self.stderr, f"{path}: {record}: warning: {message}")
        self.log("warning", path, record, message)

    def log(self, level: str, path: Path, record: str, message: str) -> None:
        if self.errors:
            line = {
                "level": level,
                "file": str(path),
                "record": record,
                "message": message,
            }
            self.errors.write(json.dumps(line, ensure_ascii=False) + "\n")

    def draw(self, stream: BinaryIO, path: Path) -> None:
        done = self.done_bytes + min(stream.tell(), _size(path))
        records = self.counts["read"]
        self.progress.draw(
            done,
            self.total_bytes,
            note=f"{records:,} record{'' if records == 1 else 's'}",
        )

    def say(self, stream: OutputWrapper, line: str) -> None:
        self.progress.clear()
        stream.write(line)

    def summarise(self, files: int) -> None:
        counts = self.counts
        # Every record read, skipped ones too, as the progress bar counts.
        records = counts["read"]
        head = plural(files, "file")
        if records > files or counts["failed records"]:
            head += f", {plural(records, 'record')}"
        summary = (
            f"{head}: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, "
            # Agency versions of stories an editor changed, kept aside.
            + (f"{counts['offered']} offered, " if counts["offered"] else "")
            + f"{counts['failed']} failed"
        )
        if counts["refused"]:
            # Among the failures: stories a changed source would have emptied.
            summary += f" ({counts['refused']} refused: would empty a story)"
        if counts["skipped"]:
            summary += f", {counts['skipped']} skipped"
        if counts["warnings"]:
            summary += f"; {plural(counts['warnings'], 'warning')}"
            if not self.errors and self.options["verbosity"] < 2:
                summary += " (shown with -v 2 or --errors FILE)"
        if self.dry_run:
            summary += " (dry run: nothing was written)"
        style = self.style.WARNING if counts["failed"] else self.style.SUCCESS
        self.stdout.write(style(summary))
        if counts["failed"]:
            parts = [
                plural(counts[key], noun)
                for key, noun in (
                    ("failed files", "file"),
                    ("failed records", "record"),
                )
                if counts[key]
            ]
            raise CommandError(
                f"{' and '.join(parts)} failed to import; see the errors above."
            )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
