"""A NewsML-G2 text item's words as body HTML: `inlineXML` holding XHTML or
NITF, or `inlineData` holding text (or, as ANSA sends it, HTML declared as
text). Remote text (`remoteContent`) is never fetched.

The markup is rewritten element by element into plain HTML (namespaces
dropped, NITF's own elements mapped to HTML's); the writer's sanitizer
then keeps only what a stored body may hold.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

from articles.interchange.newsml_xml import child, children, local
from articles.text.plain import HTML_TAG, paragraphs, plain_text

# NITF elements with an HTML equivalent; "" unwraps (keeps the content).
NITF_TAGS = {"hl1": "h2", "hl2": "h3", "block": "", "body.content": "",
             "bq": "blockquote", "credit": "p", "tagline": "p", "nitf-table": "",
             "dl": "ul", "dt": "li", "dd": "li", "em": "em"}  # fmt: skip
# Dropped with everything inside: not the story's text.
DROPPED = frozenset({"head", "media", "script", "style", "title", "note",
                     "body.head", "body.end", "object", "iframe"})  # fmt: skip
VOID = frozenset({"br", "hr", "img"})
SPACES = re.compile(r"\s+")
RUN_OF_SPACES = re.compile(r" {2,}")
KEPT_ATTRIBUTES = ("href", "title", "src", "alt", "colspan", "rowspan")
# A tag of the markup _write makes (its attribute values are escaped: no ">").
OUR_TAG = re.compile(r"<[^>]*>")


class Unreadable(Exception):
    """The item's content is in a form this reader does not take."""


def body_html(content_set: Element | None) -> str:
    """The item's body, "" when it has no text at all; Unreadable when it
    has text in a form not read here (SportsML, remote text)."""
    contents = [
        element
        for element in (content_set if content_set is not None else [])
        if local(element) in ("inlineXML", "inlineData", "remoteContent")
    ]
    refused = ""
    for content in contents:
        kind = local(content)
        content_type = content.get("contenttype", "").lower()
        if kind == "inlineXML":
            markup = _inline_xml(content, content_type)
            if markup is None:
                refused = refused or f"inline XML of type {content_type!r}"
            elif markup:
                return markup
        elif kind == "inlineData" and (
            not content_type or content_type.startswith("text/")
        ):
            if markup := _inline_data(content, content_type):
                return markup
        elif kind == "inlineData":
            refused = refused or f"inline data of type {content_type!r}"
        elif content_type.startswith("text/") or "xml" in content_type:
            refused = refused or (
                f"remote text ({content.get('href') or content.get('residref')}), "
                "never fetched"
            )
    if refused:
        raise Unreadable(f"its text is {refused}, which this reader does not read")
    return ""


def _inline_xml(content: Element, content_type: str) -> str | None:
    """The HTML of an inlineXML; None when it holds neither XHTML nor NITF."""
    roots = list(content)
    if not roots:
        return ""
    first = local(roots[0]).lower()
    if first == "nitf" or "nitf" in content_type:
        nitf = roots[0] if first == "nitf" else None
        body = child(child(nitf, "body"), "body.content") if nitf is not None else None
        return _convert(list(body) if body is not None else roots, NITF_TAGS)
    if first == "html" or "html" in content_type:
        body = child(roots[0], "body") if first == "html" else None
        return _convert(list(body) if body is not None else roots, {})
    return None


def _inline_data(content: Element, content_type: str) -> str:
    value = "".join(content.itertext())
    if "html" in content_type or HTML_TAG.search(value):
        return value.strip() if plain_text(value) else ""
    return paragraphs(value, line_breaks=False)


def _convert(elements: list[Element], mapping: dict[str, str]) -> str:
    out: list[str] = []
    for element in elements:
        _write(element, mapping, out)
        out.append(_words(element.tail))
    markup = "".join(out).strip()
    if "<pre" not in markup:
        # Whitespace between dropped elements would add up.
        markup = RUN_OF_SPACES.sub(" ", markup)
    # Has it words? Our own markup needs no HTML parser to tell (an import
    # of thousands of items would spend most of its time in one).
    return markup if html.unescape(OUR_TAG.sub("", markup)).strip() else ""


def _write(element: Element, mapping: dict[str, str], out: list[str]) -> None:
    name = local(element).lower()
    if name in DROPPED or not name:
        return
    tag = mapping.get(name, name)
    if tag:
        attributes = "".join(
            f' {key}="{html.escape(value)}"'
            for key in KEPT_ATTRIBUTES
            if (value := element.get(key)) is not None
        )
        out.append(f"<{tag}{attributes}>")
        if tag in VOID:
            return
    out.append(_words(element.text))
    for inner in element:
        _write(inner, mapping, out)
        out.append(_words(inner.tail))
    if tag:
        out.append(f"</{tag}>")


def _words(value: str | None) -> str:
    """Text as HTML, its line breaks and indentation as single spaces."""
    return html.escape(SPACES.sub(" ", value or ""), quote=False)


def nitf_byline(content_set: Element | None) -> str:
    """The byline an NITF body's head gives (`body.head/byline`), for items
    whose G2 metadata names no one."""
    for content in children(content_set, "inlineXML"):
        for nitf in children(content, "nitf"):
            byline = child(child(child(nitf, "body"), "body.head"), "byline")
            if byline is not None:
                return " ".join("".join(byline.itertext()).split())
    return ""
