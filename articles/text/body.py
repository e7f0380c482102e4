"""The article body as typed blocks, for apps that render without parsing
HTML, and the library photos placed inside it.

A photo is placed in the text as an <img> whose address is one of its
renditions (`/renditions/<id>/...`): the editor's image button takes that
address, shown on each photo's admin page. The block gives apps the photo
itself: every rendition and its credit line."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
RENDITION_SRC = re.compile(r"^(?:https?://[^/]+)?/renditions/(\d+)/")


def image_ids(html: str) -> list[int]:
    """The library photos placed in `html`, in order, once each."""
    ids: list[int] = []
    for img in BeautifulSoup(html or "", "html.parser").find_all("img"):
        match = RENDITION_SRC.match(img.get("src") or "")
        if match and int(match.group(1)) not in ids:
            ids.append(int(match.group(1)))
    return ids


def _inner(tag: Tag) -> str:
    # Serialised, not str(): text that says "&lt;script&gt;" must stay text,
    # not come out as a tag in the block's HTML.
    return tag.decode_contents().strip()


def _serialised(node) -> str:
    return node.decode() if isinstance(node, Tag) else node.output_ready()


def _inline(tag: Tag) -> str:
    """A list item's or a quote's content as inline HTML, like a paragraph
    block's: the paragraphs inside it unwrapped, one line break between
    them (editors and WordPress often write <li><p>…</p></li>)."""
    parts: list[str] = []
    run: list[str] = []
    for node in tag.children:
        if isinstance(node, Tag) and node.name == "p":
            parts += ["".join(run), _inner(node)]
            run = []
        else:
            run.append(_serialised(node))
    parts.append("".join(run))
    return "<br>".join(part.strip() for part in parts if part.strip())


def blocks(html: str, image_block) -> list[dict]:
    """`html` (already sanitised) as blocks. `image_block(id, caption, alt)`
    gives a photo's block, or None when the photo may not be shown."""
    result: list[dict] = []
    soup = BeautifulSoup(html or "", "html.parser")
    for node in soup.children:
        if isinstance(node, NavigableString):
            if node.strip():
                text = node.output_ready().strip()
                result.append({"type": "paragraph", "html": text})
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name == "p":
            images = node.find_all("img")
            if images and not node.get_text(strip=True):
                result += _images(images, "", image_block)
            elif _inner(node):
                result.append({"type": "paragraph", "html": _inner(node)})
        elif name in HEADINGS:
            result.append(
                {
                    "type": "heading",
                    "level": int(name[1]),
                    "text": node.get_text(" ", strip=True),
                }
            )
        elif name in ("ul", "ol"):
            items = [_inline(li) for li in node.find_all("li", recursive=False)]
            result.append({"type": "list", "ordered": name == "ol", "items": items})
        elif name == "blockquote":
            result.append({"type": "quote", "html": _inline(node)})
        elif name in ("figure", "img"):
            images = [node] if name == "img" else node.find_all("img")
            caption = node.find("figcaption") if name == "figure" else None
            text = caption.get_text(" ", strip=True) if caption else ""
            result += _images(images, text, image_block)
        else:  # tables, code, rules: kept as they are
            result.append({"type": "html", "html": str(node)})
    return result


def _images(images, caption: str, image_block) -> list[dict]:
    found = []
    for img in images:
        match = RENDITION_SRC.match(img.get("src") or "")
        if match and (
            block := image_block(int(match.group(1)), caption, img.get("alt") or "")
        ):
            found.append(block)
    return found
