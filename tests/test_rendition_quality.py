"""Reduced decoding (issue 21): a large JPEG is decoded at 1/2, 1/4 or 1/8
scale when that still leaves 1.3 times the output's pixels, so the 2048-wide
rendition of a 24 MP photo decodes 6 MP. These tests hold the result to the
slow, exact way (every pixel decoded, then LANCZOS): at least 40 dB PSNR
before encoding, encoded files (WebP now at effort 2) within 1 dB and a tenth
in size of the old ones, and the metadata rules unchanged on the drafted
path."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image as PILImage
from PIL import ImageCms

from articles.imaging.geometry import output_size
from articles.imaging.render import (
    DRAFT_MARGIN,
    RightsMetadata,
    render,
    rendition_pixels,
    rendition_quality,
    srgb_profile_bytes,
)
from articles.imaging.specs import RenditionSpec
from bench.renditions import photo_like
from tests.helpers.corpus import CORPUS
from tests.helpers.image_quality import full_decode_reference, psnr

IMAGES = CORPUS / "images"
# Camera-resolution photos: their pixels are as soft as a 24 MP camera's,
# unlike the small corpus files, which are downscaled copies.
CAMERA_PHOTOS = [
    IMAGES / "exif-orientation" / "recurser-Landscape_0.jpg",  # 1800x1200
    IMAGES / "iptc-reference" / "IPTC-PhotometadataRef-Std2021.1.jpg",  # 2000x1000
    IMAGES / "exif-malformed" / "30-type_error.jpg",  # 3872x2403
]
MIN_PSNR = 40.0
ALL_FORMATS = ["jpeg", "webp", "avif"]
RIGHTS = RightsMetadata(
    creator="Jane Doe",
    credit_line="Jane Doe/Reuters via AP",
    copyright_notice="Copyright 2026 Reuters",
    caption="Flood waters rise.",
)


def as_full_from_24mp(width: int) -> RenditionSpec:
    """The 2048-wide rendition of a 6000-wide photo, scaled to `width`."""
    return RenditionSpec("full", round(width * 2048 / 6000))


def at_the_margin(width: int, height: int = 0, crop=None) -> RenditionSpec:
    """Nearly the smallest reduction that still decodes at 1/2: 1.3x the
    output (a pixel less, so that rounding cannot undo it); cropped to the
    `crop` aspect ratio when given."""
    if crop is None:
        return RenditionSpec("edge", math.floor(width / (2 * DRAFT_MARGIN)) - 1)
    box_width = min(width, height * crop)
    out = math.floor(box_width / (2 * DRAFT_MARGIN)) - 1
    return RenditionSpec("edge", out, round(out / crop))


def pixels_of(path, spec: RenditionSpec) -> PILImage.Image:
    with open(path, "rb") as file:
        return rendition_pixels(file, spec)


def opened(data: bytes) -> PILImage.Image:
    picture = PILImage.open(io.BytesIO(data))
    picture.load()
    return picture


@pytest.mark.parametrize("path", CAMERA_PHOTOS, ids=lambda p: p.name)
@pytest.mark.parametrize("shape", ["full from 24 MP", "margin", "16:9 margin"])
def test_drafted_pixels_stay_within_40_db_of_a_full_decode(path, shape):
    with PILImage.open(path) as image:
        width, height = image.size
    spec = {
        "full from 24 MP": as_full_from_24mp(width),
        "margin": at_the_margin(width),
        "16:9 margin": at_the_margin(width, height, crop=16 / 9),
    }[shape]

    found = psnr(full_decode_reference(path, spec), pixels_of(path, spec))

    # Below 99: the pixels did come from a reduced decode.
    assert MIN_PSNR <= found < 99


def test_the_benchmarks_photo_stays_within_40_db(tmp_path):
    # bench/renditions.py's 24 MP picture (fine grain on every pixel, the
    # hardest case for reduced decoding) at an eighth of its area.
    path = tmp_path / "photo.jpg"
    photo_like((3000, 2000)).save(path, "JPEG", quality=90)
    spec = as_full_from_24mp(3000)

    found = psnr(full_decode_reference(path, spec), pixels_of(path, spec))

    assert MIN_PSNR <= found < 99


def previous_settings_file(picture: PILImage.Image, fmt: str) -> bytes:
    """The full-decode pixels encoded as before issue 21: WebP at Pillow's
    default effort (4), AVIF at speed 8."""
    options = {"webp": {"method": 4}, "avif": {"speed": 8}}[fmt]
    buffer = io.BytesIO()
    picture.save(buffer, fmt.upper(), quality=rendition_quality(fmt), **options)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["webp", "avif"])
@pytest.mark.parametrize("path", CAMERA_PHOTOS[:2], ids=lambda p: p.name)
def test_files_lose_at_most_one_db_and_grow_at_most_a_tenth(path, fmt):
    with PILImage.open(path) as image:
        spec = as_full_from_24mp(image.width)
    expected = full_decode_reference(path, spec)
    before = previous_settings_file(expected, fmt)

    with open(path, "rb") as file:
        now = render(file, spec, fmt).data

    # Reduced decoding and WebP's lower effort together (0.8 dB and 0.2% for
    # recurser-Landscape_0 in WebP).
    assert psnr(expected, opened(now)) >= psnr(expected, opened(before)) - 1.0
    assert len(now) <= len(before) * 1.1


# The metadata rules on the drafted path


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_drafted_renditions_drop_gps_and_keep_the_rights(fmt):
    path = IMAGES / "exif-gps" / "DSCN0010.jpg"  # 640x480 with GPS, a Nikon's
    spec = at_the_margin(640)
    assert psnr(full_decode_reference(path, spec), pixels_of(path, spec)) < 99

    with open(path, "rb") as file:
        result = render(file, spec, fmt, rights=RIGHTS)

    picture = opened(result.data)
    exif = picture.getexif()
    assert exif.get_ifd(0x8825) == {}  # GPS
    assert exif.get_ifd(0x8769) == {}  # Exif: MakerNote, serial numbers
    assert dict(exif) == {
        0x013B: "Jane Doe",
        0x8298: "Copyright 2026 Reuters",
        0x010E: "Flood waters rise.",
    }
    assert b"NIKON" not in result.data
    assert b"Jane Doe/Reuters via AP" in result.data  # the XMP credit
    assert picture.info["icc_profile"] == srgb_profile_bytes()


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_drafted_renditions_stand_upright(orientation):
    path = IMAGES / "exif-orientation" / f"landscape_{orientation}.jpg"
    with PILImage.open(path) as image:
        stored_w, stored_h = image.size  # 450x600 for 6 and 8: turned
    upright_w = stored_h if orientation in (6, 8) else stored_w
    spec = at_the_margin(upright_w)
    expected = full_decode_reference(path, spec)

    with open(path, "rb") as file:
        picture = opened(render(file, spec, "webp").data)

    assert picture.size == expected.size == output_size(spec, *expected.size)
    assert picture.getexif().get(0x0112) is None
    assert psnr(expected, pixels_of(path, spec)) >= 30  # upright, not turned


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_drafted_renditions_convert_their_profile_to_srgb(fmt):
    with PILImage.open(IMAGES / "formats" / "tif-with-iptc-icc-xmp.tif") as tiff:
        prophoto = tiff.info["icc_profile"]
    source = io.BytesIO()
    grey = PILImage.new("RGB", (1300, 900), (128, 128, 128))
    grey.save(source, "JPEG", quality=95, icc_profile=prophoto)
    source.seek(0)

    picture = opened(render(source, at_the_margin(1300), fmt).data)

    # ProPhoto RGB has gamma 1.8: its mid grey is lighter in sRGB (146).
    r, g, b = picture.convert("RGB").getpixel((100, 100))
    assert min(r, g, b) >= 143 and max(r, g, b) <= 149
    profile = ImageCms.ImageCmsProfile(io.BytesIO(picture.info["icc_profile"]))
    assert ImageCms.getProfileDescription(profile).startswith("sRGB")
