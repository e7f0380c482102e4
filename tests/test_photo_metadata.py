"""Reading IPTC, XMP and EXIF from real photos, and putting it on images."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest
from PIL import Image as PILImage

from articles.imaging.metadata import PhotoMetadata, read_metadata
from articles.models import Contributor, Image
from articles.photos.metadata import apply_metadata, credits_from_metadata
from tests.helpers.corpus import CORPUS

IMAGES = CORPUS / "images"
IPTC_2024 = IMAGES / "iptc-reference" / "IPTC-PhotometadataRef-Std2024.1_10x10.jpg"
IPTC_2021 = IMAGES / "iptc-reference" / "IPTC-PhotometadataRef-Std2021.1.jpg"
AGENCY = IMAGES / "agency-metadata"
AP_PHOTO = AGENCY / "Bush-dog.jpg"
CP_PHOTO = AGENCY / "cp.jpg"
EDT = timezone(timedelta(hours=-4))


def read(path) -> PhotoMetadata:
    with open(path, "rb") as file:
        return read_metadata(file)


def jpeg_with(*, exif: dict[int, str | bytes], xmp: bytes) -> io.BytesIO:
    tags = PILImage.Exif()
    for tag, value in exif.items():
        tags[tag] = value
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(buffer, "JPEG", exif=tags, xmp=xmp)
    buffer.seek(0)
    return buffer


# Reading


@pytest.mark.parametrize(
    ("path", "edition"), [(IPTC_2024, "2024.1"), (IPTC_2021, "2021.1")]
)
def test_the_iptc_reference_photos(path, edition):
    taken = {
        "2024.1": datetime(2024, 3, 22, 0, 23, 2, tzinfo=UTC),
        "2021.1": datetime(2021, 10, 20, 21, 1, 1, tzinfo=UTC),
    }[edition]
    assert read(path) == PhotoMetadata(
        headline=f"The Headline (ref{edition})",
        caption=f"The description aka caption (ref{edition})",
        alt_text="This is the Alt Text description to support accessibility in "
        f"{edition}",
        creators=(f"Creator1 (ref{edition})",),
        credit_line=f"Credit Line (ref{edition})",
        source=f"Source (ref{edition})",
        copyright_notice=f"Copyright (Notice) {edition} IPTC - www.iptc.org "
        f"(ref{edition})",
        usage_terms=f"Rights Usage Terms (ref{edition})",
        instructions=f"An Instruction (ref{edition})",
        date_created=taken,
        orientation=1,
    )


def test_an_ap_wire_photo():
    assert read(AP_PHOTO) == PhotoMetadata(
        headline="BUSH",
        caption="President Bush, along with first lady, Laura Bush, and members of "
        "the Waco Midway Little League Softball World Series championship team, "
        "react as Bush accidentally drops his dog, Barney, Saturday, Aug. 30, 2003, "
        "at TSTC Airfield in Waco, Texas. Bush quickly scooped up the dog who was "
        "not injured. (AP Photo/Duane A. Laverty)",
        creators=("DUANE A. LAVERTY",),
        credit_line="AP",
        source="AP",
        date_created=datetime(2003, 8, 30, 0, 0),  # the day only, no time zone
    )


def test_a_canadian_press_photo():
    # The XMP gives the day, the camera's EXIF the time on that day; the
    # object name stands in for the missing headline.
    assert read(CP_PHOTO) == PhotoMetadata(
        headline="MORT PIÉTONNE MONTRÉAL 20201014",
        caption="The Montreal Police logo is seen on a police car in Montreal on "
        "Wednesday, July 8, 2020. THE CANADIAN PRESS/Paul Chiasson",
        creators=("Paul Chiasson",),
        credit_line="The Canadian Press",
        source="CP",
        instructions="EDS NOTE:A FILE PHOTO",
        date_created=datetime(2020, 7, 8, 9, 49, 13, tzinfo=EDT),
    )


def test_a_getty_webp_with_xmp_only():
    assert read(AGENCY / "gettyimages-2231736497-1024x1024.webp") == PhotoMetadata(
        caption="WASHINGTON, DC - AUGUST 23: The DC Anti-Trump Coalition marches "
        "down U Street Northwest at 14th Ave Northwest on August 23, 2025 in "
        "Washington, DC. An increased presence of law enforcement has been seen "
        "throughout the nation's capital since U.S. President Donald Trump "
        "announced plans to deploy federal officers and the U.S. National Guard "
        "(Photo by Tasos Katopodis/Getty Images)",
        creators=("Tasos Katopodis",),
        credit_line="Getty Images",
        copyright_notice="2025 Getty Images",
    )


def test_xmp_wins_over_iim_and_exif_when_they_disagree():
    meta = read(AGENCY / "metadata_test_file_IIM_XMP_EXIF.jpg")

    assert meta.creators == ("Carl Seibert (XMP)",)
    assert meta.copyright_notice == (
        "© Copyright 2017 Carl Seibert metadatamatters.blog (XMP)"
    )
    assert meta.caption.startswith("(This caption in XMP) This is a metadata test")
    assert (meta.headline, meta.credit_line, meta.source) == (
        "This is the headline field",
        "credit here",
        "source here",
    )
    assert meta.usage_terms == (
        "This is the Rights Usage Terms field. For real, this test image is "
        "licensed under Creative Commons 4.0"
    )
    assert meta.instructions == (
        "These are special instructions. If you need help using this test file, "
        "please contact me through my website at metadatamatters.blog"
    )
    assert meta.date_created == datetime(2017, 5, 29, 17, 19, 21, tzinfo=EDT)


def test_utf8_iim_and_latin1_iim():
    profimedia = read(AGENCY / "profimedia-0701180382.jpg")  # 1:90 says UTF-8
    smiley = read(IMAGES / "iptc-iim-structure" / "smiley1.jpg")  # no 1:90

    assert profimedia.headline == "Charlotte Ella Gottová"
    assert profimedia.credit_line == (
        "JHPhoto / Česká editoriální fotografie / Profimedia"
    )
    assert smiley == PhotoMetadata(
        headline="GreeenDude",
        caption="yelimS green faced dude (iptc caption)",
        creators=("Its me",),
        copyright_notice="© 2004 Nobody",
        date_created=datetime(2004, 7, 13, 0, 0),
    )


def test_a_tiff_with_iptc_and_xmp():
    assert read(IMAGES / "formats" / "tif-with-iptc-icc-xmp.tif") == PhotoMetadata(
        copyright_notice="JET2HOLIDAYS",
        date_created=datetime(2013, 9, 7, 6, 45, 12, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            IMAGES / "formats" / "Canon_40D.jpg",
            PhotoMetadata(date_created=datetime(2008, 5, 30, 15, 56, 1)),
        ),
        (
            IMAGES / "exif-malformed" / "32-lens_data.jpeg",
            PhotoMetadata(
                creators=("Ilya Kurikhin",),
                copyright_notice="Ilya Kurikhin",
                date_created=datetime(2012, 7, 14, 16, 30, 12),
            ),
        ),
        (
            IMAGES / "formats" / "Crémieux11.tiff",
            PhotoMetadata(creators=("Jean Cornillon",)),
        ),
        # The copyright and the description hold the camera's own name.
        (
            IMAGES / "formats" / "kodak-dc240.jpg",
            PhotoMetadata(date_created=datetime(1999, 5, 25, 21, 0, 9)),
        ),
        (
            IMAGES / "formats" / "WWL_(Polaroid)_ION230.jpg",
            PhotoMetadata(date_created=datetime(2026, 11, 24, 14, 41, 16)),
        ),
        # An all-blank EXIF description.
        (
            IMAGES / "exif-gps" / "DSCN0010.jpg",
            PhotoMetadata(date_created=datetime(2008, 10, 22, 16, 28, 39)),
        ),
    ],
    ids=lambda value: getattr(value, "name", None),
)
def test_exif_only_photos(path, expected):
    assert read(path) == expected


def test_exif_text_written_as_utf8_and_the_two_part_copyright():
    photo = jpeg_with(
        exif={
            0x013B: "Bjørn Erik Pedersen; Jane Doe".encode(),
            0x8298: b"\xc2\xa9 2024 Bj\xc3\xb8rn\x00\xc2\xa9 2024 Desk",
            0x010E: "OLYMPUS DIGITAL CAMERA",
        },
        xmp=b"",
    )

    assert read_metadata(photo) == PhotoMetadata(
        creators=("Bjørn Erik Pedersen", "Jane Doe"),
        copyright_notice="© 2024 Bjørn; © 2024 Desk",
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Headline="&b;"/>
</rdf:RDF></x:xmpmeta>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="&secret;"/>
</rdf:RDF></x:xmpmeta>"""


def test_xmp_written_by_pillow_is_read():
    xmp = BILLION_LAUGHS.split(b"]>")[1].replace(b"&b;", b"Harbour at dawn")

    assert read_metadata(jpeg_with(exif={}, xmp=xmp)).headline == "Harbour at dawn"


@pytest.mark.parametrize("xmp", [BILLION_LAUGHS, EXTERNAL_ENTITY, b"<unclosed"])
def test_hostile_or_broken_xmp_is_skipped_and_the_exif_kept(xmp):
    photo = jpeg_with(exif={0x013B: "Jane Doe", 0x010E: "A harbour."}, xmp=xmp)

    assert read_metadata(photo) == PhotoMetadata(
        caption="A harbour.", creators=("Jane Doe",)
    )


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation(orientation):
    photo = IMAGES / "exif-orientation" / f"landscape_{orientation}.jpg"

    assert read(photo).orientation == orientation


def test_orientation_in_webp_and_the_invalid_0():
    assert read(IMAGES / "exif-orientation" / "hopper_orientation_6.webp") == (
        PhotoMetadata(orientation=6)
    )
    assert read(IMAGES / "exif-orientation" / "recurser-Landscape_0.jpg") == (
        PhotoMetadata(orientation=1)
    )


BROKEN = sorted(
    [
        *(IMAGES / "exif-malformed").iterdir(),
        *(IMAGES / "exif-gps").iterdir(),
        *(IMAGES / "iptc-iim-structure").iterdir(),
        *(CORPUS / "hostile" / "images").iterdir(),
        *(CORPUS / "hostile" / "svg").iterdir(),
    ]
)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_and_hostile_metadata_never_raises(path):
    assert isinstance(read(path), PhotoMetadata)


def test_what_is_not_an_image_gives_empty_metadata():
    assert read_metadata(io.BytesIO(b"Press release, not a photo.")) == (
        PhotoMetadata()
    )


# Credits


def test_credits_from_the_iptc_reference_photo():
    # The credit line names a provider, so the source is not one more.
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
            # A photographer and her agency: "Paul Chiasson/CP", not "via".
            [
                ("Paul Chiasson", "creator", "person"),
                ("The Canadian Press", "provider", "agency"),
            ],
        ),
        (
            PhotoMetadata(creators=("Jane Doe",), credit_line="AP Photo/Jane Doe"),
            [("Jane Doe", "creator", "person"), ("AP", "provider", "agency")],
        ),
        (
            PhotoMetadata(creators=("Jane Doe",), source="Ministry of Transport"),
            [
                ("Jane Doe", "creator", "person"),
                ("Ministry of Transport", "provider", "organisation"),
            ],
        ),
        # A by-line that is the whole credit line, as Profimedia writes it.
        (
            read(AGENCY / "profimedia-0701180382.jpg"),
            [
                ("JHPhoto", "creator", "person"),
                ("Česká editoriální fotografie", "provider", "organisation"),
                ("Profimedia", "provider", "organisation"),
            ],
        ),
        # No credit line: the caption's closing credit stands in.
        (
            PhotoMetadata(caption="A dog. (Photo by Tasos Katopodis/Getty Images)"),
            [
                ("Tasos Katopodis", "creator", "person"),
                ("Getty Images", "provider", "agency"),
            ],
        ),
        (PhotoMetadata(caption="Ottawa (3,900 miles away)"), []),
        # Reuters' source is a photographer's code, not a name.
        (
            PhotoMetadata(
                creators=("Wolfgang Rattay",), credit_line="REUTERS", source="X00227"
            ),
            [
                ("Wolfgang Rattay", "creator", "person"),
                ("Reuters", "provider", "agency"),
            ],
        ),
        (PhotoMetadata(creators=("x" * 201,)), []),
    ],
)
def test_credits_from_metadata(meta, expected):
    assert credits_from_metadata(meta) == expected


# Onto images


def image_from(path) -> Image:
    with open(path, "rb") as file:
        image, _ = Image.objects.get_or_create_for_file(
            file, original_filename=path.name
        )
    return image


def credits_of(image: Image) -> list[tuple[str, str, str]]:
    return [
        (c.role, c.contributor.name, c.contributor.kind)
        for c in image.credits.select_related("contributor")
    ]


def test_apply_metadata_from_the_iptc_reference_photo(db):
    image = image_from(IPTC_2024)

    apply_metadata(image, read(IPTC_2024))

    image = Image.objects.get(pk=image.pk)
    assert (
        image.headline,
        image.caption,
        image.alt_text,
        image.copyright_notice,
        image.usage_terms,
        image.restrictions,
        image.date_created,
    ) == (
        "The Headline (ref2024.1)",
        "The description aka caption (ref2024.1)",
        "This is the Alt Text description to support accessibility in 2024.1",
        "Copyright (Notice) 2024.1 IPTC - www.iptc.org (ref2024.1)",
        "Rights Usage Terms (ref2024.1)",
        "An Instruction (ref2024.1)",
        datetime(2024, 3, 22, 0, 23, 2, tzinfo=UTC),
    )
    assert credits_of(image) == [
        ("creator", "Creator1 (ref2024.1)", "person"),
        ("provider", "Credit Line (ref2024.1)", "organisation"),
    ]
    assert image.credit_line == "Creator1 (ref2024.1)/Credit Line (ref2024.1)"


def test_apply_metadata_from_an_agency_photo(db):
    image = image_from(CP_PHOTO)

    apply_metadata(image, read(CP_PHOTO))

    image.refresh_from_db()
    assert image.restrictions == "EDS NOTE:A FILE PHOTO"
    assert image.date_created == datetime(2020, 7, 8, 13, 49, 13, tzinfo=UTC)
    assert credits_of(image) == [
        ("creator", "Paul Chiasson", "person"),
        ("provider", "The Canadian Press", "agency"),
    ]
    assert image.credit_line == "Paul Chiasson/CP"


def test_a_date_without_offset_is_taken_in_the_newsroom_time_zone(db, settings):
    settings.TIME_ZONE = "America/Toronto"
    image = Image.objects.create()

    apply_metadata(image, read(AP_PHOTO))

    image.refresh_from_db()
    assert image.date_created == datetime(2003, 8, 30, 4, 0, tzinfo=UTC)


def test_apply_metadata_keeps_what_the_editor_wrote(db, ap):
    image = image_from(IPTC_2024)
    image.caption = "Written by the photo desk."
    image.save()
    image.credits.create(contributor=ap, role="distributor")

    apply_metadata(image, read(IPTC_2024))
    image.refresh_from_db()
    assert image.caption == "Written by the photo desk."
    assert image.headline == "The Headline (ref2024.1)"
    assert credits_of(image) == [("distributor", "The Associated Press", "agency")]

    apply_metadata(image, read(IPTC_2024), overwrite=True)
    image.refresh_from_db()
    assert image.caption == "The description aka caption (ref2024.1)"
    assert image.credit_line == "Creator1 (ref2024.1)/Credit Line (ref2024.1)"


def test_contributors_are_reused_across_photos(db):
    first, second = image_from(AP_PHOTO), image_from(CP_PHOTO)
    third = Image.objects.create(caption="Another photo of his")

    apply_metadata(first, read(AP_PHOTO))
    apply_metadata(second, read(CP_PHOTO))
    apply_metadata(
        third, PhotoMetadata(creators=("Duane A. Laverty",), credit_line="AP")
    )

    assert credits_of(first) == [
        ("creator", "DUANE A. LAVERTY", "person"),
        ("provider", "The Associated Press", "agency"),
    ]
    assert credits_of(third) == credits_of(first)
    assert Contributor.objects.count() == 4
