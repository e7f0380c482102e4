"""Pure Pillow code: decide whether bytes are a photo we accept, and describe it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

import blurhash
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from articles.imaging.pillow_warnings import pillow_warnings
from articles.imaging.signatures import picture_format

# Pillow format name -> (content type, file extension)
ACCEPTED_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),  # a JPEG with extra frames, as phones write
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
    "TIFF": ("image/tiff", "tif"),
    "AVIF": ("image/avif", "avif"),
}
# EXIF orientations that turn the picture by 90 degrees one way or the other.
SIDEWAYS = {5, 6, 7, 8}
# EXIF orientation -> the transpose that stands the picture upright.
UPRIGHT = {
    2: PILImage.Transpose.FLIP_LEFT_RIGHT,
    3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM,
    5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_270,
    7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_90,
}
PLACEHOLDER_SIZE = 32
MAX_FRAMES = 1000


@dataclass(frozen=True)
class ImageFacts:
    width: int  # upright, after EXIF orientation
    height: int
    format: str
    content_type: str
    extension: str
    size: int
    sha256: str
    orientation: int
    dominant_color: str  # "#rrggbb"
    placeholder: str  # BlurHash


def sha256_of(file: IO[bytes]) -> str:
    file.seek(0)
    digest = hashlib.file_digest(file, "sha256").hexdigest()
    file.seek(0)
    return digest


def max_pixels() -> int:
    return settings.CMS_IMAGE_MAX_PIXELS


def inspect_image(file: IO[bytes]) -> ImageFacts:
    """Describe `file`, or raise ValidationError when it is not a raster image
    in an accepted format that decodes completely within the size limits,
    judged by its content and never by its name."""
    size = _size_of(file)
    try:
        # Damaged EXIF is the metadata read's to report, once; opening the
        # file warns about it too.
        with pillow_warnings():
            return _inspect(file, size)
    finally:
        file.seek(0)


def _size_of(file: IO[bytes]) -> int:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    limit = settings.CMS_IMAGE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"The file is {size:,} bytes; the limit is {limit:,} bytes.",
            code="too_large",
        )
    return size


def _inspect(file: IO[bytes], size: int) -> ImageFacts:
    limit = max_pixels()
    try:
        # verify() checks the structure without decoding pixels; the image
        # has to be reopened afterwards (as Django's ImageField does).
        with PILImage.open(file) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt in ACCEPTED_FORMATS and width * height <= limit:
                probe.verify()
    except PILImage.DecompressionBombError:
        raise _too_many_pixels(None, None, limit) from None
    except Exception:
        raise _not_opened(file) from None
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"{fmt} files are not accepted; upload a JPEG, PNG, WebP, AVIF, GIF "
            "or TIFF photo.",
            code="unsupported_format",
        )
    if width * height > limit:
        raise _too_many_pixels(width, height, limit)

    file.seek(0)
    try:
        with PILImage.open(file) as image:
            _check_frames(image, limit)
            orientation = _orientation(image)
            # Decoding every pixel is what proves the file is not truncated;
            # JPEGs decode at 1/8 scale, which still reads all the data.
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
            small = _upright(image.copy(), orientation)
            small.thumbnail((PLACEHOLDER_SIZE, PLACEHOLDER_SIZE))
    except PILImage.DecompressionBombError:
        raise _too_many_pixels(None, None, limit) from None
    except ValidationError:
        raise
    except Exception:
        raise _unreadable() from None

    if orientation in SIDEWAYS:
        width, height = height, width
    content_type, extension = ACCEPTED_FORMATS[fmt]
    dominant_color, placeholder = _summary(small)
    return ImageFacts(
        width=width,
        height=height,
        format=fmt,
        content_type=content_type,
        extension=extension,
        size=size,
        sha256=sha256_of(file),
        orientation=orientation,
        dominant_color=dominant_color,
        placeholder=placeholder,
    )


def _check_frames(image: PILImage.Image, limit: int) -> None:
    """Every frame of an animation or multi-page file within the limits: a
    later frame can be a decompression bomb while the first looks harmless."""
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise ValidationError(
            f"The file has {frames:,} frames; the limit is {MAX_FRAMES:,}.",
            code="too_many_frames",
        )
    for index in range(1, frames):
        image.seek(index)  # Pillow refuses bomb frames here
        if image.width * image.height > limit:
            raise _too_many_pixels(image.width, image.height, limit)
    image.seek(0)


def _upright(image: PILImage.Image, orientation: int) -> PILImage.Image:
    # Not ImageOps.exif_transpose: it raises on broken EXIF blocks, which
    # must not cost an otherwise good photo.
    method = UPRIGHT.get(orientation)
    return image.transpose(method) if method is not None else image


def _orientation(image: PILImage.Image) -> int:
    try:
        value = int(image.getexif().get(0x0112, 1))
    except Exception:
        # Broken EXIF is common in the wild and must not cost the photo.
        return 1
    return value if 1 <= value <= 8 else 1


def _summary(small: PILImage.Image) -> tuple[str, str]:
    """The dominant colour and a BlurHash, from a thumbnail of the photo."""
    rgb = _flatten(small)
    r, g, b = rgb.resize((1, 1), PILImage.Resampling.BOX).getpixel((0, 0))[:3]
    pixels = list(rgb.get_flattened_data())
    rows = [pixels[y * rgb.width : (y + 1) * rgb.width] for y in range(rgb.height)]
    placeholder = blurhash.encode(rows, components_x=4, components_y=3)
    return f"#{r:02x}{g:02x}{b:02x}", placeholder


def _flatten(image: PILImage.Image) -> PILImage.Image:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = PILImage.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


def _not_opened(file: IO[bytes]) -> ValidationError:
    """Why Pillow could not open the file: a photo format it does not read
    (HEIF, without the pillow-heif plugin) is named, not called corrupt."""
    file.seek(0)
    if picture_format(file.read(64)) == "HEIF":
        return ValidationError(
            "HEIF photos are not accepted; convert to JPEG (or PNG, WebP, AVIF) "
            "and try again.",
            code="unsupported_format",
        )
    return _unreadable()


def _unreadable() -> ValidationError:
    return ValidationError(
        "The file is not a readable image (or it is truncated or corrupt).",
        code="invalid_image",
    )


def _too_many_pixels(
    width: int | None, height: int | None, limit: int
) -> ValidationError:
    size = f" ({width} × {height} pixels)" if width and height else ""
    return ValidationError(
        f"The image is too large to process safely{size}; the limit is "
        f"{limit / 1_000_000:g} megapixels.",
        code="too_many_pixels",
    )
