"""Make one rendition: pure Pillow, bytes in and bytes out.

The order keeps large photos fast and memory-bounded:

1. read the EXIF orientation and ICC profile from the header;
2. work out the output size and the crop on the upright photo, then map the
   crop onto the pixels as stored;
3. decode JPEGs at the smallest DCT scale (1/2, 1/4 or 1/8) that still
   leaves the crop at least the output's resolution (`draft`);
4. crop and scale in one `resize(box=..., reducing_gap=3.0)`;
5. turn the small result upright, convert it to sRGB, and encode it with
   the rights metadata written here and nothing of the original's.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import IO
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image as PILImage
from PIL import ImageCms

from articles.imaging.geometry import Box, crop_box, output_size, stored_box
from articles.imaging.inspect import SIDEWAYS, UPRIGHT
from articles.imaging.pillow_warnings import pillow_warnings
from articles.imaging.specs import FORMATS, RenditionSpec

JPEG_FORMATS = {"JPEG", "MPO"}
DRAFT_SCALES = (8, 4, 2)
DRAFT_MARGIN = 2  # decode at no less than twice the output size
PILLOW_FORMATS = {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}
DEFAULT_QUALITY = {"jpeg": 82, "webp": 80, "avif": 60}
# AVIF's default speed (6) takes 3 to 7 times as long for files 1 to 6% smaller
# (measured on 2 MP photos).
AVIF_SPEED = 8
WHITE = (255, 255, 255)
# EXIF IFD0 text tags written into renditions.
ARTIST, COPYRIGHT, IMAGE_DESCRIPTION = 0x013B, 0x8298, 0x010E
# IIM's caption limit; keeps the EXIF and XMP well inside one 64 KB JPEG
# segment whatever an importer put in the caption.
MAX_TEXT = 2000
# Letters and signs that Unicode does not decompose into ASCII ones.
ASCII_FOLDS = str.maketrans(
    {
        "©": "(c)",
        "®": "(r)",
        "℗": "(p)",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "ı": "i",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
# Characters XML 1.0 does not allow, even escaped.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class RenditionError(Exception):
    """The source could not be decoded into a rendition."""


@dataclass(frozen=True)
class RightsMetadata:
    """What every delivered copy of a photo keeps saying about it."""

    creator: str = ""
    credit_line: str = ""
    copyright_notice: str = ""
    caption: str = ""


NO_RIGHTS = RightsMetadata()


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
    picture = _decode(source, spec, focal)
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


def _decode(
    source: IO[bytes], spec: RenditionSpec, focal: tuple[float, float]
) -> PILImage.Image:
    """The upright, cropped and scaled sRGB picture (RGB or RGBA)."""
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
    return picture.resize(
        size,
        PILImage.Resampling.LANCZOS,
        box=(box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale),
        reducing_gap=3.0,
    )


def _draft(image: PILImage.Image, box: Box, size: tuple[int, int]) -> int:
    """Have a JPEG decoded at 1/2, 1/4 or 1/8 scale, the smallest that still
    leaves the crop at least `size`; returns the scale used (1 for none).
    libjpeg scales while decoding, so the full-size pixels never exist."""
    if image.format not in JPEG_FORMATS:
        return 1
    spare = min((box[2] - box[0]) / size[0], (box[3] - box[1]) / size[1])
    # Keep at least twice the output's resolution for LANCZOS to work from:
    # DCT scaling straight to the output size is visibly softer (36-45 dB
    # PSNR against a full decode, 46-53 dB with this margin).
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
    if exif := _exif(rights):
        options["exif"] = exif
    if xmp := _xmp(rights):
        options["xmp"] = xmp
    if fmt == "jpeg":
        options |= {"progressive": True, "optimize": True}
    elif fmt == "avif":
        options["speed"] = AVIF_SPEED
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


def _exif(rights: RightsMetadata) -> bytes:
    """A fresh EXIF block with only the rights: no GPS, camera, serial
    numbers or MakerNote, and no Orientation (the pixels are upright)."""
    exif = PILImage.Exif()
    for tag, text in (
        (ARTIST, rights.creator),
        (COPYRIGHT, rights.copyright_notice),
        (IMAGE_DESCRIPTION, rights.caption),
    ):
        if ascii_text := exif_ascii(_clean(text)):
            exif[tag] = ascii_text
    return exif.tobytes() if len(exif) else b""


def exif_ascii(text: str) -> str:
    """`text` for an EXIF text tag, which is ASCII and read as Latin-1 or
    UTF-8 depending on the reader: "© 2026 Zoë Ø" -> "(c) 2026 Zoe O". Empty
    when a letter has no ASCII form (Cyrillic, CJK ...): the tag is better
    left out than mangled, and the XMP packet carries the exact text."""
    folded = unicodedata.normalize("NFKD", text.translate(ASCII_FOLDS))
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return kept if kept.isascii() else ""


def _xmp(rights: RightsMetadata) -> bytes:
    """An XMP packet with the rights, in UTF-8: the complete text, where EXIF
    may mangle it. Empty when there are none."""
    creator, credit = _clean(rights.creator), _clean(rights.credit_line)
    notice, caption = _clean(rights.copyright_notice), _clean(rights.caption)
    fields = []
    if creator:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq>"
            "</dc:creator>"
        )
    if notice:
        fields.append(_lang_alt("dc:rights", notice))
    if caption:
        fields.append(_lang_alt("dc:description", caption))
    if credit:
        fields.append(f"<photoshop:Credit>{escape(credit)}</photoshop:Credit>")
    if not fields:
        return b""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"{''.join(fields)}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _lang_alt(tag: str, text: str) -> str:
    return (
        f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li>'
        f"</rdf:Alt></{tag}>"
    )


def _clean(text: str) -> str:
    return XML_INVALID.sub("", text).strip()[:MAX_TEXT]
