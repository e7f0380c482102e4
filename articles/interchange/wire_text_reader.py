"""Agency wire texts, IPTC 7901 and ANPA 1312, into a `Story`.

Pure: bytes in, one story out, no database. One file is one message, so a
message that cannot be read fails its file (StoryError), named by why.

The transmission control characters (SOH, STX, ETX, EOT, SYN, US, DC1–DC4)
are the message's structure: they split header, text and trailer, and are
never left in a headline or a body. The character set is the declared one,
else the standard's (`wire_text_charsets`). Each standard's layout is read in
its own module (`wire_text_iptc7901`, `wire_text_anpa`); what they share is
here: paragraphs, the dateline, the control characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import BinaryIO

from articles.interchange.reading import read_limited
from articles.interchange.sniffing import Kind, sniff
from articles.interchange.story import Story, StoryError

MAX_WIRE_BYTES = 2 * 1024 * 1024
SOH, STX, ETX, EOT, SYN, US = "\x01", "\x02", "\x03", "\x04", "\x16", "\x1f"
# What is left of the control characters once the structure is read: never
# text (tabs and line ends are layout and become spaces).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# "Berlin (dpa) - ", "BUENOS AIRES, Argentina (AP) _ ": the dateline as the
# agency wrote it, place and agency.
DATELINE = re.compile(
    r"^(?P<dateline>[^\s()][^()]{0,80}?\s\([^()\s][^()]{0,30}\))\s*[-–—_]+\s"
)


def parse_wire_text(stream: BinaryIO, name: str, **options) -> Iterator[Story]:
    """The story of an IPTC 7901 or ANPA 1312 file; StoryError when the file
    is neither, or not a story that can be imported."""
    data = read_limited(stream, MAX_WIRE_BYTES, "wire texts")
    kind = _kind(data)
    if kind is Kind.IPTC_7901:
        from articles.interchange.wire_text_iptc7901 import iptc7901_story

        yield iptc7901_story(data)
    elif kind is Kind.ANPA_1312:
        from articles.interchange.wire_text_anpa import anpa_story

        yield anpa_story(data)
    else:
        from articles.interchange.formats import refusal  # formats imports readers

        raise refusal(sniff(data[: 64 * 1024]), "wire")


def _kind(data: bytes) -> Kind:
    """Which standard a message follows, by its first control characters; a
    short flash has so many of them for its size that `sniff` may call it
    binary, so they are looked at here first."""
    start = data.lstrip(b" \t\r\n\x00")
    first_line = start.split(b"\n", 1)[0]
    if start.startswith(b"\x16") or (
        start.startswith(b"\x01") and b"\x1f" in first_line
    ):
        return Kind.ANPA_1312
    if start.startswith(b"\x01"):
        return Kind.IPTC_7901
    return sniff(data[: 64 * 1024]).kind


def without_controls(text: str) -> str:
    """Text with no control character left, on one line."""
    return " ".join(CONTROLS.sub(" ", text).split())


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in paragraphs if text)


def dateline_of(paragraphs: list[str]) -> str:
    """The dateline the first paragraph opens with ("Berlin (dpa)"), or ""."""
    match = DATELINE.match(paragraphs[0]) if paragraphs else None
    return match["dateline"] if match else ""


def source_id(standard: str, number: str, when) -> tuple[str, list[str]]:
    """("iptc7901:eca062@201311131137", warnings): the message number, which
    agencies reuse (daily, or after 9999), with the time the message gives;
    a message that gives none is identified by its number alone, warned."""
    if when is None:
        return f"{standard}:{number}", [
            f"no date in the message: identified by its number {number} alone, "
            "which the agency reuses; a later message with that number will "
            "update this story"
        ]
    return f"{standard}:{number}@{when:%Y%m%d%H%M}", []


def refuse_without(what: str, standard: str) -> StoryError:
    return StoryError(f"not a story: the {standard} message has no {what}")
