"""NITF 3.x documents (News Industry Text Format, IPTC) into a `Story`.

Pure: bytes in, one story out, no database. One file is one story, so a
story that cannot be read fails its file (StoryError), named by why.

What is read (docs/guides/importing.md#nitf):

- the story is identified across versions by `docdata/du-key@key` (NITF's
  "dynamic use key", the same for every version: NTB's doc-id changes with
  each), else by `docdata/doc-id@id-string` ("nitf:<id>"); a document with
  neither is refused (a later import could not find it again);
- headline `hedline/hl1` (else `head/title`); standfirst the `abstract`
  (not when it only repeats the headline); body `body.content`
  (`nitf_body`);
- byline (its `byttl` the writers' affiliation, as is "Name / Org") into
  credits by the rules of every format (`articles.text.bylines`);
- dateline: its place as written, without its `story.date`;
- dates: `date.issue` (else `pubdata@date.publication`, else the dateline's
  `story.date`) is the publication date, `date.release` the embargo;
  `date.expire` has no field here and is named in a warning;
- `docdata/urgency@ed-urg` (1 most urgent … 8 least, IPTC's own scale),
  `du-key@version`, the key-list's only keyword as the slugline (several
  keywords are tags), `management-status` (withheld: draft, canceled:
  archived, embargoed without a release date: draft);
- tags: `identified-content` codes with their scheme (`idsrc`), IPTC subject
  codes of `tobject.subject` (named ones, as subjectcode URIs), keywords.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element

from articles.interchange import safe_xml
from articles.interchange.newsml_xml import XML_LANG
from articles.interchange.nitf_body import (
    body_html,
    child,
    children,
    local,
    paragraphs_of,
    text_of,
)
from articles.interchange.reading import read_limited
from articles.interchange.sniffing import XML_KINDS, Kind, sniff
from articles.interchange.story import (
    ARCHIVED,
    AUTHOR,
    DRAFT,
    CreditRef,
    Story,
    StoryError,
    TagRef,
)
from articles.text.bylines import byline_credits, looks_like_name
from articles.text.plain import one_line, unique

MAX_NITF_BYTES = 20 * 1024 * 1024
SUBJECT_CODES = "http://cv.iptc.org/newscodes/subjectcode/"
MANAGEMENT_STATUS = {"usable": None, "withheld": DRAFT, "canceled": ARCHIVED,
                     "cancelled": ARCHIVED}  # fmt: skip
# `identified-content` children that name what a story is about.
IDENTIFIED = frozenset({"classifier", "person", "org", "location", "event",
                        "function", "object.title", "virtloc"})  # fmt: skip


def parse_nitf(stream: BinaryIO, name: str, **options) -> Iterator[Story]:
    """The story of an NITF file; StoryError when the file is not NITF,
    unsafe XML, or a story that cannot be imported."""
    root = _root(read_limited(stream, MAX_NITF_BYTES, "NITF files"))
    yield _story(root)


def _root(data: bytes) -> Element:
    sniffed = sniff(data[: 64 * 1024])
    if sniffed.kind not in XML_KINDS:
        raise _not_nitf(sniffed)
    root = None
    # Entities are refused before anything else is said of the file.
    for _, element in safe_xml.iterparse(io.BytesIO(data)):
        root = element
    if root is None or local(root) != "nitf":
        raise _not_nitf(sniffed)
    return root


def _not_nitf(sniffed) -> StoryError:
    from articles.interchange.formats import refusal  # formats imports readers

    if sniffed.kind is Kind.NITF:  # sniffed so, but its root is something else
        return StoryError("not an NITF document: its root element is not `nitf`")
    return refusal(sniffed, "nitf")


def _attribute(parent: Element | None, tag: str, name: str) -> str:
    element = child(parent, tag)
    return one_line(element.get(name, "")) if element is not None else ""


def _story(root: Element) -> Story:
    head, body = child(root, "head"), child(root, "body")
    docdata = child(head, "docdata")
    body_head, content = child(body, "body.head"), child(body, "body.content")
    doc_id = _attribute(docdata, "du-key", "key") or _attribute(
        docdata, "doc-id", "id-string"
    )
    if not doc_id:
        raise StoryError(
            "no docdata/du-key@key or doc-id@id-string: an NITF story without "
            "its identifier could not be found again by a later import"
        )
    record = f'doc-id "{doc_id}"'
    warnings: list[str] = []
    headline = text_of(child(child(body_head, "hedline"), "hl1")) or text_of(
        child(head, "title")
    )
    if not headline:
        raise StoryError(f"{record}: no headline (hedline/hl1 or title)")
    html, media = body_html(content)
    if not html:
        raise StoryError(f"{record}: no body (body.content is empty)")
    if media:
        warnings.append(
            f"{media} media in the body not imported: NITF carries no photo file"
        )
    standfirst = " ".join(paragraphs_of(child(body_head, "abstract")))
    if standfirst.casefold() == headline.casefold():
        standfirst = ""
    slugline, keyword_tags = _keywords(docdata)
    published_at = _published(head, docdata, body_head, warnings)
    embargo_until = _date(docdata, "date.release", warnings)
    expiry_warning(docdata, warnings)
    return Story(
        source_id=f"nitf:{doc_id}",
        headline=headline,
        body_html=html,
        standfirst=standfirst,
        tags=[*_identified(docdata), *_subjects(head, warnings), *keyword_tags],
        credits=_credits(child(body_head, "byline"), warnings),
        published_at=published_at,
        embargo_until=embargo_until,
        status=_status(docdata, warnings),
        record=record,
        warnings=warnings,
        version=_number(child(docdata, "du-key"), "version", warnings),
        urgency=_urgency(docdata, head, warnings),
        slugline=slugline,
        dateline=_dateline(child(body_head, "dateline")),
        language=root.get(XML_LANG) or root.get("baselang", ""),
    )


def _dateline(dateline: Element | None) -> str:
    """The dateline's place as written: its text, or its location's parts
    joined ("Ottawa, Ontario, Canada"); never its `story.date`."""
    if dateline is None:
        return ""
    parts = [text_of(dateline, without=frozenset({"story.date", "location"}))]
    for location in children(dateline, "location"):
        parts += [text_of(node) for node in location] or [text_of(location)]
    return ", ".join(part for part in parts if part)


# Dates


def _published(head, docdata, body_head, warnings) -> datetime | None:
    if (issued := _date(docdata, "date.issue", warnings)) is not None:
        return issued
    pubdata = child(head, "pubdata")
    if pubdata is not None and pubdata.get("date.publication"):
        if when := _norm(pubdata.get("date.publication", "")):
            return when
        warnings.append(
            f'unreadable pubdata@date.publication "{pubdata.get("date.publication")}"'
            ": ignored"
        )
    story_date = child(child(body_head, "dateline"), "story.date")
    return _norm((story_date.get("norm") or "") if story_date is not None else "")


def _date(docdata, name: str, warnings: list[str]) -> datetime | None:
    """A docdata date's `norm` (ISO 8601, basic or extended; without a zone,
    UTC); a warning when it is there but no date. `date.expire` is only
    reported: nothing here expires a story."""
    element = child(docdata, name)
    value = (element.get("norm") or "").strip() if element is not None else ""
    if not value:
        return None
    when = _norm(value)
    if when is None:
        warnings.append(f'unreadable {name} "{value[:40]}": ignored')
    elif _zoneless(value):
        warnings.append(f'{name} "{value}" has no time zone: read as UTC')
    return when


def _norm(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _zoneless(value: str) -> bool:
    return datetime.fromisoformat(value.strip()).tzinfo is None


def expiry_warning(docdata, warnings: list[str]) -> None:
    if (expires := _date(docdata, "date.expire", warnings)) is not None:
        warnings.append(
            f"date.expire {expires.isoformat()} not applied: stories here do not "
            "expire; take it down by hand if the agency requires it"
        )


# Status, urgency, version


def _status(docdata, warnings: list[str]) -> str | None:
    status = docdata.get("management-status", "") if docdata is not None else ""
    status = status.strip().lower()
    if status in MANAGEMENT_STATUS:
        return MANAGEMENT_STATUS[status]
    if status == "embargoed":
        release = child(docdata, "date.release")
        if release is not None and _norm(release.get("norm") or ""):
            return None  # the embargo holds it back until its release
        warnings.append("embargoed with no readable date.release: imported as a draft")
        return DRAFT
    if status:
        warnings.append(f'unknown management-status "{status}": imported as a draft')
        return DRAFT
    return None


def _urgency(docdata, head, warnings: list[str]) -> int | None:
    """`docdata/urgency@ed-urg`; an `urgency` misplaced directly in `head`
    (Canadian Press) is read too. NITF's 1–8 is IPTC's scale already."""
    element = child(docdata, "urgency")
    if element is None:
        element = child(head, "urgency")
    urgency = _number(element, "ed-urg", warnings)
    if urgency is not None and not 1 <= urgency <= 9:
        warnings.append(f"urgency {urgency} is not 1 to 9: ignored")
        return None
    return urgency


def _number(element: Element | None, attribute: str, warnings) -> int | None:
    value = (element.get(attribute) or "").strip() if element is not None else ""
    if not value:
        return None
    if value.isdigit() and len(value) <= 9:
        return int(value)
    warnings.append(f'unreadable {local(element)}@{attribute} "{value[:40]}": ignored')
    return None


# Credits


def _credits(byline: Element | None, warnings: list[str]) -> list[CreditRef]:
    """The byline's writers; its `byttl` (or what follows " / ") is their
    affiliation. Initials alone ("gr/bp") name no one: no credit."""
    names = text_of(byline, without=frozenset({"byttl"}))
    title = text_of(child(byline, "byttl"))
    if not names:
        return []
    if not title and " / " in names:
        names, _, title = names.partition(" / ")
    credits = byline_credits(names)
    authors = [credit for credit in credits if credit.role == AUTHOR]
    if not any(looks_like_name(author.name) for author in authors):
        warnings.append(f'byline "{text_of(byline)}" names no one: no credit')
        return []
    for author in authors:
        author.affiliation = author.affiliation or title.strip()
    return credits


# Tags and slugline


def _identified(docdata) -> list[TagRef]:
    """`identified-content` codes: their words (else their value) as the tag,
    their `idsrc` and `value` as its URI."""
    tags = []
    identified = child(docdata, "identified-content")
    for element in [] if identified is None else identified:
        if local(element) not in IDENTIFIED:
            continue
        value = (element.get("value") or "").strip()
        name = text_of(element) or value
        if not name:
            continue
        tags.append(TagRef(name=name, uri=_code_uri(element.get("idsrc", ""), value)))
    return tags


def _code_uri(scheme: str, value: str) -> str:
    scheme = scheme.strip()
    if not (scheme and value):
        return ""
    if "://" in scheme:
        return scheme.rstrip("/") + "/" + value
    return f"{scheme}:{value}"


def _subjects(head, warnings: list[str]) -> list[TagRef]:
    """IPTC subject codes (8 digits, `ipr` IPTC or unsaid) with a name; an
    agency's own codes have no scheme here and are left out."""
    tags, unnamed = [], []
    for tobject in children(head, "tobject"):
        for subject in children(tobject, "tobject.subject"):
            code = (subject.get("tobject.subject.refnum") or "").strip()
            ipr = (subject.get("tobject.subject.ipr") or "IPTC").strip().upper()
            if ipr != "IPTC" or not (code.isdigit() and len(code) == 8):
                continue
            name = next(
                (
                    one_line(subject.get(f"tobject.subject.{part}") or "")
                    for part in ("detail", "matter", "type")
                    if (subject.get(f"tobject.subject.{part}") or "").strip()
                ),
                "",
            )
            if name:
                tags.append(TagRef(name=name, uri=SUBJECT_CODES + code))
            else:
                unnamed.append(code)
    if unnamed:
        warnings.append(
            "IPTC subject codes without a name are not tags: " + ", ".join(unnamed)
        )
    return tags


def _keywords(docdata) -> tuple[str, list[TagRef]]:
    """(slugline, tags): a key-list of one keyword is the agency's slug;
    several keywords are tags."""
    keywords = unique(
        one_line(keyword.get("key") or keyword.text or "")
        for keyword in children(child(docdata, "key-list"), "keyword")
    )
    keywords = [keyword for keyword in keywords if keyword]
    if len(keywords) == 1:
        return keywords[0], []
    return "", [TagRef(name=keyword) for keyword in keywords]
