"""What a NewsML-G2 item says about itself (`itemMeta`, `contentMeta`,
`rightsInfo`), read once into `ItemMeta` for the story, picture and
package readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from xml.etree.ElementTree import Element

from articles.interchange.newsml_xml import (
    child,
    children,
    concept_name,
    g2_datetime,
    integer,
    lang_of,
    qcode_code,
    qcode_uri,
    text,
)
from articles.interchange.story import ARCHIVED, DRAFT, TagRef

PUBSTATUS = {"usable": None, "withheld": DRAFT, "canceled": ARCHIVED,
             "cancelled": ARCHIVED}  # fmt: skip
# Description roles (descRole:, drol:) that are a story's standfirst, a
# photo's caption, a photo's text alternative.
SUMMARY_ROLES = frozenset({"summary", "abstract", "teaser", "lead"})
CAPTION_ROLES = frozenset({"caption", ""})
ALT_ROLES = frozenset({"alternativetext", "alttext", "alt"})


@dataclass
class Party:
    """Someone an item names: `by`, a creator, a contributor, a provider."""

    name: str
    role: str = ""  # the role's code: "phot", "source", "descrwriter"
    kind: str = ""  # the concept type's code: "person", "organisation"


@dataclass(kw_only=True)
class ItemMeta:
    kind: str  # the element: newsItem, packageItem, conceptItem...
    guid: str
    version: int | None
    item_class: str  # "text", "picture", "composite"... ("" unsaid)
    lang: str = ""
    language: str = ""  # the content's: contentMeta/language, else xml:lang
    headline: str = ""
    slugline: str = ""
    dateline: str = ""
    by: str = ""
    creditline: str = ""
    descriptions: list[tuple[str, str]] = field(default_factory=list)
    creators: list[Party] = field(default_factory=list)
    contributors: list[Party] = field(default_factory=list)
    provider: str = ""
    copyright_holder: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    ed_note: str = ""
    tags: list[TagRef] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    urgency: int | None = None
    signals: list[str] = field(default_factory=list)
    status: str | None = None
    embargoed: datetime | None = None
    first_created: datetime | None = None
    version_created: datetime | None = None
    content_created: datetime | None = None
    warnings: list[str] = field(default_factory=list)

    def description(self, roles: frozenset[str]) -> str:
        return next((words for role, words in self.descriptions if role in roles), "")


def item_meta(item: Element, kind: str, lang: str = "") -> ItemMeta:
    item_meta_ = child(item, "itemMeta")
    content = child(item, "contentMeta")
    rights = child(item, "rightsInfo")
    lang = lang_of(item, lang)
    warnings: list[str] = []
    meta = ItemMeta(
        kind=kind,
        guid=item.get("guid", "").strip(),
        version=integer(item.get("version", "")),
        item_class=qcode_code(_attribute(child(item_meta_, "itemClass"), "qcode")),
        lang=lang,
        language=_attribute(child(content, "language"), "tag") or lang,
        headline=_in_language(children(content, "headline"), lang),
        slugline=text(child(content, "slugline")),
        dateline=text(child(content, "dateline"))
        or _name(child(content, "located"), lang),
        by=text(child(content, "by")),
        creditline=text(child(content, "creditline")),
        descriptions=[
            (qcode_code(description.get("role", "")), text(description))
            for description in children(content, "description")
            if text(description)
        ],
        creators=_parties(children(content, "creator"), lang),
        contributors=_parties(children(content, "contributor"), lang),
        provider=_name(child(item_meta_, "provider"), lang),
        copyright_holder=_name(child(rights, "copyrightHolder"), lang),
        copyright_notice=text(child(rights, "copyrightNotice")),
        usage_terms=text(child(rights, "usageTerms")),
        ed_note=text(child(item_meta_, "edNote")),
        tags=_subjects(children(content, "subject"), lang, warnings),
        keywords=[text(word) for word in children(content, "keyword") if text(word)],
        urgency=_urgency(child(content, "urgency"), warnings),
        signals=_signals(children(item_meta_, "signal")),
        status=_status(child(item_meta_, "pubStatus"), warnings),
        embargoed=g2_datetime(child(item_meta_, "embargoed"), "embargoed", warnings),
        first_created=g2_datetime(
            child(item_meta_, "firstCreated"), "firstCreated", warnings
        ),
        version_created=g2_datetime(
            child(item_meta_, "versionCreated"), "versionCreated", warnings
        ),
        content_created=g2_datetime(
            child(content, "contentCreated"), "contentCreated", warnings
        ),
        warnings=warnings,
    )
    return meta


def _in_language(elements: list[Element], lang: str) -> str:
    for element in elements:
        same = lang and lang_of(element, lang).split("-")[0] == lang.split("-")[0]
        if same and (words := text(element)):
            return words
    return next((text(element) for element in elements if text(element)), "")


def _name(concept: Element | None, lang: str) -> str:
    return concept_name(concept, lang) if concept is not None else ""


def _parties(elements: list[Element], lang: str) -> list[Party]:
    parties = []
    for element in elements:
        if name := concept_name(element, lang):
            kind = qcode_code(element.get("type", ""))
            parties.append(Party(name, qcode_code(element.get("role", "")), kind))
    return parties


def _subjects(elements: list[Element], lang: str, warnings: list[str]) -> list[TagRef]:
    """Named subjects as tags, each with its code and scheme; a code with
    no name cannot name a tag (the vocabulary is not here)."""
    tags, nameless = [], []
    for subject in elements:
        name, uri = concept_name(subject, lang), qcode_uri(subject)
        if name:
            tags.append(TagRef(name=name, uri=uri))
        elif uri:
            nameless.append(subject.get("qcode", "") or uri)
    if nameless:
        warnings.append(
            f"{len(nameless)} subject code{'s' if len(nameless) > 1 else ''} "
            f"without a name not kept as tags: {', '.join(nameless[:5])}"
            + (", …" if len(nameless) > 5 else "")
        )
    return tags


def _urgency(element: Element | None, warnings: list[str]) -> int | None:
    value = text(element)
    number = integer(value)
    if value and (number is None or not 1 <= number <= 9):
        warnings.append(f"urgency {value!r} is not 1 to 9: ignored")
        return None
    return number


def _signals(elements: list[Element]) -> list[str]:
    """IPTC signals ("sig:correction") by their code; an agency's own by
    their whole QCode ("edStat:U")."""
    signals = []
    for signal in elements:
        qcode = signal.get("qcode", "").strip()
        alias, _, code = qcode.partition(":")
        if qcode:
            signals.append(code if alias == "sig" else qcode)
    return signals


def _status(element: Element | None, warnings: list[str]) -> str | None:
    if element is None:
        return None
    code = qcode_code(element.get("qcode", "")) or text(element).lower()
    if code in PUBSTATUS:
        return PUBSTATUS[code]
    # Whatever it means at the source, it was not said to be usable.
    warnings.append(f'unknown pubStatus "{code}": imported as a draft')
    return DRAFT


def _attribute(element: Element | None, name: str) -> str:
    return element.get(name, "") if element is not None else ""
