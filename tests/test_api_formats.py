"""Asking for a format there is not names the formats there are."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("url", "formats"),
    [
        ("/api/v1/articles/?format=xml", "json, api"),
        ("/api/v1/sections/?format=xml", "json, api"),
        ("/api/v1/articles/{slug}/?format=xml", "json, ninjs, api"),
    ],
)
def test_an_unknown_format_is_named_with_those_there_are(
    api_client, published_article, url, formats
):
    response = api_client.get(url.format(slug=published_article.slug))

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"There is no format “xml” here; formats: {formats}."
    }


def test_a_hidden_story_and_a_missing_one_answer_alike(api_client, article):
    hidden = api_client.get(f"/api/v1/articles/{article.slug}/?format=xml")
    missing = api_client.get("/api/v1/articles/no-such-story/?format=xml")

    assert (hidden.status_code, hidden.content) == (
        missing.status_code,
        missing.content,
    )
