"""Pure Pillow code: decide whether bytes are a photo we accept, and describe it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

# Pillow format name -> (content type, file extension)
ACCEPTED_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
    "TIFF": ("image/tiff", "tif"),
    "AVIF": ("image/avif", "avif"),
}


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    format: str
    content_type: str
    extension: str
    size: int
    sha256: str


def sha256_of(file: IO[bytes]) -> str:
    file.seek(0)
    digest = hashlib.file_digest(file, "sha256").hexdigest()
    file.seek(0)
    return digest


def inspect_image(file: IO[bytes]) -> ImageFacts:
    """Describe `file`, or raise ValidationError when it is not a raster image
    in an accepted format, judged by its content and never by its name."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    max_bytes = settings.CMS_IMAGE_MAX_BYTES
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The file is {size:,} bytes; the limit is {max_bytes:,} bytes.",
            code="too_large",
        )
    try:
        # verify() checks the structure without decoding every pixel; the
        # image has to be reopened afterwards (as Django's ImageField does).
        with PILImage.open(file) as probe:
            probe.verify()
        file.seek(0)
        with PILImage.open(file) as image:
            image.load()
            width, height, fmt = image.width, image.height, image.format
    except PILImage.DecompressionBombError as exc:
        raise ValidationError(
            f"The image has too many pixels to process safely ({exc}).",
            code="too_many_pixels",
        ) from None
    except Exception:
        raise ValidationError(
            "The file is not a readable image (or it is truncated or corrupt).",
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"{fmt} images are not accepted; upload JPEG, PNG, WebP, AVIF, GIF or TIFF.",
            code="unsupported_format",
        )
    content_type, extension = ACCEPTED_FORMATS[fmt]
    return ImageFacts(
        width=width,
        height=height,
        format=fmt,
        content_type=content_type,
        extension=extension,
        size=size,
        sha256=sha256_of(file),
    )
