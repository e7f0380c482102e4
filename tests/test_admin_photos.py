"""The photo desk in the admin: metadata prefill, rights warnings, focal point."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Image
from tests.conftest import CORPUS
from tests.test_admin import changelist, image_form, messages_of, rows

CP_PHOTO = CORPUS / "images" / "agency-metadata" / "cp.jpg"


def upload_cp_photo(admin_client, **fields):
    upload = SimpleUploadedFile("montreal.jpg", CP_PHOTO.read_bytes(), "image/jpeg")
    return admin_client.post(
        f"{changelist('image')}add/", image_form(upload, **fields), follow=True
    )


def test_an_upload_is_filled_in_from_its_metadata(admin_client):
    response = upload_cp_photo(admin_client)

    image = Image.objects.get()
    assert image.caption.startswith("The Montreal Police logo is seen on a police car")
    assert image.restrictions == "EDS NOTE:A FILE PHOTO"
    assert image.credit_line == "Paul Chiasson via CP"
    assert (
        "Empty fields and credits were filled in from the photo's metadata; check them."
        in messages_of(response)
    )


def test_what_the_editor_typed_wins_over_the_metadata(admin_client):
    upload_cp_photo(admin_client, caption="Police car in Montreal.")

    assert Image.objects.get().caption == "Police car in Montreal."


def test_an_expired_photo_warns_where_it_is_used(admin_client, published_article):
    image = published_article.lead_image
    image.rights_expire_at = timezone.make_aware(timezone.datetime(2026, 1, 31, 12, 0))
    image.save()

    image_page = admin_client.get(f"{changelist('image')}{image.pk}/change/")
    article_page = admin_client.get(
        f"{changelist('article')}{published_article.pk}/change/"
    )

    assert messages_of(image_page) == [
        "The rights to this photo expired on 2026-01-31 12:00; it is withheld from "
        f"readers. It is used on: {published_article.headline}."
    ]
    assert messages_of(article_page) == [
        "The lead image's rights expired on 2026-01-31 12:00; readers see this story "
        "without it."
    ]


def test_rights_expiring_soon_are_announced(admin_client, photo):
    photo.rights_expire_at = timezone.now() + timedelta(days=2)
    photo.save()

    response = admin_client.get(f"{changelist('image')}{photo.pk}/change/")

    assert messages_of(response)[0].startswith("The rights to this photo expire on ")


def test_rights_filter(admin_client, photo, db):
    fresh = Image.objects.create(caption="Fresh")
    photo.rights_expire_at = timezone.now() - timedelta(days=1)
    photo.save()

    expired = admin_client.get(f"{changelist('image')}?rights=expired")
    open_ended = admin_client.get(f"{changelist('image')}?rights=none")

    assert rows(expired) == [photo]
    assert rows(open_ended) == [fresh]


def test_a_focal_point_outside_the_photo_is_refused(admin_client, photo):
    response = admin_client.post(
        f"{changelist('image')}{photo.pk}/change/",
        image_form("", caption=photo.caption, focal_x="1.5"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["focal_x"] == [
        "Ensure this value is less than or equal to 1."
    ]
    photo.refresh_from_db()
    assert photo.focal_x == 0.5


def test_renditions_are_listed_and_viewed_but_never_made_by_hand(admin_client, photo):
    import io

    from articles.renditions import get_rendition
    from tests.conftest import make_jpeg

    photo.set_file(io.BytesIO(make_jpeg(800, 600)), "p.jpg")
    photo.save()
    made = get_rendition(photo, "card", "webp")

    listing = admin_client.get("/admin/articles/rendition/")
    detail = admin_client.get(f"/admin/articles/rendition/{made.pk}/change/")

    assert rows(listing) == [made]
    assert detail.status_code == 200
    assert (
        f"/renditions/{photo.pk}/{photo.rendition_version}/card.webp"
        in detail.content.decode()
    )
    assert admin_client.get("/admin/articles/rendition/add/").status_code == 403


def test_withdrawals_are_listed_but_never_written_by_hand(
    admin_client, published_article
):
    published_article.unpublish()

    listing = admin_client.get("/admin/articles/withdrawal/")

    assert [w.slug for w in rows(listing)] == [published_article.slug]
    assert admin_client.get("/admin/articles/withdrawal/add/").status_code == 403
