"""The photos of feed entries: Media RSS (media:content, media:thumbnail,
media:group, with their descriptions and credits) and image enclosures.

feedparser files a media:description under the entry's own summary
(whichever comes last wins), so captions and credits are read from the XML
itself when it is well-formed, and `EntryMedia` tells the entry reader when a
summary is in fact a caption. Remote files are never fetched: the address is
the image's `missing_file`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import feedparser

from articles.interchange import safe_xml
from articles.interchange.story import (
    CREATOR,
    DISTRIBUTOR,
    PROVIDER,
    CreditRef,
    ImageRef,
    StoryError,
)
from articles.text.photo_credits import without_label
from articles.text.plain import is_html_type, one_line, plain_text, unique

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
DISTRIBUTOR_ROLES = frozenset({"distributor"})
PROVIDER_ROLES = frozenset({"provider", "publisher", "copyright holder", "owner"})
MEDIA_NAMESPACES = ("{http://search.yahoo.com/mrss/}", "{http://search.yahoo.com/mrss}")
ENTRY_NAMES = frozenset({"item", "entry"})
OWN_SUMMARY_NAMES = frozenset({"description", "summary"})


@dataclass
class _Media:
    """One media:content, media:thumbnail or enclosure."""

    url: str
    width: int = 0
    caption: str = ""
    credits: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    is_thumbnail: bool = False


@dataclass
class EntryMedia:
    """What the XML says about one entry's media, read past feedparser."""

    images: list[_Media] = field(default_factory=list)
    # Every media:description text, to tell when one took the summary's place.
    captions: set[str] = field(default_factory=set)
    own_summary: tuple[str, str] | None = None

    def is_caption(self, value: str, kind: str) -> bool:
        """Whether feedparser's `value` is in fact a media:description (and
        not also the entry's own summary)."""
        text = text_of(value, kind)
        own = text_of(*self.own_summary) if self.own_summary else None
        return text in self.captions and text != own


def lead_image(
    entry: feedparser.FeedParserDict, media: EntryMedia | None, record: str
) -> ImageRef | None:
    images = media.images if media else _feedparser_media(entry)
    contents = [image for image in images if not image.is_thumbnail]
    thumbnails = [image for image in images if image.is_thumbnail]
    for candidates in (contents, thumbnails, _image_enclosures(entry)):
        if candidates:
            # The widest of the sizes offered (max keeps the first on ties).
            image = max(candidates, key=lambda candidate: candidate.width)
            return ImageRef(
                caption=image.caption,
                credits=_image_credits(image.credits),
                missing_file=image.url,
                record=f"{record} image",
            )
    return None


def _feedparser_media(entry: feedparser.FeedParserDict) -> list[_Media]:
    """Media RSS images as feedparser has them, for feeds too broken to read
    as XML: no captions, the entry's credits for every image."""
    credits = [
        (one_line(credit.get("content") or ""), credit.get("role") or "")
        for credit in entry.get("media_credit") or []
    ]
    images = []
    for key, is_thumbnail in (("media_content", False), ("media_thumbnail", True)):
        for attrs in entry.get(key) or []:
            url = (attrs.get("url") or "").strip()
            if url and (is_thumbnail or _is_image(attrs, url)):
                images.append(
                    _Media(
                        url=url,
                        width=_int(attrs.get("width")),
                        credits=credits,
                        is_thumbnail=is_thumbnail,
                    )
                )
    return images


def _image_enclosures(entry: feedparser.FeedParserDict) -> list[_Media]:
    links = list(entry.get("enclosures") or [])
    links += [
        link for link in entry.get("links") or [] if link.get("rel") == "enclosure"
    ]
    urls = (
        (link.get("href") or "").strip()
        for link in links
        if (link.get("type") or "").lower().startswith("image/")
    )
    return [_Media(url=url) for url in unique(urls) if url]


def _image_credits(credits: list[tuple[str, str]]) -> list[CreditRef]:
    refs = []
    for name, role in credits:
        name = without_label(name)
        ref = CreditRef(name=name, role=_credit_role(role))
        if name and ref not in refs:
            refs.append(ref)
    return refs


def _credit_role(media_role: str) -> str:
    role = media_role.strip().lower()
    if role in DISTRIBUTOR_ROLES:
        return DISTRIBUTOR
    if role in PROVIDER_ROLES:
        return PROVIDER
    return CREATOR


def _is_image(attrs: dict[str, Any], url: str) -> bool:
    kind = (attrs.get("type") or "").lower()
    medium = (attrs.get("medium") or "").lower()
    if kind or medium:
        return kind.startswith("image/") or medium == "image"
    # The Guardian's media:content says neither: the address tells.
    return urlsplit(url).path.lower().endswith(IMAGE_SUFFIXES)


# Media RSS from the XML itself


def media_by_entry(data: bytes, entry_count: int) -> list[EntryMedia] | None:
    """Per entry, in document order, its media as the XML has them; None when
    the XML cannot be read (feedparser's view is used then) or its entries do
    not line up with feedparser's."""
    entries = []
    try:
        for _event, element in safe_xml.iterparse(io.BytesIO(data)):
            if _local_name(element) in ENTRY_NAMES and not _is_media(element):
                entries.append(_entry_media(element))
                element.clear()
    except StoryError:  # not well-formed
        return None
    return entries if len(entries) == entry_count else None


def _entry_media(entry: Element) -> EntryMedia:
    result = EntryMedia()
    entry_level = _media_words(entry)
    for child in entry:
        if _is_media(child, "group"):
            group_level = _media_words(child, inherited=entry_level)
            for member in child:
                _add_media(result, member, group_level)
        elif _is_media(child):
            _add_media(result, child, entry_level)
        elif _local_name(child) in OWN_SUMMARY_NAMES and result.own_summary is None:
            result.own_summary = _own_summary(child)
    result.captions = {
        plain_text(element.text or "", is_html=False)
        for element in entry.iter()
        if _is_media(element, "description")
    }
    return result


@dataclass
class _MediaWords:
    caption: str = ""
    credits: list[tuple[str, str]] = field(default_factory=list)


def _media_words(element: Element, inherited: _MediaWords | None = None) -> _MediaWords:
    """The caption and credits an element gives its media, falling back to
    what the enclosing group or entry gives (Media RSS inheritance)."""
    inherited = inherited or _MediaWords()
    description = title = ""
    credits = []
    for child in element:
        text = plain_text(child.text or "", is_html=False)
        if _is_media(child, "description") and not description:
            description = text
        elif _is_media(child, "title") and not title:
            title = text
        elif _is_media(child, "credit") and text:
            credits.append((text, child.get("role") or ""))
    return _MediaWords(
        caption=description or title or inherited.caption,
        credits=credits or inherited.credits,
    )


def _add_media(result: EntryMedia, element: Element, inherited: _MediaWords) -> None:
    name = _local_name(element)
    if not _is_media(element) or name not in ("content", "thumbnail"):
        return
    url = (element.get("url") or "").strip()
    words = _media_words(element, inherited)
    if url and (name == "thumbnail" or _is_image(dict(element.attrib), url)):
        result.images.append(
            _Media(
                url=url,
                width=_int(element.get("width")),
                caption=words.caption,
                credits=words.credits,
                is_thumbnail=name == "thumbnail",
            )
        )
    for thumbnail in element:
        # A video's media:content can hold the still that stands for it.
        _add_media(result, thumbnail, words)


def _own_summary(element: Element) -> tuple[str, str]:
    kind = (element.get("type") or "html").lower()
    if len(element):  # Atom type="xhtml": the markup is elements
        return "".join(element.itertext()), "text/plain"
    return element.text or "", "text/plain" if kind == "text" else "text/html"


def _local_name(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _is_media(element: Element, name: str = "") -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag.startswith(MEDIA_NAMESPACES):
        return False
    return not name or _local_name(element) == name


def text_of(value: str, kind: str) -> str:
    """One line of text from a feed value of content type `kind`."""
    return plain_text(value, is_html=is_html_type(kind))


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0
