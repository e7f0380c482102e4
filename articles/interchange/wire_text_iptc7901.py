"""An IPTC 7901 message (dpa's English service, for one) into a `Story`.

    SOH eca062 4 i 211 ccccb   dpa 061     header: source and message number,
                                           priority, category, word count…
    Germany-politics/                      keyword (slug) line(s)
    STX Germany Social Democrats: … =      headline, ended by "="
       Berlin (dpa) - Negotiations …       text, paragraphs between blank lines
    The following information is not for publication   (the rest is not)
    ETX 131137 GMT Nov 13                  day, hour, minute (UTC), month, year
    EOT

- priority: a digit, 1 most urgent, IPTC's own scale: the urgency as is;
- a line above the headline in capitals alone ("EXTRA") is a label the
  agency puts on the message: a signal, not part of the headline;
- a known agency named in the header (dpa) is credited;
- the source id is "iptc7901:" + source and number + "@" + the trailer's
  time (YYYYMMDDHHMM), since numbers come round again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from articles.interchange.story import AUTHOR, Story, StoryError
from articles.interchange.wire_text_charsets import LATIN_1, decode
from articles.interchange.wire_text_reader import (
    ETX,
    SOH,
    STX,
    dateline_of,
    paragraphs_html,
    refuse_without,
    source_id,
    without_controls,
)
from articles.text.agencies import find_agency
from articles.text.credits import person

STANDARD = "IPTC 7901"
HEADER = re.compile(
    r"^(?P<source>[A-Za-z]*)(?P<number>\d{1,5}) (?P<priority>\d) "
    r"(?P<category>[A-Za-z]{1,3}) (?P<words>\d+)(?P<rest>.*)$"
)
TRAILER = re.compile(
    r"^\s*(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2}) GMT "
    r"(?P<month>[A-Za-z]{3}) (?P<year>\d{2})\b"
)
NOT_FOR_PUBLICATION = re.compile(r"not (?:intended )?for publication", re.I)
SEPARATOR = re.compile(r"^[\s*=\-_#]*$")
MARKDOWN_LINE = re.compile(r"\n(?=#|- )")
LABEL = re.compile(r"^[A-ZÄÖÜ]{3,12}$")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
          "nov", "dec")  # fmt: skip


def iptc7901_story(data: bytes) -> Story:
    text = decode(data, LATIN_1, STANDARD).replace("\r\n", "\n").replace("\r", "\n")
    head, stx, rest = text.partition(STX)
    if not stx:
        raise refuse_without("text (no STX)", STANDARD)
    message, etx, trailer = rest.partition(ETX)
    if not etx:
        raise refuse_without("end of text (no ETX)", STANDARD)
    header_line, _, keyword_lines = head.lstrip(" \n\x00").partition("\n")
    header = HEADER.match(without_controls(header_line.removeprefix(SOH)))
    if header is None:
        raise StoryError(
            f"not a story: the {STANDARD} header "
            f'"{without_controls(header_line)[:60]}" gives no message number'
        )
    warnings: list[str] = []
    when = _sent_at(trailer, warnings)
    identity, more = source_id("iptc7901", header["source"] + header["number"], when)
    headline, signals, body = _headline(message)
    if not headline:
        raise refuse_without("headline", STANDARD)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise refuse_without("text after its headline", STANDARD)
    urgency = int(header["priority"]) or None
    if urgency is None:
        warnings.append("priority 0 is not an urgency: ignored")
    agency = next(
        (found for word in header["rest"].split() if (found := find_agency(word))),
        None,
    )
    return Story(
        source_id=identity,
        headline=headline,
        body_html=paragraphs_html(paragraphs),
        credits=[person(agency.name, AUTHOR)] if agency else [],
        published_at=when,
        record=f'message "{header["source"]}{header["number"]}"',
        warnings=warnings + more,
        urgency=urgency,
        slugline=" ".join(
            without_controls(line).rstrip("/").strip()
            for line in keyword_lines.split("\n")
            if without_controls(line)
        ),
        dateline=dateline_of(paragraphs),
        signals=signals,
    )


def _headline(message: str) -> tuple[str, list[str], str]:
    """(headline, signals, the text after it): the headline runs to the line
    that ends with "=" (else it is the first line); a label in capitals alone
    above it is a signal."""
    lines = message.split("\n")
    end = next(
        (
            number
            for number, line in enumerate(lines[:4])
            if without_controls(line).endswith("=")
        ),
        0,
    )
    heading = [without_controls(line) for line in lines[: end + 1]]
    signals = []
    while len(heading) > 1 and LABEL.match(heading[0]):
        signals.append(heading.pop(0).lower())
    headline = " ".join(part for part in heading if part).removesuffix("=").strip()
    return headline, signals, "\n".join(lines[end + 1 :])


def _paragraphs(body: str) -> list[str]:
    """Paragraphs between blank lines, up to the note that the rest is not
    for publication (and the separator lines before it)."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\x7f]*\n", body):
        text = without_controls(block)
        if NOT_FOR_PUBLICATION.search(text):
            break
        # dpa's notebook is Markdown: a heading or a list item is a line apart.
        paragraphs += [without_controls(part) for part in MARKDOWN_LINE.split(block)]
    # Separators, and a heading with nothing left under it, end nothing.
    while paragraphs and (
        SEPARATOR.match(paragraphs[-1]) or paragraphs[-1].startswith("#")
    ):
        paragraphs.pop()
    return [text for text in paragraphs if text]


def _sent_at(trailer: str, warnings: list[str]) -> datetime | None:
    """The time after ETX: "131137 GMT Nov 13" is 13 November 2013, 11:37 UTC."""
    match = TRAILER.match(without_controls(trailer))
    if match is None:
        if without_controls(trailer):
            warnings.append(
                f'unreadable time after the text "{without_controls(trailer)[:40]}"'
            )
        return None
    month = match["month"].lower()
    try:
        return datetime(
            2000 + int(match["year"]),
            MONTHS.index(month) + 1,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            tzinfo=UTC,
        )
    except ValueError:
        warnings.append(f'unreadable time after the text "{match[0].strip()}"')
        return None
