"""Search and social fields (issue 17, item 9): each falls back to the
story's own, the API and ninjs deliver them, a social image whose rights have
ended is withheld, backups and working drafts carry them, the admin saves and
previews them."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from jsonschema import Draft202012Validator

from articles.models import Article, ArticleDraft, Image
from articles.models.search_social import cut_at_word
from tests.helpers.corpus import CORPUS
from tests.helpers.images import make_jpeg
from tests.helpers.imports import run_import
from tests.helpers.servers import on_postgresql
from tests.helpers.working_drafts import post_change

NINJS_SCHEMA = json.loads(
    (CORPUS / "ninjs" / "schemas" / "ninjs-schema_3.1.json").read_text()
)
HOT_PATH = "articles.api.hot_path.ArticleHotPathMiddleware"
CANARY = "social-canary-7f3e"
# Related stories (issue 18): their top-up is one UNION on PostgreSQL, 2 on SQLite.
SOCIAL_BUILD_QUERIES = 12 if on_postgresql() else 13


def library_photo(caption: str, **fields) -> Image:
    """A new photo: its colour from the caption, so no two share bytes (the
    library would give back the first)."""
    color = (len(caption) * 7 % 256, sum(map(ord, caption)) % 256, 90)
    image, created = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(1200, 800, color)),
        original_filename=f"{caption[:10]}.jpg",
        caption=caption,
        **fields,
    )
    assert created
    return image


@pytest.fixture
def shared(published_article):
    """The sample story with every search and social field set."""
    card = library_photo("The card's picture", alt_text="A jet on the runway")
    Article.objects.filter(pk=published_article.pk).update(
        seo_headline="Canada condemns missile transfers",
        meta_description="Canada and nearly 50 countries denounce the deals.",
        social_headline="50 countries against one arms deal",
        social_image=card,
    )
    published_article.refresh_from_db()
    return published_article


# Fallbacks --------------------------------------------------------------


def test_each_field_falls_back_to_the_storys_own(article, photo):
    assert article.effective_seo_headline == article.headline
    assert article.effective_meta_description == (
        "Nearly 50 countries denounce the arms deals."
    )
    assert article.effective_social_headline == article.headline
    assert article.effective_social_image == photo

    article.seo_headline = "Canada condemns arms deals"
    assert article.effective_social_headline == "Canada condemns arms deals"
    article.social_headline = "Shared"
    assert (article.effective_seo_headline, article.effective_social_headline) == (
        "Canada condemns arms deals",
        "Shared",
    )


def test_the_description_is_the_standfirst_as_text_cut_after_a_word(article):
    article.standfirst = "<b>Fifty</b> &amp; " + "word " * 40
    description = article.effective_meta_description

    assert description == "Fifty & " + "word " * 29 + "word…"
    assert len(description) == 158
    article.meta_description = "  Written   for search.  "
    assert article.effective_meta_description == "Written for search."


def test_cutting_at_a_word():
    assert cut_at_word("short", 10) == "short"
    assert cut_at_word("one two three four", 10) == "one two…"
    assert cut_at_word("abcdefghijklmnop", 10) == "abcdefghi…"


# API and ninjs ----------------------------------------------------------


def test_the_api_gives_the_fields_with_their_fallbacks(api_client, shared, article):
    document = api_client.get(f"/api/v1/articles/{shared.slug}/").json()

    assert document["seo"] == {
        "headline": "Canada condemns missile transfers",
        "description": "Canada and nearly 50 countries denounce the deals.",
    }
    image = document["social"].pop("image")
    assert document["social"] == {"headline": "50 countries against one arms deal"}
    assert (image["id"], image["caption"], image["alt_text"]) == (
        shared.social_image_id,
        "The card's picture",
        "A jet on the runway",
    )
    assert image["url"].startswith("http://testserver/renditions/")
    assert [(r["spec"], r["width"], r["height"]) for r in image["srcset"]][:2] == [
        ("thumbnail", 320, 180),
        ("thumbnail", 320, 180),
    ]


def test_without_the_fields_the_api_gives_the_storys_own(api_client, published_article):
    document = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()

    assert document["seo"] == {
        "headline": published_article.headline,
        "description": "Nearly 50 countries denounce the arms deals.",
    }
    assert document["social"]["headline"] == published_article.headline
    assert document["social"]["image"] == document["lead_image"] | {
        "caption": published_article.lead_image.caption
    }


def _get(path: str, *, hot: bool):
    from django.conf import settings

    middleware = [m for m in settings.MIDDLEWARE if hot or m != HOT_PATH]
    with override_settings(MIDDLEWARE=middleware, CMS_RESPONSE_CACHE_TIMEOUT=0):
        return Client().get(path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/?fields=seo,social",
    ],
)
def test_the_hot_path_gives_drfs_bytes(shared, path):
    path = path.format(slug=shared.slug)
    drf, hot = _get(path, hot=False), _get(path, hot=True)

    assert hot.status_code == drf.status_code == 200
    assert hot.content == drf.content
    assert b"50 countries against one arms deal" in hot.content


def test_ninjs_has_the_editors_headlines_description_and_image(api_client, shared):
    document = api_client.get(f"/api/v1/articles/{shared.slug}/ninjs/").json()

    errors = Draft202012Validator(NINJS_SCHEMA).iter_errors(document)
    assert [error.message for error in errors] == []
    assert document["headlines"] == [
        {"role": "main", "value": shared.headline},
        {"role": "seo", "value": "Canada condemns missile transfers"},
        {"role": "social", "value": "50 countries against one arms deal"},
    ]
    assert document["descriptions"] == [
        {"role": "summary", "value": "Nearly 50 countries denounce the arms deals."},
        {"role": "seo", "value": "Canada and nearly 50 countries denounce the deals."},
    ]
    social = document["associations"][1]
    assert (social["name"], social["rel"], social["uri"]) == (
        "social-image",
        "socialImage",
        f"urn:newsroom-cms:image:{shared.social_image_id}",
    )
    assert social["descriptions"] == [
        {"role": "caption", "value": "The card's picture"}
    ]


# Rights -----------------------------------------------------------------


def test_a_social_image_whose_rights_ended_is_withheld_everywhere(api_client, shared):
    card = shared.social_image
    path = f"/api/v1/articles/{shared.slug}/"
    image = api_client.get(path).json()["social"]["image"]  # stored now
    assert image["id"] == card.pk
    assert api_client.get(image["url"]).status_code == 200
    # The rights run out with nobody saving the story: decided at serve time.
    Image.objects.filter(pk=card.pk).update(
        rights_expire_at=timezone.now() - timedelta(minutes=1)
    )

    for hot in (False, True):
        detail = _get(path, hot=hot).json()
        listed = _get("/api/v1/articles/", hot=hot).json()["results"][0]
        assert detail["social"]["image"] is None
        assert listed["social"]["image"] is None
        assert detail["social"]["headline"] == "50 countries against one arms deal"
    ninjs = api_client.get(f"{path}ninjs/").json()
    assert [a["name"] for a in ninjs["associations"]] == ["lead-image"]
    assert not Image.objects.published().filter(pk=card.pk).exists()
    assert api_client.get(image["url"]).status_code == 404


def test_an_unpublished_storys_social_image_is_private(api_client, article):
    card = library_photo(CANARY)
    article.social_image = card
    article.seo_headline = CANARY
    article.save()

    assert not Image.objects.published().filter(pk=card.pk).exists()
    assert api_client.get(f"/api/v1/images/{card.pk}/").status_code == 404
    assert CANARY not in api_client.get("/api/v1/articles/").content.decode()


# Backups and working drafts --------------------------------------------


def test_a_backup_restores_the_fields_exactly(shared, tmp_path):
    client = Client()
    before = client.get(f"/api/v1/articles/{shared.slug}/").json()
    fields = ("seo_headline", "meta_description", "social_headline")
    saved = Article.objects.values(*fields).get(pk=shared.pk)
    card_bytes = shared.social_image.file.open("rb").read()
    call_command("export_articles", str(tmp_path / "backup"), stdout=io.StringIO())
    record = next(
        json.loads(line)
        for line in (tmp_path / "backup" / "content.jsonl").open()
        if '"type": "article"' in line or '"type":"article"' in line
    )
    assert record["social_headline"] == "50 countries against one arms deal"
    assert record["social_image"]["caption"] == "The card's picture"

    for image in Image.objects.exclude(file=""):
        image.file.delete(save=False)
    Article.objects.all().delete()
    Image.objects.all().delete()
    stdout, stderr = run_import(tmp_path / "backup")

    assert stderr == ""
    restored = Article.objects.get(pk=shared.pk)
    assert Article.objects.values(*fields).get(pk=shared.pk) == saved
    assert restored.social_image.file.open("rb").read() == card_bytes
    assert restored.social_image.caption == "The card's picture"
    assert client.get(f"/api/v1/articles/{shared.slug}/").json() == before


def test_a_live_storys_fields_change_through_its_working_draft(admin_client, shared):
    response = post_change(
        admin_client,
        shared,
        seo_headline="Draft SEO headline",
        meta_description=shared.meta_description,
        social_headline=shared.social_headline,
        social_image=shared.social_image_id,
    )

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.seo_headline == "Canada condemns missile transfers"  # live
    draft = ArticleDraft.objects.get(article=shared)
    assert draft.values["seo_headline"] == "Draft SEO headline"
    assert draft.values["social_image"] == shared.social_image_id
    api = Client().get(f"/api/v1/articles/{shared.slug}/").json()
    assert api["seo"]["headline"] == "Canada condemns missile transfers"
    page = admin_client.get(f"/admin/articles/article/{shared.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Draft SEO headline"' in text  # the form opens on the draft
    assert '<p class="search-result__title">Draft SEO headline</p>' in text

    post_change(
        admin_client,
        shared,
        "_publish",
        seo_headline="Draft SEO headline",
        meta_description=shared.meta_description,
        social_headline=shared.social_headline,
        social_image=shared.social_image_id,
    )
    shared.refresh_from_db()
    assert shared.seo_headline == "Draft SEO headline"


# Admin ------------------------------------------------------------------


def test_the_admin_saves_the_fields_and_previews_them(admin_client, article):
    card = library_photo("A card")
    response = post_change(
        admin_client,
        article,
        seo_headline="S" * 75,
        meta_description="Written for search.",
        social_headline="",
        social_image=card.pk,
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.seo_headline, article.social_image) == ("S" * 75, card)

    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    text = page.content.decode()
    assert "Search and social" in text
    assert "Title: 75 of the 60 characters shown: cut in results." in text
    assert "Description: 19 of the 160 characters shown." in text
    assert "S" * 59 + "…" in text  # what results show
    assert f"/renditions/{card.pk}/" in text  # the card's picture
    assert "Choose the social image" in text


def test_a_social_image_whose_rights_ended_cannot_be_chosen(admin_client, article):
    expired = library_photo(
        "Expired", rights_expire_at=timezone.now() - timedelta(days=1)
    )

    response = post_change(admin_client, article, social_image=expired.pk)

    assert response.status_code == 200
    assert "The rights to this photo expired" in response.content.decode()
    article.refresh_from_db()
    assert article.social_image is None


def test_the_write_api_writes_a_live_storys_fields_to_its_draft(
    client, shared, django_user_model
):
    from tests.helpers.api_tokens import MANAGE, bearer, etag, issue
    from tests.helpers.newsroom import newsroom_staff

    raw = issue(newsroom_staff(django_user_model)["edith"])
    expired = library_photo(
        "Expired card", rights_expire_at=timezone.now() - timedelta(days=1)
    )
    url = f"{MANAGE}{shared.pk}/"

    def patch(data):
        return client.patch(
            url,
            data,
            content_type="application/json",
            HTTP_IF_MATCH=etag(client, raw, shared.pk),
            **bearer(raw),
        )

    refused = patch({"social_image": expired.pk})
    assert refused.status_code == 400
    assert refused.json()["social_image"] == [
        "The rights to this photo have expired; choose another photo."
    ]
    response = patch({"seo_headline": "Written for search", "social_image": None})

    assert response.status_code == 200, response.json()
    story = response.json()
    assert (story["seo_headline"], story["social_image"]) == (
        "Written for search",
        None,
    )
    assert story["social_headline"] == "50 countries against one arms deal"
    shared.refresh_from_db()
    assert shared.seo_headline == "Canada condemns missile transfers"  # still live
    assert ArticleDraft.objects.get(article=shared).values["social_image"] is None


def test_a_change_to_the_social_image_reaches_the_document(api_client, shared):
    path = f"/api/v1/articles/{shared.slug}/"
    assert api_client.get(path).json()["social"]["image"]["caption"] == (
        "The card's picture"
    )
    card = shared.social_image
    card.caption = "Crowds on the sea wall at noon."
    card.save()

    image = api_client.get(path).json()["social"]["image"]
    assert image["caption"] == "Crowds on the sea wall at noon."


def test_building_documents_with_social_images_costs_the_same_for_any_number(
    published_article, django_assert_num_queries
):
    from articles.delivery.documents import build_documents

    now = timezone.now()
    ids = []
    for n in range(3):
        story = Article.objects.create(
            headline=f"Story {n}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=n + 1),
            social_image=library_photo(f"Card {n}"),
        )
        ids.append(story.pk)
    first = Article.objects.get(pk=ids[0])
    Article.objects.filter(pk=published_article.pk).update(
        social_image_id=first.social_image_id
    )

    # Seven to read (lead photos, credits), two for the social images and
    # their credits, two or three for related stories (choices, top-up by
    # tag and section), one to write.
    with django_assert_num_queries(SOCIAL_BUILD_QUERIES):
        build_documents([published_article.pk])
    with django_assert_num_queries(SOCIAL_BUILD_QUERIES):
        build_documents([published_article.pk, *ids])


def test_without_a_social_image_the_card_loses_the_lead_photo_with_it(
    api_client, published_article
):
    path = f"/api/v1/articles/{published_article.slug}/"
    assert api_client.get(path).json()["social"]["image"] is not None  # stored
    Image.objects.filter(pk=published_article.lead_image_id).update(
        rights_expire_at=timezone.now() - timedelta(minutes=1)
    )

    for hot in (False, True):
        document = _get(path, hot=hot).json()
        assert (document["lead_image"], document["social"]["image"]) == (None, None)
