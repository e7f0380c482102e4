"""Provenance delivered: the API's `provenance` object, ninjs
digitalSourceType (valid against IPTC's schema), the TDM-Reservation header
and the XMP of renditions (no manifest copied, GPS still stripped)."""

from __future__ import annotations

import io
import json

from django.utils import timezone
from jsonschema import Draft202012Validator
from PIL import Image as PILImage

from tests.helpers.corpus import CORPUS
from tests.helpers.provenance import IPTC_SOURCE_TYPES, PROVENANCE

SCHEMA = json.loads(
    (CORPUS / "ninjs" / "schemas" / "ninjs-schema_3.1.json").read_text()
)
IPTC_2024 = (
    CORPUS / "images" / "iptc-reference" / "IPTC-PhotometadataRef-Std2024.1_10x10.jpg"
)
COMPOSITE_AI = IPTC_SOURCE_TYPES + "compositeWithTrainedAlgorithmicMedia"


def with_file(photo, path):
    with open(path, "rb") as file:
        photo.set_file(file, path.name)
        photo.save()
    return photo


def lead_image(api_client, article) -> dict:
    return api_client.get(f"/api/v1/articles/{article.slug}/").json()["lead_image"]


def test_the_api_gives_the_credentials_and_the_label(
    api_client, published_article, photo
):
    with_file(photo, PROVENANCE / "ocsp.jpg")

    provenance = lead_image(api_client, published_article)["provenance"]

    image = api_client.get(f"/api/v1/images/{photo.pk}/").json()
    assert image["provenance"] == provenance
    assert provenance == {
        "digital_source_type": {
            "uri": COMPOSITE_AI,
            "name": "Composite including generative AI elements",
            "source": "c2pa",
            "label": "ai_edited",
        },
        "data_mining": None,
        "c2pa": {
            "state": "valid",
            "claim_generator": "Adobe_Photoshop/26.9.0 adobe_c2pa/0.14.2 c2pa-rs/0.43.0",
            "signer": "Adobe Inc.",
            "signed_at": "2025-08-13T16:30:55+00:00",
            "actions": [
                {"action": "c2pa.opened", "digital_source_type": COMPOSITE_AI},
                {"action": "c2pa.cropped", "digital_source_type": None},
                {"action": "c2pa.edited", "digital_source_type": COMPOSITE_AI},
            ],
            "manifest_url": None,
        },
    }


def test_a_remote_manifests_address_is_the_link_to_the_credentials(
    api_client, published_article, photo
):
    with_file(photo, PROVENANCE / "cloud.jpg")

    c2pa = lead_image(api_client, published_article)["provenance"]["c2pa"]

    assert (c2pa["state"], c2pa["manifest_url"]) == (
        "remote",
        "https://cai-manifests.adobe.com/manifests/"
        "adobe-urn-uuid-5f37e182-3687-462e-a7fb-573462780391",
    )


def test_an_editors_label_reaches_readers(
    api_client, published_article, photo, superuser
):
    with_file(photo, IPTC_2024)
    first = lead_image(api_client, published_article)["provenance"]
    assert first["digital_source_type"]["source"] == "xmp"
    photo.set_source_type(
        IPTC_SOURCE_TYPES + "digitalCapture",
        "Photographer's own camera",
        superuser,
        timezone.now(),
    )
    photo.save()

    provenance = lead_image(api_client, published_article)["provenance"]

    assert provenance["digital_source_type"] == {
        "uri": IPTC_SOURCE_TYPES + "digitalCapture",
        "name": "Original digital capture sampled from real life",
        "source": "editor",
        "label": None,
    }
    assert provenance["data_mining"] == (
        "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING"
    )


def test_ninjs_carries_the_digital_source_type(api_client, published_article, photo):
    with_file(photo, PROVENANCE / "C.jpg")

    document = api_client.get(
        f"/api/v1/articles/{published_article.slug}/ninjs/"
    ).json()

    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(document), key=str)
    assert [error.message for error in errors] == []
    assert document["associations"][0]["digitalSourceType"] == {
        "uri": IPTC_SOURCE_TYPES + "algorithmicMedia",
        "name": "Pure algorithmic media",
    }


def test_renditions_reserve_mining_and_carry_the_terms_as_xmp(
    client, published_article, photo
):
    with_file(photo, IPTC_2024)
    url = f"/renditions/{photo.pk}/{photo.rendition_version}/full.jpeg"

    response = client.get(url)
    body = b"".join(response.streaming_content)

    assert response["TDM-Reservation"] == "1"
    with PILImage.open(io.BytesIO(body)) as picture:
        xmp = picture.info["xmp"].decode()
        assert not picture.getexif().get_ifd(0x8825)  # no GPS
    assert (
        "<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/"
        "digitalsourcetype/softwareImage</Iptc4xmpExt:DigitalSourceType>"
    ) in xmp
    assert (
        "<plus:DataMining>http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING"
        "</plus:DataMining>"
    ) in xmp


def test_a_signed_photos_renditions_carry_no_manifest(client, published_article, photo):
    with_file(photo, PROVENANCE / "C.jpg")
    url = f"/renditions/{photo.pk}/{photo.rendition_version}/card.jpeg"

    response = client.get(url)
    body = b"".join(response.streaming_content)

    assert "TDM-Reservation" not in response
    assert b"c2pa" not in body and b"jumb" not in body
    assert b"digitalsourcetype/algorithmicMedia" in body
    # The original keeps its credentials, byte for byte.
    with photo.file.open("rb") as original:
        assert original.read() == (PROVENANCE / "C.jpg").read_bytes()
