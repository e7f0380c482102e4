"""Reading provenance from files (no database): every photo of the
provenance corpus with its exact credentials, the IPTC reference photos'
digital source type and data-mining terms, and broken or hostile input read
as "nothing" or "invalid", never as an error."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.imaging.c2pa_read import credentials_source_type, read_credentials
from articles.imaging.provenance_xmp import XmpProvenance, read_xmp_provenance
from articles.imaging.source_types import (
    ai_label,
    forbids_ai_training,
    is_known_source_type,
    source_type_name,
)
from tests.helpers.corpus import CORPUS
from tests.helpers.provenance import IPTC_SOURCE_TYPES, PROVENANCE, corpus_anchors

TEST_GENERATOR_26 = "make_test_images/0.26.0 c2pa-rs/0.26.0"
TEST_SIGNER = "C2PA Test Signing Cert"
OPENED_AND_ADJUSTED = [
    {"action": "c2pa.opened", "digital_source_type": "", "software_agent": ""},
    {
        "action": "c2pa.color_adjustments",
        "digital_source_type": "",
        "software_agent": "",
    },
]
A_JPG = [{"title": "A.jpg", "relationship": "parentOf", "digital_source_types": []}]
COMPOSITE_AI = IPTC_SOURCE_TYPES + "compositeWithTrainedAlgorithmicMedia"


def read(name: str, anchors: str = "") -> dict:
    with open(PROVENANCE / name, "rb") as file:
        return read_credentials(file, "image/jpeg", anchors)


def test_c_jpg_is_valid_and_trusted_only_with_the_test_anchors():
    expected = {
        "claim_generator": TEST_GENERATOR_26,
        "signer": TEST_SIGNER,
        "signer_name": "C2PA Signer",
        "signed_at": "2023-09-29T17:40:14+00:00",
        "actions": [
            {
                "action": "c2pa.created",
                "digital_source_type": IPTC_SOURCE_TYPES + "algorithmicMedia",
                "software_agent": "Make Test Images 0.26.0",
            }
        ],
        "ingredients": [],
    }
    assert read("C.jpg") == {
        "state": "valid",
        **expected,
        "failures": ["signingCredential.untrusted"],
    }
    assert read("C.jpg", corpus_anchors()) == {
        "state": "trusted",
        **expected,
        "failures": [],
    }


def test_ca_jpg_names_its_ingredient():
    summary = read("CA.jpg", corpus_anchors())
    assert summary == {
        "state": "trusted",
        "claim_generator": "make_test_images/0.33.1 c2pa-rs/0.33.1",
        "signer": TEST_SIGNER,
        "signer_name": "C2PA Signer",
        "signed_at": "2024-08-06T21:53:37+00:00",
        "actions": OPENED_AND_ADJUSTED,
        "ingredients": A_JPG,
        "failures": [],
    }
    assert credentials_source_type(summary) == ""  # no action declares one


def test_a_signature_that_does_not_match_is_invalid_even_with_anchors():
    summary = read("E-sig-CA.jpg", corpus_anchors())
    assert summary == {
        "state": "invalid",
        "claim_generator": "make_test_xxxxxx/0.33.1 c2pa-rs/0.33.1",
        "signer": TEST_SIGNER,
        "signer_name": "C2PA Signer",
        "signed_at": None,
        "actions": OPENED_AND_ADJUSTED,
        "ingredients": A_JPG,
        "failures": ["claimSignature.mismatch"],
    }


def test_a_remote_manifest_is_recorded_not_fetched():
    # Fetching would take a network round trip and answer differently.
    assert read("cloud.jpg") == {
        "state": "remote",
        "remote_url": "https://cai-manifests.adobe.com/manifests/"
        "adobe-urn-uuid-5f37e182-3687-462e-a7fb-573462780391",
    }


def test_a_photo_without_a_manifest():
    assert read("no_manifest.jpg") == {"state": "none"}
    assert read("no_manifest.jpg", corpus_anchors()) == {"state": "none"}


def test_firefly_and_photoshop_credentials_are_valid_but_not_trusted():
    summary = read("ocsp.jpg", corpus_anchors())
    assert summary == {
        "state": "valid",
        "claim_generator": "Adobe_Photoshop/26.9.0 adobe_c2pa/0.14.2 c2pa-rs/0.43.0",
        "signer": "Adobe Inc.",
        "signer_name": "Adobe C2PA",
        "signed_at": "2025-08-13T16:30:55+00:00",
        "actions": [
            {
                "action": "c2pa.opened",
                "digital_source_type": COMPOSITE_AI,
                "software_agent": "",
            },
            {"action": "c2pa.cropped", "digital_source_type": "", "software_agent": ""},
            {
                "action": "c2pa.edited",
                "digital_source_type": COMPOSITE_AI,
                "software_agent": "Adobe Firefly",
            },
        ],
        "ingredients": [
            {
                "title": "ocsp.jpg",
                "relationship": "componentOf",
                "digital_source_types": [IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia"],
            }
        ],
        "failures": ["signingCredential.untrusted"],
    }
    assert credentials_source_type(summary) == COMPOSITE_AI
    assert ai_label(credentials_source_type(summary)) == "ai_edited"


@pytest.mark.parametrize("cut", [30_000, 80_000])
def test_a_truncated_signed_photo_reads_as_invalid(cut):
    data = (PROVENANCE / "C.jpg").read_bytes()[:cut]
    summary = read_credentials(io.BytesIO(data), "image/jpeg", corpus_anchors())
    assert summary["state"] == "invalid"


def test_a_file_that_is_no_photo_has_no_credentials():
    assert read_credentials(io.BytesIO(b"not a photo"), "image/jpeg") == {
        "state": "none"
    }


@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "iptc-reference/IPTC-PhotometadataRef-Std2024.1_10x10.jpg",
            XmpProvenance(
                IPTC_SOURCE_TYPES + "softwareImage",
                "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING",
                "Data Mining for Generative AI/ML training is definitely prohibited",
            ),
        ),
        (
            "iptc-reference/IPTC-PhotometadataRef-Std2021.1.jpg",
            XmpProvenance(IPTC_SOURCE_TYPES + "softwareImage"),
        ),
        (
            "iptc-reference/IPTC-PhotometadataRef-Std2014_10x10.jpg",
            XmpProvenance(IPTC_SOURCE_TYPES + "softwareImage"),
        ),
        (
            "agency-metadata/metadata_test_file_IIM_XMP_EXIF.jpg",
            XmpProvenance(IPTC_SOURCE_TYPES + "digitalCapture"),
        ),
        (
            # The short form (an attribute), in a WebP.
            "agency-metadata/gettyimages-2231736497-1024x1024.webp",
            XmpProvenance(
                data_mining="http://ns.useplus.org/ldf/vocab/"
                "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"
            ),
        ),
        ("iptc-reference/iptc-staff-photographer-example.jpg", XmpProvenance()),
    ],
)
def test_xmp_provenance_of_reference_photos(path, expected):
    with open(CORPUS / "images" / path, "rb") as file:
        assert read_xmp_provenance(file) == expected


def test_the_vocabulary():
    assert source_type_name(IPTC_SOURCE_TYPES + "digitalCapture") == (
        "Original digital capture sampled from real life"
    )
    # A retired term is IPTC's still; a made-up one is kept but flagged.
    assert is_known_source_type(IPTC_SOURCE_TYPES + "softwareImage")
    assert not is_known_source_type(IPTC_SOURCE_TYPES + "dreamedUp")
    assert source_type_name("urn:example:camera") == ""
    labels = {
        term: ai_label(IPTC_SOURCE_TYPES + term)
        for term in (
            "trainedAlgorithmicMedia",
            "compositeSynthetic",
            "compositeWithTrainedAlgorithmicMedia",
            "digitalCapture",
            "humanEdits",
            "algorithmicallyEnhanced",
            "algorithmicMedia",
        )
    }
    assert labels == {
        "trainedAlgorithmicMedia": "ai_generated",
        "compositeSynthetic": "ai_edited",
        "compositeWithTrainedAlgorithmicMedia": "ai_edited",
        "digitalCapture": "",
        "humanEdits": "",
        "algorithmicallyEnhanced": "",
        "algorithmicMedia": "",
    }
    plus = "http://ns.useplus.org/ldf/vocab/"
    assert forbids_ai_training(plus + "DMI-PROHIBITED-AIMLTRAINING")
    assert forbids_ai_training(plus + "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING")
    assert not forbids_ai_training(plus + "DMI-ALLOWED")
    assert not forbids_ai_training(plus + "DMI-UNSPECIFIED")
    assert not forbids_ai_training("DMI-PROHIBITED")  # not PLUS's URI


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 137_886), flips=st.lists(st.integers(0, 137_885), max_size=4))
def test_damaged_credentials_never_raise(cut, flips):
    data = bytearray((PROVENANCE / "C.jpg").read_bytes())
    for position in flips:
        data[position] ^= 0xFF
    damaged = io.BytesIO(bytes(data[:cut]))
    summary = read_credentials(damaged, "image/jpeg", corpus_anchors())
    assert summary["state"] in {"none", "valid", "trusted", "invalid"}
    assert isinstance(read_xmp_provenance(damaged), XmpProvenance)


def test_threads_share_the_reading_context_safely():
    """gunicorn's threads read at once through one cached c2pa context."""
    expected = {"C.jpg": "trusted", "ocsp.jpg": "valid", "E-sig-CA.jpg": "invalid"}
    data = {name: (PROVENANCE / name).read_bytes() for name in expected}
    names = list(expected) * 12

    def state(name: str) -> str:
        return read_credentials(io.BytesIO(data[name]), "image/jpeg", corpus_anchors())[
            "state"
        ]

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(state, names)) == [expected[name] for name in names]
