"""From a photo's IPTC fields to credit roles to the credit line readers see
(issue 16, item 12). A photographer and her agency are creator and provider,
"Paul Chiasson/CP"; "via" is kept for a distributor passing on someone else's
picture, a handout: "Khabarovsky Krai region government via AP"."""

from __future__ import annotations

import pytest

from articles.imaging.metadata import PhotoMetadata, read_metadata
from articles.models import Image
from articles.photos.metadata import apply_metadata, credits_from_metadata
from articles.text.credits import CREATOR, PERSON, PROVIDER, CreditRef
from articles.text.photo_credits import parse_photo_credit, photo_byline_credits
from tests.helpers.corpus import CORPUS

IMAGES = CORPUS / "images"
AGENCY = IMAGES / "agency-metadata"
IPTC = IMAGES / "iptc-reference"


def read(path) -> PhotoMetadata:
    with open(path, "rb") as file:
        return read_metadata(file)


def credit_line_of(meta: PhotoMetadata) -> str:
    image = Image.objects.create()
    apply_metadata(image, meta)
    return Image.objects.get(pk=image.pk).credit_line


# The agencies' own photos: By-line + Credit -> creator + provider.


@pytest.mark.parametrize(
    ("path", "credits", "line"),
    [
        (
            AGENCY / "cp.jpg",  # By-line Paul Chiasson, Credit The Canadian Press
            [
                ("Paul Chiasson", "creator", "person"),
                ("The Canadian Press", "provider", "agency"),
            ],
            "Paul Chiasson/CP",  # the agency's short name
        ),
        (
            AGENCY / "Bush-dog.jpg",  # By-line DUANE A. LAVERTY, Credit AP
            [
                ("DUANE A. LAVERTY", "creator", "person"),
                ("The Associated Press", "provider", "agency"),
            ],
            "DUANE A. LAVERTY/AP",
        ),
        (
            # By-line Wolfgang Rattay, Credit REUTERS, Source X00227 (a code).
            IMAGES / "exif-malformed" / "RangeError_Offset_outside_bounds.jpg",
            [
                ("Wolfgang Rattay", "creator", "person"),
                ("Reuters", "provider", "agency"),
            ],
            "Wolfgang Rattay/Reuters",
        ),
        (
            IPTC / "iptc-agency-photographer-example.jpg",
            [
                ("Julie Doe", "creator", "person"),
                ("Mugwum Press", "provider", "organisation"),
            ],
            "Julie Doe/Mugwum Press",
        ),
        (
            IPTC / "iptc-staff-photographer-example.jpg",
            [
                ("John Doe", "creator", "person"),
                ("Big Newspaper", "provider", "organisation"),
            ],
            "John Doe/Big Newspaper",
        ),
        (
            AGENCY / "gettyimages-2231736497-1024x1024.webp",
            [
                ("Tasos Katopodis", "creator", "person"),
                ("Getty Images", "provider", "agency"),
            ],
            "Tasos Katopodis/Getty Images",
        ),
    ],
)
def test_a_photographer_and_her_agency_read_name_slash_agency(db, path, credits, line):
    meta = read(path)

    assert credits_from_metadata(meta) == credits
    assert credit_line_of(meta) == line


def test_a_caption_credit_repeating_by_line_and_credit_is_not_a_handout(db):
    meta = PhotoMetadata(
        caption="A dog on the beach. (Test Shooter/Reuters)",
        creators=("Test Shooter",),
        credit_line="Reuters",
    )

    assert credits_from_metadata(meta) == [
        ("Test Shooter", "creator", "person"),
        ("Reuters", "provider", "agency"),
    ]
    assert credit_line_of(meta) == "Test Shooter/Reuters"


# Handouts keep "via".


@pytest.mark.parametrize(
    "meta",
    [
        PhotoMetadata(credit_line="Khabarovsky Krai region government via AP"),
        # Only the caption says whose picture it is.
        PhotoMetadata(
            caption="Kim Jong Un at the plant. "
            "(Khabarovsky Krai region government via AP)"
        ),
        # The credit line names the distributor alone; the caption says more.
        PhotoMetadata(
            caption="Kim Jong Un at the plant. "
            "(Khabarovsky Krai region government via AP)",
            credit_line="AP",
            source="AP",
        ),
    ],
)
def test_a_handout_reads_source_via_distributor(db, meta):
    assert credits_from_metadata(meta) == [
        ("Khabarovsky Krai region government", "provider", "organisation"),
        ("AP", "distributor", "agency"),
    ]
    assert credit_line_of(meta) == "Khabarovsky Krai region government via AP"


def test_a_photographers_handout_keeps_all_three(db):
    meta = PhotoMetadata(
        creators=("Jane Doe",), credit_line="Ministry of Transport via AP"
    )

    assert credit_line_of(meta) == "Jane Doe/Ministry of Transport via AP"


# The credit-line patterns themselves.


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        # AP's own photographer: AP is her agency, not a distributor.
        ("AP Photo/Jane Doe", [("Jane Doe", CREATOR), ("AP", PROVIDER)]),
        ("AP Photo/Jane Doe, File", [("Jane Doe", CREATOR), ("AP", PROVIDER)]),
        ("Jane Doe/Reuters", [("Jane Doe", CREATOR), ("Reuters", PROVIDER)]),
        (
            "THE CANADIAN PRESS/Sean Kilpatrick",
            [("Sean Kilpatrick", CREATOR), ("THE CANADIAN PRESS", PROVIDER)],
        ),
        (
            "U.S. Army photo by Staff Sgt. Kyle Davis",
            [("Staff Sgt. Kyle Davis", CREATOR), ("U.S. Army", PROVIDER)],
        ),
        (
            "Khabarovsky Krai region government via AP",
            [("Khabarovsky Krai region government", PROVIDER), ("AP", "distributor")],
        ),
    ],
)
def test_credit_line_patterns(text, credits):
    assert [(c.name, c.role) for c in parse_photo_credit(text)] == credits


def test_ap_photo_credit_line_renders_with_a_slash(db):
    meta = PhotoMetadata(creators=("Jane Doe",), credit_line="AP Photo/Jane Doe")

    assert credit_line_of(meta) == "Jane Doe/AP"


# Web addresses are never names.


def test_a_by_line_with_a_web_address_is_the_photographer_alone(db):
    meta = PhotoMetadata(
        creators=(
            "Photograph by Jane Doe, available at "
            "https://commons.wikimedia.org/wiki/File:Harbour.jpg",
        )
    )

    assert credits_from_metadata(meta) == [("Jane Doe", "creator", "person")]
    assert credit_line_of(meta) == "Jane Doe"


@pytest.mark.parametrize(
    "byline",
    [
        "Photograph by Jane Doe, available at https://example.org/photos/harbour.jpg",
        "Photo: Jane Doe (www.janedoe.example/portfolio)",
        "Jane Doe, see https://example.org/a/b/c",
    ],
)
def test_a_photo_byline_with_a_web_address(byline):
    assert photo_byline_credits(byline) == [
        CreditRef(name="Jane Doe", role=CREATOR, kind=PERSON)
    ]
