"""The photo chooser's server side (issue 17, item 2): the library as JSON
(search, pages, rights, a constant number of queries), uploads from inside
a story with the photo admin's own checks, who may do either, and the lead
photo field that refuses a photo whose rights have expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.admin.photo_library import PAGE_SIZE
from articles.models import Article, Image
from tests.helpers.admin import article_form
from tests.helpers.corpus import CP_PHOTO
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.photo_library import library_photo

CHOOSER = "/admin/articles/image/chooser/"
UPLOAD = "/admin/articles/image/chooser/upload/"


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def harbour(db):
    return library_photo(
        "The floating barrier at dawn.",
        shade=1,
        credits=("Paul Chiasson",),
        copyright_notice="© The Canadian Press",
    )


def test_the_chooser_lists_a_photo_with_its_credit_rights_and_sizes(
    admin_client, harbour
):
    data = admin_client.get(CHOOSER).json()

    assert (data["page"], data["next_page"], data["can_upload"]) == (1, None, True)
    [photo] = data["photos"]
    version = harbour.rendition_version
    assert photo == {
        "id": harbour.pk,
        "caption": "The floating barrier at dawn.",
        "headline": "",
        "alt": "",
        "credit": "Paul Chiasson",
        "width": 320,
        "height": 200,
        "thumbnail": f"/renditions/{harbour.pk}/{version}/thumbnail.webp",
        "sizes": {
            "card": f"/renditions/{harbour.pk}/{version}/card.jpeg",
            "hero": f"/renditions/{harbour.pk}/{version}/hero.jpeg",
            "full": f"/renditions/{harbour.pk}/{version}/full.jpeg",
        },
        "rights": {"status": "none", "label": "No expiry"},
        "provenance": [],  # no AI label, no credentials
        "choosable": True,
        "change_url": f"/admin/articles/image/{harbour.pk}/change/",
    }
    assert data["sizes"] == {
        "card": "Column width",
        "hero": "Wide",
        "full": "Full photo",
    }


def test_a_photo_with_no_file_cannot_be_placed_and_is_not_listed(admin_client, photo):
    assert admin_client.get(CHOOSER).json()["photos"] == []


def test_expired_and_expiring_rights_are_marked_and_expired_is_not_choosable(
    admin_client,
):
    expired_at = timezone.now() - timedelta(days=1)
    expiring_at = timezone.now() + timedelta(days=2)
    library_photo("Expired", shade=2, rights_expire_at=expired_at)
    library_photo("Expiring", shade=3, rights_expire_at=expiring_at)

    photos = {p["caption"]: p for p in admin_client.get(CHOOSER).json()["photos"]}

    expired, expiring = photos["Expired"], photos["Expiring"]
    assert (expired["rights"]["status"], expired["choosable"]) == ("expired", False)
    when = timezone.localtime(expired_at).strftime("%Y-%m-%d %H:%M")
    assert expired["rights"]["label"] == f"Rights expired {when}"
    assert (expiring["rights"]["status"], expiring["choosable"]) == ("expiring", True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("barrier", ["The floating barrier at dawn."]),
        ("chiasson", ["The floating barrier at dawn."]),  # a contributor's name
        ("canadian press", ["The floating barrier at dawn."]),  # the notice
        ("reuters", ["Flood defences in Hamburg."]),  # a credit-line override
        ("harbour", ["Flood defences in Hamburg."]),  # the headline (keywords)
        ("dawn hamburg", []),  # every word must match
        ("", ["Flood defences in Hamburg.", "The floating barrier at dawn."]),
    ],
)
def test_the_search_reads_caption_credit_notice_and_names(
    admin_client, harbour, query, expected
):
    library_photo(
        "Flood defences in Hamburg.",
        shade=4,
        credit_line_override="Reuters",
        headline="Harbour walls",
    )

    photos = admin_client.get(CHOOSER, {"q": query}).json()["photos"]

    assert [p["caption"] for p in photos] == expected


def test_a_photo_with_two_matching_credits_is_listed_once(admin_client):
    library_photo("Two Smiths.", shade=5, credits=("Anna Smith", "Bob Smith"))

    photos = admin_client.get(CHOOSER, {"q": "smith"}).json()["photos"]

    assert [p["caption"] for p in photos] == ["Two Smiths."]


def test_pages_of_the_library(admin_client):
    for shade in range(PAGE_SIZE + 1):
        library_photo(f"Photo {shade}", shade=shade)

    first = admin_client.get(CHOOSER).json()
    second = admin_client.get(CHOOSER, {"page": 2}).json()

    assert (len(first["photos"]), first["next_page"]) == (PAGE_SIZE, 2)
    assert [p["caption"] for p in second["photos"]] == ["Photo 0"]
    assert second["next_page"] is None
    assert admin_client.get(CHOOSER, {"page": "x"}).json()["page"] == 1


# A page costs the session and user (2), the photos (1) and their credits with
# their contributors (1), however many photos and credits are on it.
CHOOSER_QUERIES = 4


@pytest.mark.parametrize("photos", [1, 6])
def test_a_page_of_the_chooser_costs_the_same_queries_for_any_number_of_photos(
    admin_client, django_assert_num_queries, photos
):
    for shade in range(photos):
        library_photo(f"Photo {shade}", shade=shade, credits=(f"Person {shade}",))

    with django_assert_num_queries(CHOOSER_QUERIES):
        response = admin_client.get(CHOOSER, {"q": "photo"})

    assert len(response.json()["photos"]) == photos


def test_who_may_list_and_upload(staff, harbour, client, django_user_model):
    outsider = django_user_model.objects.create_user("olga", is_staff=True)
    # Writers and editors may see and add photos; staff with no rights to
    # photos may do neither; the public is sent to the login page.
    assert client_for(staff["wanda"]).get(CHOOSER).json()["can_upload"] is True
    assert client_for(outsider).get(CHOOSER).status_code == 403
    assert client_for(outsider).post(UPLOAD).status_code == 403
    assert client.get(CHOOSER).status_code == 302
    assert client.post(UPLOAD).status_code == 302


def test_upload_reads_the_photos_metadata_and_records_who_added_it(staff):
    writer = client_for(staff["wanda"])
    upload = SimpleUploadedFile("montreal.jpg", CP_PHOTO.read_bytes(), "image/jpeg")

    response = writer.post(UPLOAD, {"file": upload})

    assert response.status_code == 201
    image = Image.objects.get()
    data = response.json()
    assert data["photo"]["id"] == image.pk
    assert data["photo"]["credit"] == image.credit_line
    assert set(image.credits.values_list("contributor__name", "role")) == {
        ("Paul Chiasson", "creator"),
        ("The Canadian Press", "provider"),
    }
    assert data["messages"][0].startswith("Empty fields and credits were filled in")
    entry = LogEntry.objects.get(object_id=str(image.pk))
    assert (entry.user, entry.is_addition()) == (staff["wanda"], True)
    assert Version.objects.get_for_object(image).count() == 1


def test_the_same_photo_again_offers_the_copy_in_the_library(admin_client, harbour):
    with harbour.file.open("rb") as file:
        again = SimpleUploadedFile("again.jpg", file.read(), "image/jpeg")

    response = admin_client.post(UPLOAD, {"file": again})

    assert response.status_code == 409
    assert response.json()["existing"]["id"] == harbour.pk
    assert Image.objects.count() == 1


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(
    admin_client, media_root
):
    fake = SimpleUploadedFile("notes.jpg", b"not a photo at all", "image/jpeg")

    response = admin_client.post(UPLOAD, {"file": fake})

    assert response.status_code == 400
    assert response.json()["error"]
    assert not Image.objects.exists()
    assert not any(p.is_file() for p in media_root.rglob("*"))


def test_upload_wants_a_post_with_a_file(admin_client):
    assert admin_client.get(UPLOAD).status_code == 405
    assert admin_client.post(UPLOAD).json() == {
        "error": "Choose a photo file to upload."
    }


# The lead photo field ---------------------------------------------------------


def change_url(story: Article) -> str:
    return reverse("admin:articles_article_change", args=[story.pk])


def test_the_story_form_offers_the_chooser_for_its_lead_photo(admin_client, article):
    html = admin_client.get(change_url(article)).content.decode()

    assert 'data-photo-chooser="lead"' in html
    assert f'type="hidden" name="lead_image" value="{article.lead_image_id}"' in html
    assert "Khabarovsky Krai region government via AP" in html  # its credit
    assert "articles/admin/photo-chooser.js" in html


def test_a_forged_id_of_an_expired_photo_is_refused_as_lead_photo(
    admin_client, article
):
    expired = library_photo(
        "Withheld", shade=6, rights_expire_at=timezone.now() - timedelta(hours=1)
    )

    response = admin_client.post(
        change_url(article), article_form(article, lead_image=expired.pk)
    )

    assert response.status_code == 200
    assert "The rights to this photo expired on" in str(
        response.context["adminform"].form.errors["lead_image"]
    )
    article.refresh_from_db()
    assert article.lead_image_id != expired.pk


def test_a_story_keeps_a_lead_photo_whose_rights_ran_out_since(admin_client, article):
    photo = article.lead_image
    photo.rights_expire_at = timezone.now() - timedelta(hours=1)
    photo.save()

    response = admin_client.post(
        change_url(article),
        article_form(article, lead_image=photo.pk, headline="A new headline"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.lead_image_id) == ("A new headline", photo.pk)


def test_a_current_photo_is_taken_as_lead_photo(admin_client, article, harbour):
    response = admin_client.post(
        change_url(article), article_form(article, lead_image=harbour.pk)
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead_image_id == harbour.pk
