"""Bylines into credits, the same rules for every importer: "By Jane Doe and
John Smith, The Associated Press" gives the same two authors whether it came
in a page, a feed, a ninjs document or a WordPress export.

- a leading "By" (or "Von", "Par", "Por", "Av", "Door") is dropped;
- names are parted by commas, semicolons and "and" ("&", "und", "og", "och",
  "et"); not "e"/"y", which join Portuguese and Spanish surnames, and not
  the comma of "Hines, P. J.";
- after the first name, job titles and agencies are the writers'
  affiliation, not more writers: "Jane Roe, Staff Reporter", "Christian
  Hollmann, dpa"; the first name always stays ("By The Canadian Press");
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
INITIALS = re.compile(r"(?:[A-Z]\.\s*)+")
# "Jr.", "P. J.": a final full stop that belongs to the name.
ABBREVIATED_END = re.compile(r"\b[A-Z][a-z]?\.$")
# ", CTVNews.ca Writer", ", Staff Reporter": a job title after the byline's names.
AFFILIATION = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|journalist|producer|columnist"
    r"|staff|bureau|chief|news)s?\b|\w\.(?:ca|com|org|net|co\.uk)\b",
    re.I,
)
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
    """The credits in a value known to be a byline: authors, then the
    contributors of a "With files from" at its end."""
    byline = one_line(byline)
    contributors: list[CreditRef] = []
    if (match := TRAILER.search(byline)) and (found := _trailer(match)):
        contributors = found
        byline = byline[: match.start()]
    names = _writers(split_names(BYLINE_PREFIX.sub("", byline)))
    return unique_credits([person(name, AUTHOR) for name in names] + contributors)


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


def _writers(names: list[str]) -> list[str]:
    if not names:
        return []
    first, *others = names
    return [first] + [
        name for name in others if not (AFFILIATION.search(name) or find_agency(name))
    ]


def _trailer(match: re.Match[str]) -> list[CreditRef] | None:
    names = split_names(match["names"])
    if not names or any(len(name) > 80 or len(name.split()) > 8 for name in names):
        return None
    if match["what"].casefold().startswith("reporting"):
        return [person(name, CONTRIBUTOR) for name in names]
    return [organisation(name, CONTRIBUTOR) for name in names]
