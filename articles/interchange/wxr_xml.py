"""Reading a WXR file's XML: the elements directly inside its channel, one
at a time, and each element's fields by the name their namespace gives them
(`wp:post_id`, `content:encoded`), whatever prefix the file used."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import BinaryIO
from xml.etree.ElementTree import Element

from articles.interchange.safe_xml import iterparse
from articles.interchange.story import StoryError
from articles.text.plain import plain_text

WP_EXPORT = re.compile(r"https?://wordpress\.org/export/1\.\d+/")
WP_EXCERPT = re.compile(r"https?://wordpress\.org/export/1\.\d+/excerpt/")
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"

# The item fields read; anything else (comments, unknown postmeta, PHP-serialized
# values) is ignored without being parsed.
ITEM_FIELDS = frozenset({
    "title", "guid", "dc:creator", "wp:author", "content:encoded",
    "excerpt:encoded", "wp:post_id", "wp:post_date", "wp:post_date_gmt",
    "wp:status", "wp:post_type", "wp:post_password", "wp:attachment_url",
})  # fmt: skip
META_KEYS = frozenset(
    {"_thumbnail_id", "_wp_attached_file", "_wp_attachment_image_alt"}
)
RECORD_TITLE_LENGTH = 60


@lru_cache(maxsize=4096)
def field_name(tag: str) -> str:
    """'wp:post_id', 'content:encoded', 'title'... for an element's
    '{uri}local' tag: the prefix says what the URI is, whatever the file
    called it. '' for namespaces that are not read (a hijacked 'wp:')."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if WP_EXPORT.fullmatch(uri):
        return f"wp:{local}"
    if WP_EXCERPT.fullmatch(uri):
        return f"excerpt:{local}"
    if uri == CONTENT:
        return f"content:{local}"
    if uri == DUBLIN_CORE:
        return f"dc:{local}"
    return ""


def channel_children(stream: BinaryIO) -> Iterator[Element]:
    """Each element directly inside <rss><channel>, once complete. It is
    emptied and dropped when the caller asks for the next, so the tree never
    holds more than one of them."""
    depth = 0
    root: Element | None = None
    parent: Element | None = None  # the child of <rss> being read
    channel: Element | None = None
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 1:
                if element.tag != "rss":
                    local = element.tag.rpartition("}")[2]
                    raise StoryError(
                        f"not a WordPress export: the document is <{local}>, not <rss>"
                    )
                root = element
            elif depth == 2:
                parent = element
                if channel is None and element.tag == "channel":
                    channel = element
            continue
        depth -= 1
        if depth == 2 and parent is not None:
            if parent is channel:
                yield element
            element.clear()
            parent.remove(element)
        elif depth == 1 and root is not None and element is not channel:
            root.remove(element)
    if channel is None:
        raise StoryError("not a WordPress export: the <rss> has no <channel>")


def element_text(element: Element) -> str:
    return "".join(element.itertext())


def children_fields(element: Element) -> dict[str, str]:
    """The first text of each child, by field name."""
    fields: dict[str, str] = {}
    for child in element:
        if name := field_name(child.tag):
            fields.setdefault(name, element_text(child))
    return fields


@dataclass
class Item:
    index: int
    fields: dict[str, str] = field(default_factory=dict)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    meta: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def post_id(self) -> str:
        return self.get("wp:post_id").strip()

    @property
    def post_type(self) -> str:
        return self.get("wp:post_type").strip()

    @property
    def status(self) -> str:
        return self.get("wp:status").strip()

    @cached_property
    def title(self) -> str:
        return plain_text(self.get("title"))

    @cached_property
    def record(self) -> str:
        """'item 12 (post 1234 "Title")', for messages."""
        kind = self.post_type if re.fullmatch(r"[\w-]+", self.post_type) else "post"
        title = self.title
        if len(title) > RECORD_TITLE_LENGTH:
            title = title[: RECORD_TITLE_LENGTH - 1] + "…"
        names = [f"{kind} {self.post_id}"] if self.post_id else []
        names += [f'"{title}"'] if title else []
        return (
            f"item {self.index} ({' '.join(names)})" if names else f"item {self.index}"
        )


def read_item(element: Element, index: int) -> Item:
    item = Item(index=index)
    for child in element:
        name = field_name(child.tag)
        if name in ITEM_FIELDS:
            item.fields.setdefault(name, element_text(child))
        elif name == "category" and (domain := child.get("domain")):
            # Categories without a domain are WXR 1.0's plain-RSS duplicates.
            item.categories.append((domain, element_text(child)))
        elif name == "wp:postmeta":
            meta = children_fields(child)
            key = meta.get("wp:meta_key", "").strip()
            if key in META_KEYS:
                item.meta.setdefault(key, meta.get("wp:meta_value", "").strip())
    return item
