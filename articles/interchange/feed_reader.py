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
- credits: the entry's authors; tags: its category terms;
- lead image: a Media RSS image or an image enclosure, with its caption and
  credit. Remote files are never fetched: the address is the image's
  `missing_file`.

feedparser files a media:description under the entry's own summary (whichever
comes last wins), so captions and credits are read from the XML itself when it
is well-formed, and the summary is repaired where a caption overwrote it.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import feedparser
from bs4 import BeautifulSoup
from feedparser.encodings import convert_to_utf8

from articles.interchange import safe_xml
from articles.interchange.reading import one_line, paragraphs, read_limited, unique
from articles.interchange.story import (
    AUTHOR,
    CREATOR,
    DISTRIBUTOR,
    PROVIDER,
    CreditRef,
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)

MAX_FEED_BYTES = 50 * 1024 * 1024

HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Markup that makes a "plain" value HTML after all: many RSS titles carry it.
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
# Entities in a "plain" value: escaped once too often at the source.
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
EMAIL_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")
EMAIL = re.compile(r"\S+@\S+\.\w+")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
# "Photograph: Jane Doe/Reuters": the label is not part of the credit.
CREDIT_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|picture|image|foto)\s*(?::|\bby\b)\s*", re.I
)
DISTRIBUTOR_ROLES = frozenset({"distributor"})
PROVIDER_ROLES = frozenset({"provider", "publisher", "copyright holder", "owner"})

# What feedparser flags but reads past: a feed without entries for one of
# these is an empty feed, not a broken one.
HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)

MEDIA_NAMESPACES = ("{http://search.yahoo.com/mrss/}", "{http://search.yahoo.com/mrss}")
ENTRY_NAMES = frozenset({"item", "entry"})
OWN_SUMMARY_NAMES = frozenset({"description", "summary"})


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
    _check_is_feed(parsed)
    media = _media_by_entry(data, len(parsed.entries))
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


def _check_is_feed(parsed: feedparser.FeedParserDict) -> None:
    if not parsed.get("version") and not parsed.entries:
        raise StoryError(
            "not an RSS or Atom feed: no <rss>, <rdf:RDF> or <feed> with entries "
            "in it (an HTML page, an error page or an empty file?)"
        )
    error = parsed.get("bozo_exception")
    if error and not parsed.entries and not isinstance(error, HARMLESS_BOZO):
        reason = one_line(str(error))
        raise StoryError(
            f"the feed is broken and no entry could be recovered: {reason}"
        )


# One entry


def _entry_result(
    entry: feedparser.FeedParserDict, number: int, media: _EntryMedia | None
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
    try:
        return Story(
            source_id=f"feed:{entry_id}",
            headline=headline,
            body_html=body_html,
            standfirst=standfirst,
            tags=_tags(entry),
            credits=_authors(entry),
            lead_image=_lead_image(entry, media, record),
            published_at=_published_at(entry),
            record=record,
            warnings=warnings,
        )
    except StoryError as error:
        return RecordError(record=record, message=str(error))


def _body_and_standfirst(
    entry: feedparser.FeedParserDict, media: _EntryMedia | None
) -> tuple[str, str]:
    """The richest content as the body, the summary as the standfirst; the
    summary as the body when there is no content."""
    summary = _summary(entry, media)
    content = _richest_content(entry, media)
    if not content:
        return (_as_html(*summary) if summary else ""), ""
    standfirst = _plain_text(*summary) if summary else ""
    if standfirst == _plain_text(*content):
        # feedparser copies the content into a missing summary.
        standfirst = ""
    return _as_html(*content), standfirst


def _headline(entry: feedparser.FeedParserDict) -> str:
    detail = entry.get("title_detail") or {}
    title = entry.get("title") or ""
    return _plain_text(title, detail.get("type") or "text/plain")


def _richest_content(
    entry: feedparser.FeedParserDict, media: _EntryMedia | None
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
    return max(contents, key=lambda part: (_is_html_type(part[1]), len(part[0])))


def _summary(
    entry: feedparser.FeedParserDict, media: _EntryMedia | None
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
    return [CreditRef(name=name, role=AUTHOR) for name in unique(names) if name]


def _author_name(author: dict[str, Any]) -> str:
    """ "jane@example.com (Jane Roe)" -> "Jane Roe"; an address alone is no name."""
    name = one_line(author.get("name") or "")
    if match := EMAIL_AUTHOR.match(name):
        name = match["name"]
    return one_line(EMAIL.sub("", name).strip(" ()<>,"))


def _published_at(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if parsed := entry.get(key):
            try:
                # feedparser's *_parsed are already UTC.
                return datetime(*parsed[:6], tzinfo=UTC)
            except ValueError:  # a year feedparser read but datetime cannot hold
                continue
    return None


# The lead image


@dataclass
class _Media:
    """One media:content, media:thumbnail or enclosure."""

    url: str
    width: int = 0
    caption: str = ""
    credits: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    is_thumbnail: bool = False


@dataclass
class _EntryMedia:
    """What the XML says about one entry's media, read past feedparser."""

    images: list[_Media] = field(default_factory=list)
    # Every media:description text, to tell when one took the summary's place.
    captions: set[str] = field(default_factory=set)
    own_summary: tuple[str, str] | None = None

    def is_caption(self, value: str, kind: str) -> bool:
        """Whether feedparser's `value` is in fact a media:description (and
        not also the entry's own summary)."""
        text = _plain_text(value, kind)
        own = _plain_text(*self.own_summary) if self.own_summary else None
        return text in self.captions and text != own


def _lead_image(
    entry: feedparser.FeedParserDict, media: _EntryMedia | None, record: str
) -> ImageRef | None:
    images = media.images if media else _feedparser_media(entry)
    contents = [image for image in images if not image.is_thumbnail]
    thumbnails = [image for image in images if image.is_thumbnail]
    for candidates in (contents, thumbnails, _image_enclosures(entry)):
        if candidates:
            # The widest of the sizes offered (max keeps the first on ties).
            image = max(candidates, key=lambda candidate: candidate.width)
            return ImageRef(
                caption=image.caption,
                credits=_image_credits(image.credits),
                missing_file=image.url,
                record=f"{record} image",
            )
    return None


def _feedparser_media(entry: feedparser.FeedParserDict) -> list[_Media]:
    """Media RSS images as feedparser has them, for feeds too broken to read
    as XML: no captions, the entry's credits for every image."""
    credits = [
        (one_line(credit.get("content") or ""), credit.get("role") or "")
        for credit in entry.get("media_credit") or []
    ]
    images = []
    for key, is_thumbnail in (("media_content", False), ("media_thumbnail", True)):
        for attrs in entry.get(key) or []:
            url = (attrs.get("url") or "").strip()
            if url and (is_thumbnail or _is_image(attrs, url)):
                images.append(
                    _Media(
                        url=url,
                        width=_int(attrs.get("width")),
                        credits=credits,
                        is_thumbnail=is_thumbnail,
                    )
                )
    return images


def _image_enclosures(entry: feedparser.FeedParserDict) -> list[_Media]:
    links = list(entry.get("enclosures") or [])
    links += [
        link for link in entry.get("links") or [] if link.get("rel") == "enclosure"
    ]
    urls = (
        (link.get("href") or "").strip()
        for link in links
        if (link.get("type") or "").lower().startswith("image/")
    )
    return [_Media(url=url) for url in unique(urls) if url]


def _image_credits(credits: list[tuple[str, str]]) -> list[CreditRef]:
    refs = []
    for name, role in credits:
        name = one_line(CREDIT_LABEL.sub("", name))
        ref = CreditRef(name=name, role=_credit_role(role))
        if name and ref not in refs:
            refs.append(ref)
    return refs


def _credit_role(media_role: str) -> str:
    role = media_role.strip().lower()
    if role in DISTRIBUTOR_ROLES:
        return DISTRIBUTOR
    if role in PROVIDER_ROLES:
        return PROVIDER
    return CREATOR


def _is_image(attrs: dict[str, Any], url: str) -> bool:
    kind = (attrs.get("type") or "").lower()
    medium = (attrs.get("medium") or "").lower()
    if kind or medium:
        return kind.startswith("image/") or medium == "image"
    # The Guardian's media:content says neither: the address tells.
    return urlsplit(url).path.lower().endswith(IMAGE_SUFFIXES)


# Media RSS from the XML itself


def _media_by_entry(data: bytes, entry_count: int) -> list[_EntryMedia] | None:
    """Per entry, in document order, its media as the XML has them; None when
    the XML cannot be read (feedparser's view is used then) or its entries do
    not line up with feedparser's."""
    entries = []
    try:
        for _event, element in safe_xml.iterparse(io.BytesIO(data)):
            if _local_name(element) in ENTRY_NAMES and not _is_media(element):
                entries.append(_entry_media(element))
                element.clear()
    except StoryError:  # not well-formed
        return None
    return entries if len(entries) == entry_count else None


def _entry_media(entry: Element) -> _EntryMedia:
    result = _EntryMedia()
    entry_level = _media_words(entry)
    for child in entry:
        if _is_media(child, "group"):
            group_level = _media_words(child, inherited=entry_level)
            for member in child:
                _add_media(result, member, group_level)
        elif _is_media(child):
            _add_media(result, child, entry_level)
        elif _local_name(child) in OWN_SUMMARY_NAMES and result.own_summary is None:
            result.own_summary = _own_summary(child)
    result.captions = {
        _plain_text(element.text or "", "text/plain")
        for element in entry.iter()
        if _is_media(element, "description")
    }
    return result


@dataclass
class _MediaWords:
    caption: str = ""
    credits: list[tuple[str, str]] = field(default_factory=list)


def _media_words(element: Element, inherited: _MediaWords | None = None) -> _MediaWords:
    """The caption and credits an element gives its media, falling back to
    what the enclosing group or entry gives (Media RSS inheritance)."""
    inherited = inherited or _MediaWords()
    description = title = ""
    credits = []
    for child in element:
        text = _plain_text(child.text or "", "text/plain")
        if _is_media(child, "description") and not description:
            description = text
        elif _is_media(child, "title") and not title:
            title = text
        elif _is_media(child, "credit") and text:
            credits.append((text, child.get("role") or ""))
    return _MediaWords(
        caption=description or title or inherited.caption,
        credits=credits or inherited.credits,
    )


def _add_media(result: _EntryMedia, element: Element, inherited: _MediaWords) -> None:
    name = _local_name(element)
    if not _is_media(element) or name not in ("content", "thumbnail"):
        return
    url = (element.get("url") or "").strip()
    words = _media_words(element, inherited)
    if url and (name == "thumbnail" or _is_image(dict(element.attrib), url)):
        result.images.append(
            _Media(
                url=url,
                width=_int(element.get("width")),
                caption=words.caption,
                credits=words.credits,
                is_thumbnail=name == "thumbnail",
            )
        )
    for thumbnail in element:
        # A video's media:content can hold the still that stands for it.
        _add_media(result, thumbnail, words)


def _own_summary(element: Element) -> tuple[str, str]:
    kind = (element.get("type") or "html").lower()
    if len(element):  # Atom type="xhtml": the markup is elements
        return "".join(element.itertext()), "text/plain"
    return element.text or "", "text/plain" if kind == "text" else "text/html"


def _local_name(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _is_media(element: Element, name: str = "") -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag.startswith(MEDIA_NAMESPACES):
        return False
    return not name or _local_name(element) == name


# Text


def _is_html_type(kind: str) -> bool:
    return kind.lower() in HTML_TYPES


def _plain_text(value: str, kind: str) -> str:
    """One line of text: markup stripped, entities decoded."""
    if _is_html_type(kind) or HTML_TAG.search(value) or HTML_ENTITY.search(value):
        value = BeautifulSoup(value, "html.parser").get_text(" ")
    return one_line(value)


def _as_html(value: str, kind: str) -> str:
    """Body HTML: markup as it is; text (or "HTML" without a single tag,
    which is text) escaped into paragraphs."""
    if not _is_html_type(kind):
        return paragraphs(value, line_breaks=True)
    if HTML_TAG.search(value):
        return value.strip()
    return paragraphs(html.unescape(value), line_breaks=False)


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0
