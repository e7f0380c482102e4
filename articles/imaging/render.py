"""Make one rendition: pure Pillow, bytes in and bytes out.

Order matters for speed and memory: JPEGs are decoded at the smallest DCT
scale that still covers the crop (draft), orientation is applied to that
small image, then one resize crops and scales, colour is converted to sRGB
on the few output pixels, and the result is encoded with only the rights
metadata we choose to write.
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import IO
from xml.sax.saxutils import escape

from django.conf import settings
from PIL import Image as PILImage
from PIL import ImageCms

from articles.imaging.geometry import crop_box, output_size
from articles.imaging.specs import FORMATS, RenditionSpec

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
SIDEWAYS = {5, 6, 7, 8}
WHITE = (255, 255, 255)
# EXIF tags written into renditions; nothing else of the original survives.
ARTIST, COPYRIGHT, IMAGE_DESCRIPTION = 0x013B, 0x8298, 0x010E


class RenditionError(Exception):
    """The source could not be turned into a rendition."""


@dataclass(frozen=True)
class RightsMetadata:
    creator: str = ""
    credit_line: str = ""
    copyright_notice: str = ""
    caption: str = ""


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
    rights: RightsMetadata = RightsMetadata(),
    quality: int | None = None,
) -> RenderedImage:
    try:
        with PILImage.open(source) as image:
            picture, size = _crop_and_scale(image, spec, focal)
    except RenditionError:
        raise
    except Exception as error:
        raise RenditionError(f"The photo could not be decoded: {error}") from error
    picture = _to_srgb(picture)
    if quality is None:
        quality = settings.CMS_RENDITION_QUALITY[fmt]
    data = _encode(picture, fmt, quality, rights)
    content_type, extension = FORMATS[fmt]
    return RenderedImage(data, size[0], size[1], content_type, extension)


def _crop_and_scale(
    image: PILImage.Image, spec: RenditionSpec, focal: tuple[float, float]
) -> tuple[PILImage.Image, tuple[int, int]]:
    orientation = _orientation(image)
    icc = image.info.get("icc_profile")
    raw_w, raw_h = image.size
    up_w, up_h = (raw_h, raw_w) if orientation in SIDEWAYS else (raw_w, raw_h)
    out_w, out_h = output_size(spec, up_w, up_h)
    if spec.crops:
        box = crop_box(up_w, up_h, focal[0], focal[1], out_w, out_h)
    else:
        box = (0.0, 0.0, float(up_w), float(up_h))

    if image.format in ("JPEG", "MPO"):
        # DCT scaling: decode at 1/2, 1/4 or 1/8 when that still leaves at
        # least the output's resolution inside the crop.
        scale = out_w / (box[2] - box[0])
        wanted = (math.ceil(raw_w * scale), math.ceil(raw_h * scale))
        image.draft(image.mode, wanted)
    image.load()
    work = _workable(image)
    if orientation in UPRIGHT:
        work = work.transpose(UPRIGHT[orientation])
    if icc:
        work.info["icc_profile"] = icc
    # The crop box was computed on the full-size upright photo.
    fx, fy = work.width / up_w, work.height / up_h
    scaled_box = (box[0] * fx, box[1] * fy, box[2] * fx, box[3] * fy)
    resized = work.resize(
        (out_w, out_h),
        PILImage.Resampling.LANCZOS,
        box=scaled_box,
        reducing_gap=3.0,
    )
    if icc:
        resized.info["icc_profile"] = icc
    return resized, (out_w, out_h)


def _orientation(image: PILImage.Image) -> int:
    try:
        value = int(image.getexif().get(0x0112, 1))
    except Exception:
        return 1  # broken EXIF: leave the picture as it is stored
    return value if 1 <= value <= 8 else 1


def _workable(image: PILImage.Image) -> PILImage.Image:
    """A mode that resizes well and that every encoder takes (CMYK stays for
    the colour conversion)."""
    mode = image.mode
    if mode in ("RGB", "RGBA", "L", "CMYK"):
        return image
    if mode in ("LA", "PA") or (mode == "P" and "transparency" in image.info):
        return image.convert("RGBA")
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16-bit and float greys: scale to 8 bits.
        high = image.convert("I")
        peak = high.getextrema()[1] or 1
        return high.point(lambda value: value * 255 / max(peak, 255)).convert("L")
    if mode == "RGBa":
        return image.convert("RGBA")
    return image.convert("RGB")


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def srgb_profile_bytes() -> bytes:
    return _srgb().tobytes()


def _to_srgb(picture: PILImage.Image) -> PILImage.Image:
    """sRGB pixels: embedded profiles (Adobe RGB, CMYK press profiles ...)
    are honoured; pictures without one are taken to be sRGB already."""
    icc = picture.info.get("icc_profile")
    alpha = picture.mode == "RGBA"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(
                picture, source, _srgb(), outputMode="RGBA" if alpha else "RGB"
            )
        except Exception:
            pass  # a broken profile: fall back to a plain conversion
    if picture.mode == "L":
        return picture
    return picture.convert("RGBA" if alpha else "RGB")


def _encode(
    picture: PILImage.Image, fmt: str, quality: int, rights: RightsMetadata
) -> bytes:
    options = {
        "quality": quality,
        "icc_profile": srgb_profile_bytes(),
        "exif": _exif(rights),
        "xmp": _xmp(rights),
    }
    if fmt == "jpeg":
        if picture.mode == "RGBA":
            canvas = PILImage.new("RGB", picture.size, WHITE)
            canvas.paste(picture, mask=picture.getchannel("A"))
            picture = canvas
        options |= {"optimize": True, "progressive": True}
        pillow_format = "JPEG"
    elif fmt == "webp":
        options |= {"method": 4}
        pillow_format = "WEBP"
    elif fmt == "avif":
        options |= {"speed": 8}
        pillow_format = "AVIF"
    else:
        raise RenditionError(f"Unknown format {fmt!r}.")
    if picture.mode == "L" and fmt != "jpeg":
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def _exif(rights: RightsMetadata) -> bytes:
    exif = PILImage.Exif()
    for tag, value in (
        (ARTIST, rights.creator),
        (COPYRIGHT, rights.copyright_notice),
        (IMAGE_DESCRIPTION, rights.caption),
    ):
        if value:
            exif[tag] = _ascii(value)
    return exif.tobytes()


def _ascii(text: str) -> str:
    # EXIF text tags are ASCII; the exact text travels in the XMP packet.
    text = text.replace("©", "(c)").replace("®", "(r)")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    return folded.decode("ascii")


def _xmp(rights: RightsMetadata) -> bytes:
    def alt(tag: str, text: str) -> str:
        return (
            f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}'
            f"</rdf:li></rdf:Alt></{tag}>"
        )

    parts = []
    if rights.creator:
        parts.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(rights.creator)}</rdf:li>"
            "</rdf:Seq></dc:creator>"
        )
    if rights.copyright_notice:
        parts.append(alt("dc:rights", rights.copyright_notice))
    if rights.caption:
        parts.append(alt("dc:description", rights.caption))
    if rights.credit_line:
        parts.append(
            f"<photoshop:Credit>{escape(rights.credit_line)}</photoshop:Credit>"
        )
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"{''.join(parts)}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")
