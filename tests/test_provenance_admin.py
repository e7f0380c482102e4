"""Provenance for editors: badges on the photo list and the photo page, and
an editor's label with its reason, kept in the history with who set it."""

from __future__ import annotations

from reversion.models import Version

from articles.models import Image, SourceType, TrustBundle
from tests.helpers.admin import changelist, image_form
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.provenance import IPTC_SOURCE_TYPES, PROVENANCE, corpus_anchors

TRAINED = IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia"


def stored(name: str) -> Image:
    with open(PROVENANCE / name, "rb") as file:
        return Image.objects.get_or_create_for_file(file, original_filename=name)[0]


def test_the_photo_list_shows_labels_and_credentials(admin_client):
    TrustBundle.from_pem(corpus_anchors()).save()
    for name in ("C.jpg", "ocsp.jpg", "E-sig-CA.jpg", "no_manifest.jpg"):
        stored(name)

    page = admin_client.get(changelist("image")).content.decode()

    badge = '<span class="provenance-badge provenance-{}">{}</span>'
    assert page.count(badge.format("credentials-trusted", "Credentials trusted")) == 1
    assert (
        page.count(
            badge.format("credentials-valid", "Credentials valid, signer not trusted")
        )
        == 1
    )
    assert (
        page.count(
            badge.format(
                "credentials-invalid",
                "Credentials invalid: altered after signing or unreadable",
            )
        )
        == 1
    )
    assert page.count(badge.format("label-ai_edited", "AI-edited")) == 1
    assert "verified" not in page.lower()


def test_the_photo_page_lists_signer_and_actions(admin_client):
    photo = stored("ocsp.jpg")

    page = admin_client.get(f"{changelist('image')}{photo.pk}/change/").content.decode()

    assert "<tr><th scope='row'>Signed by</th><td>Adobe Inc.</td></tr>" in page
    assert (
        "<tr><th scope='row'>Actions</th><td>c2pa.opened "
        "(compositeWithTrainedAlgorithmicMedia); c2pa.cropped; c2pa.edited by Adobe "
        "Firefly (compositeWithTrainedAlgorithmicMedia)</td></tr>"
    ) in page
    assert (
        "Composite including generative AI elements (from the content credentials)"
    ) in page


def test_an_editor_sets_the_label_with_a_reason_kept_in_history(
    admin_client, superuser
):
    photo = stored("no_manifest.jpg")
    url = f"{changelist('image')}{photo.pk}/change/"

    refused = admin_client.post(url, image_form("", set_source_type=TRAINED))
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["source_type_why"] == [
        "Say why the source type is set."
    ]
    photo.refresh_from_db()
    assert photo.source_type == SourceType()

    response = admin_client.post(
        url,
        image_form(
            "", set_source_type=TRAINED, source_type_why="Agency caption says AI"
        ),
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.source_type == SourceType(TRAINED, "editor")
    assert (photo.source_type_set_by, photo.source_type_reason) == (
        superuser,
        "Agency caption says AI",
    )
    revision = Version.objects.get_for_object(photo).first().revision
    assert revision.user == superuser
    assert revision.comment == (
        "Changed digital source type: trainedAlgorithmicMedia (Agency caption says AI)."
    )

    admin_client.post(
        url, image_form("", set_source_type="clear", source_type_why="Wrong photo")
    )
    photo.refresh_from_db()
    assert photo.source_type == SourceType()


def test_a_source_type_outside_iptcs_vocabulary_is_kept_and_flagged(admin_client):
    photo = stored("no_manifest.jpg")
    # As a file whose XMP names its own scheme would be read.
    Image.objects.filter(pk=photo.pk).update(
        xmp_source_type="urn:example:phone-capture"
    )

    page = admin_client.get(f"{changelist('image')}{photo.pk}/change/").content.decode()

    assert (
        "urn:example:phone-capture (from the file&#x27;s XMP) — not in IPTC&#x27;s "
        "vocabulary"
    ) in page


def test_a_writer_who_may_only_view_the_photo_sees_no_label_form(
    client, django_user_model
):
    photo = stored("ocsp.jpg")
    client.force_login(newsroom_staff(django_user_model)["wanda"])

    response = client.get(f"{changelist('image')}{photo.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Signed by" in page
    assert "Set the digital source type" not in page
