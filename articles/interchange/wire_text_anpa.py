"""An ANPA 1312 message (The Associated Press's, for one) into a `Story`.

    SYN SYN SOH W2870 US asian                 service, message number, selectors
    f l DC3 DC1 BC-LT--Argentina-CancerB  11-13 1049
                                               priority, category, format, keyword
    STX ^BC-LT--Argentina-Cancer Beauty,466<   keyword line: cycle, category,
                                               slug, word count
    ^For Argentine chemo patients, …<          headline
    ^AP Photo XNP101, …<  ^Eds: With AP Photos.<   notes to editors (not text)
    ^By PAUL BYRNE and ALMUDENA CALATRAVA=     byline, then its title, ended "="
    ^Associated Press=
    TAB   BUENOS AIRES, Argentina (AP) _ …     paragraphs, each opened by a tab
    ETX AP-WF-11-13-13 1509GMT                 sent: month-day-year hour minute
    EOT

- priority codes onto IPTC's 1 (most urgent) to 9 scale: f (flash) 1,
  b (bulletin) 2, u (urgent) 3, r (regular) 5, d (deferred) 7, a (advance) 8;
  any other code: no urgency, warned;
- DC2 (instead of DC1) marks tabular text, kept as preformatted;
- AP's 7-bit typography: `` and '' are quotation marks (“ ”), ` an opening
  single one (‘), " _ " a dash;
- the source id is "anpa:" + service and number + "@" + the sending time
  (YYYYMMDDHHMM), since numbers come round again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import escape

from articles.interchange.story import AUTHOR, Story
from articles.interchange.wire_text_charsets import ASCII, decode
from articles.interchange.wire_text_reader import (
    ETX,
    SOH,
    STX,
    US,
    dateline_of,
    paragraphs_html,
    refuse_without,
    source_id,
    without_controls,
)
from articles.text.bylines import byline_credits

STANDARD = "ANPA 1312"
PRIORITIES = {"f": 1, "b": 2, "u": 3, "r": 5, "d": 7, "a": 8}
FIRST_HEADER = re.compile(r"^(?P<service>[A-Za-z])(?P<number>\d{4})$")
SECOND_HEADER = re.compile(
    r"^(?P<priority>[A-Za-z]) (?P<category>[A-Za-z])[\x13\x14](?P<mode>[\x11\x12])"
)
KEYWORD = re.compile(
    r"^(?:AM|PM|BC|AP)-(?P<category>[A-Za-z0-9]+)--?(?P<slug>.+?)(?:,(?P<words>\d+))?$",
    re.I,
)
TRAILER = re.compile(
    r"(?P<month>\d{1,2})-(?P<day>\d{1,2})-(?P<year>\d{2}) (?P<hour>\d{2})(?P<minute>\d{2}) ?GMT"
)
TABULAR = "\x12"
# Tabular text keeps its line ends; every other control character goes.
LAYOUT_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def anpa_story(data: bytes) -> Story:
    text = decode(data, ASCII, STANDARD).replace("\r\n", "\n").replace("\r", "\n")
    head, stx, rest = text.partition(STX)
    if not stx:
        raise refuse_without("text (no STX)", STANDARD)
    message, etx, trailer = rest.partition(ETX)
    if not etx:
        raise refuse_without("end of text (no ETX)", STANDARD)
    first, _, second = head.lstrip("\x16").removeprefix(SOH).partition("\n")
    header = FIRST_HEADER.match(first.partition(US)[0].strip())
    if header is None:
        raise refuse_without("message number in its header", STANDARD)
    control = SECOND_HEADER.match(second)
    warnings: list[str] = []
    when = _sent_at(trailer, warnings)
    identity, more = source_id("anpa", header["service"] + header["number"], when)
    notes, lines = _header_lines(message)
    keyword = KEYWORD.match(notes.pop(0)) if notes else None
    headline = _typography(notes.pop(0)) if notes else ""
    if not headline:
        raise refuse_without("headline", STANDARD)
    byline = [line for line in notes if line.endswith("=")]
    tabular = control is not None and control["mode"] == TABULAR
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise refuse_without("text after its headline", STANDARD)
    urgency = _urgency(control, warnings)
    return Story(
        source_id=identity,
        headline=headline,
        body_html=_pre(lines) if tabular else paragraphs_html(paragraphs),
        credits=_credits(byline),
        published_at=when,
        record=f'message "{header["service"]}{header["number"]}"',
        warnings=warnings + more,
        urgency=urgency,
        slugline=keyword["slug"].strip() if keyword else "",
        dateline=dateline_of(paragraphs),
    )


def _header_lines(message: str) -> tuple[list[str], list[str]]:
    """(the "^" lines, ended by "<" or "=": the terminator kept only where
    it says what the line is, "="; the other lines)."""
    notes, lines = [], []
    for line in message.split("\n"):
        if line.startswith("^"):
            note = without_controls(line[1:]).removesuffix("<").strip()
            notes.append(note)
        else:
            lines.append(line)
    return notes, lines


def _paragraphs(lines: list[str]) -> list[str]:
    """A tab opens a paragraph; other lines with words go on the one before."""
    paragraphs: list[str] = []
    for line in lines:
        words = _typography(without_controls(line))
        if line.startswith("\t") or not paragraphs:
            paragraphs.append(words)
        elif words:
            paragraphs[-1] = f"{paragraphs[-1]} {words}".strip()
    return [text for text in paragraphs if text]


def _pre(lines: list[str]) -> str:
    kept = "\n".join(line.expandtabs(8).rstrip() for line in lines)
    return f"<pre>{escape(LAYOUT_CONTROLS.sub('', kept).strip())}</pre>"


def _typography(text: str) -> str:
    text = text.replace("``", "“").replace("''", "”").replace("`", "‘")
    return text.replace(" _ ", " — ")


def _credits(byline: list[str]):
    """The first "=" line is the byline ("By …"), the next its writers'
    title or agency."""
    if not byline:
        return []
    names = byline[0].removesuffix("=").strip()
    title = byline[1].removesuffix("=").strip() if len(byline) > 1 else ""
    credits = byline_credits(names)
    for credit in credits:
        if credit.role == AUTHOR:
            credit.affiliation = credit.affiliation or title
    return credits


def _urgency(control, warnings: list[str]) -> int | None:
    if control is None:
        warnings.append("no priority code in the header: no urgency")
        return None
    code = control["priority"].lower()
    if code not in PRIORITIES:
        warnings.append(f'unknown priority code "{code}": no urgency')
    return PRIORITIES.get(code)


def _sent_at(trailer: str, warnings: list[str]) -> datetime | None:
    """ "AP-WF-11-13-13 1509GMT": 13 November 2013, 15:09 UTC."""
    match = TRAILER.search(without_controls(trailer))
    if match is None:
        return None
    try:
        return datetime(
            2000 + int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            tzinfo=UTC,
        )
    except ValueError:
        warnings.append(f'unreadable sending time "{match[0]}"')
        return None
