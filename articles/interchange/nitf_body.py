"""An NITF document's words: the body (`body.content`) as HTML, and the
plain text of the elements the reader takes one line from (headline,
abstract, byline, dateline).

NITF marks up meaning inside the text (`person`, `org`, `location`,
`money`, `chron`…): those are unwrapped, their words kept. Structure maps to
its HTML equivalent (`p`, `hl2` → `h2`, `bq` → `blockquote`, lists, tables,
`a`); `block` is a container and is unwrapped. Media in the body are not
imported: an NITF carries no photo file, only a reference to one. The writer
sanitises the result like every body.
"""

from __future__ import annotations

import re
from html import escape
from xml.etree.ElementTree import Element

from articles.text.plain import one_line

# NITF element → HTML element; anything not here (and not dropped) is
# unwrapped, its text kept.
BLOCKS = {
    "p": "p",
    "hl2": "h2",
    "bq": "blockquote",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "dl": "dl",
    "dt": "dt",
    "dd": "dd",
    "pre": "pre",
    "table": "table",
    "tr": "tr",
    "th": "th",
    "td": "td",
}
INLINES = {"em": "em", "strong": "strong", "q": "q", "sub": "sub", "sup": "sup"}
# Not the story's words: photos and other media (no file here), editorial
# notes, footnotes.
DROPPED = frozenset({"media", "note", "fn"})
# Elements that may stand empty in HTML; an empty paragraph is dropped.
KEPT_EMPTY = frozenset({"td", "th"})
WHITESPACE = re.compile(r"\s+")


def local(element: Element) -> str:
    """An element's name without its namespace (NITF 3.5+ may declare one)."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def child(parent: Element | None, name: str) -> Element | None:
    """The first child of `parent` called `name`, whatever its namespace."""
    if parent is None:
        return None
    return next((node for node in parent if local(node) == name), None)


def children(parent: Element | None, name: str) -> list[Element]:
    if parent is None:
        return []
    return [node for node in parent if local(node) == name]


def text_of(element: Element | None, *, without: frozenset[str] = frozenset()) -> str:
    """All the words of `element` on one line, leaving out the elements named
    in `without` (a byline's title, a dateline's date)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for node in element:
        if local(node) not in without:
            parts.append(" " + text_of(node, without=without) + " ")
        parts.append(node.tail or "")
    return one_line("".join(parts))


def paragraphs_of(element: Element | None) -> list[str]:
    """The text of each paragraph of `element` (an abstract), or its text
    alone when it has no paragraphs."""
    if element is None:
        return []
    found = [text_of(node) for node in element.iter() if local(node) == "p"]
    if not found:
        found = [text_of(element, without=DROPPED)]
    return [text for text in found if text]


def body_html(content: Element | None) -> tuple[str, int]:
    """(`body.content` as HTML, how many media it held that were left out)."""
    if content is None:
        return "", 0
    media = sum(1 for node in content.iter() if local(node) == "media")
    html = "".join(_blocks(content))
    return html, media


def _blocks(container: Element) -> list[str]:
    """A container's children as blocks; loose text becomes a paragraph."""
    out: list[str] = []
    loose = _clean(container.text)
    for node in container:
        name = local(node)
        if name in BLOCKS or name in DROPPED or name == "block":
            out += _paragraph(loose)
            loose = ""
            out.append(_render(node))
        else:
            loose += _render(node)
        loose += _clean(node.tail)
    out += _paragraph(loose)
    return [block for block in out if block]


def _paragraph(html: str) -> list[str]:
    html = html.strip()
    return [f"<p>{html}</p>"] if html else []


def _render(node: Element) -> str:
    name = local(node)
    if name in DROPPED:
        return ""
    if name == "block":
        return "".join(_blocks(node))
    if name == "br":
        return "<br>"
    if name in ("ul", "ol", "dl", "table", "tr"):
        # Only elements belong inside; their whitespace is layout.
        inner = "".join(_render(item) for item in node)
    else:
        inner = _clean(node.text)
        for item in node:
            inner += _render(item) + _clean(item.tail)
    if name in BLOCKS:
        inner = inner.strip()
        if not inner and name not in KEPT_EMPTY:
            return ""
        tag = BLOCKS[name]
        return f"<{tag}>{inner}</{tag}>"
    if name in INLINES:
        tag = INLINES[name]
        return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
    if name == "a" and (href := (node.get("href") or "").strip()):
        return f'<a href="{escape(href)}">{inner}</a>'
    return inner  # NITF's markup of meaning (person, org, chron…): its words


def _clean(text: str | None) -> str:
    """Text as HTML, its layout whitespace (line breaks, indents) one space."""
    return escape(WHITESPACE.sub(" ", text or ""), quote=False)
