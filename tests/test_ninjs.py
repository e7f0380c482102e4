"""Articles as IPTC ninjs 3.1, validated against IPTC's own schema."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.images import make_jpeg

SCHEMA = json.loads(
    (CORPUS / "ninjs" / "schemas" / "ninjs-schema_3.1.json").read_text()
)


def validate(document: dict) -> None:
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(document), key=str)
    assert [error.message for error in errors] == []


def test_the_schema_catches_a_broken_document():
    with pytest.raises(AssertionError):
        validate({"uri": "x", "headlines": "not a list"})


def test_the_sample_story_as_ninjs(api_client, published_article, photo):
    photo.set_file(io.BytesIO(make_jpeg(1200, 800)), "kim.jpg")
    photo.usage_terms = "Editorial use only."
    photo.save()

    response = api_client.get(f"/api/v1/articles/{published_article.slug}/ninjs/")

    document = response.json()
    validate(document)
    assert document["uri"] == f"urn:newsroom-cms:article:{published_article.pk}"
    assert document["type"] == "composite"
    assert document["headlines"] == [
        {"role": "main", "value": published_article.headline}
    ]
    assert document["bodies"] == [
        {
            "role": "main",
            "contentType": "text/html",
            "value": "<p>Canada has joined nearly 50 countries.</p>",
        }
    ]
    assert document["by"] == "With files from Reuters"
    assert document["infoSources"] == [{"name": "Reuters", "role": "contributor"}]
    assert document["subjects"] == [
        {"name": "World", "rel": "section", "literal": "world"},
        {"name": "North Korea", "rel": "about", "literal": "north-korea"},
    ]
    picture = document["associations"][0]
    assert picture["type"] == "picture"
    assert picture["by"] == "Khabarovsky Krai region government via AP"
    assert picture["copyrightNotice"] == "© 2023 The Associated Press"
    assert picture["usageTerms"] == "Editorial use only."
    assert picture["infoSources"] == [
        {"name": "Khabarovsky Krai region government", "role": "provider"},
        {"name": "The Associated Press", "role": "distributor"},
    ]
    card = next(r for r in picture["renditions"] if r["name"] == "card-webp")
    assert card == {
        "name": "card-webp",
        "href": f"http://testserver/renditions/{photo.pk}/{photo.rendition_version}/card.webp",
        "contentType": "image/webp",
        "width": 640,
        "height": 360,
    }


def test_a_story_with_a_byline_and_no_photo(api_client, db, reuters):
    story = Article.objects.create(
        headline="Council votes", standfirst="A late vote.", body="<p>Text.</p>"
    )
    story.credits.create(contributor=reuters, role="author")
    story.publish()

    document = api_client.get(f"/api/v1/articles/{story.slug}/ninjs/").json()

    validate(document)
    assert document["type"] == "text"
    assert document["by"] == "Reuters"
    assert document["descriptions"] == [{"role": "summary", "value": "A late vote."}]
    assert "associations" not in document


def test_hidden_stories_have_no_ninjs(api_client, article):
    missing = api_client.get("/api/v1/articles/nothing/ninjs/")

    response = api_client.get(f"/api/v1/articles/{article.slug}/ninjs/")

    assert response.status_code == 404
    assert response.content == missing.content


def test_expired_photo_is_left_out(api_client, published_article, photo):
    photo.rights_expire_at = timezone.now() - timedelta(minutes=1)
    photo.save()

    document = api_client.get(
        f"/api/v1/articles/{published_article.slug}/ninjs/"
    ).json()

    validate(document)
    assert "associations" not in document


def test_ninjs_refuses_unknown_parameters(api_client, published_article):
    response = api_client.get(
        f"/api/v1/articles/{published_article.slug}/ninjs/?preview=1"
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "request_kwargs",
    [{"HTTP_ACCEPT": "application/ninjs+json"}, {"data": {"format": "ninjs"}}],
)
def test_ninjs_by_content_negotiation(api_client, published_article, request_kwargs):
    url = f"/api/v1/articles/{published_article.slug}/"

    response = api_client.get(url, **request_kwargs)
    plain = api_client.get(url)

    assert response["Content-Type"] == "application/ninjs+json"
    document = response.json()
    validate(document)
    assert document == api_client.get(f"{url}ninjs/").json()
    assert plain["Content-Type"] == "application/json"
    assert "headline" in plain.json()
    assert "Accept" in response["Vary"] and "Accept" in plain["Vary"]


def test_ninjs_negotiation_of_a_draft_is_a_plain_404(api_client, article):
    response = api_client.get(
        f"/api/v1/articles/{article.slug}/", HTTP_ACCEPT="application/ninjs+json"
    )

    assert response.status_code == 404
