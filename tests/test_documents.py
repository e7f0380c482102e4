"""Stored delivery documents: served while current, rebuilt the moment
anything they contain changes, never served stale."""

from __future__ import annotations

import pytest

from articles.delivery.documents import document_version, memo
from articles.models import ArticleDocument, Contributor, Credit


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    # What is under test here is the document store, not the response cache.
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0


def detail(api_client, article):
    response = api_client.get(f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 200
    return response.json()


def test_a_document_is_stored_once_and_served_from_storage(
    api_client, published_article, django_assert_num_queries
):
    first = detail(api_client, published_article)
    stored = ArticleDocument.objects.get(article=published_article)
    assert stored.version == document_version()
    assert stored.article_updated_at == published_article.updated_at

    with django_assert_num_queries(1):  # the row; the text from memory
        assert detail(api_client, published_article) == first
    memo.clear()  # as in another app server
    with django_assert_num_queries(2):  # the row, then the stored text
        assert detail(api_client, published_article) == first
    assert ArticleDocument.objects.get().built_at == stored.built_at


def test_every_change_to_what_a_document_contains_is_served_at_once(
    api_client, published_article, ap
):
    detail(api_client, published_article)

    published_article.headline = "A new headline"
    published_article.save()
    assert detail(api_client, published_article)["headline"] == "A new headline"

    Credit.objects.create(article=published_article, contributor=ap, role="author")
    assert detail(api_client, published_article)["credit_line"] == (
        "By The Associated Press. With files from Reuters"
    )

    reuters = Contributor.objects.get(slug="reuters")
    reuters.name = "Thomson Reuters"
    reuters.save()
    assert detail(api_client, published_article)["credits"][0]["contributor"][
        "name"
    ] == ("Thomson Reuters")

    photo = published_article.lead_image
    photo.caption = "A new caption."
    photo.save()
    assert detail(api_client, published_article)["lead_image"]["caption"] == (
        "A new caption."
    )

    published_article.section.name = "World news"
    published_article.section.save()
    assert detail(api_client, published_article)["section"]["name"] == "World news"

    published_article.tags.clear()
    assert detail(api_client, published_article)["tags"] == []


def test_a_stale_document_is_never_served(api_client, published_article):
    detail(api_client, published_article)
    # As if a slow request had stored what it read before an editor's save.
    ArticleDocument.objects.filter(article=published_article).update(
        json='{"headline": "stale"}',
        article_updated_at=published_article.updated_at.replace(year=2000),
    )
    memo.clear()

    assert detail(api_client, published_article)["headline"] == (
        published_article.headline
    )


def test_documents_follow_the_rendition_settings(
    api_client, published_article, jpeg_upload, settings
):
    photo = published_article.lead_image
    photo.set_file(jpeg_upload, "kim.jpg")
    photo.save()
    assert len(detail(api_client, published_article)["lead_image"]["srcset"]) == 15

    settings.CMS_RENDITION_FORMATS = ["webp"]

    srcset = detail(api_client, published_article)["lead_image"]["srcset"]
    assert {rendition["format"] for rendition in srcset} == {"webp"}
    assert len(srcset) == 5


def test_urls_take_the_host_the_client_asked_with(
    api_client, published_article, jpeg_upload
):
    photo = published_article.lead_image
    photo.set_file(jpeg_upload, "kim.jpg")
    photo.save()
    url = f"/api/v1/articles/{published_article.slug}/"

    one = api_client.get(url, HTTP_HOST="localhost").json()["lead_image"]
    other = api_client.get(url, HTTP_HOST="127.0.0.1").json()["lead_image"]

    assert one["url"].startswith("http://localhost/renditions/")
    assert other["url"].startswith("http://127.0.0.1/renditions/")
    assert all(r["url"].startswith("http://127.0.0.1/") for r in other["srcset"])
    stored = ArticleDocument.objects.get().data["lead_image"]
    assert stored["url"].startswith("/renditions/")


def test_texts_kept_in_memory_keep_the_host_they_were_asked_with(
    api_client, published_article, jpeg_upload, django_assert_num_queries
):
    photo = published_article.lead_image
    photo.set_file(jpeg_upload, "kim.jpg")
    photo.save()
    url = f"/api/v1/articles/{published_article.slug}/"
    for host in ("localhost", "127.0.0.1"):
        api_client.get(url, HTTP_HOST=host)

    for host in ("localhost", "127.0.0.1", "localhost"):
        with django_assert_num_queries(1):  # the row; the text from memory
            lead = api_client.get(url, HTTP_HOST=host).json()["lead_image"]
        assert lead["url"].startswith(f"http://{host}/renditions/{photo.pk}/")
        assert {r["url"].split("/")[2] for r in lead["srcset"]} == {host}
