"""The rendition pipeline without database or storage: specs, crop geometry,
and render() on corpus photos and pictures made here."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image as PILImage
from PIL import ImageChops, ImageCms, ImageOps, ImageStat

from articles.imaging.geometry import crop_box, output_size, stored_box
from articles.imaging.render import (
    RenditionError,
    RightsMetadata,
    render,
    srgb_profile_bytes,
)
from articles.imaging.specs import (
    FORMATS,
    RenditionSpec,
    get_specs,
    parse_specs,
)
from tests.helpers.corpus import CORPUS

IMAGES = CORPUS / "images"
ORIENTED = IMAGES / "exif-orientation"
CARD = RenditionSpec("card", 640, 360)
SQUARE = RenditionSpec("square", 600, 600)
TALL = RenditionSpec("tall", 300, 400)
FULL = RenditionSpec("full", 2048)
SMALL_SQUARE = RenditionSpec("small", 100, 100)
RED, BLUE, GREY, WHITE = (255, 0, 0), (0, 0, 255), (128, 128, 128), (255, 255, 255)
ALL_FORMATS = ["jpeg", "webp", "avif"]


def encoded(picture: PILImage.Image, fmt: str = "PNG", **options) -> io.BytesIO:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    buffer.seek(0)
    return buffer


def opened(data: bytes) -> PILImage.Image:
    picture = PILImage.open(io.BytesIO(data))
    picture.load()
    return picture


def mean_difference(a: PILImage.Image, b: PILImage.Image) -> float:
    channels = ImageStat.Stat(ImageChops.difference(a, b)).mean
    return sum(channels) / len(channels)


def render_file(path, spec: RenditionSpec, fmt: str = "jpeg", **options):
    with open(path, "rb") as file:
        return render(file, spec, fmt, **options)


# Specs


def test_specs_are_read_from_settings_when_asked(settings):
    settings.CMS_RENDITIONS = {"strip": {"width": 1200, "height": 200}}

    assert get_specs() == {"strip": RenditionSpec("strip", 1200, 200)}


def test_the_configured_specs():
    assert get_specs() == {
        "thumbnail": RenditionSpec("thumbnail", 320, 180),
        "card": RenditionSpec("card", 640, 360),
        "hero": RenditionSpec("hero", 1600, 900),
        "square": RenditionSpec("square", 600, 600),
        "full": RenditionSpec("full", 2048, None),
    }


def test_a_spec_without_height_scales_the_whole_photo():
    spec = parse_specs({"wide_2x": {"width": 4096}})["wide_2x"]

    assert (spec.width, spec.height, spec.crops) == (4096, None, False)
    assert parse_specs({"c-1": {"width": 9, "height": 9}})["c-1"].crops is True


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {},
            'CMS_RENDITIONS must be a non-empty dict like {"card": {"width": 640, '
            '"height": 360}}.',
        ),
        (
            [("card", {"width": 640})],
            'CMS_RENDITIONS must be a non-empty dict like {"card": {"width": 640, '
            '"height": 360}}.',
        ),
        (
            {"Bad Name": {"width": 10}},
            "CMS_RENDITIONS: 'Bad Name' is not a valid name (1 to 50 letters, "
            "digits, - and _).",
        ),
        (
            {"card.webp": {"width": 10}},
            "CMS_RENDITIONS: 'card.webp' is not a valid name (1 to 50 letters, "
            "digits, - and _).",
        ),
        (
            {"": {"width": 10}},
            "CMS_RENDITIONS: '' is not a valid name (1 to 50 letters, digits, - and _).",
        ),
        (
            {"x" * 51: {"width": 10}},
            f"CMS_RENDITIONS: '{'x' * 51}' is not a valid name (1 to 50 letters, "
            "digits, - and _).",
        ),
        (
            {1: {"width": 10}},
            "CMS_RENDITIONS: 1 is not a valid name (1 to 50 letters, digits, - and _).",
        ),
        (
            {"x": 640},
            "CMS_RENDITIONS['x'] must be a dict with 'width' and optionally "
            "'height', not 640.",
        ),
        (
            {"x": {"height": 360}},
            "CMS_RENDITIONS['x'] must be a dict with 'width' and optionally "
            "'height', not {'height': 360}.",
        ),
        (
            {"x": {"width": 10, "crop": True}},
            "CMS_RENDITIONS['x'] must be a dict with 'width' and optionally "
            "'height', not {'width': 10, 'crop': True}.",
        ),
        (
            {"x": {"width": 0}},
            "CMS_RENDITIONS['x']['width'] must be a positive integer, not 0.",
        ),
        (
            {"x": {"width": -640}},
            "CMS_RENDITIONS['x']['width'] must be a positive integer, not -640.",
        ),
        (
            {"x": {"width": 640.0}},
            "CMS_RENDITIONS['x']['width'] must be a positive integer, not 640.0.",
        ),
        (
            {"x": {"width": True}},
            "CMS_RENDITIONS['x']['width'] must be a positive integer, not True.",
        ),
        (
            {"x": {"width": 10, "height": "9"}},
            "CMS_RENDITIONS['x']['height'] must be a positive integer, not '9'.",
        ),
        (
            {"x": {"width": 10, "height": 0}},
            "CMS_RENDITIONS['x']['height'] must be a positive integer, not 0.",
        ),
    ],
)
def test_a_bad_spec_fails_with_one_clear_message(config, message):
    with pytest.raises(ImproperlyConfigured) as error:
        parse_specs(config)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (
            ["jpeg", "bmp"],
            "CMS_RENDITION_FORMATS: unknown format 'bmp'; choose from jpeg, webp, avif.",
        ),
        (
            ["JPEG"],
            "CMS_RENDITION_FORMATS: unknown format 'JPEG'; choose from jpeg, webp, "
            "avif.",
        ),
        (
            "jpeg",
            "CMS_RENDITION_FORMATS must be a non-empty list; choose from jpeg, webp, "
            "avif.",
        ),
        (
            [],
            "CMS_RENDITION_FORMATS must be a non-empty list; choose from jpeg, webp, "
            "avif.",
        ),
        (["webp", "webp"], "CMS_RENDITION_FORMATS names a format twice."),
    ],
)
def test_bad_formats_in_settings_are_refused(settings, formats, message):
    settings.CMS_RENDITION_FORMATS = formats

    with pytest.raises(ImproperlyConfigured) as error:
        get_specs()

    assert str(error.value) == message


def test_formats():
    assert FORMATS == {
        "jpeg": ("image/jpeg", "jpg"),
        "webp": ("image/webp", "webp"),
        "avif": ("image/avif", "avif"),
    }


# Geometry: output sizes


@pytest.mark.parametrize(
    ("spec", "source", "expected"),
    [
        # Crops from larger sources: exactly the spec.
        (CARD, (6000, 4000), (640, 360)),
        (CARD, (4000, 6000), (640, 360)),
        (CARD, (640, 360), (640, 360)),
        (SQUARE, (6000, 4000), (600, 600)),
        (TALL, (6000, 4000), (300, 400)),
        # Smaller sources: the largest crop of the spec's shape, never upscaled.
        (CARD, (64, 48), (64, 36)),
        (CARD, (300, 1000), (300, 169)),  # 168.75
        (CARD, (2000, 300), (533, 300)),  # 533.33
        (CARD, (639, 360), (639, 359)),  # 359.44
        (CARD, (1, 1), (1, 1)),
        (SQUARE, (500, 800), (500, 500)),
        (SQUARE, (800, 500), (500, 500)),
        (TALL, (200, 1000), (200, 267)),  # 266.67
        # Width only: the whole photo, at most as wide as the source.
        (FULL, (6000, 4000), (2048, 1365)),  # 1365.33
        (FULL, (4000, 6000), (2048, 3072)),
        (FULL, (2048, 100), (2048, 100)),
        (FULL, (800, 600), (800, 600)),
        (FULL, (3000, 1), (2048, 1)),  # 0.68, but at least one pixel
        (FULL, (1, 3000), (1, 3000)),
        (FULL, (4096, 4093), (2048, 2047)),  # 2046.5 rounds half up
        (RenditionSpec("two", 2), (4, 5), (2, 3)),  # 2.5 rounds half up
    ],
)
def test_output_size(spec, source, expected):
    assert output_size(spec, *source) == expected


# Geometry: crop boxes (focal points are binary fractions, so all exact)


@pytest.mark.parametrize(
    ("source", "out", "focal", "expected"),
    [
        # 3:2 landscape to 16:9: full width, 3375 high, sliding 0..625.
        ((6000, 4000), (640, 360), (0.5, 0.5), (0, 312.5, 6000, 3687.5)),
        ((6000, 4000), (640, 360), (0, 0), (0, 0, 6000, 3375)),
        ((6000, 4000), (640, 360), (1, 1), (0, 625, 6000, 4000)),
        ((6000, 4000), (640, 360), (1, 0), (0, 0, 6000, 3375)),
        ((6000, 4000), (640, 360), (0, 1), (0, 625, 6000, 4000)),
        ((6000, 4000), (640, 360), (0.875, 0.4375), (0, 62.5, 6000, 3437.5)),
        ((6000, 4000), (640, 360), (0.125, 0.5625), (0, 562.5, 6000, 3937.5)),
        # 2:3 portrait to 16:9: full width, 2250 high, sliding 0..3750.
        ((4000, 6000), (640, 360), (0.5, 0.5), (0, 1875, 4000, 4125)),
        ((4000, 6000), (640, 360), (0, 0), (0, 0, 4000, 2250)),
        ((4000, 6000), (640, 360), (1, 1), (0, 3750, 4000, 6000)),
        ((4000, 6000), (640, 360), (0.25, 0.125), (0, 0, 4000, 2250)),
        ((4000, 6000), (640, 360), (0.5, 0.75), (0, 3375, 4000, 5625)),
        # Landscape to square: full height, sliding 0..2000 across.
        ((6000, 4000), (600, 600), (0.5, 0.5), (1000, 0, 5000, 4000)),
        ((6000, 4000), (600, 600), (0, 0), (0, 0, 4000, 4000)),
        ((6000, 4000), (600, 600), (1, 1), (2000, 0, 6000, 4000)),
        ((6000, 4000), (600, 600), (0.25, 0.875), (0, 0, 4000, 4000)),
        ((6000, 4000), (600, 600), (0.625, 0.125), (1750, 0, 5750, 4000)),
        # Portrait to square: full width, sliding 0..2000 down.
        ((4000, 6000), (600, 600), (0.5, 0.5), (0, 1000, 4000, 5000)),
        ((4000, 6000), (600, 600), (0, 0), (0, 0, 4000, 4000)),
        ((4000, 6000), (600, 600), (1, 1), (0, 2000, 4000, 6000)),
        ((4000, 6000), (600, 600), (0.5, 0.375), (0, 250, 4000, 4250)),
        # Landscape to 3:4 portrait: full height, 3000 wide.
        ((6000, 4000), (300, 400), (0.5, 0.5), (1500, 0, 4500, 4000)),
        ((6000, 4000), (300, 400), (0, 0), (0, 0, 3000, 4000)),
        ((6000, 4000), (300, 400), (1, 1), (3000, 0, 6000, 4000)),
        # Square source.
        ((1000, 1000), (640, 360), (0.5, 0.5), (0, 218.75, 1000, 781.25)),
        ((1000, 1000), (640, 360), (0, 0), (0, 0, 1000, 562.5)),
        ((1000, 1000), (640, 360), (1, 1), (0, 437.5, 1000, 1000)),
        ((1000, 1000), (600, 600), (0, 0), (0, 0, 1000, 1000)),
        ((1000, 1000), (600, 600), (1, 1), (0, 0, 1000, 1000)),
        ((1000, 1000), (600, 600), (0.25, 0.75), (0, 0, 1000, 1000)),
        # The same shape as the source: all of it, wherever the focal point.
        ((6000, 4000), (1500, 1000), (0, 0), (0, 0, 6000, 4000)),
        ((6000, 4000), (1500, 1000), (1, 1), (0, 0, 6000, 4000)),
        # A small source: the box has the rounded output's shape (64x36).
        ((64, 48), (64, 36), (0.5, 0.5), (0, 6, 64, 42)),
        ((64, 48), (64, 36), (1, 1), (0, 12, 64, 48)),
    ],
)
def test_crop_box(source, out, focal, expected):
    assert crop_box(*source, *focal, *out) == expected


def numbered(width: int, height: int) -> PILImage.Image:
    """Every pixel a different value, so any misplaced pixel shows."""
    return PILImage.frombytes("L", (width, height), bytes(range(width * height)))


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize(
    "box", [(1, 0, 3, 4), (0, 1, 4, 2), (2, 3, 5, 5), (0, 0, 5, 5)]
)
def test_stored_box_finds_the_same_pixels_as_pillow_transposing(orientation, box):
    stored = numbered(7, 5)
    stored.getexif()[0x0112] = orientation
    upright = ImageOps.exif_transpose(stored)

    left, top, right, bottom = stored_box(box, orientation, 7, 5)
    piece = stored.crop((round(left), round(top), round(right), round(bottom)))
    piece.getexif()[0x0112] = orientation

    assert ImageOps.exif_transpose(piece).tobytes() == upright.crop(box).tobytes()


# Rendering: orientation


@pytest.mark.parametrize("kind", ["landscape", "portrait"])
@pytest.mark.parametrize("orientation", range(2, 9))
@pytest.mark.parametrize("spec", [CARD, SMALL_SQUARE, FULL], ids=lambda s: s.name)
def test_every_exif_orientation_stands_upright(kind, orientation, spec):
    reference = opened(render_file(ORIENTED / f"{kind}_1.jpg", spec).data)
    turned = opened(render_file(ORIENTED / f"{kind}_{orientation}.jpg", spec).data)

    assert turned.size == reference.size
    # Upright copies differ by JPEG noise and the files' colour profiles
    # (under 7); mirrored or turned ones by 30 to 50.
    assert mean_difference(reference, turned) < 12


@pytest.mark.parametrize("orientation", range(1, 9))
def test_full_size_keeps_the_upright_shape(orientation):
    landscape = render_file(ORIENTED / f"landscape_{orientation}.jpg", FULL, "webp")
    portrait = render_file(ORIENTED / f"portrait_{orientation}.jpg", FULL, "webp")

    assert (landscape.width, landscape.height) == (600, 450)
    assert opened(landscape.data).size == (600, 450)
    assert (portrait.width, portrait.height) == (450, 600)
    assert opened(portrait.data).size == (450, 600)


def test_orientation_inside_webp_is_applied():
    mirrored = opened(render_file(ORIENTED / "hopper_orientation_2.webp", FULL).data)
    turned = opened(render_file(ORIENTED / "hopper_orientation_6.webp", FULL).data)

    # Both files hold the same picture, stored mirrored and stored turned.
    assert mean_difference(mirrored, turned) < 6
    assert (
        mean_difference(mirrored, mirrored.transpose(PILImage.Transpose.ROTATE_90)) > 20
    )


def test_an_invalid_orientation_leaves_the_photo_as_stored():
    result = render_file(ORIENTED / "recurser-Landscape_0.jpg", FULL)

    assert (result.width, result.height) == (1800, 1200)


def corners(width: int = 1603, height: int = 1001) -> PILImage.Image:
    """Red in the top-left corner, blue in the bottom-right, grey elsewhere;
    sizes that are not multiples of 8 test JPEG draft's partial blocks."""
    picture = PILImage.new("RGB", (width, height), GREY)
    picture.paste(RED, (0, 0, 300, 300))
    picture.paste(BLUE, (width - 300, height - 300, width, height))
    return picture


# Transposes that undo each orientation's transpose: what a camera stores.
STORED_AS = {
    1: None,
    2: PILImage.Transpose.FLIP_LEFT_RIGHT,
    3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM,
    5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_90,
    7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_270,
}


def stored_jpeg(upright: PILImage.Image, orientation: int) -> io.BytesIO:
    method = STORED_AS[orientation]
    stored = upright.transpose(method) if method is not None else upright
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    return encoded(stored, "JPEG", quality=95, exif=exif)


def colour_at(picture: PILImage.Image, xy: tuple[int, int]) -> str:
    r, g, b = picture.convert("RGB").getpixel(xy)[:3]
    if r > 200 and g < 60 and b < 60:
        return "red"
    if b > 200 and r < 60 and g < 60:
        return "blue"
    if 100 < r < 160 and 100 < g < 160 and 100 < b < 160:
        return "grey"
    return f"({r}, {g}, {b})"


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize(
    ("focal", "expected"),
    [
        # The 1001 px square crop reaches 300 px of one corner's square.
        ((0, 0), {(5, 5): "red", (50, 50): "grey", (95, 95): "grey"}),
        ((1, 1), {(5, 5): "grey", (50, 50): "grey", (95, 95): "blue"}),
        ((0.5, 0.5), {(5, 5): "grey", (50, 50): "grey", (95, 95): "grey"}),
    ],
)
def test_the_focal_point_is_on_the_upright_photo(orientation, focal, expected):
    source = stored_jpeg(corners(), orientation)

    result = render(source, SMALL_SQUARE, "webp", focal=focal)

    picture = opened(result.data)
    assert picture.size == (100, 100)
    assert {xy: colour_at(picture, xy) for xy in expected} == expected


@pytest.mark.parametrize("orientation", range(2, 9))
def test_drafted_jpegs_in_every_orientation_match_the_upright_one(orientation):
    upright = opened(render(stored_jpeg(corners(), 1), CARD, "webp").data)

    turned = opened(render(stored_jpeg(corners(), orientation), CARD, "webp").data)

    assert mean_difference(upright, turned) < 1.5


# Rendering: sizes, formats, focal point


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("name", ["thumbnail", "card", "hero", "square", "full"])
@pytest.mark.parametrize("source_size", [(1000, 700), (700, 1000), (300, 100)])
def test_output_is_exactly_the_planned_size(fmt, name, source_size):
    spec = get_specs()[name]
    source = encoded(corners(*source_size), "JPEG")

    result = render(source, spec, fmt)

    expected = output_size(spec, *source_size)
    assert (result.width, result.height) == expected
    assert opened(result.data).size == expected


def test_a_sideways_photo_is_planned_on_its_upright_size():
    result = render_file(ORIENTED / "portrait_6.jpg", get_specs()["hero"], "avif")

    assert (result.width, result.height) == output_size(get_specs()["hero"], 450, 600)
    assert opened(result.data).size == (450, 253)


@pytest.mark.parametrize(
    ("fmt", "pillow_format", "content_type", "extension"),
    [
        ("jpeg", "JPEG", "image/jpeg", "jpg"),
        ("webp", "WEBP", "image/webp", "webp"),
        ("avif", "AVIF", "image/avif", "avif"),
    ],
)
def test_each_format_has_its_magic_bytes_and_content_type(
    fmt, pillow_format, content_type, extension
):
    result = render(encoded(corners(800, 600), "JPEG"), CARD, fmt)

    assert (result.content_type, result.extension) == (content_type, extension)
    assert opened(result.data).format == pillow_format
    if fmt == "jpeg":
        assert result.data[:3] == b"\xff\xd8\xff"
    elif fmt == "webp":
        assert (result.data[:4], result.data[8:12]) == (b"RIFF", b"WEBP")
    else:
        assert result.data[4:12] == b"ftypavif"


def test_jpeg_renditions_are_progressive():
    result = render(encoded(corners(800, 600), "JPEG"), CARD, "jpeg")

    assert opened(result.data).info.get("progressive") == 1


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown rendition format 'gif'."):
        render(encoded(corners(80, 60)), CARD, "gif")


@pytest.mark.parametrize(
    ("focal", "inside", "outside"),
    [((0, 0), "red", "blue"), ((1, 1), "blue", "red")],
)
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_the_focal_point_moves_the_crop(fmt, focal, inside, outside):
    result = render(encoded(corners(1000, 500)), SMALL_SQUARE, fmt, focal=focal)

    picture = opened(result.data).convert("RGB")
    seen = {colour_at(picture, (x, y)) for x in range(0, 100, 5) for y in (5, 50, 95)}
    assert inside in seen
    assert outside not in seen


# Rendering: colour


def test_cmyk_comes_out_as_rgb_with_the_srgb_profile():
    source = encoded(PILImage.new("CMYK", (300, 200), (0, 255, 255, 0)), "JPEG")

    result = render(source, SMALL_SQUARE, "jpeg")

    picture = opened(result.data)
    assert picture.mode == "RGB"
    assert colour_at(picture, (50, 50)) == "red"
    assert picture.info["icc_profile"] == srgb_profile_bytes()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(picture.info["icc_profile"]))
    assert ImageCms.getProfileDescription(profile).startswith("sRGB")


def prophoto_profile() -> bytes:
    with PILImage.open(IMAGES / "formats" / "tif-with-iptc-icc-xmp.tif") as tiff:
        return tiff.info["icc_profile"]


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_an_embedded_profile_is_converted_to_srgb(fmt):
    # ProPhoto RGB has gamma 1.8: its mid grey is lighter in sRGB (146).
    grey = PILImage.new("RGB", (400, 300), GREY)
    source = encoded(grey, "PNG", icc_profile=prophoto_profile())

    picture = opened(render(source, SMALL_SQUARE, fmt).data)

    r, g, b = picture.convert("RGB").getpixel((50, 50))
    assert min(r, g, b) >= 143 and max(r, g, b) <= 149
    assert picture.info["icc_profile"] == srgb_profile_bytes()


def test_a_photo_without_a_profile_is_taken_as_srgb():
    picture = opened(
        render(encoded(PILImage.new("RGB", (80, 80), GREY)), FULL, "jpeg").data
    )

    assert all(abs(v - 128) <= 1 for v in picture.getpixel((40, 40)))
    assert picture.info["icc_profile"] == srgb_profile_bytes()


def test_a_broken_profile_is_ignored():
    grey = PILImage.new("RGB", (80, 80), GREY)
    source = encoded(grey, "PNG", icc_profile=b"not a profile at all")

    picture = opened(render(source, FULL, "webp").data)

    assert all(abs(v - 128) <= 2 for v in picture.getpixel((40, 40)))


# Rendering: transparency and unusual modes


def transparent() -> PILImage.Image:
    picture = PILImage.new("RGBA", (400, 400), (0, 0, 0, 0))
    picture.paste((0, 128, 0, 255), (100, 100, 300, 300))
    return picture


@pytest.mark.parametrize("fmt", ["webp", "avif"])
def test_transparency_is_kept_where_the_format_has_alpha(fmt):
    picture = opened(render(encoded(transparent()), SMALL_SQUARE, fmt).data)

    assert picture.mode == "RGBA"
    assert picture.getpixel((2, 2))[3] == 0
    assert picture.getpixel((50, 50))[3] == 255


def test_jpeg_flattens_transparency_onto_white():
    picture = opened(render(encoded(transparent()), SMALL_SQUARE, "jpeg").data)

    assert picture.mode == "RGB"
    assert min(picture.getpixel((2, 2))) >= 250
    r, g, b = picture.getpixel((50, 50))
    assert r < 20 and 110 < g < 145 and b < 20


@pytest.mark.parametrize("fmt", ["webp", "avif"])
def test_a_palette_with_a_transparent_colour_keeps_it(fmt):
    palette = transparent().convert("RGB").quantize(4)
    index = palette.getpixel((0, 0))
    source = encoded(palette, "PNG", transparency=index)

    picture = opened(render(source, SMALL_SQUARE, fmt).data)

    assert picture.mode == "RGBA"
    assert picture.getpixel((2, 2))[3] == 0
    assert picture.getpixel((50, 50))[3] == 255


def test_grey_with_alpha_keeps_it():
    grey = PILImage.new("LA", (200, 200), (0, 0))
    grey.paste((200, 255), (50, 50, 150, 150))

    picture = opened(render(encoded(grey), SMALL_SQUARE, "webp").data)

    assert picture.mode == "RGBA"
    assert picture.getpixel((2, 2))[3] == 0
    assert picture.getpixel((50, 50)) == (200, 200, 200, 255)


def test_an_alpha_channel_with_nothing_transparent_is_dropped():
    opaque = PILImage.new("RGBA", (200, 200), (10, 20, 30, 255))

    picture = opened(render(encoded(opaque), SMALL_SQUARE, "webp").data)

    assert picture.mode == "RGB"


@pytest.mark.parametrize(
    ("mode", "value", "expected_grey"),
    [
        ("1", 1, 255),
        ("L", 77, 77),
        ("P", 0, 0),
        ("I;16", 128 * 257, 128),  # scaled from 16 bits, not clipped to white
        ("I", 200 * 257, 200),
    ],
)
def test_unusual_modes_come_out_as_rgb(mode, value, expected_grey):
    # Pillow writes 32-bit greys only as TIFF.
    fmt = "TIFF" if mode == "I" else "PNG"
    source = encoded(PILImage.new(mode, (300, 200), value), fmt)

    result = render(source, SMALL_SQUARE, "jpeg")

    picture = opened(result.data)
    assert (picture.mode, picture.size) == ("RGB", (100, 100))
    assert all(abs(v - expected_grey) <= 2 for v in picture.getpixel((50, 50)))


def png16(width: int, height: int, pixel: tuple[int, ...]) -> io.BytesIO:
    """A 16-bit-per-sample RGB or RGBA PNG (Pillow writes only 8-bit ones)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    colour_type = {3: 2, 4: 6}[len(pixel)]
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    row = b"\0" + struct.pack(f">{len(pixel)}H", *pixel) * width
    return io.BytesIO(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def test_sixteen_bit_colour_renders():
    source = png16(300, 200, (250 * 257, 10 * 257, 10 * 257))

    assert colour_at(opened(render(source, SMALL_SQUARE, "avif").data), (50, 50)) == (
        "red"
    )


@pytest.mark.parametrize("fmt", ["webp", "avif"])
def test_sixteen_bit_alpha_is_kept(fmt):
    source = png16(300, 200, (0, 0, 65535, 0))

    picture = opened(render(source, SMALL_SQUARE, fmt).data)

    assert picture.mode == "RGBA"
    assert picture.getpixel((50, 50))[3] == 0


# Rendering: metadata


RIGHTS = RightsMetadata(
    creator="Jane Doe",
    credit_line="Jane Doe/Reuters via AP",
    copyright_notice="Copyright 2026 Reuters",
    caption='Flood waters <rise> in the "valley" & beyond.',
)
XMP_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}


def xmp_fields(picture: PILImage.Image) -> dict[str, str]:
    """The XMP packet's rights fields, read with an XML parser."""
    packet = picture.info["xmp"]
    packet = packet.decode() if isinstance(packet, bytes) else packet
    root = ET.fromstring(
        packet[packet.index("<x:xmpmeta") : packet.index("<?xpacket end")]
    )
    description = root.find("rdf:RDF/rdf:Description", XMP_NS)
    fields = {}
    for path in ("dc:creator", "dc:rights", "dc:description"):
        if (node := description.find(f"{path}//rdf:li", XMP_NS)) is not None:
            fields[path] = node.text
    if (credit := description.find("photoshop:Credit", XMP_NS)) is not None:
        fields["photoshop:Credit"] = credit.text
    return fields


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_gps_camera_and_maker_data_are_dropped_and_rights_written(fmt):
    path = IMAGES / "exif-gps" / "DSCN0010.jpg"
    with PILImage.open(path) as original:
        exif = original.getexif()
        assert exif.get_ifd(0x8825) and exif.get(0x010F) == "NIKON"
        assert 0x927C in exif.get_ifd(0x8769)  # a MakerNote

    result = render_file(path, CARD, fmt, rights=RIGHTS)

    picture = opened(result.data)
    exif = picture.getexif()
    assert exif.get_ifd(0x8825) == {}  # GPS
    assert exif.get_ifd(0x8769) == {}  # Exif: MakerNote, serial numbers, dates
    assert dict(exif) == {
        0x013B: "Jane Doe",
        0x8298: "Copyright 2026 Reuters",
        0x010E: 'Flood waters <rise> in the "valley" & beyond.',
    }
    assert 0x0112 not in exif  # orientation is in the pixels
    assert xmp_fields(picture) == {
        "dc:creator": "Jane Doe",
        "dc:rights": "Copyright 2026 Reuters",
        "dc:description": 'Flood waters <rise> in the "valley" & beyond.',
        "photoshop:Credit": "Jane Doe/Reuters via AP",
    }
    assert b"MicrosoftPhoto" not in result.data  # the original's XMP
    assert b"NIKON" not in result.data and b"COOLPIX" not in result.data


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_text_exif_cannot_hold_is_exact_in_the_xmp(fmt):
    rights = RightsMetadata(
        creator="Владимир Смирнов",
        credit_line="Bjørn Pedersen/Česká tisková kancelář",
        copyright_notice="© 2026 Zoë Ø",
        caption="Bell\x07 and\x00 NUL are not XML",
    )

    picture = opened(render(encoded(corners(200, 100)), CARD, fmt, rights=rights).data)

    exif = picture.getexif()
    # EXIF text is ASCII: folded where letters have an ASCII form, left out
    # where they do not (Cyrillic), never mangled.
    assert dict(exif) == {
        0x8298: "(c) 2026 Zoe O",
        0x010E: "Bell and NUL are not XML",
    }
    assert xmp_fields(picture) == {
        "dc:creator": "Владимир Смирнов",
        "dc:rights": "© 2026 Zoë Ø",
        "dc:description": "Bell and NUL are not XML",
        "photoshop:Credit": "Bjørn Pedersen/Česká tisková kancelář",
    }


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_without_rights_there_is_no_exif_or_xmp(fmt):
    with open(IMAGES / "formats" / "Nikon_D70.jpg", "rb") as file:
        picture = opened(render(file, CARD, fmt).data)

    assert "exif" not in picture.info
    assert "xmp" not in picture.info
    assert "comment" not in picture.info  # the original has one
    assert picture.info["icc_profile"] == srgb_profile_bytes()


def test_an_oriented_photo_loses_its_orientation_tag():
    picture = opened(
        render_file(ORIENTED / "landscape_6.jpg", CARD, rights=RIGHTS).data
    )

    assert picture.getexif().get(0x0112) is None


def test_a_caption_as_long_as_a_book_still_fits_a_jpeg():
    rights = RightsMetadata(caption="word " * 30_000)

    picture = opened(
        render(encoded(corners(200, 100)), CARD, "jpeg", rights=rights).data
    )

    assert len(picture.getexif()[0x010E]) == 2000


# Rendering: quality


def test_quality_is_read_from_settings_when_rendering(settings):
    source = corners(800, 600)
    settings.CMS_RENDITION_QUALITY = {"jpeg": 95, "webp": 80, "avif": 60}
    fine = render(encoded(source), CARD, "jpeg")
    settings.CMS_RENDITION_QUALITY = {"jpeg": 20, "webp": 80, "avif": 60}
    coarse = render(encoded(source), CARD, "jpeg")

    assert len(coarse.data) < len(fine.data)
    assert render(encoded(source), CARD, "jpeg", quality=95).data == fine.data


def test_a_bad_quality_setting_is_refused(settings):
    settings.CMS_RENDITION_QUALITY = {"jpeg": 0, "webp": 80, "avif": 60}

    with pytest.raises(ImproperlyConfigured) as error:
        render(encoded(corners(80, 60)), CARD, "jpeg")

    assert str(error.value) == (
        "CMS_RENDITION_QUALITY['jpeg'] must be an integer from 1 to 100."
    )


# Rendering: what cannot be decoded


def valid_jpeg() -> bytes:
    return encoded(corners(300, 200), "JPEG").getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image",
        valid_jpeg()[:600],
        valid_jpeg()[:20] + bytes(range(256)) * 20,
        encoded(corners(300, 200), "PNG").getvalue()[:400],
        (IMAGES / "formats" / "IMG_5195.HEIC").read_bytes(),
        (IMAGES / "exif-malformed" / "max_uint32_exif.jpg").read_bytes(),
    ],
    ids=[
        "empty",
        "text",
        "truncated-jpeg",
        "garbage-jpeg",
        "truncated-png",
        "heic",
        "cut-off",
    ],
)
def test_an_undecodable_source_raises_one_error(data):
    with pytest.raises(RenditionError) as error:
        render(io.BytesIO(data), CARD, "jpeg")

    assert str(error.value).startswith("The photo could not be decoded: ")


@pytest.mark.parametrize(
    "path",
    sorted(
        path
        for folder in ("formats", "exif-malformed", "exif-gps", "agency-metadata")
        for path in (IMAGES / folder).iterdir()
        if path.name not in {"IMG_5195.HEIC", "max_uint32_exif.jpg"}
    ),
    ids=lambda path: path.name,
)
def test_corpus_photos_render_at_their_planned_size(path):
    with PILImage.open(path) as original:
        width, height = ImageOps.exif_transpose(original).size

    result = render_file(path, CARD, "webp")

    assert opened(result.data).size == output_size(CARD, width, height)
