"""fields= and expand= on the article endpoints."""

from __future__ import annotations

import pytest


@pytest.fixture
def url(published_article):
    return f"/api/v1/articles/{published_article.slug}/"


def test_fields_choose_top_level_fields_in_document_order(api_client, url):
    data = api_client.get(url, {"fields": "headline,id,slug"}).json()

    assert list(data) == ["id", "slug", "headline"]
    assert data["slug"] == "canada-condemns-missile-transfers"


def test_fields_apply_to_every_item_of_a_list(api_client, published_article):
    data = api_client.get("/api/v1/articles/", {"fields": "slug"}).json()

    assert data["results"] == [{"slug": "canada-condemns-missile-transfers"}]
    assert set(data) == {"next", "previous", "results"}


def test_expand_none_gives_every_related_object_by_reference(
    api_client, url, published_article
):
    data = api_client.get(url, {"expand": "none"}).json()

    assert data["section"] == "world"
    assert data["tags"] == ["north-korea"]
    assert data["credits"] == [{"role": "contributor", "contributor": "reuters"}]
    assert data["lead_image"] == published_article.lead_image_id
    assert data["credit_line"] == "With files from Reuters"


def test_expand_embeds_only_what_it_names(api_client, url):
    data = api_client.get(url, {"expand": "lead_image,tags"}).json()

    assert data["section"] == "world"
    assert data["tags"] == [{"name": "North Korea", "slug": "north-korea", "uri": ""}]
    assert data["credits"] == [{"role": "contributor", "contributor": "reuters"}]
    assert data["lead_image"]["credit_line"] == (
        "Khabarovsky Krai region government via AP"
    )


def test_fields_and_expand_together(api_client, url):
    data = api_client.get(url, {"fields": "slug,section", "expand": "none"}).json()

    assert data == {"slug": "canada-condemns-missile-transfers", "section": "world"}


def test_without_either_the_document_is_whole(api_client, url):
    data = api_client.get(url).json()

    assert data["section"] == {"name": "World", "slug": "world"}
    assert len(data) == 27  # language and editions (23), related (18)


@pytest.mark.parametrize(
    ("query", "error"),
    [
        (
            {"fields": "headline,text"},
            {
                "fields": "Unknown field(s): text. Allowed: id, slug, language, "
                "editions, headline, standfirst, body_html, body, section, tags, "
                "published_at, first_published_at, updated_at, slugline, dateline, "
                "urgency, source_version, corrections, credits, credit_line, "
                "lead_image, seo, social, digital_source_type, machine_translated, "
                "source_note, related."
            },
        ),
        (
            {"expand": "author"},
            {
                "expand": "Unknown field(s): author. Allowed: section, tags, "
                "credits, lead_image."
            },
        ),
    ],
)
def test_unknown_names_get_a_400(api_client, url, query, error):
    for path in (url, "/api/v1/articles/"):
        response = api_client.get(path, query)
        assert response.status_code == 400
        assert response.json() == error


def test_the_schema_documents_both_parameters(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    for path in ("/api/v1/articles/", "/api/v1/articles/{slug}/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"fields", "expand"} <= names, path
    article = schema["components"]["schemas"]["Article"]
    assert "required" not in article  # any field may be left out
    assert {"type": "string", "description": "The section's slug (not expanded)."} in (
        article["properties"]["section"]["oneOf"]
    )
