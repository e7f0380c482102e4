"""Renditions through the API and the rendition URLs: sizes, formats, caching
in storage, and the same visibility as everything else."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Image, Rendition
from tests.helpers.corpus import CORPUS
from tests.helpers.images import make_jpeg


@pytest.fixture
def photo_with_file(photo):
    photo.set_file(io.BytesIO(make_jpeg(1200, 800)), "kim.jpg")
    photo.save()
    return photo


@pytest.fixture
def story(published_article, photo_with_file):
    return published_article


def srcset_entry(data: dict, spec: str, fmt: str) -> dict:
    return next(r for r in data["srcset"] if (r["spec"], r["format"]) == (spec, fmt))


def test_api_gives_every_size_in_every_format(api_client, story, photo_with_file):
    image = api_client.get(f"/api/v1/articles/{story.slug}/").json()["lead_image"]

    version = photo_with_file.rendition_version
    base = f"http://testserver/renditions/{photo_with_file.pk}/{version}"
    assert image["url"] == f"{base}/full.jpeg"
    assert (image["width"], image["height"]) == (1200, 800)
    assert len(image["srcset"]) == 5 * 3
    assert srcset_entry(image, "card", "webp") == {
        "spec": "card",
        "format": "webp",
        "url": f"{base}/card.webp",
        "width": 640,
        "height": 360,
    }
    # Never larger than the original.
    assert srcset_entry(image, "hero", "avif")["width"] == 1200
    assert srcset_entry(image, "hero", "avif")["height"] == 675
    assert srcset_entry(image, "full", "jpeg")["width"] == 1200
    assert image["focal_point"] == {"x": 0.5, "y": 0.5}
    # make_jpeg paints (200, 30, 30); JPEG encoding shifts the red a little.
    assert image["dominant_color"] == "#ca1e1e"
    assert len(image["placeholder"]) == 28  # BlurHash with 4x3 components


@pytest.mark.parametrize(
    ("fmt", "content_type", "pillow_format"),
    [
        ("jpeg", "image/jpeg", "JPEG"),
        ("webp", "image/webp", "WEBP"),
        ("avif", "image/avif", "AVIF"),
    ],
)
def test_a_rendition_is_made_once_and_then_served_from_storage(
    client, story, photo_with_file, fmt, content_type, pillow_format
):
    url = f"/renditions/{photo_with_file.pk}/{photo_with_file.rendition_version}/card.{fmt}"

    first = client.get(url)
    body = b"".join(first.streaming_content)
    stored = Rendition.objects.get()
    second = client.get(url)

    assert first.status_code == 200
    assert first["Content-Type"] == content_type
    assert first["Cache-Control"] == "public, max-age=3600"
    with PILImage.open(io.BytesIO(body)) as picture:
        assert (picture.format, picture.size) == (pillow_format, (640, 360))
    assert (stored.width, stored.height, stored.file_size) == (640, 360, len(body))
    version = photo_with_file.rendition_version
    extension = {"jpeg": "jpg"}.get(fmt, fmt)
    assert stored.file.name == (
        f"renditions/{photo_with_file.sha256[:2]}/{version}/card.{extension}"
    )
    assert b"".join(second.streaming_content) == body
    assert Rendition.objects.get().pk == stored.pk
    assert Rendition.objects.count() == 1


def test_unknown_sizes_and_formats_do_not_exist(client, story, photo_with_file):
    base = f"/renditions/{photo_with_file.pk}/{photo_with_file.rendition_version}"

    assert client.get(f"{base}/card.gif").status_code == 404
    assert client.get(f"{base}/w1234.jpeg").status_code == 404
    assert client.get(f"{base}/../card.jpeg").status_code == 404
    assert Rendition.objects.count() == 0


def test_moving_the_focal_point_changes_the_urls_and_drops_old_renditions(
    client, story, photo_with_file
):
    old_version = photo_with_file.rendition_version
    client.get(f"/renditions/{photo_with_file.pk}/{old_version}/square.jpeg")
    old_file = Rendition.objects.get().file.name

    photo_with_file.focal_x = 0.1
    photo_with_file.save()

    assert photo_with_file.rendition_version != old_version
    assert Rendition.objects.count() == 0
    assert not Rendition.file.field.storage.exists(old_file)


def test_hidden_photos_have_no_renditions(client, api_client, article, photo_with_file):
    url = f"/renditions/{photo_with_file.pk}/{photo_with_file.rendition_version}/card.jpeg"
    missing = client.get(
        f"/renditions/999999/{photo_with_file.rendition_version}/card.jpeg"
    )

    response = client.get(url)

    assert response.status_code == 404
    assert response.content == missing.content
    assert Rendition.objects.count() == 0


def test_staff_see_renditions_of_drafts_but_caches_do_not_keep_them(
    client, superuser, article, photo_with_file
):
    client.force_login(superuser)
    url = f"/renditions/{photo_with_file.pk}/{photo_with_file.rendition_version}/thumbnail.webp"

    response = client.get(url)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_expired_rights_withhold_the_photo_everywhere(
    client, api_client, story, photo_with_file
):
    url = f"/renditions/{photo_with_file.pk}/{photo_with_file.rendition_version}/card.jpeg"
    assert client.get(url).status_code == 200

    photo_with_file.rights_expire_at = timezone.now() - timedelta(minutes=1)
    photo_with_file.save()

    assert client.get(url).status_code == 404
    assert api_client.get(f"/api/v1/images/{photo_with_file.pk}/").status_code == 404
    article = api_client.get(f"/api/v1/articles/{story.slug}/").json()
    assert article["lead_image"] is None
    contributors = api_client.get("/api/v1/contributors/").json()["results"]
    assert [c["name"] for c in contributors] == ["Reuters"]


def test_rights_expiring_later_do_not_withhold_the_photo(
    api_client, story, photo_with_file
):
    photo_with_file.rights_expire_at = timezone.now() + timedelta(days=1)
    photo_with_file.save()

    article = api_client.get(f"/api/v1/articles/{story.slug}/").json()

    assert article["lead_image"]["id"] == photo_with_file.pk


def test_a_delivered_rendition_keeps_credits_and_drops_gps(client, section, ap):
    with open(CORPUS / "images" / "exif-gps" / "DSCN0010.jpg", "rb") as source:
        assert PILImage.open(source).getexif().get_ifd(0x8825)  # it has GPS
        source.seek(0)
        image, _ = Image.objects.get_or_create_for_file(
            source, original_filename="gps.jpg"
        )
    image.copyright_notice = "© 2026 The Associated Press"
    image.save()
    image.credits.create(contributor=ap, role="distributor")
    story = Article.objects.create(headline="Located", lead_image=image)
    story.publish()

    response = client.get(f"/renditions/{image.pk}/{image.rendition_version}/card.jpeg")

    with PILImage.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        exif = picture.getexif()
        assert exif.get_ifd(0x8825) == {}
        assert exif.get(0x010F) is None  # camera make
        assert exif.get(0x8298) == "(c) 2026 The Associated Press"
        xmp = picture.info["xmp"].decode()
        assert (
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 The Associated Press'
            in xmp
        )
        assert "<photoshop:Credit>AP</photoshop:Credit>" in xmp


def test_list_query_count_holds_with_renditions(
    api_client, story, django_assert_num_queries, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    api_client.get("/api/v1/articles/")  # builds the documents
    with django_assert_num_queries(1):
        response = api_client.get("/api/v1/articles/")
    assert len(response.json()["results"][0]["lead_image"]["srcset"]) == 15
