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

Superdesk's dialect (`guid` rather than `uri`, `authors`, `keywords`) is read
too, with a warning where the story is identified by its guid.
"""

from __future__ import annotations

import codecs
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

from bs4 import BeautifulSoup

from articles.interchange.page_reader import AFFILIATION, parse_photo_credit
from articles.interchange.reading import one_line, paragraphs, read_limited, unique
from articles.interchange.story import (
    AGENCY,
    ARCHIVED,
    AUTHOR,
    CONTRIBUTOR,
    CREATOR,
    DISTRIBUTOR,
    DRAFT,
    ORGANISATION,
    PERSON,
    PROVIDER,
    CreditRef,
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from articles.text.agencies import find_agency

MAX_NINJS_BYTES = 50 * 1024 * 1024
# Nothing in ninjs needs more; long digit strings only cost time to convert.
MAX_INTEGER_DIGITS = 100

EVENT_TYPES = frozenset({"event", "planning"})
MEDIA_TYPES = frozenset({"picture", "graphic", "audio", "video", "component"})
KNOWN_TYPES = EVENT_TYPES | MEDIA_TYPES | {"text", "composite"}

PUBSTATUS = {
    "usable": None,
    "withheld": DRAFT,
    "canceled": ARCHIVED,
    "cancelled": ARCHIVED,
}

# Roles of headlines and descriptions, most wanted first.
HEADLINE_ROLES = ("main", "")
STANDFIRST_ROLES = ("summary", "lead", "abstract", "standfirst", "teaser", "", "main",
                    "text", "description")  # fmt: skip
CAPTION_ROLES = ("caption", "text", "", "main", "summary", "description")
ALT_TEXT_ROLES = ("alt", "alttext", "alt_text", "alternative", "alternativetext")
# Descriptions that are about the credit or the writer, not the content.
NOT_PROSE_ROLES = frozenset({"creditline", "credit", "writer", *ALT_TEXT_ROLES})
HTML_ROLES = frozenset({"html", "xhtml", "html5", "richtext", "richhtml5"})

# `infoSources` roles our own export writes: the credits as they were.
STORY_CREDIT_ROLES = {"author": AUTHOR, "contributor": CONTRIBUTOR}
IMAGE_CREDIT_ROLES = {
    "creator": CREATOR,
    "provider": PROVIDER,
    "distributor": DISTRIBUTOR,
}
# `people` (`person` in 1.x) and Superdesk `authors` who wrote the story.
AUTHOR_ROLES = frozenset({"author", "writer", "creator", "byline", "reporter",
                          "correspondent", "journalist"})  # fmt: skip

FEATURED_NAMES = frozenset({"featuremedia", "featuredmedia", "leadimage", "lead-image"})
# When renditions give no size, the names that usually mean the largest.
RENDITION_NAMES = ("original", "highres", "baseimage", "large", "main", "viewimage",
                   "preview", "lowres", "small", "thumbnail")  # fmt: skip

HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.I)
BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|av|door)\s+", re.I)
CREDIT_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|picture|image|foto)\s*(?::|\bby\b)\s*", re.I
)
# "and" in the languages agencies write bylines in; not "e"/"y", which join
# Portuguese and Spanish surnames.
NAME_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+(?:and|&|und|og|och|et)\s+", re.I)
FILES_FROM = re.compile(
    r"[.;]?\s*\bwith (?:files|a file) from\s+(?P<names>.+?)\.?$", re.I
)
FORMAT_WORDS = {"html": "html", "xhtml": "html", "richtext": "html", "text": "text",
                "xml": "other", "nitf": "other"}  # fmt: skip


def parse_ninjs(
    stream: BinaryIO, name: str
) -> Iterator[Story | ImageRef | RecordError | Skipped]:
    """A Story per story item in the file, a Skipped per item that is not a
    story, a RecordError per item that cannot be read. `name` is the file's
    name (the command puts it in front of the messages). StoryError when the
    file is not JSON, not ninjs, too large or unreadable."""
    document = _load_json(read_limited(stream, MAX_NINJS_BYTES, "ninjs files"))
    for number, item in enumerate(_items(document), start=1):
        yield _item_result(item, number)


# Reading the file


def _load_json(data: bytes) -> Any:
    text = _decode(data)
    if not text.strip():
        raise StoryError("not JSON: the file is empty")
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise StoryError(
            f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise StoryError(
            "not usable JSON: arrays or objects nested too deeply"
        ) from None


def _decode(data: bytes) -> str:
    # JSON is UTF-8; a byte order mark says when a producer thought otherwise.
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise StoryError(
                    f"not {codec.upper()} JSON: broken text after its byte order mark"
                ) from None
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(data) - len(body) + error.start
        raise StoryError(
            f"not UTF-8 JSON: byte 0x{body[error.start]:02X} at offset {offset} "
            "is not UTF-8; convert the file to UTF-8 and import it again"
        ) from None


def _integer(digits: str) -> int:
    # Python refuses over 4300 digits anyway, with a message about "int
    # string conversion" that would mean nothing to an editor.
    count = len(digits.lstrip("-"))
    if count > MAX_INTEGER_DIGITS:
        raise StoryError(
            f"not usable JSON: a number with {count} digits "
            f"(more than {MAX_INTEGER_DIGITS} are refused)"
        )
    return int(digits)


def _items(document: Any) -> list[Any]:
    """The items of a document: itself, its array, or its envelope's array."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        fields = _fields(document)
        for key in ("items", "item"):
            if isinstance(fields.get(key), list) and not _looks_like_item(fields):
                return fields[key]
        return [document]
    raise StoryError(
        f"not a ninjs document: the JSON is {_json_kind(document)}, "
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
            record=f"item {number}", message=f"not a ninjs object but {_json_kind(raw)}"
        )
    item = _fields(raw)
    source_id, record, warnings = _identity(item, number)
    kind = _string(item, "type").lower()
    body_html = _body_html(item)
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
    headline = _headline(item)
    if not headline:
        return "no headline"
    standfirst = _prose(_texts(item, "descriptions", "description"), STANDFIRST_ROLES)
    if not body_html and standfirst:
        # A brief: NTB sends text items whose only text is the description.
        body_html, standfirst = paragraphs(standfirst, line_breaks=True), ""
        warnings.append("no body: the description is the story's text")
    if not body_html:
        return "no body: neither HTML nor text"
    return _StoryText(headline=headline, standfirst=standfirst, body_html=body_html)


def _identity(item: dict[str, Any], number: int) -> tuple[str, str, list[str]]:
    """(source id, record name, warnings) of an item."""
    if uri := _string(item, "uri"):
        return f"ninjs:{uri}", f'item {number} (uri "{uri}")', []
    if guid := _string(item, "guid"):
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
    published_at = _datetime(
        item, ("contentcreated", "firstcreated", "versioncreated"), warnings
    )
    embargo_until = _datetime(item, ("embargoeduntil", "embargoed"), warnings)
    return Story(
        source_id=source_id,
        headline=text.headline,
        body_html=text.body_html,
        standfirst=text.standfirst,
        section=section,
        tags=tags,
        credits=_story_credits(item),
        lead_image=_lead_image(item, record, warnings),
        published_at=published_at,
        status=status,
        embargo_until=embargo_until,
        record=record,
        warnings=warnings,
    )


def _status(item: dict[str, Any], warnings: list[str]) -> str | None:
    pubstatus = _string(item, "pubstatus").lower()
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
    for subject in _objects(item.get("subjects")) + _objects(item.get("subject")):
        name = _plain_text(_string(subject, "name"))
        if name and section is None and _string(subject, "rel").lower() == "section":
            section = name
        elif name:
            names.append(name)
    keywords = item.get("keywords")
    if isinstance(keywords, list):
        names += [one_line(word) for word in keywords if isinstance(word, str)]
    return section, unique(name for name in names if name)


# Headlines, bodies and descriptions


@dataclass
class _Text:
    value: str
    role: str
    kind: str  # "html", "text", or "other" (NITF, XML): not for showing


def _texts(item: dict[str, Any], plural: str, singular: str) -> list[_Text]:
    """The item's texts of one sort, from 2.x/3.x arrays (`bodies`) and 1.x
    strings (`body_html`, `headline`, `headline_main`), in that order."""
    texts = []
    for entry in _objects(item.get(plural)):
        value, role = entry.get("value"), _string(entry, "role").lower()
        if isinstance(value, str) and value.strip():
            kind = _kind(_string(entry, "contenttype"), role, value)
            texts.append(_Text(value=value, role=role, kind=kind))
    for key, value in item.items():
        if not isinstance(value, str) or not value.strip():
            continue
        if key == singular or key.startswith(f"{singular}_"):
            texts.append(_suffix_text(key.removeprefix(singular).lstrip("_"), value))
    return texts


def _suffix_text(suffix: str, value: str) -> _Text:
    """A 1.x `body_html`, `description_caption_xhtml`, `headline_main`: the
    suffix tells the format and the role."""
    words = suffix.split("_") if suffix else []
    formats = [FORMAT_WORDS[word] for word in words if word in FORMAT_WORDS]
    role = "_".join(word for word in words if word not in FORMAT_WORDS)
    kind = formats[0] if formats else _kind("", role, value)
    return _Text(value=value, role=role, kind=kind)


def _kind(content_type: str, role: str, value: str) -> str:
    content_type = content_type.lower()
    if "html" in content_type:  # text/html, application/xhtml+xml
        return "html"
    if content_type == "text/plain":
        return "text"
    if content_type:
        return "other"
    if role in HTML_ROLES or HTML_TAG.search(value):
        return "html"
    return "text"


def _headline(item: dict[str, Any]) -> str:
    return _prose(_texts(item, "headlines", "headline"), HEADLINE_ROLES, excluded=())


def _prose(
    texts: list[_Text],
    roles: tuple[str, ...],
    excluded: frozenset[str] | tuple[str, ...] = NOT_PROSE_ROLES,
) -> str:
    """The plain text of the best of `texts`: roles in `roles` order, then any
    other role not `excluded`; plain text before HTML of the same role."""
    usable = [
        text for text in texts if text.kind != "other" and text.role not in excluded
    ]
    if not usable:
        return ""

    def rank(text: _Text) -> tuple[int, bool]:
        place = roles.index(text.role) if text.role in roles else len(roles)
        return place, text.kind != "text"

    best = min(usable, key=rank)
    return _plain_text(best.value, is_html=best.kind == "html")


def _body_html(item: dict[str, Any]) -> str:
    """The first HTML body, else the first text body escaped into
    paragraphs; "" when there is neither."""
    bodies = _texts(item, "bodies", "body")
    for body in bodies:
        if body.kind == "html":
            return _html_fragment(body.value)
    for body in bodies:
        if body.kind == "text":
            return paragraphs(body.value, line_breaks=True)
    return ""


def _html_fragment(value: str) -> str:
    """Body HTML without the document around it (`<html><head>…<body>`), and
    "HTML" without a single tag as one paragraph."""
    if DOCUMENT_TAG.search(value):
        body = BeautifulSoup(value, "html.parser").body
        value = body.decode_contents() if body else value
    if not HTML_TAG.search(value):
        return paragraphs(html.unescape(value), line_breaks=False)
    return value.strip()


# Credits


def _story_credits(item: dict[str, Any]) -> list[CreditRef]:
    """Our own export's `infoSources` when it has them (its `by` only joins
    their names); otherwise the byline; plus the people marked as authors."""
    credits = _info_source_credits(item, STORY_CREDIT_ROLES)
    if not credits:
        credits = _byline_credits(_string(item, "by", "byline"))
    for person in (
        _objects(item.get("people"))
        + _objects(item.get("person"))
        + _objects(item.get("authors"))
    ):
        name = one_line(_string(person, "name"))
        if name and _last_word(_string(person, "role", "rel")) in AUTHOR_ROLES:
            credits.append(CreditRef(name=name, role=AUTHOR, kind=PERSON))
    return _unique_credits(credits)


def _info_source_credits(
    item: dict[str, Any], roles: dict[str, str]
) -> list[CreditRef]:
    credits = []
    for source in _objects(item.get("infosources")) + _objects(item.get("infosource")):
        name = one_line(_string(source, "name"))
        role = roles.get(_string(source, "role").lower())
        if name and role:
            credits.append(CreditRef(name=name, role=role))
    return credits


def _byline_credits(byline: str) -> list[CreditRef]:
    """ "By Jane Roe and John Doe" -> two authors; "Von Christian Hollmann,
    dpa" -> the writer, not his agency (as the page importer reads bylines);
    "... With files from Reuters" -> a contributor."""
    byline = one_line(byline)
    contributors = []
    if match := FILES_FROM.search(byline):
        contributors = _names(match["names"])
        byline = byline[: match.start()]
    names = _names(BYLINE_PREFIX.sub("", byline))
    if names:
        first, *others = names
        others = [
            name
            for name in others
            if not (AFFILIATION.search(name) or find_agency(name))
        ]
        names = [first, *others]
    return [CreditRef(name=name, role=AUTHOR) for name in names] + [
        CreditRef(name=name, role=CONTRIBUTOR) for name in contributors
    ]


def _image_credits(picture: dict[str, Any]) -> list[CreditRef]:
    """Our own export's `infoSources`; else the photographer from `by` ("Jane
    Doe", or the wire style "Jane Doe/Reuters"), and the credit line or
    copyright holder as the source when nothing else names one."""
    credits = _info_source_credits(picture, IMAGE_CREDIT_ROLES)
    if credits:
        return _unique_credits(credits)
    credits = _photo_byline_credits(_string(picture, "by", "byline"))
    source = _picture_source(picture)
    named = {credit.name.casefold() for credit in credits}
    has_source = any(credit.role in (PROVIDER, DISTRIBUTOR) for credit in credits)
    if source and not has_source and source.casefold() not in named:
        credits.append(_organisation(source, PROVIDER))
    return _unique_credits(credits)


def _picture_source(picture: dict[str, Any]) -> str:
    """Who a photo comes from when its byline does not say: its credit line
    (a 2.x/3.x description, a Superdesk field), else its copyright holder."""
    descriptions = _texts(picture, "descriptions", "description")
    credit_lines = [text for text in descriptions if text.role == "creditline"]
    credit_line = _prose(credit_lines, ("creditline",), excluded=())
    return credit_line or one_line(_string(picture, "creditline", "copyrightholder"))


def _photo_byline_credits(byline: str) -> list[CreditRef]:
    byline = one_line(CREDIT_LABEL.sub("", one_line(byline)))
    if not byline:
        return []
    if "/" in byline or " via " in byline.lower():
        return parse_photo_credit(byline)
    return [
        _organisation(name, PROVIDER)
        if find_agency(name)
        else CreditRef(name=name, role=CREATOR, kind=PERSON)
        for name in _names(BYLINE_PREFIX.sub("", byline))
    ]


def _organisation(name: str, role: str) -> CreditRef:
    return CreditRef(
        name=name, role=role, kind=AGENCY if find_agency(name) else ORGANISATION
    )


def _names(text: str) -> list[str]:
    names = (name.strip(" .") for name in NAME_SEPARATORS.split(one_line(text)))
    return unique(name for name in names if name)


def _unique_credits(credits: list[CreditRef]) -> list[CreditRef]:
    seen, unique = set(), []
    for credit in credits:
        key = (credit.name.casefold(), credit.role)
        if key not in seen:
            seen.add(key)
            unique.append(credit)
    return unique


def _last_word(value: str) -> str:
    """ "author", or the end of a role URI or QCode ("...role/author")."""
    return re.split(r"[/:#]", value.lower().strip())[-1]


# The lead photo


def _lead_image(
    item: dict[str, Any], record: str, warnings: list[str]
) -> ImageRef | None:
    pictures = [
        association
        for association in _objects(item.get("associations"))
        if _is_picture(association)
    ]
    featured = [
        picture
        for picture in pictures
        if _string(picture, "name").lower() in FEATURED_NAMES
        or _string(picture, "rel").lower() in FEATURED_NAMES
    ]
    picture = (featured or pictures or [None])[0]
    if picture is None:
        return None
    name = _string(picture, "name")
    picture_warnings: list[str] = []
    rendition = _best_rendition(picture)
    focal_x, focal_y = _focal_point(rendition)
    image = ImageRef(
        caption=_prose(_texts(picture, "descriptions", "description"), CAPTION_ROLES)
        or _prose(_texts(picture, "bodies", "body"), CAPTION_ROLES),
        alt_text=_alt_text(picture),
        headline=_headline(picture),
        credits=_image_credits(picture),
        missing_file=_string(rendition, "href") if rendition else "",
        date_created=_datetime(picture, ("contentcreated",), picture_warnings),
        copyright_notice=one_line(_string(picture, "copyrightnotice")),
        usage_terms=one_line(_string(picture, "usageterms")),
        restrictions=one_line(_string(picture, "ednote")),
        focal_x=focal_x,
        focal_y=focal_y,
        record=f'{record} picture "{name}"' if name else f"{record} picture",
    )
    warnings += [f"lead picture: {warning}" for warning in picture_warnings]
    return image


def _is_picture(association: dict[str, Any]) -> bool:
    kind = _string(association, "type").lower()
    if kind:
        return kind == "picture"
    return _best_rendition(association) is not None


def _alt_text(picture: dict[str, Any]) -> str:
    texts = [
        text
        for text in _texts(picture, "descriptions", "description")
        if text.role in ALT_TEXT_ROLES
    ]
    return _prose(texts, ALT_TEXT_ROLES, excluded=()) or _plain_text(
        _string(picture, "alt_text")
    )


def _best_rendition(picture: dict[str, Any]) -> dict[str, Any] | None:
    """The largest image rendition with an address; by name when no size."""
    images = [
        rendition
        for rendition in _objects(picture.get("renditions"))
        if _string(rendition, "href")
        and _is_image_type(_string(rendition, "contenttype", "mimetype"))
    ]

    def size(rendition: dict[str, Any]) -> tuple[float, int]:
        area = _number(rendition.get("width")) * _number(rendition.get("height"))
        name = _string(rendition, "name").lower()
        preference = (
            RENDITION_NAMES.index(name)
            if name in RENDITION_NAMES
            else len(RENDITION_NAMES)
        )
        return area, -preference

    return max(images, key=size, default=None)


def _is_image_type(content_type: str) -> bool:
    return not content_type or content_type.lower().startswith("image/")


def _focal_point(rendition: dict[str, Any] | None) -> tuple[float, float]:
    """Superdesk's point of interest, in the rendition's pixels, as the
    0-1 fractions our images use; the centre when there is none."""
    poi = _fields(rendition.get("poi")) if rendition else {}
    if not rendition or not poi:
        return 0.5, 0.5
    width, height = _number(rendition.get("width")), _number(rendition.get("height"))
    if width <= 0 or height <= 0:
        return 0.5, 0.5
    return _fraction(_number(poi.get("x")) / width), _fraction(
        _number(poi.get("y")) / height
    )


def _fraction(value: float) -> float:
    return min(max(value, 0.0), 1.0)


# Values of any shape


def _fields(value: Any) -> dict[str, Any]:
    """An object's members by lower-case name (3.x camelCase, 1.x/2.x lower
    case); the first spelling wins when two differ only in case."""
    if not isinstance(value, dict):
        return {}
    fields: dict[str, Any] = {}
    for key, member in value.items():
        fields.setdefault(str(key).lower(), member)
    return fields


def _objects(value: Any) -> list[dict[str, Any]]:
    """The objects of a 2.x/3.x array, or of a 1.x object keyed by name (the
    key becomes `name`); anything else holds none."""
    if isinstance(value, list):
        return [_fields(member) for member in value if isinstance(member, dict)]
    if isinstance(value, dict):
        objects = []
        for key, member in value.items():
            if isinstance(member, dict):
                fields = _fields(member)
                fields.setdefault("name", str(key))
                objects.append(fields)
        return objects
    return []


def _string(fields: dict[str, Any] | None, *keys: str) -> str:
    """The first of `keys` holding a non-blank string, stripped; "" if none."""
    for key in keys:
        value = fields.get(key) if fields else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, (int, float)):
        return float(value) if abs(value) < 1e12 else 0.0
    if isinstance(value, str):
        try:
            return float(value) if len(value) < 20 else 0.0
        except ValueError:
            return 0.0
    return 0.0


def _datetime(
    item: dict[str, Any], keys: tuple[str, ...], warnings: list[str]
) -> datetime | None:
    """The first readable date of `keys`, aware and in UTC; a date without a
    zone is taken as UTC, a date alone as its midnight."""
    for key in keys:
        value = item.get(key)
        if value is None:
            continue
        if when := _parse_datetime(value):
            return when
        warnings.append(f"unreadable {key} {_preview(value)}: ignored")
    return None


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _plain_text(value: str, *, is_html: bool = False) -> str:
    if is_html or HTML_TAG.search(value) or HTML_ENTITY.search(value):
        value = BeautifulSoup(value, "html.parser").get_text(" ")
    return one_line(value)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _preview(value: Any) -> str:
    text = (
        json.dumps(value, ensure_ascii=False)
        if not isinstance(value, str)
        else repr(value)
    )
    return text if len(text) <= 60 else f"{text[:57]}..."
