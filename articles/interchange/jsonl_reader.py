"""Our own export format, JSON Lines, read back into stories.

An export directory holds `content.jsonl` and the photo files under
`images/`. Each line is one JSON object with a "type":

- "export": the first line: {"format": "newsroom-cms", "version": 3, ...};
- "section", "tag", "contributor": every one of them, so that those not used
  by any story survive a restore too, with their slugs (a section with its
  "rules" at publish);
- "image": a library photo that no exported story uses;
- "article": a story with everything it is made of inlined (section, tags,
  credits with their contributors, lead photo, photos placed in the body,
  corrections), so that each line stands alone; a photo with its
  "editor_label" (articles.interchange.jsonl_rules);
- "front": one version of a front with its slots, after every story
  (articles.interchange.jsonl_fronts).
- "related": a story's related stories chosen by its editors, after every
  story (articles.interchange.jsonl_related).
- "editions": an edition group with its editions' sources, relations and
  gates, after every story (articles.interchange.jsonl_editions).

Version 2 added "rules", "editor_label" and "front"; version 3 a story's
"language" and "editions". Older files (without them) are still read, and
leave those things as the database has them (their stories new to it in the
default language). A
reader refuses a version it does not know rather than lose what it cannot
read.

Dates are ISO 8601 with their offset. Photo files are named relative to the
export directory and must stay inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from articles.imaging.source_types import text_source_type
from articles.interchange.jsonl_editions import parse_editions
from articles.interchange.jsonl_fronts import FrontRef, parse_front
from articles.interchange.jsonl_related import parse_related
from articles.interchange.jsonl_rules import parse_editor_label, parse_section_rules
from articles.interchange.story import (
    CorrectionRef,
    CreditRef,
    ImageRef,
    RecordError,
    SectionRef,
    Story,
    StoryError,
    TagRef,
)

FORMAT, VERSION = "newsroom-cms", 3
READABLE_VERSIONS = (1, 2, 3)
CONTENT_FILE = "content.jsonl"
# A single line larger than this is not a story but an attack or an accident.
MAX_LINE = 32 * 1024 * 1024


def parse_jsonl(
    stream: BinaryIO, name: str
) -> Iterator[
    Story | ImageRef | SectionRef | TagRef | CreditRef | FrontRef | RecordError
]:
    """The records of an export file, streamed line by line."""
    base = Path(getattr(stream, "name", name)).resolve().parent
    header_seen = False
    for number, line in enumerate(_lines(stream), start=1):
        if not line.strip():
            continue
        label = f"line {number}"
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            if not header_seen:
                raise StoryError(
                    f"not a JSON Lines export: {label}: {error}"
                ) from error
            yield RecordError(record=label, message=f"not JSON: {error}")
            continue
        if not header_seen:
            _check_header(record)
            header_seen = True
            continue
        try:
            yield _record(record, base, label)
        except (KeyError, TypeError, ValueError, AttributeError, StoryError) as error:
            yield RecordError(record=_label(record, label), message=_reason(error))
    if not header_seen:
        raise StoryError("not a JSON Lines export: the file is empty")


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    while line := stream.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            raise StoryError(f"a line is longer than {MAX_LINE // 2**20} MB")
        yield line


def _check_header(record: Any) -> None:
    if not isinstance(record, dict) or record.get("type") != "export":
        raise StoryError(
            'not a JSON Lines export: the first line is not {"type": "export"}'
        )
    if record.get("format") != FORMAT:
        raise StoryError(f"not an export of this CMS (format {record.get('format')!r})")
    if record.get("version") not in READABLE_VERSIONS:
        raise StoryError(
            f"export version {record.get('version')!r} is not supported "
            f"(this version reads versions 1 to {VERSION})"
        )


def _label(record: Any, fallback: str) -> str:
    if isinstance(record, dict) and record.get("source_id"):
        return f'{fallback} ({record.get("type")} "{record["source_id"]}")'
    return fallback


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error)


def _record(record: Any, base: Path, label: str):
    if not isinstance(record, dict):
        raise TypeError("a record must be a JSON object")
    kind = record.get("type")
    if kind == "article":
        return _story(record, base, label)
    if kind == "image":
        return _image(record, base, label)
    if kind == "section":
        return _section(record)
    if kind == "front":
        return parse_front(record, label, _text, _date, _number)
    if kind == "related":
        return parse_related(record, label)
    if kind == "editions":
        return parse_editions(record, label)
    if kind == "tag":
        return _tag(record)
    if kind == "contributor":
        return _contributor(record, role="")
    raise ValueError(f"unknown record type {kind!r}")


def _text_source(record: dict) -> dict[str, object] | None:
    """A backup's text-source fields exactly; None from an older backup
    without them (the article's stay as they are)."""
    if "digital_source_type" not in record:
        return None
    uri = _text(record["digital_source_type"])
    if uri and not text_source_type(uri):
        raise ValueError(f"digital_source_type {uri!r} is not a term for text")
    machine_translated = record.get("machine_translated", False)
    if type(machine_translated) is not bool:
        raise ValueError("machine_translated must be true or false")
    return {
        "digital_source_type": text_source_type(uri),
        "machine_translated": machine_translated,
        "source_note": _text(record.get("source_note", "")),
    }


def _story(record: dict, base: Path, label: str) -> Story:
    lead = record.get("lead_image")
    social = record.get("social_image")
    return Story(
        source_id=_text(record["source_id"]),
        headline=_text(record["headline"]),
        body_html=_text(record.get("body_html", "")),
        standfirst=_text(record.get("standfirst", "")),
        section=_section(record["section"]) if record.get("section") else None,
        tags=[_tag(t) for t in record.get("tags", [])],
        credits=[_credit(c) for c in record.get("credits", [])],
        lead_image=_image(lead, base, f"{label} lead image") if lead else None,
        lead_image_caption=_text(record.get("lead_image_caption", "")),
        seo_headline=_text(record.get("seo_headline", "")),
        meta_description=_text(record.get("meta_description", "")),
        social_headline=_text(record.get("social_headline", "")),
        social_image=_image(social, base, f"{label} social image") if social else None,
        text_source=_text_source(record),
        images={
            str(image["id"]): _image(image, base, f"{label} body photo")
            for image in record.get("body_images", [])
        },
        published_at=_date(record.get("published_at")),
        status=_text(record["status"]),
        embargo_until=_date(record.get("embargo_until")),
        credit_line_override=_text(record.get("credit_line_override", "")),
        corrections=[
            CorrectionRef(
                kind=_text(c["kind"]),
                note=_text(c["note"]),
                noted_at=_date(c["noted_at"]),
            )
            for c in record.get("corrections", [])
        ],
        id=_id(record.get("id")),
        slug=_text(record.get("slug", "")),
        language=_text(record.get("language", "")),
        held_until=_date(record.get("held_until")),
        first_published_at=_date(record.get("first_published_at")),
        created_at=_date(record.get("created_at")),
        updated_at=_date(record.get("updated_at")),
        record=label,
        slugline=_text(record.get("slugline", "")),
        dateline=_text(record.get("dateline", "")),
        urgency=_number(record.get("urgency")),
        version=_number(record.get("version")),
    )


def _tag(record: dict) -> TagRef:
    return TagRef(
        name=_text(record["name"]),
        slug=_text(record.get("slug", "")),
        uri=_text(record.get("uri", "")),
    )


def _number(value: Any) -> int | None:
    """A wire fact's number (urgency, version): a whole number or null."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"invalid number {value!r}")
    return value


def _image(record: dict, base: Path, label: str) -> ImageRef:
    file = _text(record.get("file", ""))
    return ImageRef(
        caption=_text(record.get("caption", "")),
        alt_text=_text(record.get("alt_text", "")),
        headline=_text(record.get("headline", "")),
        credits=[_credit(c) for c in record.get("credits", [])],
        file_path=_inside(base, file) if file else None,
        original_filename=_text(record.get("original_filename", "")),
        date_created=_date(record.get("date_created")),
        copyright_notice=_text(record.get("copyright_notice", "")),
        usage_terms=_text(record.get("usage_terms", "")),
        restrictions=_text(record.get("restrictions", "")),
        rights_expire_at=_date(record.get("rights_expire_at")),
        focal_x=float(record.get("focal_x", 0.5)),
        focal_y=float(record.get("focal_y", 0.5)),
        credit_line_override=_text(record.get("credit_line_override", "")),
        editor_label=parse_editor_label(record),
        id=_id(record.get("id")),
        created_at=_date(record.get("created_at")),
        updated_at=_date(record.get("updated_at")),
        record=label,
    )


def _section(record: dict) -> SectionRef:
    parent = record.get("parent")
    return SectionRef(
        name=_text(record["name"]),
        slug=_text(record.get("slug", "")),
        parent=_section(parent) if parent else None,
        rules=parse_section_rules(record.get("rules")),
    )


def _credit(record: dict) -> CreditRef:
    return _contributor(record["contributor"], role=_text(record["role"]))


def _contributor(record: dict, *, role: str) -> CreditRef:
    return CreditRef(
        name=_text(record["name"]),
        role=role,
        kind=_text(record.get("kind", "")) or None,
        slug=_text(record.get("slug", "")),
        short_name=_text(record.get("short_name", "")),
        url=_text(record.get("url", "")),
        bio=_text(record.get("bio", "")),
        affiliation=_text(record.get("affiliation", "")),
    )


def _inside(base: Path, name: str) -> Path:
    """The export's file `name`, refusing anything that would leave the
    export directory (../, absolute or drive paths)."""
    path = (base / name).resolve()
    if not path.is_relative_to(base) or "\\" in name or ":" in name:
        raise ValueError(f"the photo file {name!r} lies outside the export directory")
    return path


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _id(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**31:
        raise ValueError(f"invalid id {value!r}")
    return value


def _date(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError(f"the date {value!r} has no time zone")
    return moment
