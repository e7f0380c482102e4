"""IPTC ninjs (News in JSON) documents, versions 1.x to 3.x, into `Story`
objects.

Pure: bytes in, stories out, no database. A file holds one ninjs object, a
JSON array of them, or an envelope object whose `item` or `items` is that
array (the BBC's LDRS API, for one). Our own ninjs export (`articles.interchange.ninjs_writer`)
reads back as the story it came from.

The versions differ in shape more than in meaning, so fields are read by
meaning, whatever the version:

- names in any case: 1.x/2.x `versioncreated`, 3.x `versionCreated`;
- headlines, bodies and descriptions from 2.x/3.x arrays with roles and
  content types, or from 1.x strings (`headline`, `body_html`, `body_text`,
  `description_text` and the other `body_*`/`description_*` extensions);
- renditions and associations as 1.x objects keyed by name or as 2.x/3.x
  arrays whose members carry a `name`.

Only text items (and untyped or composite items with a body) are stories.
Events, planning items and media on their own (pictures, graphics, audio,
video) are skipped: a photo alone has no file here, since remote renditions
are never fetched, and would only make an empty library entry. A story's
lead photo is its `featuremedia` association, else its first picture; the
address of its best rendition becomes the image's `missing_file`.

The file's JSON and values of any shape are read in `ninjs_json`, the
texts in `ninjs_texts`, the credits in `ninjs_credits` (a byline reads as in
every other format: `articles.text.bylines`) and the lead photo in
`ninjs_pictures`.

Superdesk's dialect (`guid` rather than `uri`, `authors`, `keywords`,
`firstpublished`) is read too, with a warning where the story is identified
by its guid. Dates go to the article fields of the same meaning (`_dates`;
docs/reference/ninjs.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from articles.imaging.source_types import text_source_type
from articles.interchange.ninjs_credits import story_credits
from articles.interchange.ninjs_json import (
    fields_of,
    first_datetime,
    json_kind,
    load_json,
    objects,
    string,
)
from articles.interchange.ninjs_pictures import lead_image
from articles.interchange.ninjs_texts import (
    STANDFIRST_ROLES,
    body_html_of,
    headline_of,
    prose,
    texts_of,
)
from articles.interchange.reading import read_limited
from articles.interchange.story import (
    ARCHIVED,
    DRAFT,
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from articles.text.plain import one_line, paragraphs, plain_text, unique

MAX_NINJS_BYTES = 50 * 1024 * 1024

EVENT_TYPES = frozenset({"event", "planning"})
MEDIA_TYPES = frozenset({"picture", "graphic", "audio", "video", "component"})
KNOWN_TYPES = EVENT_TYPES | MEDIA_TYPES | {"text", "composite"}

# Read once each, so that an unreadable one is reported once.
DATE_KEYS = (
    "firstpublished",
    "contentcreated",
    "firstcreated",
    "versioncreated",
    "embargoed",
    "embargoeduntil",
)

PUBSTATUS = {
    "usable": None,
    "withheld": DRAFT,
    "canceled": ARCHIVED,
    "cancelled": ARCHIVED,
}


def parse_ninjs(
    stream: BinaryIO, name: str
) -> Iterator[Story | ImageRef | RecordError | Skipped]:
    """A Story per story item in the file, a Skipped per item that is not a
    story, a RecordError per item that cannot be read. `name` is the file's
    name (the command puts it in front of the messages). StoryError when the
    file is not JSON, not ninjs, too large or unreadable."""
    document = load_json(read_limited(stream, MAX_NINJS_BYTES, "ninjs files"))
    for number, item in enumerate(_items(document), start=1):
        yield _item_result(item, number)


# Reading the file


def _items(document: Any) -> list[Any]:
    """The items of a document: itself, its array, or its envelope's array."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        fields = fields_of(document)
        for key in ("items", "item"):
            if isinstance(fields.get(key), list) and not _looks_like_item(fields):
                return fields[key]
        return [document]
    raise StoryError(
        f"not a ninjs document: the JSON is {json_kind(document)}, "
        "not an object or a list of objects"
    )


def _looks_like_item(fields: dict[str, Any]) -> bool:
    return any(
        key in fields for key in ("uri", "guid", "headline", "headlines", "bodies")
    )


# One item


def _item_result(raw: Any, number: int) -> Story | RecordError | Skipped:
    if not isinstance(raw, dict):
        return RecordError(
            record=f"item {number}", message=f"not a ninjs object but {json_kind(raw)}"
        )
    item = fields_of(raw)
    source_id, record, warnings = _identity(item, number)
    kind = string(item, "type").lower()
    body_html = body_html_of(item)
    if reason := _not_a_story(item, kind, has_body=bool(body_html)):
        return Skipped(record=record, reason=reason)
    if not source_id:
        return RecordError(
            record=record,
            message="no uri (nor a Superdesk guid): a later import could not "
            "find its story again",
        )
    text = _story_text(item, body_html, warnings)
    if isinstance(text, str):
        return RecordError(record=record, message=text)
    if kind and kind not in KNOWN_TYPES:
        warnings.append(f'unknown ninjs type "{kind}": read as a text item')
    try:
        return _story(item, source_id, record, text, warnings)
    except StoryError as error:
        return RecordError(record=record, message=str(error))


@dataclass
class _StoryText:
    headline: str
    standfirst: str
    body_html: str


def _story_text(
    item: dict[str, Any], body_html: str, warnings: list[str]
) -> _StoryText | str:
    """The story's words, or why it has none to speak of."""
    headline = headline_of(item)
    if not headline:
        return "no headline"
    standfirst = prose(texts_of(item, "descriptions", "description"), STANDFIRST_ROLES)
    if not body_html and standfirst:
        # A brief: NTB sends text items whose only text is the description.
        body_html, standfirst = paragraphs(standfirst, line_breaks=True), ""
        warnings.append("no body: the description is the story's text")
    if not body_html:
        return "no body: neither HTML nor text"
    return _StoryText(headline=headline, standfirst=standfirst, body_html=body_html)


def _identity(item: dict[str, Any], number: int) -> tuple[str, str, list[str]]:
    """(source id, record name, warnings) of an item."""
    if uri := string(item, "uri"):
        return f"ninjs:{uri}", f'item {number} (uri "{uri}")', []
    if guid := string(item, "guid"):
        warning = "no uri: identified by its Superdesk guid"
        return f"ninjs:{guid}", f'item {number} (guid "{guid}")', [warning]
    return "", f"item {number}", []


def _not_a_story(item: dict[str, Any], kind: str, *, has_body: bool) -> str:
    """Why the item is not a story by design; "" when it is one (or should
    have been)."""
    if kind in EVENT_TYPES or "eventdetails" in item or "plannedcoverage" in item:
        return f"ninjs {kind if kind in EVENT_TYPES else 'event'} items are not stories"
    if kind in MEDIA_TYPES:
        return f"ninjs {kind} items are not stories"
    if not has_body and kind == "composite":
        return "a ninjs composite without a body is a media package, not a story"
    if not has_body and not kind:
        return "a ninjs item with neither a type nor a body is not a story"
    return ""


def _story(
    item: dict[str, Any],
    source_id: str,
    record: str,
    text: _StoryText,
    warnings: list[str],
) -> Story:
    section, tags = _section_and_tags(item)
    status = _status(item, warnings)
    dates = _dates(item, warnings)
    return Story(
        source_id=source_id,
        headline=text.headline,
        body_html=text.body_html,
        standfirst=text.standfirst,
        section=section,
        tags=tags,
        credits=story_credits(item),
        lead_image=lead_image(item, record, warnings),
        published_at=dates.published_at,
        status=status,
        embargo_until=dates.embargo_until,
        first_published_at=dates.first_published_at,
        created_at=dates.created_at,
        updated_at=dates.updated_at,
        record=record,
        warnings=warnings,
        text_source=_text_source(item, warnings),
        language=string(item, "language"),
        **_wire_facts(item, warnings),
    )


def _text_source(item: dict[str, Any], warnings: list[str]) -> dict | None:
    """The item's `digitalSourceType` (3.x: an object with a uri; a bare
    URI too) when it is a term for text; None when absent or not one."""
    given = item.get("digitalsourcetype")
    if given is None:
        return None
    uri = given if isinstance(given, str) else string(fields_of(given), "uri")
    if found := text_source_type(uri):
        return {"digital_source_type": found}
    warnings.append(f"digitalSourceType {uri!r} is not a term for text: ignored")
    return None


def _wire_facts(item: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The agency's version (an older one arriving later changes nothing),
    urgency, slugline, where it was filed (`located`) and Superdesk's
    signals ("sig:correction")."""
    version, urgency = (_whole(item.get(key)) for key in ("version", "urgency"))
    on_scale = type(urgency) is int and 1 <= urgency <= 9
    if urgency is not None and not on_scale:
        warnings.append(f"urgency {urgency!r} is not 1 to 9: ignored")
    return {
        "version": version if type(version) is int and version >= 0 else None,
        "urgency": urgency if on_scale else None,
        "slugline": plain_text(string(item, "slugline"), is_html=False),
        "dateline": plain_text(string(item, "located"), is_html=False),
        "signals": [
            code.removeprefix("sig:")
            for signal in objects(item.get("signal"))
            if (code := string(signal, "code", "qcode"))
        ],
    }


def _whole(value: Any) -> Any:
    """A whole number as ninjs gives one ("2" or 2); anything else as is."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip()[:18])
    return value


@dataclass
class _Dates:
    published_at: datetime | None
    first_published_at: datetime | None
    embargo_until: datetime | None
    created_at: datetime | None
    updated_at: datetime | None


def _dates(item: dict[str, Any], warnings: list[str]) -> _Dates:
    """Each ninjs date onto the Article field of the same meaning
    (docs/reference/ninjs.md): firstcreated is when the story was created,
    firstpublished when it was first published, versioncreated when it was
    last changed, embargoed when it may be public. The date readers see is
    the first publication, else the best the item says of it."""
    found = {key: first_datetime(item, (key,), warnings) for key in DATE_KEYS}
    return _Dates(
        # contentcreated: our own export's published_at (and an old text's
        # date); a wire item saying neither is dated by its first version.
        published_at=found["firstpublished"]
        or found["contentcreated"]
        or found["firstcreated"]
        or found["versioncreated"],
        first_published_at=found["firstpublished"],
        embargo_until=found["embargoeduntil"] or found["embargoed"],
        created_at=found["firstcreated"],
        updated_at=found["versioncreated"],
    )


def _status(item: dict[str, Any], warnings: list[str]) -> str | None:
    pubstatus = string(item, "pubstatus").lower()
    if pubstatus in PUBSTATUS:
        return PUBSTATUS[pubstatus]
    if pubstatus:
        # Whatever it means at the source, it was not said to be usable.
        warnings.append(f'unknown pubstatus "{pubstatus}": imported as a draft')
        return DRAFT
    return None


def _section_and_tags(item: dict[str, Any]) -> tuple[str | None, list[str]]:
    """Subject names as tags; our own export's subject with rel "section" is
    the section. Superdesk's plain `keywords` are tags too."""
    section, names = None, []
    for subject in objects(item.get("subjects")) + objects(item.get("subject")):
        name = plain_text(string(subject, "name"), is_html=False)
        if name and section is None and string(subject, "rel").lower() == "section":
            section = name
        elif name:
            names.append(name)
    keywords = item.get("keywords")
    if isinstance(keywords, list):
        names += [one_line(word) for word in keywords if isinstance(word, str)]
    return section, unique(name for name in names if name)
