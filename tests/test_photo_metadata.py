"""Reading IPTC, XMP and EXIF from real photos, and putting it on images."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.imaging.metadata import PhotoMetadata, read_metadata
from articles.models import Contributor, Image
from articles.photo_metadata import apply_metadata, credits_from_metadata
from tests.conftest import CORPUS

IMAGES = CORPUS / "images"
IPTC_2024 = IMAGES / "iptc-reference" / "IPTC-PhotometadataRef-Std2024.1_10x10.jpg"
AP_PHOTO = IMAGES / "agency-metadata" / "Bush-dog.jpg"
CP_PHOTO = IMAGES / "agency-metadata" / "cp.jpg"


def read(path) -> PhotoMetadata:
    with open(path, "rb") as file:
        return read_metadata(file)


def test_the_iptc_reference_photo():
    assert read(IPTC_2024) == PhotoMetadata(
        headline="The Headline (ref2024.1)",
        caption="The description aka caption (ref2024.1)",
        alt_text="This is the Alt Text description to support accessibility in 2024.1",
        creators=("Creator1 (ref2024.1)",),
        credit_line="Credit Line (ref2024.1)",
        source="Source (ref2024.1)",
        copyright_notice="Copyright (Notice) 2024.1 IPTC - www.iptc.org (ref2024.1)",
        usage_terms="Rights Usage Terms (ref2024.1)",
        instructions="An Instruction (ref2024.1)",
        date_created=datetime(2024, 3, 22, 0, 23, 2, tzinfo=UTC),
        orientation=1,
    )


def test_an_ap_photo_read_from_iptc_iim():
    meta = read(AP_PHOTO)

    assert meta.creators == ("DUANE A. LAVERTY",)
    assert (meta.credit_line, meta.source, meta.headline) == ("AP", "AP", "BUSH")
    assert meta.caption.startswith("President Bush, along with first lady, Laura Bush,")
    assert meta.caption.endswith("(AP Photo/Duane A. Laverty)")
    assert meta.date_created == datetime(2003, 8, 30, 0, 0)


def test_xmp_wins_over_iim_and_exif_when_they_disagree():
    meta = read(IMAGES / "agency-metadata" / "metadata_test_file_IIM_XMP_EXIF.jpg")

    assert meta.creators == ("Carl Seibert (XMP)",)
    assert meta.copyright_notice == (
        "© Copyright 2017 Carl Seibert metadatamatters.blog (XMP)"
    )
    assert meta.caption.startswith("(This caption in XMP)")
    assert meta.date_created == datetime(
        2017, 5, 29, 17, 19, 21, tzinfo=timezone(timedelta(hours=-4))
    )


def test_getty_webp_xmp():
    meta = read(IMAGES / "agency-metadata" / "gettyimages-2231736497-1024x1024.webp")

    assert meta.creators == ("Tasos Katopodis",)
    assert meta.credit_line == "Getty Images"
    assert meta.copyright_notice == "2025 Getty Images"


def test_tiff_and_exif_only_photos():
    tiff = read(IMAGES / "formats" / "tif-with-iptc-icc-xmp.tif")
    canon = read(IMAGES / "formats" / "Canon_40D.jpg")

    assert tiff.copyright_notice == "JET2HOLIDAYS"
    assert tiff.date_created == datetime(2013, 9, 7, 6, 45, 12)
    assert canon.date_created == datetime(2008, 5, 30, 15, 56, 1)
    assert canon.caption == ""


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation(orientation):
    assert (
        read(IMAGES / "exif-orientation" / f"landscape_{orientation}.jpg").orientation
        == orientation
    )


BROKEN = sorted(
    [
        *(IMAGES / "exif-malformed").iterdir(),
        *(IMAGES / "exif-gps").iterdir(),
        *(CORPUS / "hostile" / "images").iterdir(),
        *(CORPUS / "hostile" / "svg").iterdir(),
    ]
)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_and_hostile_metadata_never_raises(path):
    assert isinstance(read(path), PhotoMetadata)


def test_credits_from_the_iptc_reference_photo():
    assert credits_from_metadata(read(IPTC_2024)) == [
        ("Creator1 (ref2024.1)", "creator", "person"),
        ("Credit Line (ref2024.1)", "provider", "organisation"),
    ]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            PhotoMetadata(credit_line="Khabarovsky Krai region government via AP"),
            [
                ("Khabarovsky Krai region government", "provider", "organisation"),
                ("AP", "distributor", "agency"),
            ],
        ),
        (
            PhotoMetadata(
                creators=("Paul Chiasson",),
                credit_line="The Canadian Press",
                source="CP",
            ),
            [
                ("Paul Chiasson", "creator", "person"),
                ("The Canadian Press", "distributor", "agency"),
            ],
        ),
        (
            PhotoMetadata(credit_line="AP Photo/Jane Doe"),
            [("Jane Doe", "creator", "person"), ("AP", "distributor", "agency")],
        ),
        (
            PhotoMetadata(creators=("Jane Doe",), source="Ministry of Transport"),
            [
                ("Jane Doe", "creator", "person"),
                ("Ministry of Transport", "provider", "organisation"),
            ],
        ),
    ],
)
def test_credits_from_metadata(meta, expected):
    assert credits_from_metadata(meta) == expected


def image_from(path) -> Image:
    with open(path, "rb") as file:
        image, _ = Image.objects.get_or_create_for_file(
            file, original_filename=path.name
        )
    return image


def credits_of(image: Image) -> list[tuple[str, str]]:
    return [
        (c.role, c.contributor.name)
        for c in image.credits.select_related("contributor")
    ]


def test_apply_metadata_fills_the_image_and_its_credits(db):
    image = image_from(CP_PHOTO)

    apply_metadata(image, read(CP_PHOTO))

    image.refresh_from_db()
    assert image.caption.startswith("The Montreal Police logo is seen on a police car")
    assert image.restrictions == "EDS NOTE:A FILE PHOTO"
    assert image.date_created == datetime(2020, 7, 8, 0, 0, tzinfo=UTC)
    assert credits_of(image) == [
        ("creator", "Paul Chiasson"),
        ("distributor", "The Canadian Press"),
    ]
    assert image.credit_line == "Paul Chiasson via CP"


def test_apply_metadata_keeps_what_the_editor_wrote(db):
    image = image_from(IPTC_2024)
    image.caption = "Written by the photo desk."
    image.save()

    apply_metadata(image, read(IPTC_2024))
    image.refresh_from_db()
    assert image.caption == "Written by the photo desk."
    assert image.headline == "The Headline (ref2024.1)"

    apply_metadata(image, read(IPTC_2024), overwrite=True)
    image.refresh_from_db()
    assert image.caption == "The description aka caption (ref2024.1)"


def test_contributors_are_reused_across_photos(db):
    first, second = image_from(AP_PHOTO), image_from(CP_PHOTO)

    apply_metadata(first, read(AP_PHOTO))
    apply_metadata(second, read(CP_PHOTO))
    third = Image.objects.create(caption="Another AP photo")
    apply_metadata(third, PhotoMetadata(credit_line="AP"))

    assert Contributor.objects.filter(short_name="AP").count() == 1
    assert credits_of(first) == [
        ("creator", "DUANE A. LAVERTY"),
        ("distributor", "The Associated Press"),
    ]
    assert credits_of(third) == [("distributor", "The Associated Press")]
