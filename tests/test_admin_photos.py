"""The photo desk in the admin: metadata prefill, rights warnings, focal point."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.utils import timezone

from articles.models import Image
from tests.helpers.admin import (
    changelist,
    image_form,
    messages_of,
    rows,
    upload_cp_photo,
)
from tests.helpers.images import make_jpeg


@pytest.fixture
def filed_photo(db) -> Image:
    """A photo with its file, so the focal point can be set."""
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(120, 80, (20, 90, 160))),
        original_filename="harbour.jpg",
        caption="The floating barrier at dawn.",
    )
    return image


def test_an_upload_is_filled_in_from_its_metadata(admin_client):
    response = upload_cp_photo(admin_client)

    image = Image.objects.get()
    assert image.caption.startswith("The Montreal Police logo is seen on a police car")
    assert image.restrictions == "EDS NOTE:A FILE PHOTO"
    assert image.credit_line == "Paul Chiasson/CP"
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

    assert levels_and_messages(image_page) == [
        (
            "warning",
            "The rights to this photo expired on 2026-01-31 12:00; it is withheld "
            f"from readers. It is used on: {published_article.headline}.",
        )
    ]
    assert levels_and_messages(article_page) == [
        (
            "warning",
            "The lead image's rights expired on 2026-01-31 12:00; readers see this "
            "story without it.",
        )
    ]


def test_rights_expiring_soon_are_announced_more_softly(admin_client, photo):
    soon = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    photo.rights_expire_at = soon
    photo.save()

    response = admin_client.get(f"{changelist('image')}{photo.pk}/change/")

    when = f"{timezone.localtime(soon):%Y-%m-%d %H:%M}"
    assert levels_and_messages(response) == [
        (
            "info",
            f"The rights to this photo expire on {when}; it will then be withheld "
            "from readers.",
        )
    ]


def test_rights_expiring_later_or_never_are_not_mentioned(admin_client, photo, db):
    later = Image.objects.create(
        caption="Later", rights_expire_at=timezone.now() + timedelta(days=8)
    )

    for image in [photo, later]:
        response = admin_client.get(f"{changelist('image')}{image.pk}/change/")
        assert messages_of(response) == []


def levels_and_messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_rights_filter(admin_client, photo, db):
    now = timezone.now()
    open_ended = Image.objects.create(caption="Open-ended")
    expiring = Image.objects.create(
        caption="Expiring", rights_expire_at=now + timedelta(days=2)
    )
    later = Image.objects.create(
        caption="Later", rights_expire_at=now + timedelta(days=30)
    )
    photo.rights_expire_at = now - timedelta(days=1)
    photo.save()

    def filtered(value: str) -> set[Image]:
        return set(rows(admin_client.get(changelist("image"), {"rights": value})))

    assert filtered("current") == {open_ended, expiring, later}
    assert filtered("expiring") == {expiring}
    assert filtered("expired") == {photo}
    assert filtered("none") == {open_ended}


def test_the_changelist_shows_when_rights_expire(admin_client, photo):
    photo.rights_expire_at = timezone.make_aware(timezone.datetime(2026, 1, 31, 12, 0))
    photo.save()

    response = admin_client.get(changelist("image"))

    assert '<td class="field-rights_expire_at nowrap">Jan. 31, 2026, noon</td>' in (
        response.content.decode()
    )


def test_the_article_changelist_flags_withheld_lead_images(
    admin_client, published_article
):
    image = published_article.lead_image
    image.rights_expire_at = timezone.now() - timedelta(minutes=1)
    image.save()

    response = admin_client.get(changelist("article"))

    assert (
        '<td class="field-lead_image_thumbnail"><br><strong>Rights expired</strong>'
        "</td>"
    ) in response.content.decode()


def test_the_focal_point_is_offered_only_for_photos_with_files(
    admin_client, photo, filed_photo
):
    def fieldsets(url: str) -> list[str | None]:
        return [
            fieldset.name for fieldset in admin_client.get(url).context["adminform"]
        ]

    with_file = fieldsets(f"{changelist('image')}{filed_photo.pk}/change/")
    without_file = fieldsets(f"{changelist('image')}{photo.pk}/change/")
    add = fieldsets(f"{changelist('image')}add/")

    common = ["Description", "Credit", "Rights", "Use", "Provenance", "File details"]
    assert with_file == [None, "Focal point", *common]
    assert without_file == [None, *common]
    assert add == [None, *common]


def test_the_dominant_colour_is_a_swatch(admin_client, filed_photo):
    response = admin_client.get(f"{changelist('image')}{filed_photo.pk}/change/")

    assert filed_photo.dominant_color.startswith("#")
    assert (
        f'<rect width="16" height="16" fill="{filed_photo.dominant_color}" '
        'stroke="#999"></rect></svg> ' + filed_photo.dominant_color
    ) in response.content.decode()


def test_a_focal_point_is_saved_from_the_form(admin_client, filed_photo):
    response = admin_client.post(
        f"{changelist('image')}{filed_photo.pk}/change/",
        image_form("", caption=filed_photo.caption, focal_x="0.25", focal_y="0.75"),
    )

    assert response.status_code == 302
    filed_photo.refresh_from_db()
    assert (filed_photo.focal_x, filed_photo.focal_y) == (0.25, 0.75)


def test_a_focal_point_outside_the_photo_is_refused(admin_client, filed_photo):
    response = admin_client.post(
        f"{changelist('image')}{filed_photo.pk}/change/",
        image_form("", caption="Changed caption", focal_x="1.5", focal_y="0.2"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["focal_x"] == [
        "Ensure this value is less than or equal to 1."
    ]
    filed_photo.refresh_from_db()
    assert (filed_photo.focal_x, filed_photo.focal_y) == (0.5, 0.5)
    assert filed_photo.caption == "The floating barrier at dawn."


def test_renditions_are_listed_and_viewed_but_never_made_by_hand(admin_client, photo):
    from articles.photos.renditions import get_rendition

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


def test_each_field_and_column_of_a_photo_has_its_own_label(admin_client, filed_photo):
    form = admin_client.get(f"/admin/articles/image/{filed_photo.pk}/change/")
    html = form.content.decode()
    assert "<label>Place in a story:</label>" in html
    assert "<label>Used on:</label>" in html
    assert "Lead image of" not in html

    listing = admin_client.get("/admin/articles/image/")
    headers = [
        column.get_text(strip=True)
        for column in BeautifulSoup(listing.content, "html.parser").select(
            "#result_list thead th"
        )
    ]
    assert headers[1:4] == ["Thumbnail", "Image", "Dimensions"]
    named = [header for header in headers if header]
    assert len(named) == len(set(named))
