"""An article as JSON (its stored document) and as ninjs (made from the
article itself): two paths through one view, with the same caching headers
and the same 404 for what is not public."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

NINJS = "application/ninjs+json"


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0


@pytest.mark.parametrize(
    ("suffix", "accept", "content_type"),
    [
        ("", "application/json", "application/json"),
        ("ninjs/", "application/json", "application/json"),
        ("", NINJS, NINJS),
    ],
)
def test_each_representation_carries_the_story_s_headers(
    api_client, published_article, suffix, accept, content_type
):
    url = f"/api/v1/articles/{published_article.slug}/{suffix}"
    response = api_client.get(url, headers={"Accept": accept})

    published_article.refresh_from_db()
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Last-Modified"] == http_date(
        published_article.updated_at.timestamp()
    )
    assert response["Cache-Tag"] == f"article-{published_article.pk}"
    assert response["Vary"] == "Accept, origin"


def test_ninjs_is_made_from_the_article(api_client, published_article):
    url = f"/api/v1/articles/{published_article.slug}/"
    ninjs = api_client.get(url, headers={"Accept": NINJS}).json()
    document = api_client.get(url).json()

    assert ninjs["headlines"][0]["value"] == document["headline"]
    assert api_client.get(f"{url}ninjs/").json() == ninjs


@pytest.mark.parametrize("slug", ["a-draft", "no-such-story", "nul%00byte"])
def test_what_is_not_public_is_a_404_either_way(api_client, article, slug):
    if slug == "a-draft":
        slug = article.slug  # the fixture's article is a draft
    for suffix, accept in (("", NINJS), ("ninjs/", "application/json")):
        response = api_client.get(
            f"/api/v1/articles/{slug}/{suffix}", headers={"Accept": accept}
        )
        assert response.status_code == 404
        assert response["Cache-Tag"] == "articles"
