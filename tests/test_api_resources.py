from __future__ import annotations

from articles.models import Section


def test_image_detail(api_client, published_article):
    image = published_article.lead_image

    data = api_client.get(f"/api/v1/images/{image.pk}/").json()

    assert data["id"] == image.pk
    assert data["credit_line"] == "Khabarovsky Krai region government via AP"
    assert [c["role"] for c in data["credits"]] == ["provider", "distributor"]
    assert data["copyright"] == "© 2023 The Associated Press"


def test_contributors_are_those_credited_on_public_content(
    api_client, published_article
):
    data = api_client.get("/api/v1/contributors/").json()

    assert [c["name"] for c in data["results"]] == [
        "Khabarovsky Krai region government",
        "Reuters",
        "The Associated Press",
    ]
    assert api_client.get("/api/v1/contributors/the-associated-press/").json() == {
        "name": "The Associated Press",
        "slug": "the-associated-press",
        "kind": "agency",
        "short_name": "AP",
        "url": "",
        "bio": "",
        "affiliation": "",
    }


def test_sections_list_every_section_with_its_parent(api_client, section):
    Section.objects.create(name="Europe", slug="europe", parent=section)

    data = api_client.get("/api/v1/sections/").json()

    assert data["results"] == [
        {"name": "Europe", "slug": "europe", "parent": "world"},
        {"name": "World", "slug": "world", "parent": None},
    ]


def test_tags_list(api_client, published_article):
    data = api_client.get("/api/v1/tags/").json()

    assert data["results"] == [
        {"name": "North Korea", "slug": "north-korea", "uri": ""}
    ]


def test_openapi_schema_describes_the_api(api_client, db):
    response = api_client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/images/{id}/",
        "/api/v1/contributors/",
        "/api/v1/contributors/{slug}/",
        "/api/v1/sections/",
        "/api/v1/tags/",
        "/api/v1/collections/",
        "/api/v1/collections/{slug}/",
    } <= set(schema["paths"])
    article = schema["components"]["schemas"]["Article"]["properties"]
    assert {"headline", "credits", "credit_line", "lead_image"} <= set(article)


def test_docs_load_their_assets_from_this_server(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    )
    assert "cdn" not in html.lower()
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_api_is_read_only(api_client, published_article):
    response = api_client.post("/api/v1/articles/", {"headline": "x"}, format="json")

    assert response.status_code == 405
