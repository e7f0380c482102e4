"""The fast path of issue 21: Pillow decodes (at 1/2, 1/4 or 1/8 scale),
libvips scales, Pillow encodes. These tests hold it to a full decode scaled
by Pillow's LANCZOS (at least 40 dB PSNR before encoding), check that
libvips really does the scaling where it should and Pillow where it must,
that the metadata rules hold on this path, and the peak memory of a 50 MP
photo's 2048-wide rendition."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

from articles.imaging.render import RightsMetadata, render, rendition_pixels
from articles.imaging.resample import (
    PACK_IN_ONE_PIXELS,
    _packed,
    libvips_version,
    resample,
)
from articles.imaging.specs import RenditionSpec
from bench.renditions import photo_like
from tests.helpers.corpus import CORPUS
from tests.helpers.image_quality import full_decode_reference, psnr

ROOT = Path(__file__).resolve().parent.parent
MIN_PSNR = 40.0
IMAGES = CORPUS / "images"
# 3872x2403: decoded at 1/2 it is 1936x1202, the photo ending at 1201.5.
ODD_CAMERA_PHOTO = IMAGES / "exif-malformed" / "30-type_error.jpg"
RIGHTS = RightsMetadata(
    creator="Jane Doe",
    credit_line="Jane Doe/Reuters via AP",
    copyright_notice="Copyright 2026 Reuters",
)


def pillow_scaled(path: Path, size: tuple[int, int]) -> PILImage.Image:
    """What render() made before libvips: the same 1/2 decode, Pillow's
    LANCZOS."""
    with PILImage.open(path) as image:
        width, height = image.size
        image.draft("RGB", (width // 2, height // 2))
        box = (0, 0, width / 2, height / 2)
        return image.resize(size, PILImage.Resampling.LANCZOS, box=box)


def pixels_of(path: Path, spec: RenditionSpec) -> PILImage.Image:
    with open(path, "rb") as file:
        return rendition_pixels(file, spec)


def test_libvips_comes_from_the_pinned_wheel():
    assert libvips_version() == "8.18.7"


def as_full_from_24mp(path: Path) -> RenditionSpec:
    """The 2048-wide rendition of a 6000-wide photo, to scale."""
    with PILImage.open(path) as image:
        return RenditionSpec("full", round(image.width * 2048 / 6000))


@pytest.mark.parametrize("source", ["bench photo", "camera photo"])
def test_the_whole_photo_is_scaled_by_libvips_within_40_db(tmp_path, source):
    if source == "bench photo":
        # bench/renditions.py's grain on every pixel, at a quarter of its size.
        path = tmp_path / "photo.jpg"
        photo_like((3000, 2000)).save(path, "JPEG", quality=90)
    else:
        path = IMAGES / "exif-orientation" / "recurser-Landscape_0.jpg"  # 1800x1200
    spec = as_full_from_24mp(path)
    expected = full_decode_reference(path, spec)

    found = pixels_of(path, spec)

    assert found.size == expected.size
    assert psnr(expected, found) >= MIN_PSNR
    # Not Pillow's pixels (libvips scaled them), but the same filter's.
    by_pillow = pillow_scaled(path, found.size)
    assert 45 <= psnr(by_pillow, found) < 99


def test_a_photo_ending_inside_a_decoded_pixel_is_scaled_by_pillow():
    spec = as_full_from_24mp(ODD_CAMERA_PHOTO)

    found = pixels_of(ODD_CAMERA_PHOTO, spec)

    assert found.tobytes() == pillow_scaled(ODD_CAMERA_PHOTO, found.size).tobytes()
    assert psnr(full_decode_reference(ODD_CAMERA_PHOTO, spec), found) >= MIN_PSNR


@pytest.mark.parametrize("mode", ["L", "CMYK"])
def test_grey_and_cmyk_keep_their_mode_through_libvips(mode):
    picture = photo_like((900, 600)).convert(mode)

    scaled = resample(picture, (300, 200), (0, 0, 900, 600))

    assert (scaled.mode, scaled.size) == (mode, (300, 200))
    by_pillow = picture.resize((300, 200), PILImage.Resampling.LANCZOS)
    assert 40 <= psnr(by_pillow.convert("RGB"), scaled.convert("RGB")) < 99


@pytest.mark.parametrize(
    ("mode", "box"),
    [
        ("RGBA", (0, 0, 900, 600)),  # Pillow premultiplies alpha
        ("RGB", (10.5, 0, 910.5, 600)),  # a crop starting inside a pixel
        ("RGB", (0, 0, 999.5, 600)),  # a photo ending inside a decoded pixel
    ],
)
def test_what_libvips_would_place_differently_is_left_to_pillow(mode, box):
    picture = photo_like((1000, 600)).convert(mode)

    scaled = resample(picture, (300, 200), box)

    expected = picture.resize(
        (300, 200), PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0
    )
    assert scaled.tobytes() == expected.tobytes()


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_large_picture_is_handed_over_band_by_band_in_the_same_bytes(mode):
    size = (3001, 2701)
    noise = PILImage.effect_noise(size, 60)
    gradient = PILImage.linear_gradient("L").resize(size)
    picture = PILImage.merge("RGB", (noise, gradient, noise.rotate(180))).convert(mode)
    assert picture.width * picture.height > PACK_IN_ONE_PIXELS

    assert _packed(picture) == picture.tobytes()


def test_closing_frees_the_decoded_photo():
    picture = photo_like((900, 600))

    resample(picture, (300, 200), (0, 0, 900, 600), close=True)

    with pytest.raises(ValueError, match="closed image"):
        picture.load()


@pytest.mark.parametrize("fmt", ["jpeg", "webp", "avif"])
def test_the_fast_path_drops_gps_and_keeps_the_rights(fmt):
    exif = PILImage.Exif()
    exif[0x010F] = "NIKON"  # Make
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
    source = io.BytesIO()
    photo_like((1800, 1200)).save(source, "JPEG", quality=90, exif=exif.tobytes())
    source.seek(0)

    # The whole photo, decoded at 1/2 and scaled by libvips.
    result = render(source, RenditionSpec("full", 614), fmt, rights=RIGHTS)

    picture = PILImage.open(io.BytesIO(result.data))
    assert (result.width, result.height) == (614, 409)
    assert picture.getexif().get_ifd(0x8825) == {}
    assert dict(picture.getexif()) == {
        0x013B: "Jane Doe",
        0x8298: RIGHTS.copyright_notice,
    }
    assert b"NIKON" not in result.data
    assert b"Jane Doe/Reuters via AP" in result.data  # the XMP credit


PEAK_SCRIPT = """
import io, json, sys
from articles.imaging.render import render
from articles.imaging.specs import get_specs

def high_water_mb():
    # VmHWM is this process's own peak: unlike ru_maxrss, it is not the
    # pytest worker's carried over the exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from PIL import Image
small = io.BytesIO()
Image.new("RGB", (64, 48)).save(small, "JPEG")
spec = get_specs()["full"]
render(small, spec, "avif")  # libraries loaded before measuring
data = open(sys.argv[1], "rb").read()
before = high_water_mb()
# AVIF: its encoder's buffers are the largest (the bench: 115 MB against 106
# for JPEG), after the same decode and scaling.
render(io.BytesIO(data), spec, "avif")
print(json.dumps(high_water_mb() - before))
"""


# A camera's 50 MP (scaled by libvips) and an odd size (by Pillow).
@pytest.mark.parametrize("size", [(8640, 5760), (8660, 5773)])
def test_a_50_mp_photo_renders_2048_wide_within_150_mb(tmp_path, size):
    path = tmp_path / "50mp.jpg"
    # Memory follows the pixel count, not the content: a flat photo encodes
    # and decodes fast.
    PILImage.new("RGB", size, (90, 120, 150)).save(path, quality=90)

    out = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "cms.settings"},
    )

    grown = json.loads(out.stdout)
    # The 1/2 decode alone is 50 MB; a whole decode would be 200.
    assert 30 <= grown <= 150
