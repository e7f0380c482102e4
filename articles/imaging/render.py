"""Make one rendition: pure Pillow, bytes in and bytes out.

The order keeps large photos fast and memory-bounded:

1. read the EXIF orientation and ICC profile from the header;
2. work out the output size and the crop on the upright photo, then map the
   crop onto the pixels as stored;
3. decode JPEGs at the smallest DCT scale (1/2, 1/4 or 1/8) that still
   leaves the crop at least 1.3 times the output's resolution (`draft`):
   a 2048-wide rendition of a 24 MP photo decodes 6 MP, not 24;
4. crop and scale with LANCZOS, through libvips where it can (resample.py:
   its vectorised filter costs a third of Pillow's CPU time);
5. turn the small result upright, convert it to sRGB, and encode it with
   the rights metadata written here and nothing of the original's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import IO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image as PILImage
from PIL import ImageCms

from articles.imaging.geometry import Box, crop_box, output_size, stored_box
from articles.imaging.inspect import SIDEWAYS, UPRIGHT
from articles.imaging.pillow_warnings import pillow_warnings
from articles.imaging.resample import resample
from articles.imaging.rights_metadata import (
    NO_RIGHTS,
    RightsMetadata,
    exif_ascii,
    rights_exif,
    rights_xmp,
)
from articles.imaging.specs import FORMATS, RenditionSpec

# Re-exported: callers import the rights types with render().
__all__ = [
    "NO_RIGHTS",
    "RenderedImage",
    "RenditionError",
    "RightsMetadata",
    "exif_ascii",
    "render",
    "rendition_pixels",
    "rendition_quality",
    "srgb_profile_bytes",
]

JPEG_FORMATS = {"JPEG", "MPO"}
DRAFT_SCALES = (8, 4, 2)
# Decode at no less than 1.3 times the output size, for LANCZOS to work from.
# Against a full decode scaled with LANCZOS, camera photos keep 42-56 dB PSNR
# at this margin (44 dB for 2048 wide from 6000); DCT scaling straight to the
# output size gives 39-54 dB (docs/internals/benchmarks.md#renditions).
DRAFT_MARGIN = 1.3
PILLOW_FORMATS = {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}
DEFAULT_QUALITY = {"jpeg": 82, "webp": 80, "avif": 60}
# AVIF's default speed (6) takes 3 to 7 times as long for files 1 to 6% smaller
# (measured on 2 MP photos). Speed 9 takes a quarter to three quarters of 8's
# time but made one corpus photo's file 60% larger and 1.5 dB worse: kept at 8.
AVIF_SPEED = 8
# WebP's effort (0-6, Pillow's default 4): 2 takes half the time of 4 for
# files 2-6% larger and 0.05-0.3 dB PSNR lower; 1 makes files up to 25%
# larger (2048-wide renditions, docs/internals/benchmarks.md#renditions).
WEBP_METHOD = 2
WHITE = (255, 255, 255)


class RenditionError(Exception):
    """The source could not be decoded into a rendition."""


@dataclass(frozen=True)
class RenderedImage:
    data: bytes
    width: int
    height: int
    content_type: str
    extension: str


def render(
    source: IO[bytes],
    spec: RenditionSpec,
    fmt: str,
    *,
    focal: tuple[float, float] = (0.5, 0.5),
    rights: RightsMetadata = NO_RIGHTS,
    quality: int | None = None,
) -> RenderedImage:
    """`source` (any format Pillow reads) as `spec` in `fmt` ("jpeg", "webp"
    or "avif"), cropped around `focal` (fractions of the upright photo's
    width and height). Raises RenditionError when the source cannot be
    decoded."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown rendition format {fmt!r}.")
    if quality is None:
        quality = rendition_quality(fmt)
    picture = rendition_pixels(source, spec, focal)
    data = _encode(picture, fmt, quality, rights)
    content_type, extension = FORMATS[fmt]
    return RenderedImage(data, picture.width, picture.height, content_type, extension)


def rendition_quality(fmt: str) -> int:
    """settings.CMS_RENDITION_QUALITY[fmt], read at call time."""
    quality = getattr(settings, "CMS_RENDITION_QUALITY", {}).get(
        fmt, DEFAULT_QUALITY[fmt]
    )
    if (
        isinstance(quality, bool)
        or not isinstance(quality, int)
        or not 1 <= quality <= 100
    ):
        raise ImproperlyConfigured(
            f"CMS_RENDITION_QUALITY[{fmt!r}] must be an integer from 1 to 100."
        )
    return quality


# Decoding


def rendition_pixels(
    source: IO[bytes], spec: RenditionSpec, focal: tuple[float, float] = (0.5, 0.5)
) -> PILImage.Image:
    """The upright, cropped and scaled sRGB picture (RGB or RGBA) that render()
    encodes. Raises RenditionError when the source cannot be decoded."""
    try:
        # Damaged EXIF was reported at upload; not on every rendition.
        with pillow_warnings(), PILImage.open(source) as image:
            orientation = _orientation(image)
            icc = image.info.get("icc_profile")
            picture = _crop_and_scale(image, spec, focal, orientation)
        if orientation in UPRIGHT:
            picture = picture.transpose(UPRIGHT[orientation])
        return _to_srgb(picture, icc)
    except MemoryError:
        raise
    except Exception as error:
        # Pillow signals bad data with many exception types (OSError,
        # SyntaxError, ValueError, struct.error, ...): the caller needs one.
        raise RenditionError(f"The photo could not be decoded: {error}") from error


def _orientation(image: PILImage.Image) -> int:
    try:
        value = int(image.getexif().get(0x0112, 1))
    except Exception:
        return 1  # broken EXIF is common: show the picture as stored
    return value if 1 <= value <= 8 else 1


def _crop_and_scale(
    image: PILImage.Image,
    spec: RenditionSpec,
    focal: tuple[float, float],
    orientation: int,
) -> PILImage.Image:
    """The crop, scaled, still in the stored orientation: the transpose then
    moves only the output's pixels."""
    stored_w, stored_h = image.size
    sideways = orientation in SIDEWAYS
    up_w, up_h = (stored_h, stored_w) if sideways else (stored_w, stored_h)
    out_w, out_h = output_size(spec, up_w, up_h)
    if spec.height is None:
        # The whole photo: its aspect ratio is the output's up to rounding.
        box: Box = (0.0, 0.0, float(up_w), float(up_h))
    else:
        box = crop_box(up_w, up_h, focal[0], focal[1], out_w, out_h)
    box = stored_box(box, orientation, stored_w, stored_h)
    size = (out_h, out_w) if sideways else (out_w, out_h)

    scale = _draft(image, box, size)
    image.load()
    picture = _workable(image)
    return resample(
        picture,
        size,
        (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale),
        close=True,
    )


def _draft(image: PILImage.Image, box: Box, size: tuple[int, int]) -> int:
    """Have a JPEG decoded at 1/2, 1/4 or 1/8 scale, the smallest that still
    leaves the crop at least `size`; returns the scale used (1 for none).
    libjpeg scales while decoding, so the full-size pixels never exist."""
    if image.format not in JPEG_FORMATS:
        return 1
    spare = min((box[2] - box[0]) / size[0], (box[3] - box[1]) / size[1])
    scale = next((s for s in DRAFT_SCALES if s <= spare / DRAFT_MARGIN), 1)
    if scale == 1:
        return 1
    width, height = image.size
    # Floor division makes draft() pick exactly `scale`: it takes the largest
    # of 8, 4, 2, 1 not above width // requested width.
    drafted = image.draft(image.mode, (width // scale, height // scale))
    if drafted is None:
        return 1
    _mode, (_left, _top, right, _bottom) = drafted
    # The decoded image is ceil(width / scale) wide; the content ends at
    # width / scale, so the box keeps its place by dividing by the scale.
    return round(width / right)


def _workable(image: PILImage.Image) -> PILImage.Image:
    """A mode that resizes properly: RGB, RGBA, L or CMYK (the last two kept
    for their ICC profiles). Palettes would resize by nearest neighbour, and
    16-bit greys would clip, so both are converted first."""
    mode = image.mode
    if "transparency" in image.info and mode in ("P", "L", "RGB", "1"):
        return image.convert("RGBA")
    if mode in ("RGB", "RGBA", "L", "CMYK"):
        return image
    if mode in ("LA", "La", "PA", "RGBa"):
        return image.convert("RGBA")
    if mode.startswith("I"):
        # 16-bit samples (PNG, TIFF) to 8 bits: 65535 -> 255.
        return image.convert("I").point(lambda value: value / 257).convert("L")
    if mode in ("1", "F"):
        return image.convert("L")
    return image.convert("RGB")  # P, YCbCr, LAB, HSV ...


# Colour


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def srgb_profile_bytes() -> bytes:
    """The profile embedded in every rendition (under 600 bytes)."""
    return _srgb().tobytes()


def _to_srgb(picture: PILImage.Image, icc: bytes | None) -> PILImage.Image:
    """RGB or RGBA in sRGB. An embedded profile (Adobe RGB, Display P3, a
    CMYK press profile, a grey gamma) is honoured; pictures without one are
    taken to be sRGB, as browsers do."""
    alpha = picture.mode == "RGBA"
    if icc:
        try:
            return ImageCms.profileToProfile(
                picture,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                _srgb(),
                outputMode="RGBA" if alpha else "RGB",
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # broken, or not for this mode (an RGB profile on grey)
    if alpha or picture.mode == "RGB":
        return picture
    return picture.convert("RGB")


# Encoding


def _encode(
    picture: PILImage.Image, fmt: str, quality: int, rights: RightsMetadata
) -> bytes:
    if picture.mode == "RGBA" and (fmt == "jpeg" or _opaque(picture)):
        picture = _flatten(picture)
    # Pillow falls back on the source's info (comment, ICC profile) for
    # options not given: nothing of the original may leak through.
    picture.info = {}
    options: dict[str, object] = {
        "quality": quality,
        "icc_profile": srgb_profile_bytes(),
    }
    if exif := rights_exif(rights):
        options["exif"] = exif
    if xmp := rights_xmp(rights):
        options["xmp"] = xmp
    if fmt == "jpeg":
        options |= {"progressive": True, "optimize": True}
    elif fmt == "avif":
        options["speed"] = AVIF_SPEED
    elif fmt == "webp":
        options["method"] = WEBP_METHOD
    buffer = io.BytesIO()
    picture.save(buffer, PILLOW_FORMATS[fmt], **options)
    return buffer.getvalue()


def _opaque(picture: PILImage.Image) -> bool:
    # An alpha channel with nothing transparent only costs bytes.
    return picture.getchannel("A").getextrema() == (255, 255)


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    canvas = PILImage.new("RGB", picture.size, WHITE)
    canvas.paste(picture, mask=picture.getchannel("A"))
    return canvas
