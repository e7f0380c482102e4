"""Asking the article list for exactly what a frontend wants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Section


@pytest.fixture
def stories(published_article, section, ap):
    """The sample (World, credited to Reuters, photo via AP) plus three more."""
    now = timezone.now()
    europe = Section.objects.create(name="Europe", slug="europe", parent=section)
    business = Section.objects.create(name="Business", slug="business")
    jane = Contributor.objects.create(name="Jane Doe", slug="jane-doe")

    def story(headline, *, section, hours_ago):
        return Article.objects.create(
            headline=headline,
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=hours_ago),
        )

    paris = story("Paris talks", section=europe, hours_ago=5)
    Credit.objects.create(article=paris, contributor=jane, role="author")
    Credit.objects.create(article=paris, contributor=ap, role="contributor", position=1)
    story("Markets calm", section=business, hours_ago=30)
    story("Old news", section=business, hours_ago=24 * 10)
    return published_article


def headlines(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [a["headline"] for a in response.json()["results"]]


def test_section_includes_its_subsections(api_client, stories):
    assert headlines(api_client.get("/api/v1/articles/?section=world")) == [
        stories.headline,
        "Paris talks",
    ]
    assert headlines(api_client.get("/api/v1/articles/?section=europe")) == [
        "Paris talks"
    ]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("jane-doe", ["Paris talks"]),
        ("reuters", ["SAMPLE"]),
        # AP is credited on Paris talks and distributes the sample's photo.
        ("the-associated-press", ["SAMPLE", "Paris talks"]),
        ("nobody", []),
    ],
)
def test_contributor_in_any_role(api_client, stories, slug, expected):
    expected = [stories.headline if h == "SAMPLE" else h for h in expected]

    assert (
        headlines(api_client.get(f"/api/v1/articles/?contributor={slug}")) == expected
    )


def test_published_between(api_client, stories):
    now = timezone.now()
    after = (now - timedelta(days=2)).isoformat()
    before = (now - timedelta(hours=2)).isoformat()

    response = api_client.get(
        "/api/v1/articles/", {"published_after": after, "published_before": before}
    )

    assert headlines(response) == ["Paris talks", "Markets calm"]


def test_updated_since(api_client, stories):
    mark = timezone.now()
    old = Article.objects.get(headline="Old news")
    old.standfirst = "Corrected."
    old.save()

    response = api_client.get("/api/v1/articles/", {"updated_since": mark.isoformat()})

    assert headlines(response) == ["Old news"]


def test_cursor_pages_are_stable_when_stories_are_published_meanwhile(
    api_client, stories
):
    first = api_client.get("/api/v1/articles/?limit=2").json()
    Article.objects.create(
        headline="Breaking", status="published", published_at=timezone.now()
    )
    second = api_client.get(first["next"]).json()

    assert [a["headline"] for a in first["results"]] == [
        stories.headline,
        "Paris talks",
    ]
    assert [a["headline"] for a in second["results"]] == ["Markets calm", "Old news"]
    assert second["next"] is None


def test_limit_is_bounded(api_client, stories):
    for n in range(110):
        Article.objects.create(
            headline=f"Filler {n}", status="published", published_at=timezone.now()
        )

    response = api_client.get("/api/v1/articles/?limit=500")

    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "status=draft",
            "Unknown query parameter(s): status. Allowed: contributor, cursor, expand, "
            "fields, format, language, limit, published_after, published_before, q, section, "
            "tag, updated_since.",
        ),
        (
            "preview=1&section=world",
            "Unknown query parameter(s): preview. Allowed: contributor, cursor, "
            "expand, fields, format, language, limit, published_after, published_before, q, section, tag, "
            "updated_since.",
        ),
    ],
)
def test_unknown_parameters_are_refused(api_client, stories, query, message):
    response = api_client.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_malformed_values_get_a_400_not_a_500(api_client, stories):
    response = api_client.get("/api/v1/articles/?published_after=yesterday")

    assert response.status_code == 400
    assert response.json() == {"published_after": ["Enter a valid date/time."]}


def test_a_forged_cursor_gets_a_400_or_404_not_a_500(api_client, stories):
    response = api_client.get("/api/v1/articles/?cursor=garbage")

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_detail_and_other_lists_refuse_unknown_parameters(api_client, stories):
    assert (
        api_client.get(f"/api/v1/articles/{stories.slug}/?preview=1").status_code == 400
    )
    assert api_client.get("/api/v1/tags/?status=draft").status_code == 400
    # Tags are paged like articles (`limit`, `cursor`), not by number.
    assert api_client.get("/api/v1/tags/?limit=1").status_code == 200
    assert api_client.get("/api/v1/tags/?page=1").status_code == 400
