"""Polling a wire source: the files of a watched folder, or a feed or API
URL, read by the readers import_articles uses (`formats.detect`,
`formats.parser_for`) and written by the one StoryWriter.

What was read before is not read again: a folder's files are known by size
and modification time, then by a hash of their bytes when those changed (a
file copied over with the same words); a URL is asked with its last ETag and
Last-Modified, and its answer's hash is compared too. A source that fails
(folder gone, URL refused or answering errors) is polled again later and
later (`WireSource.wait_after_failure`); items a reader or the writer
refuses are logged and do not fail the source.

A source in queue mode writes new stories as drafts and puts them in the
wire queue (`WireItem`); in publish mode they go live as their source says."""

from __future__ import annotations

import hashlib
import io
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Subquery
from django.utils import timezone

from articles.interchange.formats import SNIFF_BYTES, detect, files_in, parser_for
from articles.interchange.story import (
    AGENCY,
    ORGANISATION,
    RecordError,
    SectionRef,
    Skipped,
    Story,
    StoryError,
)
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, WireItem, WirePoll, WireSource
from articles.models.wire_sources import LOG_KEPT
from articles.publishing.outbound import opener

MAX_URL_BYTES = 20 * 1024 * 1024
# Stories handed to the writer at once (import_articles' CHUNK).
CHUNK = 1000
# Refusals named in a poll's log; the rest are counted.
ERRORS_LOGGED = 20


class SourceFailed(Exception):
    """The source as a whole could not be read: the poll failed."""


@dataclass
class Tally:
    files_read: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, result: str) -> None:
        self.counts[result] = self.counts.get(result, 0) + 1

    def refuse(self, where: str, message: str) -> None:
        self.add("refused")
        if len(self.errors) < ERRORS_LOGGED:
            self.errors.append(f"{where}: {message}")


def claim(source_id: int, now: datetime) -> WireSource | None:
    """The source, when it is due and this caller is the one to poll it:
    its next poll is moved on first, so a second worker (or a second
    chain of tasks) finds it not due and leaves it."""
    moved = (
        WireSource.objects.due(now)
        .filter(pk=source_id)
        .update(next_poll_at=now + F("poll_interval"))
    )
    if not moved:
        return None
    return WireSource.objects.select_related("section").get(pk=source_id)


def poll(source: WireSource) -> WirePoll:
    """Poll once, record the outcome on the source and in its log."""
    started, now = time.monotonic(), timezone.now()
    tally = Tally()
    failure = ""
    try:
        poller = _poll_url if source.kind == WireSource.Kind.URL else _poll_folder
        seen = poller(source, tally, now)
    except SourceFailed as error:
        failure, seen = str(error), None
    except Exception as error:  # a poll never takes the worker down
        failure, seen = f"unexpected {type(error).__name__}: {error}", None
    return _record(source, now, tally, failure, seen, time.monotonic() - started)


# A watched folder ---------------------------------------------------------------


def _poll_folder(source: WireSource, tally: Tally, now: datetime) -> dict:
    try:
        folder = source.folder()
    except ValueError as error:
        raise SourceFailed(str(error)) from None
    if not folder.is_dir():
        raise SourceFailed(f"the folder {folder} does not exist")
    known: dict[str, list] = source.seen if isinstance(source.seen, dict) else {}
    seen: dict[str, list] = {}
    batch = _Batch(source, tally, now)
    for path in files_in([folder]):
        try:
            stat = path.stat()
        except OSError:
            continue  # gone since the listing
        before = known.get(path.name)
        if before and before[:2] == [stat.st_size, stat.st_mtime_ns]:
            seen[path.name] = before
            continue
        if not path.resolve().is_relative_to(folder):
            # A link out of the folder: not the agency's to hand us.
            tally.refuse(path.name, "a link to a file outside the watched folder")
            seen[path.name] = [stat.st_size, stat.st_mtime_ns, ""]
            continue
        try:
            with open(path, "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
                seen[path.name] = [stat.st_size, stat.st_mtime_ns, digest]
                if before and before[2] == digest:
                    continue  # touched, not changed
                stream.seek(0)
                batch.read(stream, path.name, source.format, path)
        except OSError as error:
            tally.refuse(path.name, f"cannot read the file: {error.strerror}")
    batch.flush()
    return seen


# A feed or API URL ----------------------------------------------------------------


def _poll_url(source: WireSource, tally: Tally, now: datetime) -> dict:
    known = source.seen if isinstance(source.seen, dict) else {}
    headers = {"User-Agent": "NewsroomCMS-Wire/1"}
    if known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    request = urllib.request.Request(source.location, headers=headers)
    try:
        with opener.open(request, timeout=settings.CMS_OUTBOUND_TIMEOUT) as response:
            body = response.read(MAX_URL_BYTES + 1)
            answer = response.headers
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return known  # not modified
        raise SourceFailed(f"HTTP {error.code} from {source.location}") from None
    except (OSError, ValueError) as error:  # refused, timed out, private address
        reason = getattr(error, "reason", error)
        raise SourceFailed(f"{source.location}: {reason}") from None
    if len(body) > MAX_URL_BYTES:
        raise SourceFailed(f"{source.location}: answers of over 20 MB are not read")
    seen = {
        "etag": answer.get("ETag", ""),
        "last_modified": answer.get("Last-Modified", ""),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    if seen["sha256"] != known.get("sha256"):
        name = PurePosixPath(urlsplit(source.location).path).name or "feed"
        batch = _Batch(source, tally, now)
        batch.read(io.BytesIO(body), name, source.format, Path(name))
        batch.flush()
    return seen


# Reading and writing ----------------------------------------------------------------


class _Batch:
    """Records of several files, written CHUNK at a time, as import_articles
    writes a folder."""

    def __init__(self, source: WireSource, tally: Tally, now: datetime) -> None:
        self.source, self.tally, self.now = source, tally, now
        self.writer = StoryWriter(publish=source.mode == WireSource.Mode.PUBLISH)
        self.pending: list[tuple[str, object]] = []

    def read(self, stream: BinaryIO, name: str, fmt: str, path: Path) -> None:
        self.tally.files_read += 1
        if fmt == "auto":
            fmt = detect(path, stream.read(SNIFF_BYTES))
            stream.seek(0)
        try:
            for record in parser_for(fmt)(stream, name):
                if isinstance(record, RecordError):
                    self.tally.refuse(f"{name}: {record.record}", record.message)
                elif isinstance(record, Skipped):
                    self.tally.add("skipped")
                else:
                    self._default_section(record)
                    self.pending.append((name, record))
                if len(self.pending) >= CHUNK:
                    self.flush()
        except StoryError as error:
            self.tally.refuse(name, str(error))

    def _default_section(self, record: object) -> None:
        section = self.source.section
        if isinstance(record, Story) and record.section is None and section:
            record.section = SectionRef(name=section.name, slug=section.slug)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        outcomes = self.writer.write([record for _, record in pending])
        created: dict[str, tuple[str, Story]] = {}
        updated: list[str] = []
        for (name, record), outcome in zip(pending, outcomes, strict=True):
            if outcome.error:
                where = f"{name}: {getattr(record, 'record', '')}".rstrip(": ")
                self.tally.refuse(where, str(outcome.error))
                continue
            self.tally.add(outcome.result)
            if isinstance(record, Story) and outcome.result == "created":
                created[record.source_id] = (name, record)
            elif isinstance(record, Story) and outcome.result != "unchanged":
                updated.append(record.source_id)
        if self.source.mode == WireSource.Mode.QUEUE:
            self._queue(created, updated)

    def _queue(self, created: dict[str, tuple[str, Story]], updated: list[str]) -> None:
        """New stories into the wire queue; updates counted on their entry."""
        if created:
            ids = dict(
                Article.objects.filter(source_id__in=created).values_list(
                    "source_id", "pk"
                )
            )
            WireItem.objects.bulk_create(
                WireItem(
                    article_id=ids[source_id],
                    source=self.source,
                    agency=agency_of(story, self.source),
                    origin=self.source.location
                    if self.source.kind == WireSource.Kind.URL
                    else name,
                    received_at=self.now,
                    last_received_at=self.now,
                )
                for source_id, (name, story) in created.items()
                if source_id in ids
            )
        if updated:
            WireItem.objects.filter(article__source_id__in=updated).update(
                updates=F("updates") + 1, last_received_at=self.now
            )


def agency_of(story: Story, source: WireSource) -> str:
    """The agency the desk sorts by: the first agency credited, else the
    first organisation, else the source's name."""
    for kind in (AGENCY, ORGANISATION):
        for credit in story.credits:
            if credit.kind == kind:
                return credit.name[:200]
    return source.name


# The outcome ----------------------------------------------------------------------


def _record(
    source: WireSource,
    now: datetime,
    tally: Tally,
    failure: str,
    seen: dict | None,
    seconds: float,
) -> WirePoll:
    source.last_polled_at = now
    fields = ["last_polled_at", "last_error", "consecutive_failures", "next_poll_at"]
    if failure:
        source.consecutive_failures += 1
        source.last_error = failure
        source.next_poll_at = now + source.wait_after_failure()
    else:
        source.consecutive_failures = 0
        source.last_error = ""
        source.last_success_at = now
        source.next_poll_at = now + source.poll_interval
        fields.append("last_success_at")
        if seen != source.seen:
            source.seen = seen
            fields.append("seen")
    source.save(update_fields=fields)
    counts = tally.counts
    entry = WirePoll.objects.create(
        source=source,
        polled_at=now,
        seconds=round(seconds, 3),
        files_read=tally.files_read,
        created=counts.get("created", 0),
        updated=counts.get("updated", 0) + counts.get("offered", 0),
        unchanged=counts.get("unchanged", 0),
        refused=counts.get("refused", 0),
        skipped=counts.get("skipped", 0),
        error=failure or "\n".join(tally.errors),
        failed=bool(failure),
    )
    # The log keeps the last LOG_KEPT polls.
    oldest_kept = (
        WirePoll.objects.filter(source=source)
        .order_by("-pk")
        .values("pk")[LOG_KEPT - 1 : LOG_KEPT]
    )
    WirePoll.objects.filter(source=source, pk__lt=Subquery(oldest_kept)).delete()
    return entry
