"""WordPress eXtended RSS (WXR) exports into `Story` objects.

A WXR file is RSS 2.0 with WordPress elements: `<rss><channel>` holds the
site's authors and terms, then one `<item>` per post, page, attachment, menu
item... Only items whose `wp:post_type` is "post" become stories; every other
item yields a `Skipped` (attachments too: their photos come in with the posts
that use them), so each item yields exactly one result.

The file is streamed twice, so memory stays flat in its size: a first pass
collects the authors (login -> display name) and the attachments (a few facts
each: a featured image may come after the post that names it), a second one
yields the posts. Elements are dropped as soon as they are read.

WordPress elements are recognised by namespace URI, never by prefix: any
`http(s)://wordpress.org/export/1.x/` is WordPress, a `wp:` prefix bound to
another URI is not. Nothing is fetched: attachment files are looked for under
`media_root` only, and remote photos keep their address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from articles.interchange.safe_xml import iterparse
from articles.interchange.story import (
    AUTHOR,
    DRAFT,
    IMAGE_MARKER,
    PERSON,
    PUBLISHED,
    REVIEW,
    CreditRef,
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from articles.interchange.wordpress_html import MediaItem, content_to_html, plain_text

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
SITE_FIELDS = ("wp:base_blog_url", "wp:base_site_url", "link")
SKIPPED_STATUSES = {
    "trash": "a trashed post",
    "auto-draft": "an automatic draft WordPress saved, never written",
    "inherit": "a post with status 'inherit': a revision or an attachment exported as a post",
}
SKIPPED_TYPES = {
    "attachment": "an attachment: its photo comes in with the posts that use it",
    "page": "a WordPress page, not a story",
    "nav_menu_item": "a navigation menu item",
    "revision": "a revision of a post",
}
# "-300x200" before the extension: a copy WordPress resized.
RESIZED_VARIANT = re.compile(r"-\d+x\d+(?=\.\w+$)")
NO_DATE = "0000-00-00"
RECORD_TITLE_LENGTH = 60


def parse_wxr(
    stream: BinaryIO, name: str, *, media_root: Path | None = None
) -> Iterator[Story | ImageRef | RecordError | Skipped]:
    """The stories of a WXR export, one result per item, in file order.

    `stream` must be seekable (it is read twice); `name` names the file and
    identifies its stories when the export names no site. Raises StoryError
    when the file is not a WordPress export, unsafe or not well-formed."""
    start = stream.tell()
    site = _scan(stream, fallback_url=name)
    stream.seek(start)
    photos = _Photos(site, media_root.resolve() if media_root else None)
    index = 0
    for element in _channel_children(stream):
        if field_name(element.tag) == "item":
            index += 1
            yield _result(_read_item(element, index), site, photos)


# Reading the XML


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


def _channel_children(stream: BinaryIO) -> Iterator[Element]:
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


def _text(element: Element) -> str:
    return "".join(element.itertext())


def _children_fields(element: Element) -> dict[str, str]:
    """The first text of each child, by field name."""
    fields: dict[str, str] = {}
    for child in element:
        if name := field_name(child.tag):
            fields.setdefault(name, _text(child))
    return fields


@dataclass
class _Item:
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


def _read_item(element: Element, index: int) -> _Item:
    item = _Item(index=index)
    for child in element:
        name = field_name(child.tag)
        if name in ITEM_FIELDS:
            item.fields.setdefault(name, _text(child))
        elif name == "category" and (domain := child.get("domain")):
            # Categories without a domain are WXR 1.0's plain-RSS duplicates.
            item.categories.append((domain, _text(child)))
        elif name == "wp:postmeta":
            meta = _children_fields(child)
            key = meta.get("wp:meta_key", "").strip()
            if key in META_KEYS:
                item.meta.setdefault(key, meta.get("wp:meta_value", "").strip())
    return item


# The first pass: the site, its authors and attachments


@dataclass
class _Attachment:
    post_id: str
    title: str
    caption: str
    alt_text: str
    attached_file: str  # relative to the uploads folder, as WordPress stored it
    url: str
    record: str


@dataclass
class _Site:
    url: str
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    attachments: dict[str, _Attachment] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)  # URL path -> post id


def _scan(stream: BinaryIO, *, fallback_url: str) -> _Site:
    site = _Site(url="")
    urls: dict[str, str] = {}
    is_wordpress = False
    index = 0
    for element in _channel_children(stream):
        name = field_name(element.tag)
        is_wordpress = is_wordpress or name.startswith("wp:")
        if name in SITE_FIELDS:
            urls.setdefault(name, _text(element).strip())
        elif name == "wp:author":
            _add_author(site, _children_fields(element))
        elif name == "item":
            index += 1
            is_wordpress = is_wordpress or any(
                field_name(child.tag).startswith("wp:") for child in element
            )
            # Only attachments are read in full here; posts wait for pass two.
            if _post_type(element) == "attachment":
                _add_attachment(site, _read_item(element, index))
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
            return _text(child).strip()
    return ""


def _add_author(site: _Site, fields: dict[str, str]) -> None:
    login = fields.get("wp:author_login", "").strip()
    if login:
        display_name = " ".join(fields.get("wp:author_display_name", "").split())
        site.authors.setdefault(login, display_name or login)


def _add_attachment(site: _Site, item: _Item) -> None:
    attachment = _Attachment(
        post_id=item.post_id,
        title=item.title,
        caption=plain_text(item.get("excerpt:encoded")),
        alt_text=" ".join(item.meta.get("_wp_attachment_image_alt", "").split()),
        attached_file=item.meta.get("_wp_attached_file", ""),
        url=item.get("wp:attachment_url").strip(),
        record=item.record,
    )
    if not attachment.post_id:
        return
    site.attachments.setdefault(attachment.post_id, attachment)
    if attachment.url:
        site.by_path.setdefault(_url_path(attachment.url), attachment.post_id)


def _url_path(url: str) -> str:
    return unquote(urlsplit(url.strip()).path)


# Photos


class _Photos:
    """The export's attachments as photos, their files looked for under
    `media_root` (resolved) and never outside it."""

    def __init__(self, site: _Site, media_root: Path | None) -> None:
        self.site = site
        self.media_root = media_root

    def attachment(self, post_id: str) -> _Attachment | None:
        return self.site.attachments.get(post_id.strip())

    def attachment_at(self, src: str) -> _Attachment | None:
        """The attachment an <img src> shows, or a resized copy of it."""
        path = _url_path(src)
        post_id = self.site.by_path.get(path) or self.site.by_path.get(
            RESIZED_VARIANT.sub("", path)
        )
        return self.site.attachments.get(post_id) if post_id else None

    def media(self, post_id: str) -> MediaItem | None:
        attachment = self.attachment(post_id)
        if attachment is None or not attachment.url:
            return None
        return MediaItem(
            url=attachment.url, alt=attachment.alt_text, caption=attachment.caption
        )

    def image_ref(self, attachment: _Attachment) -> ImageRef:
        file_path = self.local_file(attachment)
        named = attachment.attached_file or attachment.url
        return ImageRef(
            caption=attachment.caption,
            alt_text=attachment.alt_text,
            headline=attachment.title,
            original_filename=PurePosixPath(_url_path(named)).name,
            file_path=file_path,
            missing_file="" if file_path else named,
            record=attachment.record,
        )

    def local_file(self, attachment: _Attachment) -> Path | None:
        if self.media_root is None:
            return None
        for relative in _upload_paths(attachment):
            if path := _inside(self.media_root, relative):
                return path
        return None


def _upload_paths(attachment: _Attachment) -> list[str]:
    """Where under the uploads folder the file may be: what WordPress stored,
    else the attachment URL's path after /uploads/ (or all of it, as on
    files.wordpress.com: /2013/03/name.jpg)."""
    paths = [attachment.attached_file] if attachment.attached_file else []
    if attachment.url:
        path = _url_path(attachment.url)
        if "/uploads/" in path:
            path = path.rpartition("/uploads/")[2]
        paths.append(path.lstrip("/"))  # a URL's path, not an absolute one
    return paths


def _inside(root: Path, relative: str) -> Path | None:
    """The file at `relative` under `root`, None when there is none or the
    name would leave `root` (absolute, '..', a symlink pointing out)."""
    name = relative.strip().replace("\\", "/")
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or ".." in pure.parts:
        return None
    try:
        candidate = (root / pure).resolve()
        found = candidate.is_relative_to(root) and candidate.is_file()
    except (OSError, ValueError):  # a null byte, a name too long
        return None
    return candidate if found else None


@dataclass
class _BodyPhotos:
    """Library photos met in one post's body, placed by IMAGE_MARKER."""

    photos: _Photos
    images: dict[str, ImageRef] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def source(self, src: str) -> str | None:
        attachment = self.photos.attachment_at(src)
        if attachment is None:
            return None
        ref = self.images.get(attachment.post_id) or self.photos.image_ref(attachment)
        if ref.file_path is None:
            warning = (
                f"photo file not found: {ref.missing_file}; the body keeps its address"
            )
            if self.photos.media_root is not None and warning not in self.warnings:
                self.warnings.append(warning)
            return None
        self.images[attachment.post_id] = ref
        return IMAGE_MARKER + attachment.post_id


# The second pass: items into stories


def _result(item: _Item, site: _Site, photos: _Photos) -> Story | RecordError | Skipped:
    record = item.record
    if reason := _skip_reason(item):
        return Skipped(record=record, reason=reason)
    headline = item.title
    if not headline:
        return RecordError(record=record, message="the post has no title")
    try:
        return _story(item, headline, site, photos)
    except StoryError as error:
        return RecordError(record=record, message=str(error))
    except RecursionError:
        # Thousands of nested elements: the HTML parser gives up, the file goes on.
        return RecordError(record=record, message="the content is nested too deeply")


def _skip_reason(item: _Item) -> str:
    if not item.post_type:
        return "no wp:post_type: not a WordPress post"
    if item.post_type != "post":
        return SKIPPED_TYPES.get(
            item.post_type, f"a {item.post_type!r} item, not a post"
        )
    return SKIPPED_STATUSES.get(item.status, "")


def _story(item: _Item, headline: str, site: _Site, photos: _Photos) -> Story:
    warnings: list[str] = []
    published_at = _published_at(item, warnings)
    status = _status(item, published_at, warnings)
    body_photos = _BodyPhotos(photos)
    body_html = content_to_html(
        item.get("content:encoded"), media=photos.media, image_source=body_photos.source
    )
    section, tags = _section_and_tags(item.categories)
    lead_image = _lead_image(item, photos, warnings)
    return Story(
        source_id=_source_id(item, site),
        record=item.record,
        headline=headline,
        standfirst=plain_text(item.get("excerpt:encoded")),
        body_html=body_html,
        section=section,
        tags=tags,
        credits=_credits(item, site),
        lead_image=lead_image,
        images=body_photos.images,
        published_at=published_at,
        status=status,
        warnings=warnings + body_photos.warnings,
    )


def _source_id(item: _Item, site: _Site) -> str:
    key = item.post_id or item.get("guid").strip()
    if not key:
        raise StoryError("the post has neither a wp:post_id nor a guid to identify it")
    return f"wxr:{site.url}:{key}"


def _status(item: _Item, published_at: datetime | None, warnings: list[str]) -> str:
    """Our status for the post's: nothing that was not public in WordPress
    becomes public here. What changed is told in `warnings`."""
    wordpress_status = item.status
    if wordpress_status == "publish":
        if not item.get("wp:post_password").strip():
            return PUBLISHED
        warnings.append("password-protected in WordPress; imported as a draft")
    elif wordpress_status == "future":
        when = f" for {published_at:%Y-%m-%d %H:%M} UTC" if published_at else ""
        warnings.append(f"scheduled in WordPress{when}; imported as a draft")
    elif wordpress_status == "private":
        warnings.append("private in WordPress; imported as a draft")
    elif wordpress_status == "pending":
        return REVIEW
    elif wordpress_status != "draft":
        shown = repr(wordpress_status) if wordpress_status else "missing"
        warnings.append(f"WordPress status {shown} unknown; imported as a draft")
    return DRAFT


def _published_at(item: _Item, warnings: list[str]) -> datetime | None:
    if when := _wordpress_date(item, "wp:post_date_gmt"):
        return when
    if item.status in ("draft", "pending"):
        return None  # never published: WordPress gives drafts no GMT date
    if when := _wordpress_date(item, "wp:post_date"):
        warnings.append("no wp:post_date_gmt; its local wp:post_date was taken as UTC")
    return when


def _wordpress_date(item: _Item, name: str) -> datetime | None:
    """'2012-01-04 16:38:05' as UTC; None when missing or 0000-00-00."""
    value = item.get(name).strip()
    if not value or value.startswith(NO_DATE):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise StoryError(f"unreadable date {value!r} in {name}") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _credits(item: _Item, site: _Site) -> list[CreditRef]:
    # Some exporters name the author in <wp:author> rather than <dc:creator>.
    login = (item.get("dc:creator") or item.get("wp:author")).strip()
    if not login:
        return []
    name = site.authors.get(login, login)
    return [CreditRef(name=name, role=AUTHOR, kind=PERSON)]


def _section_and_tags(
    categories: list[tuple[str, str]],
) -> tuple[str | None, list[str]]:
    """The first category is the section; the other categories and the tags
    are tags, once each whatever their case. 'Uncategorized' is WordPress's
    placeholder, not a section."""
    section: str | None = None
    tags: dict[str, str] = {}
    for domain, raw_name in categories:
        name = plain_text(raw_name)
        if not name or name.casefold() == "uncategorized":
            continue
        if domain == "category" and section is None:
            section = name
        elif domain in ("category", "post_tag", "tag"):  # "tag" in WXR 1.0
            tags.setdefault(name.casefold(), name)
    return section, list(tags.values())


def _lead_image(item: _Item, photos: _Photos, warnings: list[str]) -> ImageRef | None:
    thumbnail_id = item.meta.get("_thumbnail_id", "")
    if not thumbnail_id:
        return None
    attachment = photos.attachment(thumbnail_id)
    if attachment is None:
        warnings.append(
            f"the featured image (attachment {thumbnail_id}) is not in the export"
        )
        return None
    ref = photos.image_ref(attachment)
    if ref.file_path is None:
        warnings.append(f"featured image file not found: {ref.missing_file}")
    return ref
