"""An editor places photos (issue 16, item 18): the Editor group, as the
migrations leave it, uploads a photo in the admin and fixes its caption, and
may not delete it; the photo desk does that."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Image
from articles.roles import EDITOR
from tests.helpers.admin import changelist, image_form, upload_cp_photo
from tests.helpers.images import make_jpeg


@pytest.fixture
def editor_client(db, django_user_model) -> Client:
    # The group the migrations made, not one synced by the test: a change to
    # ROLES without its data migration fails here.
    user = django_user_model.objects.create_user("edith", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client = Client()
    client.force_login(user)
    return client


def test_the_migrated_editor_group_adds_and_changes_photos_but_does_not_delete(db):
    codenames = set(
        Group.objects.get(name=EDITOR)
        .permissions.filter(content_type__model="image")
        .values_list("codename", flat=True)
    )

    assert codenames == {"add_image", "change_image", "view_image"}


def test_an_editor_uploads_a_photo_and_edits_its_caption(editor_client):
    add = f"{changelist('image')}add/"
    assert editor_client.get(add).status_code == 200
    upload = SimpleUploadedFile("harbour.jpg", make_jpeg(320, 200), "image/jpeg")

    response = editor_client.post(add, image_form(upload, caption="The barrier."))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height, image.content_type) == (320, 200, "image/jpeg")
    assert (image.original_filename, image.caption) == ("harbour.jpg", "The barrier.")

    change = f"{changelist('image')}{image.pk}/change/"
    response = editor_client.post(change, image_form("", caption="The barrier held."))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "The barrier held."


def test_an_editors_upload_gets_its_credits_from_the_photos_metadata(editor_client):
    response = upload_cp_photo(editor_client)

    assert response.status_code == 200
    credits = Image.objects.get().credits.values_list("contributor__name", "role")
    assert set(credits) == {
        ("Paul Chiasson", "creator"),
        ("The Canadian Press", "provider"),
    }


def test_an_editor_may_not_delete_a_photo(editor_client):
    upload = SimpleUploadedFile("harbour.jpg", make_jpeg(), "image/jpeg")
    editor_client.post(f"{changelist('image')}add/", image_form(upload))
    image = Image.objects.get()

    response = editor_client.post(
        f"{changelist('image')}{image.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()
