"""RSS 2.0, RSS 1.0 and Atom feeds into `Story` objects.

Pure: bytes in, stories out, no database. feedparser does the reading (it
sniffs the format from the content, copes with encodings and recovers what it
can from ill-formed feeds) after `safe_xml.screen` has refused entity
declarations: feedparser expands any entity whose value is plain text, so one
large entity used many times would blow up.

One entry is one story:

- source id "feed:" + the entry's id (RSS guid, Atom id), else its link;
- headline: the title as plain text; body: the richest content
  (content:encoded, Atom content, else the summary), as HTML; standfirst: the
  summary as plain text when the body is separate content;
- credits: the entry's authors, each read as a byline
  (`articles.text.bylines`); tags: its category terms;
- lead image: a Media RSS image or an image enclosure, with its caption and
  credit (`articles.interchange.feed_media`);
- date: published, else updated, else created; a date feedparser cannot
  read (a month in Portuguese) is read by `articles.interchange.feed_dates`,
  and one still unreadable is a warning.

feedparser files a media:description under the entry's own summary (whichever
comes last wins): the summary is repaired where a caption overwrote it.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

import feedparser
from feedparser.encodings import convert_to_utf8

from articles.interchange import safe_xml
from articles.interchange.feed_dates import localized_date
from articles.interchange.feed_media import (
    EntryMedia,
    lead_image,
    media_by_entry,
    text_of,
)
from articles.interchange.reading import read_limited
from articles.interchange.story import (
    CreditRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from articles.text.bylines import byline_credits
from articles.text.credits import unique_credits
from articles.text.plain import (
    html_body,
    is_html_type,
    one_line,
    paragraphs,
    unique,
)

MAX_FEED_BYTES = 50 * 1024 * 1024

EMAIL_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")
EMAIL = re.compile(r"\S+@\S+\.\w+")

# What feedparser flags but reads past: a feed without entries for one of
# these is an empty feed, not a broken one.
HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(stream: BinaryIO, name: str) -> Iterator[Story | RecordError | Skipped]:
    """The stories in a feed, one per entry, in feed order; a RecordError
    for an entry that cannot be one. `name` is the file's name (the command
    puts it in front of the messages). StoryError when the file is not a
    feed at all, is unsafe, too large or unreadable."""
    data = _as_feedparser_reads(read_limited(stream, MAX_FEED_BYTES, "feeds"))
    safe_xml.screen(data)
    # Bytes handed to feedparser directly are tried as a file name first:
    # wrapped in a stream they are only ever data.
    parsed = feedparser.parse(io.BytesIO(data))
    _check_is_feed(parsed, data)
    media = media_by_entry(data, len(parsed.entries))
    for number, entry in enumerate(parsed.entries, start=1):
        entry_media = media[number - 1] if media else None
        yield _entry_result(entry, number, entry_media)


# Reading the file


def _as_feedparser_reads(data: bytes) -> bytes:
    """The document as feedparser parses it: converted to UTF-8 by its own
    rules (declared encoding, byte order mark, fallbacks). Screening these
    bytes rather than the file's means no encoding trick can show the screen
    one document and feedparser another (expat refuses to read Big5, EUC-KR
    or unknown encodings at all)."""
    return convert_to_utf8({}, data, {})


def _check_is_feed(parsed: feedparser.FeedParserDict, data: bytes) -> None:
    if not parsed.get("version") and not parsed.entries:
        # Named by what it looks like ("XML with root `newsItem` (NewsML-G2)").
        from articles.interchange.formats import not_a_feed

        raise not_a_feed(data)
    error = parsed.get("bozo_exception")
    if error and not parsed.entries and not isinstance(error, HARMLESS_BOZO):
        reason = one_line(str(error))
        raise StoryError(
            f"the feed is broken and no entry could be recovered: {reason}"
        )


# One entry


def _entry_result(
    entry: feedparser.FeedParserDict, number: int, media: EntryMedia | None
) -> Story | RecordError:
    entry_id = one_line(entry.get("id") or entry.get("link") or "")
    record = f'entry {number} (id "{entry_id}")' if entry_id else f"entry {number}"
    if not entry_id:
        return RecordError(
            record=record,
            message="no id: the entry has neither an id (guid) nor a link, so "
            "a later import could not find its story again",
        )
    headline = _headline(entry)
    if not headline:
        return RecordError(record=record, message="no title")
    body_html, standfirst = _body_and_standfirst(entry, media)
    warnings = (
        [] if body_html else ["the entry has no content or summary: a headline only"]
    )
    published_at = _published_at(entry, warnings)
    try:
        return Story(
            source_id=f"feed:{entry_id}",
            headline=headline,
            body_html=body_html,
            standfirst=standfirst,
            tags=_tags(entry),
            credits=_authors(entry),
            lead_image=lead_image(entry, media, record),
            published_at=published_at,
            record=record,
            warnings=warnings,
        )
    except StoryError as error:
        return RecordError(record=record, message=str(error))


def _body_and_standfirst(
    entry: feedparser.FeedParserDict, media: EntryMedia | None
) -> tuple[str, str]:
    """The richest content as the body, the summary as the standfirst; the
    summary as the body when there is no content."""
    summary = _summary(entry, media)
    content = _richest_content(entry, media)
    if not content:
        return (_as_html(*summary) if summary else ""), ""
    standfirst = text_of(*summary) if summary else ""
    if standfirst == text_of(*content):
        # feedparser copies the content into a missing summary.
        standfirst = ""
    return _as_html(*content), standfirst


def _headline(entry: feedparser.FeedParserDict) -> str:
    detail = entry.get("title_detail") or {}
    title = entry.get("title") or ""
    return text_of(title, detail.get("type") or "text/plain")


def _richest_content(
    entry: feedparser.FeedParserDict, media: EntryMedia | None
) -> tuple[str, str] | None:
    """(value, type) of the entry's fullest content: HTML before plain text,
    then the longest. feedparser files a media:description that comes after
    the entry's description as content: that is no content."""
    contents = [
        (part.get("value") or "", part.get("type") or "text/html")
        for part in entry.get("content") or []
    ]
    contents = [
        (value, kind)
        for value, kind in contents
        if value.strip() and not (media and media.is_caption(value, kind))
    ]
    if not contents:
        return None
    return max(contents, key=lambda part: (is_html_type(part[1]), len(part[0])))


def _summary(
    entry: feedparser.FeedParserDict, media: EntryMedia | None
) -> tuple[str, str] | None:
    detail = entry.get("summary_detail") or {}
    value = entry.get("summary") or ""
    kind = detail.get("type") or "text/html"
    if media and value.strip() and media.is_caption(value, kind):
        # A media:description took the summary's place; the entry's own
        # <description>/<summary>, if it had one, is in the XML.
        value, kind = media.own_summary or ("", kind)
    return (value, kind) if value.strip() else None


def _tags(entry: feedparser.FeedParserDict) -> list[str]:
    # Terms from attributes (itunes:category text="Society &amp;amp; Culture")
    # can arrive escaped once too often; no tag is really named "&amp;".
    terms = (
        one_line(html.unescape(tag.get("term") or ""))
        for tag in entry.get("tags") or []
    )
    return unique(term for term in terms if term)


def _authors(entry: feedparser.FeedParserDict) -> list[CreditRef]:
    names = [_author_name(author) for author in entry.get("authors") or []]
    if not any(names) and entry.get("author"):
        names = [_author_name({"name": entry.get("author")})]
    # Each is a byline: "Jane Doe and John Roe" are two authors.
    return unique_credits([c for name in names for c in byline_credits(name)])


def _author_name(author: dict[str, Any]) -> str:
    """ "jane@example.com (Jane Roe)" -> "Jane Roe"; an address alone is no name."""
    name = one_line(author.get("name") or "")
    if match := EMAIL_AUTHOR.match(name):
        name = match["name"]
    return one_line(EMAIL.sub("", name).strip(" ()<>,"))


def _published_at(
    entry: feedparser.FeedParserDict, warnings: list[str]
) -> datetime | None:
    """The entry's publication date, else its update or creation date. What
    feedparser could not read (a month in Portuguese, say) is read by
    `feed_dates`; a date still unreadable is reported, since the story then
    takes the import time as its date."""
    unreadable = []
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get() answers "updated" with the
        # published date, and a DeprecationWarning.
        if parsed := dict.get(entry, f"{key}_parsed"):
            try:
                # feedparser's *_parsed are already UTC.
                return datetime(*parsed[:6], tzinfo=UTC)
            except ValueError:  # a year feedparser read but datetime cannot hold
                pass
        raw = dict.get(entry, key)
        if isinstance(raw, str) and raw.strip():
            if when := localized_date(raw.strip()):
                return when
            unreadable.append(raw.strip())
    if unreadable:
        shown = one_line(unreadable[0])[:60]
        warnings.append(
            f"unreadable date {shown!r}: the story is dated at its import instead"
        )
    return None


# Text


def _as_html(value: str, kind: str) -> str:
    """Body HTML: markup as it is; text (or "HTML" without a single tag,
    which is text) escaped into paragraphs."""
    if is_html_type(kind):
        return html_body(value)
    return paragraphs(value, line_breaks=True)
