"""A WXR export's attachments as photos: the featured image and the library
photos a post's body shows. Files are looked for under `media_root` only,
never outside it, and never fetched: a photo not found keeps its address."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from articles.interchange.story import IMAGE_MARKER, ImageRef
from articles.interchange.wordpress_html import MediaItem
from articles.interchange.wxr_site import Attachment, Site, url_path

# "-300x200" before the extension: a copy WordPress resized.
RESIZED_VARIANT = re.compile(r"-\d+x\d+(?=\.\w+$)")


class Photos:
    """The export's attachments as photos, their files looked for under
    `media_root` (resolved) and never outside it."""

    def __init__(self, site: Site, media_root: Path | None) -> None:
        self.site = site
        self.media_root = media_root

    def attachment(self, post_id: str) -> Attachment | None:
        return self.site.attachments.get(post_id.strip())

    def attachment_at(self, src: str) -> Attachment | None:
        """The attachment an <img src> shows, or a resized copy of it."""
        path = url_path(src)
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

    def image_ref(self, attachment: Attachment) -> ImageRef:
        file_path = self.local_file(attachment)
        named = attachment.attached_file or attachment.url
        return ImageRef(
            caption=attachment.caption,
            alt_text=attachment.alt_text,
            headline=attachment.title,
            original_filename=PurePosixPath(url_path(named)).name,
            file_path=file_path,
            missing_file="" if file_path else named,
            record=attachment.record,
        )

    def local_file(self, attachment: Attachment) -> Path | None:
        if self.media_root is None:
            return None
        for relative in _upload_paths(attachment):
            if path := _inside(self.media_root, relative):
                return path
        return None


def _upload_paths(attachment: Attachment) -> list[str]:
    """Where under the uploads folder the file may be: what WordPress stored,
    else the attachment URL's path after /uploads/ (or all of it, as on
    files.wordpress.com: /2013/03/name.jpg)."""
    paths = [attachment.attached_file] if attachment.attached_file else []
    if attachment.url:
        path = url_path(attachment.url)
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
class BodyPhotos:
    """Library photos met in one post's body, placed by IMAGE_MARKER."""

    photos: Photos
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
