"""The first pass over a WXR file: the site it comes from, its authors
(login -> display name) and its attachments (a few facts each: a featured
image may come after the post that names it). Posts wait for the second."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from articles.interchange.story import StoryError
from articles.interchange.wxr_xml import (
    Item,
    channel_children,
    children_fields,
    element_text,
    field_name,
    read_item,
)
from articles.text.plain import one_line, plain_text

# How safe_xml.not_well_formed begins its message.
NOT_WELL_FORMED = "not well-formed XML"
SITE_FIELDS = ("wp:base_blog_url", "wp:base_site_url", "link")


@dataclass
class Attachment:
    post_id: str
    title: str
    caption: str
    alt_text: str
    attached_file: str  # relative to the uploads folder, as WordPress stored it
    url: str
    record: str


@dataclass
class Site:
    url: str
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    attachments: dict[str, Attachment] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)  # URL path -> post id


def scan(stream: BinaryIO, *, fallback_url: str) -> Site:
    site = Site(url="")
    urls: dict[str, str] = {}
    is_wordpress = False
    index = 0
    try:
        for element in channel_children(stream):
            name = field_name(element.tag)
            is_wordpress = is_wordpress or name.startswith("wp:")
            if name in SITE_FIELDS:
                urls.setdefault(name, element_text(element).strip())
            elif name == "wp:author":
                _add_author(site, children_fields(element))
            elif name == "item":
                index += 1
                is_wordpress = is_wordpress or any(
                    field_name(child.tag).startswith("wp:") for child in element
                )
                # Only attachments are read in full here; posts wait for pass two.
                if _post_type(element) == "attachment":
                    _add_attachment(site, read_item(element, index))
    except StoryError as error:
        # A WordPress export that breaks half-way: the posts before the break
        # are still read (pass two stops at the same place and reports it).
        # Unsafe XML and files not yet known as WordPress stop here.
        if not (is_wordpress and str(error).startswith(NOT_WELL_FORMED)):
            raise
    if not is_wordpress:
        raise StoryError(
            "not a WordPress export: nothing in it is in the WordPress export "
            "namespace (http://wordpress.org/export/1.x/); is it an RSS feed?"
        )
    url = next((urls[key] for key in SITE_FIELDS if urls.get(key)), fallback_url)
    # With or without the final slash, the same site.
    site.url = url.rstrip("/") or url
    return site


def _post_type(item: Element) -> str:
    for child in item:
        if field_name(child.tag) == "wp:post_type":
            return element_text(child).strip()
    return ""


def _add_author(site: Site, fields: dict[str, str]) -> None:
    login = fields.get("wp:author_login", "").strip()
    if login:
        display_name = one_line(fields.get("wp:author_display_name", ""))
        site.authors.setdefault(login, display_name or login)


def _add_attachment(site: Site, item: Item) -> None:
    attachment = Attachment(
        post_id=item.post_id,
        title=item.title,
        caption=plain_text(item.get("excerpt:encoded")),
        alt_text=one_line(item.meta.get("_wp_attachment_image_alt", "")),
        attached_file=item.meta.get("_wp_attached_file", ""),
        url=item.get("wp:attachment_url").strip(),
        record=item.record,
    )
    if not attachment.post_id:
        return
    site.attachments.setdefault(attachment.post_id, attachment)
    if attachment.url:
        site.by_path.setdefault(url_path(attachment.url), attachment.post_id)


def url_path(url: str) -> str:
    return unquote(urlsplit(url.strip()).path)
