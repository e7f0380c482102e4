"""Bylines into credits, the same rules for every importer: "By Jane Doe and
John Smith, The Associated Press" gives the same two authors whether it came
in a page, a feed, a ninjs document or a WordPress export.

- a leading "By" (or "Von", "Par", "Por", "Av", "Door") is dropped;
- names are parted by commas, semicolons and "and" ("&", "und", "og", "och",
  "et"); not "e"/"y", which join Portuguese and Spanish surnames, and not
  the comma of "Hines, P. J.";
- after the first name, a part between commas that is a job title, an
  agency or an organisation ("University of Oslo", "The Anti-Doping
  Database") is the affiliation of the writers named before it, not one
  more writer: "Jane Roe, Staff Reporter", "Christian Hollmann, dpa"; the
  first name always stays ("By The Canadian Press");
- web addresses are never names: "Jane Doe, available at https://…" is
  Jane Doe;
- "With files from Reuters" credits Reuters as a contributor (an
  organisation, or its agency), "With reporting by Ann Poe" a person.

Authors are people, or the agency when the name is a known one ("Reuters").
"""

from __future__ import annotations

import re

from articles.text.agencies import find_agency
from articles.text.credits import (
    AUTHOR,
    CONTRIBUTOR,
    CreditRef,
    organisation,
    person,
    unique_credits,
)
from articles.text.plain import one_line, unique

BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|av|door)\s+", re.I)
# On a page, where a line has to prove it is a byline, English only: "Von
# Berlin nach Hamburg" is a heading.
PAGE_BYLINE = re.compile(r"^by\s+\S", re.I)
NAME_SEPARATORS = re.compile(r"(\s*[,;]\s*|\s+(?:and|&|und|og|och|et)\s+)", re.I)
# A byline's parts: names, or what is said about the names before them.
PART_SEPARATOR = re.compile(r"\s*[,;]\s*")
AND = re.compile(r"^(?:and|&|und|og|och|et)\s+", re.I)
INITIALS = re.compile(r"(?:[A-Z]\.\s*)+")
# "Jr.", "P. J.": a final full stop that belongs to the name.
ABBREVIATED_END = re.compile(r"\b[A-Z][a-z]?\.$")
# ", CTVNews.ca Writer", ", Staff Reporter": a job title after the byline's names.
AFFILIATION = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|journalist|producer|columnist"
    r"|staff|bureau|chief|news)s?\b|\w\.(?:ca|com|org|net|co\.uk)\b",
    re.I,
)
# What makes a part of a byline an organisation rather than a writer.
ORGANISATION = re.compile(
    r"^the\s|\b(?:universit\w*|universidad|université|college|institut\w*"
    r"|school|academy|akademie|cent(?:er|re)|foundation|department|ministry"
    r"|hospital|laborator\w*|society|association|council|agency|company"
    r"|corporation|inc|ltd|llc|gmbh|group|times|herald|journal|gazette|tribune"
    r"|magazine|network|media|database|daily|radio|television)\b",
    re.I,
)
# Web addresses, and what led up to one: "available at", "see", "from".
URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>()\[\]]+", re.I)
URL_LEAD_IN = re.compile(
    r"[,;:]?\s*(?:\b(?:(?:is\s+)?(?:available|found|online|retrieved|published)"
    r"\s+)?(?:at|from|on|see|via|under)\b\s*:?\s*)?\x00",
    re.I,
)
EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
# A line of its own ("— With files from Reuters.") or the end of a byline
# ("By Jane Roe. With files from Reuters").
TRAILER = re.compile(
    r"(?:^[-–—]*|[.;,]?)\s*\bwith\s+(?P<what>(?:files|a file)\s+from|reporting\s+by)"
    r"\s+(?P<names>.+?)\.?$",
    re.I,
)
MAX_PAGE_BYLINE = 150
MAX_PAGE_TRAILER = 200


def byline_credits(byline: str) -> list[CreditRef]:
    """The credits in a value known to be a byline: authors (with what the
    byline says of their affiliation), then the contributors of a "With
    files from" at its end."""
    byline = without_urls(byline)
    contributors: list[CreditRef] = []
    if (match := TRAILER.search(byline)) and (found := _trailer(match)):
        contributors = found
        byline = byline[: match.start()]
    authors = []
    for name, affiliation in writers(BYLINE_PREFIX.sub("", byline)):
        author = person(name, AUTHOR)
        author.affiliation = affiliation
        authors.append(author)
    return unique_credits(authors + contributors)


def writers(text: str) -> list[tuple[str, str]]:
    """(name, affiliation) for each writer a byline names: "Jane Doe,
    University of Oslo and John Roe" -> Jane Doe of the University of Oslo,
    and John Roe, of whom it says nothing. An affiliation goes to every name
    since the last one: "Jane Doe and John Roe, Reuters" are both of
    Reuters; "Jane Roe, Staff Writer, The Globe" is both."""
    found: list[list[str]] = []  # [name, affiliation], in byline order
    described = 0  # where the names the next affiliation describes start
    after_affiliation = False
    for part in PART_SEPARATOR.split(one_line(text)):
        if found:
            part = _clean_name(AND.sub("", part))
        if not part:
            continue
        if found and INITIALS.fullmatch(part):
            found[-1][0] += f", {part}"  # "Hines, P. J."
        elif found and is_affiliation(part):
            for entry in found[described:]:
                entry[1] = ", ".join(filter(None, (entry[1], part)))
            after_affiliation = True
        else:
            if after_affiliation:
                described, after_affiliation = len(found), False
            found += [[name, ""] for name in split_names(part)]
    return [(name, affiliation) for name, affiliation in found]


def is_affiliation(part: str) -> bool:
    """Whether a part of a byline after its first name says who the writers
    are with, rather than naming one more."""
    return bool(
        AFFILIATION.search(part) or find_agency(part) or ORGANISATION.search(part)
    )


def without_urls(text: str) -> str:
    """`text` on one line without its web addresses, nor the words that led
    up to them: "Jane Doe, available at https://example.org/x" -> "Jane Doe"."""
    if "http" not in text.lower() and "www." not in text.lower():
        return one_line(text)
    text = EMPTY_BRACKETS.sub("", URL_LEAD_IN.sub("", URL.sub("\x00", text)))
    return one_line(text).strip(" ,;:")


def page_byline_credits(line: str) -> list[CreditRef] | None:
    """The credits of a page line when it is a byline ("By Jane Doe and John
    Roe, CTVNews.ca Writers"); None for any other line ("By the end of 2023,
    the plant had built 20 jets.")."""
    if len(line) > MAX_PAGE_BYLINE or not PAGE_BYLINE.match(line):
        return None
    credits = byline_credits(line)
    authors = [credit for credit in credits if credit.role == AUTHOR]
    if authors and all(looks_like_name(credit.name) for credit in authors):
        return credits
    return None


def trailer_credits(line: str) -> list[CreditRef] | None:
    """The contributors of a "With files from Reuters" line; None for any
    other line."""
    match = TRAILER.match(line) if len(line) <= MAX_PAGE_TRAILER else None
    return _trailer(match) if match else None


def split_names(text: str) -> list[str]:
    """ "A, B and C" -> ["A", "B", "C"], each once; "Hines, P. J." is one."""
    pieces = NAME_SEPARATORS.split(one_line(text))
    names = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if separator.strip() == "," and INITIALS.fullmatch(piece):
            names[-1] += f", {piece}"
        else:
            names.append(piece)
    return unique(name for name in map(_clean_name, names) if name)


def looks_like_name(name: str) -> bool:
    return (
        0 < len(name) <= 60
        and name[0].isupper()
        and len(name.split()) <= 5
        and not any(char.isdigit() for char in name)
    )


def _clean_name(name: str) -> str:
    name = name.strip().lstrip(".")
    if name.endswith(".") and not ABBREVIATED_END.search(name):
        name = name.rstrip(".").rstrip()
    return name


def _trailer(match: re.Match[str]) -> list[CreditRef] | None:
    names = split_names(match["names"])
    if not names or any(len(name) > 80 or len(name.split()) > 8 for name in names):
        return None
    if match["what"].casefold().startswith("reporting"):
        return [person(name, CONTRIBUTOR) for name in names]
    return [organisation(name, CONTRIBUTOR) for name in names]
