"""Reading NewsML-G2 elements by meaning: local names (agencies send the
G2 namespace, another prefix, or none), a concept's name in the item's
language, QCodes as URIs, G2 dates."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from articles.text.plain import one_line

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The IPTC catalog's aliases for the schemes our tags keep as URIs; any
# other alias is kept as the QCode itself ("N2:CIV"), still with its scheme.
SCHEMES = {
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "subj": "http://cv.iptc.org/newscodes/subjectcode/",
    "genre": "http://cv.iptc.org/newscodes/genre/",
    "iptc": "http://cv.iptc.org/newscodes/subjectcode/",
}


def local(element: Element) -> str:
    """ "newsItem" for "{http://iptc.org/std/nar/2006-10-01/}newsItem"."""
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rpartition("}")[2]


def children(element: Element | None, name: str) -> list[Element]:
    """The children called `name`, in any namespace and any case (a sloppy
    feed writes `<Header>`)."""
    if element is None:
        return []
    wanted = name.lower()
    return [
        child
        for child in element
        if isinstance(child.tag, str) and _lower_local(child.tag) == wanted
    ]


@functools.lru_cache(maxsize=1024)
def _lower_local(tag: str) -> str:
    # Asked of every child of every element looked in: remembered per tag.
    return tag.rpartition("}")[2].lower()


def child(element: Element | None, name: str) -> Element | None:
    found = children(element, name)
    return found[0] if found else None


def path(element: Element | None, *names: str) -> Element | None:
    for name in names:
        element = child(element, name)
    return element


def text(element: Element | None) -> str:
    """An element's words on one line ("" when missing)."""
    if element is None:
        return ""
    return one_line("".join(element.itertext()))


def lang_of(element: Element, default: str = "") -> str:
    return element.get(XML_LANG, default)


def concept_name(concept: Element, lang: str = "") -> str:
    """A concept's name: its `<name>` in the item's language, else its first,
    else its `literal`."""
    names = [(lang_of(name), text(name)) for name in children(concept, "name")]
    names = [(code, value) for code, value in names if value]
    for code, value in names:
        if lang and code.lower().split("-")[0] == lang.lower().split("-")[0]:
            return value
    if names:
        return names[0][1]
    return one_line(concept.get("literal", ""))


def qcode_uri(concept: Element) -> str:
    """The concept's code with its scheme, as a URI: its `uri`, else its
    QCode expanded by the IPTC catalog ("medtop:20000002" ->
    "http://cv.iptc.org/newscodes/mediatopic/20000002"), else the QCode."""
    if uri := concept.get("uri", "").strip():
        return uri
    qcode = concept.get("qcode", "").strip()
    alias, _, code = qcode.partition(":")
    if code and alias in SCHEMES:
        return SCHEMES[alias] + code
    return qcode


def qcode_code(value: str) -> str:
    """ "usable" for "stat:usable", "picture" for "icls:picture"."""
    return value.strip().rpartition(":")[2].lower()


def g2_datetime(
    element: Element | None, what: str, warnings: list[str]
) -> datetime | None:
    """A G2 date (DateOptTimeType): aware and in UTC; a time without a zone
    is taken as UTC, a date alone as its midnight. Unreadable: a warning."""
    value = text(element)
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        warnings.append(f"unreadable {what} {value[:60]!r}: ignored")
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def integer(value: str) -> int | None:
    """A whole number a database integer holds (Reuters' versions run to
    ten digits); None for anything else."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number < 2**31 else None
