"""Plain text out of HTML and HTML out of plain text, the same for every
importer: a title, an excerpt or a term name reads the same whichever format
it came in."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.entities import html5

from bs4 import BeautifulSoup

# Markup that makes a "plain" value HTML after all: many RSS titles carry it.
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
# Entities in a "plain" value: escaped once too often at the source.
HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# A "&" and what follows: a character reference, or a name that may be one.
AMPERSAND = re.compile(r"&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;?)?")
# Elements whose words stand apart from their neighbours' in a browser.
TEXT_BREAKS = ("br", "p", "div", "li", "dt", "dd", "tr", "td", "th", "blockquote",
               "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "hr")  # fmt: skip
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def one_line(text: str) -> str:
    return " ".join(text.split())


def is_html_type(content_type: str) -> bool:
    """ "text/html", "application/xhtml+xml", Atom's "html" and "xhtml"."""
    return "html" in content_type.lower()


def plain_text(value: str, *, is_html: bool = True) -> str:
    """One line of text: tags stripped, entities decoded, whitespace
    collapsed. A value said to be text (`is_html` False) is read as HTML
    only when it carries tags or entities anyway."""
    if not (is_html or HTML_TAG.search(value) or HTML_ENTITY.search(value)):
        return one_line(value)
    if "<" not in value:
        return one_line(html.unescape(value))
    soup = BeautifulSoup(escape_stray_ampersands(value), "html.parser")
    # Words in separate blocks stay apart; "Mark<sup>up</sup>" stays one.
    for tag in soup.find_all(TEXT_BREAKS):
        tag.insert_after(" ")
    return one_line(soup.get_text())


def escape_stray_ampersands(text: str) -> str:
    """ "&" escaped where it starts no HTML character reference: the parser
    would drop the ";" of "&lol1;"."""

    def escape(match: re.Match[str]) -> str:
        reference = match[1]
        if reference and (reference.startswith("#") or reference in html5):
            return match[0]
        return "&amp;" + (reference or "")

    return AMPERSAND.sub(escape, text) if "&" in text else text


def paragraphs(text: str, *, line_breaks: bool) -> str:
    """Text as escaped paragraphs: blank lines part them; so do single line
    breaks in plain text (`line_breaks`), where they mean something."""
    if PARAGRAPH_BREAK.search(text):
        blocks = PARAGRAPH_BREAK.split(text)
    else:
        blocks = text.splitlines() if line_breaks else [text]
    return "\n".join(
        f"<p>{html.escape(one_line(block), quote=False)}</p>"
        for block in blocks
        if block.strip()
    )


def html_body(value: str) -> str:
    """Body HTML as it is; "HTML" without a single tag is text with entities,
    one paragraph of it."""
    if HTML_TAG.search(value):
        return value.strip()
    return paragraphs(html.unescape(value), line_breaks=False)


def unique(values: Iterable[str]) -> list[str]:
    """`values` without repeats (in any case), first spelling kept."""
    seen, kept = set(), []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept
