"""Provenance stored on upload and import (the one path: Image.save), the
effective label and where it comes from, the trust bundle and its re-check,
and a broken manifest that still uploads."""

from __future__ import annotations

import io
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.imaging.metadata import read_metadata
from articles.models import Image, SourceType, TrustBundle
from tests.helpers.admin import changelist, image_form
from tests.helpers.corpus import CORPUS
from tests.helpers.provenance import (
    IPTC_SOURCE_TYPES,
    PROVENANCE,
    corpus_anchors,
    corpus_anchors_file,
)

IPTC_2024 = (
    CORPUS / "images" / "iptc-reference" / "IPTC-PhotometadataRef-Std2024.1_10x10.jpg"
)
GENAI_PROHIBITED = "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING"
COMPOSITE_AI = IPTC_SOURCE_TYPES + "compositeWithTrainedAlgorithmicMedia"
ALGORITHMIC = IPTC_SOURCE_TYPES + "algorithmicMedia"


def stored(path, name: str = "") -> Image:
    """The photo as import_images and the importers store it."""
    with open(path, "rb") as file:
        image, created = Image.objects.get_or_create_for_file(
            file, original_filename=name or path.name
        )
    assert created
    return image


def trust_the_test_anchors() -> TrustBundle:
    bundle = TrustBundle.from_pem(corpus_anchors(), "test-anchors.pem")
    bundle.save()
    return bundle


def with_truncated_manifest(data: bytes) -> bytes:
    """The JPEG with its APP11 (C2PA JUMBF) segment cut to a third, the
    segment length fixed: pixels intact, manifest broken."""
    assert data[20:22] == b"\xff\xeb"
    length = int.from_bytes(data[22:24], "big")
    payload = data[24 : 22 + length]
    kept = payload[: len(payload) // 3]
    return data[:22] + (len(kept) + 2).to_bytes(2, "big") + kept + data[22 + length :]


@pytest.mark.parametrize(
    "name, trusted_anchors, state, source_type, label",
    [
        ("C.jpg", False, "valid", SourceType(ALGORITHMIC, "c2pa"), ""),
        ("C.jpg", True, "trusted", SourceType(ALGORITHMIC, "c2pa"), ""),
        ("CA.jpg", True, "trusted", SourceType(), ""),
        ("E-sig-CA.jpg", True, "invalid", SourceType(), ""),
        ("cloud.jpg", True, "remote", SourceType(), ""),
        ("no_manifest.jpg", True, "none", SourceType(), ""),
        ("ocsp.jpg", True, "valid", SourceType(COMPOSITE_AI, "c2pa"), "ai_edited"),
    ],
)
def test_every_provenance_photo_is_stored_with_its_credentials(
    db, name, trusted_anchors, state, source_type, label
):
    if trusted_anchors:
        trust_the_test_anchors()
    image = stored(PROVENANCE / name)
    image.refresh_from_db()
    assert image.credentials_state == state
    assert image.source_type == source_type
    assert image.source_type.label == label
    assert (image.xmp_source_type, image.data_mining) == ("", "")


def test_the_generator_signer_and_time_are_kept(db):
    image = stored(PROVENANCE / "ocsp.jpg")
    image.refresh_from_db()
    credentials = image.content_credentials
    assert credentials["claim_generator"] == (
        "Adobe_Photoshop/26.9.0 adobe_c2pa/0.14.2 c2pa-rs/0.43.0"
    )
    assert (credentials["signer"], credentials["signed_at"]) == (
        "Adobe Inc.",
        "2025-08-13T16:30:55+00:00",
    )
    assert [a["action"] for a in credentials["actions"]] == [
        "c2pa.opened",
        "c2pa.cropped",
        "c2pa.edited",
    ]
    assert credentials["ingredients"][0]["digital_source_types"] == [
        IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia"
    ]


def test_the_iptc_reference_photo_labels_itself_in_xmp(db):
    image = stored(IPTC_2024)
    assert image.source_type == SourceType(IPTC_SOURCE_TYPES + "softwareImage", "xmp")
    assert image.source_type.name == "Created by software (retired term)"
    assert image.data_mining == GENAI_PROHIBITED
    assert image.other_constraints == (
        "Data Mining for Generative AI/ML training is definitely prohibited"
    )
    assert image.credentials_state == "none"


def test_an_editor_overrides_every_other_source(db, superuser):
    image = stored(PROVENANCE / "ocsp.jpg")
    now = timezone.now()
    image.set_source_type(
        IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia",
        "Agency says generated",
        superuser,
        now,
    )
    image.save()
    image.refresh_from_db()
    assert image.source_type == SourceType(
        IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia", "editor"
    )
    assert image.source_type.label_name == "AI-generated"
    assert (image.source_type_set_by, image.source_type_reason) == (
        superuser,
        "Agency says generated",
    )
    with pytest.raises(ValueError, match="reason is required"):
        image.set_source_type("", "  ", superuser, now)


def test_invalid_credentials_give_way_to_xmp(db):
    image = Image(
        xmp_source_type=IPTC_SOURCE_TYPES + "digitalCapture",
        content_credentials={
            "state": "invalid",
            "actions": [
                {
                    "action": "c2pa.created",
                    "digital_source_type": IPTC_SOURCE_TYPES
                    + "trainedAlgorithmicMedia",
                    "software_agent": "",
                }
            ],
        },
    )
    assert image.source_type == SourceType(IPTC_SOURCE_TYPES + "digitalCapture", "xmp")


def test_a_broken_manifest_still_uploads_through_the_admin(admin_client, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(with_truncated_manifest((PROVENANCE / "C.jpg").read_bytes()))
    upload = SimpleUploadedFile("broken.jpg", broken.read_bytes(), "image/jpeg")

    response = admin_client.post(
        f"{changelist('image')}add/", image_form(upload, alt_text="A gradient")
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.credentials_state == "invalid"
    assert image.content_credentials["error"].startswith("unreadable manifest: ")
    assert image.source_type == SourceType()
    # The original is kept byte for byte.
    with image.file.open("rb") as file:
        assert file.read() == broken.read_bytes()


def test_removing_the_file_forgets_what_it_said(db):
    image = stored(IPTC_2024)
    image.file.delete(save=False)
    image.file = ""
    image.save()
    image.refresh_from_db()
    assert (image.xmp_source_type, image.data_mining, image.content_credentials) == (
        "",
        "",
        {},
    )


def run_import(path) -> str:
    out = StringIO()
    call_command("import_trust_anchors", str(path), stdout=out)
    return out.getvalue()


def test_importing_anchors_rechecks_stored_photos(db, tmp_path):
    c_photo, firefly = stored(PROVENANCE / "C.jpg"), stored(PROVENANCE / "ocsp.jpg")
    assert c_photo.credentials_state == "valid"

    output = run_import(corpus_anchors_file(tmp_path))

    bundle = TrustBundle.objects.current()
    assert output == (
        f"Imported 9 trust anchors from test-anchors.pem (bundle #{bundle.pk}, in "
        "force from now). Checked 2 photos with verified credentials again: 1 "
        "changed.\n"
    )
    c_photo.refresh_from_db()
    firefly.refresh_from_db()
    assert (c_photo.credentials_state, firefly.credentials_state) == (
        "trusted",
        "valid",
    )
    # The same anchors again change nothing.
    assert "nothing changed" in run_import(corpus_anchors_file(tmp_path))
    assert TrustBundle.objects.count() == 1


def test_a_newer_bundle_without_the_root_takes_trust_away(db, tmp_path):
    trust_the_test_anchors()
    c_photo = stored(PROVENANCE / "C.jpg")
    assert c_photo.credentials_state == "trusted"
    # Another bundle: only the last of the test roots, not the one C.jpg uses.
    other = corpus_anchors().split("-----END CERTIFICATE-----")[-2]
    pem = tmp_path / "other.pem"
    pem.write_text(other + "-----END CERTIFICATE-----\n")

    run_import(pem)

    c_photo.refresh_from_db()
    assert c_photo.credentials_state == "valid"


def test_a_file_without_certificates_is_refused(db, tmp_path):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(CommandError, match="no PEM certificate"):
        run_import(junk)
    with pytest.raises(CommandError, match="cannot read"):
        run_import(tmp_path / "missing.pem")
    assert not TrustBundle.objects.exists()


def test_reading_costs_are_small(db, capsys):
    """Provenance added to an upload: the extra reading time per photo (the
    target is 20 ms; a loaded machine gets a wide margin)."""
    trust_the_test_anchors()
    from articles.models.provenance import read_credentials_trusted, read_xmp_provenance

    timings = {}
    for name in ("no_manifest.jpg", "C.jpg", "ocsp.jpg"):
        data = (PROVENANCE / name).read_bytes()
        read_credentials_trusted(io.BytesIO(data), "image/jpeg")  # warm
        started = time.perf_counter()
        for _ in range(5):
            read_xmp_provenance(io.BytesIO(data))
            read_credentials_trusted(io.BytesIO(data), "image/jpeg")
        timings[name] = (time.perf_counter() - started) / 5 * 1000
        read_metadata(io.BytesIO(data))
    with capsys.disabled():
        print(" ".join(f"{n}: {ms:.1f} ms" for n, ms in timings.items()))
    assert max(timings.values()) < 100
