"""The image pipeline without the database: intake checks, crop geometry and
renditions, on real files from the shared corpus and pictures made here."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from PIL import Image as PILImage
from PIL import ImageChops, ImageCms, ImageStat

from articles.imaging.geometry import crop_box, output_size
from articles.imaging.inspect import inspect_image
from articles.imaging.render import RenditionError, RightsMetadata, render
from articles.imaging.specs import RenditionSpec, get_specs, parse_specs
from tests.helpers.corpus import CORPUS
from tests.helpers.images import make_jpeg
from tests.helpers.safety import record

IMAGES = CORPUS / "images"
HOSTILE = CORPUS / "hostile"
CARD = RenditionSpec("card", 640, 360)
SQUARE = RenditionSpec("square", 100, 100)
FULL = RenditionSpec("full", 2048)

UNREADABLE = "The file is not a readable image (or it is truncated or corrupt)."
TOO_BIG = "The image is too large to process safely; the limit is 80 megapixels."


# Intake


@pytest.mark.parametrize(
    ("path", "message"),
    [
        *[(p, UNREADABLE) for p in sorted((HOSTILE / "svg").iterdir())],
        *[
            (HOSTILE / "images" / name, UNREADABLE)
            for name in (
                "libpng-badcrc.png",
                "libpng-empty_ancillary_chunks.png",
                "libpng-huge_IDAT.png",
                "libpng-huge_eXIf_chunk.png",
                "libpng-huge_tEXt_chunk.png",
                "libpng-huge_zTXt_chunk.png",
            )
        ],
        (HOSTILE / "images" / "pillow-decompression_bomb.gif", TOO_BIG),
        (HOSTILE / "images" / "pillow-decompression_bomb_extents.gif", TOO_BIG),
        (HOSTILE / "xml" / "defusedxml-xmlbomb.xml", UNREADABLE),
        (
            IMAGES / "formats" / "IMG_5195.HEIC",
            "HEIF photos are not accepted; convert to JPEG (or PNG, WebP, "
            "AVIF) and try again.",
        ),
    ],
    ids=lambda value: getattr(value, "name", "")[:40],
)
def test_hostile_and_unsupported_files_are_refused(path, message):
    with open(path, "rb") as file, pytest.raises(ValidationError) as error:
        inspect_image(file)

    assert error.value.messages == [message]
    record("hostile inputs", "files refused")


def test_pixel_limit_is_a_setting(settings):
    settings.CMS_IMAGE_MAX_PIXELS = 1000

    with pytest.raises(ValidationError) as error:
        inspect_image(io.BytesIO(make_jpeg(40, 30)))

    assert error.value.messages == [
        "The image is too large to process safely (40 × 30 pixels); the limit is "
        "0.001 megapixels."
    ]


def test_byte_limit_is_a_setting(settings):
    settings.CMS_IMAGE_MAX_BYTES = 100

    with pytest.raises(ValidationError) as error:
        inspect_image(io.BytesIO(make_jpeg(40, 30)))

    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    ("name", "fmt", "size"),
    [
        ("formats/sunrise.avif", "AVIF", (1024, 640)),
        ("formats/tif-with-iptc-icc-xmp.tif", "TIFF", (35, 23)),
        ("formats/meta.webp", "WEBP", None),
        ("formats/metaphotoshop.png", "PNG", None),
        ("exif-orientation/landscape_6.jpg", "JPEG", (600, 450)),
        ("exif-orientation/portrait_6.jpg", "JPEG", (450, 600)),
    ],
)
def test_real_photos_are_accepted_with_their_upright_size(name, fmt, size):
    with open(IMAGES / name, "rb") as file:
        facts = inspect_image(file)

    assert facts.format == fmt
    if size:
        assert (facts.width, facts.height) == size


# Specs and geometry


def test_specs_come_from_settings():
    specs = get_specs()

    assert specs["card"] == CARD
    assert specs["full"] == RenditionSpec("full", 2048, None)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"Bad Name": {"width": 10}}, "CMS_RENDITIONS: 'Bad Name' is not a valid name"),
        (
            {"x": {"width": 0}},
            "CMS_RENDITIONS['x']['width'] must be a positive integer",
        ),
        ({"x": {"width": 10, "height": "9"}}, "CMS_RENDITIONS['x']['height'] must be"),
        ({"x": {"width": 10, "crop": True}}, "CMS_RENDITIONS['x'] must be a dict"),
    ],
)
def test_bad_specs_fail_with_one_clear_message(config, message):
    with pytest.raises(ImproperlyConfigured) as error:
        parse_specs(config)

    assert str(error.value).startswith(message)


def test_a_bad_spec_is_reported_by_the_system_checks(settings, db):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.CMS_RENDITIONS = {"card": {"width": -1}}

    with pytest.raises(SystemCheckError) as error:
        call_command("check")

    assert "articles.E001" in str(error.value)
    assert "CMS_RENDITIONS['card']['width'] must be a positive integer" in str(
        error.value
    )


def test_unknown_format_in_settings_is_refused(settings):
    settings.CMS_RENDITION_FORMATS = ["jpeg", "bmp"]

    with pytest.raises(ImproperlyConfigured):
        get_specs()


@pytest.mark.parametrize(
    ("spec", "source", "expected"),
    [
        (CARD, (6000, 4000), (640, 360)),
        (CARD, (64, 48), (64, 36)),  # never upscaled: largest 16:9 at source size
        (CARD, (300, 1000), (300, 169)),
        (SQUARE, (50, 80), (50, 50)),
        (FULL, (6000, 4000), (2048, 1365)),
        (FULL, (800, 600), (800, 600)),
        (FULL, (3000, 1), (2048, 1)),
    ],
)
def test_output_size(spec, source, expected):
    assert output_size(spec, *source) == expected


@pytest.mark.parametrize(
    ("focal", "expected"),
    [
        ((0.5, 0.5), (0.0, 150.0, 1600.0, 1050.0)),
        ((0.0, 0.0), (0.0, 0.0, 1600.0, 900.0)),
        ((1.0, 1.0), (0.0, 300.0, 1600.0, 1200.0)),
        ((0.5, 0.2), (0.0, 0.0, 1600.0, 900.0)),
        ((0.5, 0.6), (0.0, 270.0, 1600.0, 1170.0)),
    ],
)
def test_crop_box_on_a_4_3_photo_for_16_9(focal, expected):
    assert crop_box(1600, 1200, *focal, 640, 360) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("focal", "expected"),
    [
        ((0.5, 0.5), (200.0, 0.0, 800.0, 600.0)),
        ((0.0, 0.5), (0.0, 0.0, 600.0, 600.0)),
        ((1.0, 0.5), (400.0, 0.0, 1000.0, 600.0)),
        ((0.3, 0.9), (0.0, 0.0, 600.0, 600.0)),
    ],
)
def test_square_crop_box_on_a_landscape_photo(focal, expected):
    assert crop_box(1000, 600, *focal, 100, 100) == pytest.approx(expected)


# Renditions


def rendered_picture(data: bytes) -> PILImage.Image:
    picture = PILImage.open(io.BytesIO(data))
    picture.load()
    return picture


@pytest.mark.parametrize("kind", ["landscape", "portrait"])
@pytest.mark.parametrize("orientation", range(2, 9))
def test_every_exif_orientation_comes_out_upright(kind, orientation):
    def card(n: int) -> PILImage.Image:
        with open(IMAGES / "exif-orientation" / f"{kind}_{n}.jpg", "rb") as file:
            return rendered_picture(render(file, SQUARE, "jpeg").data).convert("L")

    reference, turned = card(1), card(orientation)
    difference = ImageStat.Stat(ImageChops.difference(reference, turned)).mean[0]

    # Upright copies differ by JPEG noise (under 10 here); a copy left
    # mirrored or turned differs by 50 or more.
    assert difference < 15, f"{kind}_{orientation} differs by {difference:.1f}"


def test_full_size_keeps_the_upright_shape():
    with open(IMAGES / "exif-orientation" / "portrait_6.jpg", "rb") as file:
        result = render(file, FULL, "webp")

    assert (result.width, result.height) == (450, 600)
    assert rendered_picture(result.data).size == (450, 600)


@pytest.mark.parametrize(
    ("fmt", "pillow_format", "magic"),
    [
        ("jpeg", "JPEG", b"\xff\xd8\xff"),
        ("webp", "WEBP", b"RIFF"),
        ("avif", "AVIF", b""),
    ],
)
def test_formats_and_sizes(fmt, pillow_format, magic):
    result = render(io.BytesIO(make_jpeg(1200, 800)), CARD, fmt)

    assert result.data.startswith(magic)
    assert (result.width, result.height) == (640, 360)
    picture = rendered_picture(result.data)
    assert (picture.format, picture.size) == (pillow_format, (640, 360))
    if fmt == "avif":
        assert result.data[4:12] == b"ftypavif"


def red_and_blue() -> bytes:
    """Red in the top-left corner, blue in the bottom-right, grey elsewhere."""
    picture = PILImage.new("RGB", (1000, 500), (128, 128, 128))
    picture.paste((255, 0, 0), (0, 0, 200, 200))
    picture.paste((0, 0, 255), (800, 300, 1000, 500))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("focal", "corner", "colour"),
    [((0.0, 0.0), (2, 2), "red"), ((1.0, 1.0), (97, 97), "blue")],
)
def test_the_crop_follows_the_focal_point(focal, corner, colour):
    result = render(io.BytesIO(red_and_blue()), SQUARE, "webp", focal=focal)

    r, g, b = rendered_picture(result.data).convert("RGB").getpixel(corner)
    assert (r > 200 and b < 60) if colour == "red" else (b > 200 and r < 60)


def test_cmyk_comes_out_as_srgb():
    buffer = io.BytesIO()
    PILImage.new("CMYK", (300, 200), (0, 255, 255, 0)).save(buffer, "JPEG")

    result = render(buffer, SQUARE, "jpeg")

    picture = rendered_picture(result.data)
    assert picture.mode == "RGB"
    r, g, b = picture.getpixel((50, 50))
    assert r > 200 and g < 80 and b < 80
    profile = ImageCms.ImageCmsProfile(io.BytesIO(picture.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)


def transparent_png() -> bytes:
    picture = PILImage.new("RGBA", (400, 400), (0, 0, 0, 0))
    picture.paste((0, 128, 0, 255), (100, 100, 300, 300))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["webp", "avif"])
def test_transparency_survives_where_the_format_allows(fmt):
    result = render(io.BytesIO(transparent_png()), SQUARE, fmt)

    picture = rendered_picture(result.data)
    assert picture.mode == "RGBA"
    assert picture.getpixel((2, 2))[3] == 0
    assert picture.getpixel((50, 50))[3] == 255


def test_jpeg_flattens_transparency_onto_white():
    result = render(io.BytesIO(transparent_png()), SQUARE, "jpeg")

    picture = rendered_picture(result.data)
    assert picture.mode == "RGB"
    assert min(picture.getpixel((2, 2))) > 245


@pytest.mark.parametrize("fmt", ["jpeg", "webp", "avif"])
def test_renditions_keep_rights_and_drop_private_metadata(fmt):
    rights = RightsMetadata(
        creator="Jane Doe",
        credit_line="Jane Doe/Reuters",
        copyright_notice="© 2026 Reuters",
        caption="Flood waters in <the> valley & beyond",
    )
    with open(IMAGES / "exif-gps" / "DSCN0010.jpg", "rb") as file:
        original = PILImage.open(file).getexif()
        assert original.get_ifd(0x8825) and original.get(0x010F)
        file.seek(0)
        result = render(file, CARD, fmt, rights=rights)

    picture = rendered_picture(result.data)
    exif = picture.getexif()
    assert exif.get_ifd(0x8825) == {}
    assert exif.get_ifd(0x8769) == {}  # no Exif sub-IFD: no MakerNote, no serials
    assert exif.get(0x010F) is None and exif.get(0x0110) is None  # make, model
    assert exif.get(0x013B) == "Jane Doe"
    assert exif.get(0x8298) == "(c) 2026 Reuters"
    xmp = picture.info["xmp"]
    xmp = xmp.decode() if isinstance(xmp, bytes) else xmp
    assert "<photoshop:Credit>Jane Doe/Reuters</photoshop:Credit>" in xmp
    assert "© 2026 Reuters" in xmp
    assert "Flood waters in &lt;the&gt; valley &amp; beyond" in xmp


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image", make_jpeg(300, 200)[:200]],
    ids=["empty", "text", "truncated"],
)
def test_undecodable_sources_raise_one_error(data):
    with pytest.raises(RenditionError):
        render(io.BytesIO(data), CARD, "jpeg")


@pytest.mark.parametrize("mode", ["L", "LA", "P", "I;16", "1"])
def test_unusual_modes_render(mode):
    buffer = io.BytesIO()
    PILImage.new(mode, (300, 200)).save(buffer, "PNG")

    result = render(buffer, SQUARE, "webp")

    assert (result.width, result.height) == (100, 100)


MALFORMED_EXIF = sorted((IMAGES / "exif-malformed").iterdir())


@pytest.mark.parametrize("path", MALFORMED_EXIF, ids=lambda p: p.name)
def test_broken_exif_does_not_cost_a_good_photo(path):
    with open(path, "rb") as file:
        if path.name == "max_uint32_exif.jpg":  # its pixel data is cut short too
            with pytest.raises(ValidationError):
                inspect_image(file)
            return
        facts = inspect_image(file)
        file.seek(0)
        result = render(file, SQUARE, "webp")

    assert facts.width > 0
    assert (result.width, result.height) == output_size(
        SQUARE, facts.width, facts.height
    )
