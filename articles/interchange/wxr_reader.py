"""WordPress eXtended RSS (WXR) exports into `Story` objects.

A WXR file is RSS 2.0 with WordPress elements: `<rss><channel>` holds the
site's authors and terms, then one `<item>` per post, page, attachment, menu
item... Only items whose `wp:post_type` is "post" become stories; every other
item yields a `Skipped` (attachments too: their photos come in with the posts
that use them), so each item yields exactly one result.

The file is streamed twice, so memory stays flat in its size: a first pass
collects the authors (login -> display name) and the attachments (a few facts
each: a featured image may come after the post that names it; `wxr_site`),
a second one yields the posts. Elements are dropped as soon as they are read
(`wxr_xml`). A post's author is its author's display name read as a byline
(`articles.text.bylines`), so "Jane Doe and John Roe" credits two people.

WordPress elements are recognised by namespace URI, never by prefix: any
`http(s)://wordpress.org/export/1.x/` is WordPress, a `wp:` prefix bound to
another URI is not. Nothing is fetched: attachment files are looked for under
`media_root` only, and remote photos keep their address.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from articles.interchange.story import (
    DRAFT,
    PUBLISHED,
    REVIEW,
    CreditRef,
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from articles.interchange.wordpress_html import content_to_html
from articles.interchange.wxr_photos import BodyPhotos, Photos
from articles.interchange.wxr_site import Site, scan
from articles.interchange.wxr_xml import Item, channel_children, field_name, read_item
from articles.text.bylines import byline_credits
from articles.text.plain import plain_text

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
NO_DATE = "0000-00-00"


def parse_wxr(
    stream: BinaryIO, name: str, *, media_root: Path | None = None
) -> Iterator[Story | ImageRef | RecordError | Skipped]:
    """The stories of a WXR export, one result per item, in file order.

    `stream` must be seekable (it is read twice); `name` names the file and
    identifies its stories when the export names no site. Raises StoryError
    when the file is not a WordPress export, unsafe or not well-formed."""
    start = stream.tell()
    site = scan(stream, fallback_url=name)
    stream.seek(start)
    photos = Photos(site, media_root.resolve() if media_root else None)
    index = 0
    for element in channel_children(stream):
        if field_name(element.tag) == "item":
            index += 1
            yield _result(read_item(element, index), site, photos)


# The second pass: items into stories


def _result(item: Item, site: Site, photos: Photos) -> Story | RecordError | Skipped:
    record = item.record
    if reason := _skip_reason(item):
        return Skipped(record=record, reason=reason)
    try:
        return _story(item, site, photos)
    except StoryError as error:
        return RecordError(record=record, message=str(error))
    except RecursionError:
        # Thousands of nested elements: the HTML parser gives up, the file goes on.
        return RecordError(record=record, message="the content is nested too deeply")


def _skip_reason(item: Item) -> str:
    if not item.post_type:
        return "no wp:post_type: not a WordPress post"
    if item.post_type != "post":
        return SKIPPED_TYPES.get(
            item.post_type, f"a {item.post_type!r} item, not a post"
        )
    return SKIPPED_STATUSES.get(item.status, "")


def _story(item: Item, site: Site, photos: Photos) -> Story:
    warnings: list[str] = []
    published_at = _published_at(item, warnings)
    status = _status(item, published_at, warnings)
    headline = item.title
    if not headline:
        # WordPress lets a post go without a title; an editor gives it one.
        headline = untitled_headline(item)
        warnings.append(f"the post has no title; imported as a draft: {headline!r}")
        status = DRAFT
    body_photos = BodyPhotos(photos)
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


def untitled_headline(item: Item) -> str:
    """What an untitled post is called until an editor names it: unique per
    post, so that each gets its own slug."""
    if item.post_id:
        return f"Untitled WordPress post {item.post_id}"
    return f"Untitled WordPress post (item {item.index})"


def _source_id(item: Item, site: Site) -> str:
    key = item.post_id or item.get("guid").strip()
    if not key:
        raise StoryError("the post has neither a wp:post_id nor a guid to identify it")
    return f"wxr:{site.url}:{key}"


def _status(item: Item, published_at: datetime | None, warnings: list[str]) -> str:
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


def _published_at(item: Item, warnings: list[str]) -> datetime | None:
    if when := _wordpress_date(item, "wp:post_date_gmt"):
        return when
    if item.status in ("draft", "pending"):
        return None  # never published: WordPress gives drafts no GMT date
    if when := _wordpress_date(item, "wp:post_date"):
        warnings.append("no wp:post_date_gmt; its local wp:post_date was taken as UTC")
    return when


def _wordpress_date(item: Item, name: str) -> datetime | None:
    """'2012-01-04 16:38:05' as UTC; None when missing or 0000-00-00."""
    value = item.get(name).strip()
    if not value or value.startswith(NO_DATE):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise StoryError(f"unreadable date {value!r} in {name}") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _credits(item: Item, site: Site) -> list[CreditRef]:
    # Some exporters name the author in <wp:author> rather than <dc:creator>.
    login = (item.get("dc:creator") or item.get("wp:author")).strip()
    if not login:
        return []
    # The display name reads as a byline: "Jane Doe and John Roe" are two.
    return byline_credits(site.authors.get(login, login))


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


def _lead_image(item: Item, photos: Photos, warnings: list[str]) -> ImageRef | None:
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
