"""The headlines, bodies and descriptions of a ninjs item, from 2.x/3.x
arrays with roles and content types or from 1.x strings (`headline`,
`body_html`, `description_text` and the other `body_*`/`description_*`
extensions), and the best of them for each use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, PageElement, Tag

from articles.interchange.ninjs_json import objects, string
from articles.text.plain import HTML_TAG, html_body, paragraphs, plain_text

# Roles of headlines and descriptions, most wanted first.
HEADLINE_ROLES = ("main", "")
STANDFIRST_ROLES = ("summary", "lead", "abstract", "standfirst", "teaser", "", "main",
                    "text", "description")  # fmt: skip
CAPTION_ROLES = ("caption", "text", "", "main", "summary", "description")
ALT_TEXT_ROLES = ("alt", "alttext", "alt_text", "alternative", "alternativetext")
# Descriptions that are about the credit or the writer, not the content.
NOT_PROSE_ROLES = frozenset({"creditline", "credit", "writer", *ALT_TEXT_ROLES})
HTML_ROLES = frozenset({"html", "xhtml", "html5", "richtext", "richhtml5"})
DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.I)
# Elements the allowlist unwraps whose text is a block of its own.
CONTAINERS = ("div", "section", "article", "header", "footer", "main", "aside")
CONTAINER_TAG = re.compile(r"<(?:" + "|".join(CONTAINERS) + r")\b", re.I)
BLOCKS = frozenset({*CONTAINERS, "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
                    "ol", "dl", "blockquote", "figure", "table", "pre", "hr",
                    "nav", "address", "details", "form", "fieldset", "hgroup"})  # fmt: skip
FORMAT_WORDS = {"html": "html", "xhtml": "html", "richtext": "html", "text": "text",
                "xml": "other", "nitf": "other"}  # fmt: skip


@dataclass
class Text:
    value: str
    role: str
    kind: str  # "html", "text", or "other" (NITF, XML): not for showing


def texts_of(item: dict[str, Any], plural: str, singular: str) -> list[Text]:
    """The item's texts of one sort, from 2.x/3.x arrays (`bodies`) and 1.x
    strings (`body_html`, `headline`, `headline_main`), in that order."""
    texts = []
    for entry in objects(item.get(plural)):
        value, role = entry.get("value"), string(entry, "role").lower()
        if isinstance(value, str) and value.strip():
            kind = _kind(string(entry, "contenttype"), role, value)
            texts.append(Text(value=value, role=role, kind=kind))
    for key, value in item.items():
        if not isinstance(value, str) or not value.strip():
            continue
        if key == singular or key.startswith(f"{singular}_"):
            texts.append(_suffix_text(key.removeprefix(singular).lstrip("_"), value))
    return texts


def _suffix_text(suffix: str, value: str) -> Text:
    """A 1.x `body_html`, `description_caption_xhtml`, `headline_main`: the
    suffix tells the format and the role."""
    words = suffix.split("_") if suffix else []
    formats = [FORMAT_WORDS[word] for word in words if word in FORMAT_WORDS]
    role = "_".join(word for word in words if word not in FORMAT_WORDS)
    kind = formats[0] if formats else _kind("", role, value)
    return Text(value=value, role=role, kind=kind)


def _kind(content_type: str, role: str, value: str) -> str:
    content_type = content_type.lower()
    if "html" in content_type:  # text/html, application/xhtml+xml
        return "html"
    if content_type == "text/plain":
        return "text"
    if content_type:
        return "other"
    if role in HTML_ROLES or HTML_TAG.search(value):
        return "html"
    return "text"


def headline_of(item: dict[str, Any]) -> str:
    return prose(texts_of(item, "headlines", "headline"), HEADLINE_ROLES, excluded=())


def prose(
    texts: list[Text],
    roles: tuple[str, ...],
    excluded: frozenset[str] | tuple[str, ...] = NOT_PROSE_ROLES,
) -> str:
    """The plain text of the best of `texts`: roles in `roles` order, then any
    other role not `excluded`; plain text before HTML of the same role."""
    usable = [
        text for text in texts if text.kind != "other" and text.role not in excluded
    ]
    if not usable:
        return ""

    def rank(text: Text) -> tuple[int, bool]:
        place = roles.index(text.role) if text.role in roles else len(roles)
        return place, text.kind != "text"

    best = min(usable, key=rank)
    return plain_text(best.value, is_html=best.kind == "html")


def body_html_of(item: dict[str, Any]) -> str:
    """The first HTML body, else the first text body escaped into
    paragraphs; "" when there is neither."""
    bodies = texts_of(item, "bodies", "body")
    for body in bodies:
        if body.kind == "html":
            return _html_fragment(body.value)
    for body in bodies:
        if body.kind == "text":
            return paragraphs(body.value, line_breaks=True)
    return ""


def _html_fragment(value: str) -> str:
    """Body HTML without the document around it (`<html><head>…<body>`), and
    "HTML" without a single tag as one paragraph. Text loose in a <div> or
    <section> becomes a paragraph of its own."""
    if DOCUMENT_TAG.search(value) or CONTAINER_TAG.search(value):
        soup = BeautifulSoup(value, "html.parser")
        root = soup.body or soup
        for container in root.find_all(CONTAINERS):
            if container.parent is root or container.parent.name in CONTAINERS:
                _paragraphs_for_loose_text(soup, container)
        value = root.decode_contents()
    return html_body(value)


def _paragraphs_for_loose_text(soup: BeautifulSoup, container: Tag) -> None:
    """Runs of text and inline markup directly in `container` wrapped in
    <p>: the allowlist unwraps the <div>s around them, and they would
    otherwise run into the next paragraph. TT's `<div class="dat"><span
    class="vignette">Försvar</span><span class="source">TT</span></div>`
    becomes `<p>Försvar TT</p>`: spans side by side are labels, kept apart."""
    run: list[PageElement] = []
    for child in [*container.children, None]:
        if child is not None and not (isinstance(child, Tag) and child.name in BLOCKS):
            run.append(child)
            continue
        if any(_text_of(node).strip() for node in run):
            paragraph = run[0].wrap(soup.new_tag("p"))
            for node in run[1:]:
                paragraph.append(node.extract())
            _space_labels(paragraph)
        run = []


def _space_labels(paragraph: Tag) -> None:
    children = list(paragraph.children)
    if len(children) > 1 and all(
        isinstance(child, Tag) and child.name == "span" for child in children
    ):
        for span in children[1:]:
            span.insert_before(" ")


def _text_of(node: PageElement) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)
