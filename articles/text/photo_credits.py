"""Photo credits as captions and bylines write them, the wire-photo
convention, into credits: "(Khabarovsky Krai region government via AP)" at
the end of a caption, "AP Photo/Jane Doe", "Photograph: Jane Doe/Reuters".

Roles follow what the credit line will say: a photographer and the agency
she works for are creator and provider ("Jane Doe/Reuters", whether written
"AP Photo/Jane Doe" or "Jane Doe/AP"); "via" is kept for a distributor
passing on someone else's picture, a handout ("X via AP"). Web addresses are
never names."""

from __future__ import annotations

import re

from articles.text.agencies import find_agency
from articles.text.bylines import BYLINE_PREFIX, split_names, without_urls, writers
from articles.text.credits import (
    CREATOR,
    DISTRIBUTOR,
    PROVIDER,
    CreditRef,
    organisation,
    person,
    unique_credits,
)
from articles.text.plain import one_line

TRAILING_PARENTHESES = re.compile(r"\(([^()]*)\)$")
# What a photo credit says and a parenthesised aside ("(3,900 miles)") does not.
CREDIT_MARKERS = re.compile(
    r" via |/|\bphotos?\b|\bgetty\b|\bpress\b|\bimages?\b|\bhandout\b|\bpool\b", re.I
)
FILE_MARKER = re.compile(r",?\s*\bfile$", re.I)  # AP's "(AP Photo/Jane Doe, File)"
PHOTO_SUFFIX = re.compile(r"\s+photos?$", re.I)  # "AP Photo"
# "Photograph: Jane Doe/Reuters": the label is not part of the credit.
CREDIT_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|picture|image|foto)\s*(?::|\bby\b)\s*", re.I
)
PHOTO_BY = re.compile(CREDIT_LABEL.pattern + r"(.+)$", re.I)
# "U.S. Army photo by Kyle Davis": the organisation's own photographer.
OWN_PHOTO_BY = re.compile(r"^(.+?)\s+photo(?:graph)?s?\s+by\s+(.+)$", re.I)
MAX_CREDIT = 120


def parse_photo_credit(text: str) -> list[CreditRef]:
    """Credits in what a caption's parentheses say:

    "X via Y" -> provider X, distributor Y; "AP Photo/Jane Doe" -> creator
    Jane Doe, provider AP; "Jane Doe/Reuters" -> creator Jane Doe, provider
    Reuters; anything else -> provider.
    """
    text = FILE_MARKER.sub("", without_urls(text)).strip()
    source, via, distributors = text.partition(" via ")
    credits = _source_credits(source) if source else []
    if via:
        credits += [
            organisation(name, DISTRIBUTOR) for name in split_names(distributors)
        ]
    return credits


def looks_like_credit(text: str) -> bool:
    """Whether parenthesised `text` is a photo credit, not an aside."""
    text = text.strip()
    if not text or len(text) > MAX_CREDIT or any(char.isdigit() for char in text):
        return False
    return bool(CREDIT_MARKERS.search(text) or find_agency(text))


def trailing_credit(caption: str) -> tuple[str, str] | None:
    """(the caption before it, the credit) when `caption` ends in a
    parenthesised photo credit: "Kim Jong Un at the plant. (Khabarovsky Krai
    region government via AP)"."""
    match = TRAILING_PARENTHESES.search(caption.strip())
    if not match or not looks_like_credit(match[1]):
        return None
    return caption.strip()[: match.start()].strip(), match[1]


def without_label(credit: str) -> str:
    """ "Photograph: Jane Doe/Reuters" -> "Jane Doe/Reuters"; web addresses
    go too ("Photo by X, available at https://…" -> "X")."""
    return one_line(CREDIT_LABEL.sub("", without_urls(credit)))


def photo_byline_credits(byline: str) -> list[CreditRef]:
    """A photo's byline: a whole credit ("Jane Doe/Reuters", "X via AP"), or
    its photographers, agencies being its providers ("Jane Doe, Reuters"),
    other organisations their affiliation ("Jane Doe, University of Oslo")."""
    byline = without_label(byline)
    if not byline:
        return []
    if "/" in byline or " via " in byline.lower():
        return parse_photo_credit(byline)
    credits: list[CreditRef] = []
    for name, affiliation in writers(BYLINE_PREFIX.sub("", byline)):
        if find_agency(name):
            credits.append(organisation(name, PROVIDER))
            continue
        credits.append(person(name, CREATOR))
        if affiliation and find_agency(affiliation):
            credits.append(organisation(affiliation, PROVIDER))
        else:
            credits[-1].affiliation = affiliation
    return unique_credits(credits)


def _source_credits(text: str) -> list[CreditRef]:
    parts = [part.strip() for part in text.split("/") if part.strip()]
    if len(parts) == 1:
        if by := PHOTO_BY.match(parts[0]):
            return [person(by[1], CREATOR)]
        if own := OWN_PHOTO_BY.match(parts[0]):
            return [person(own[2], CREATOR), organisation(own[1], PROVIDER)]
        return [organisation(PHOTO_SUFFIX.sub("", parts[0]), PROVIDER)]
    # "AP Photo/Jane Doe": her picture, for the agency marked "Photo".
    agencies = [part for part in parts if PHOTO_SUFFIX.search(part)]
    if agencies:
        creators = [part for part in parts if part not in agencies]
        return [person(name, CREATOR) for name in creators] + [
            organisation(PHOTO_SUFFIX.sub("", part), PROVIDER) for part in agencies
        ]
    # "Jane Doe/Reuters", or agency first: "THE CANADIAN PRESS/Sean Kilpatrick".
    if find_agency(parts[0]) and not find_agency(parts[-1]):
        parts = parts[1:] + parts[:1]
    return [person(parts[0], CREATOR)] + [
        organisation(name, PROVIDER) for name in parts[1:]
    ]
