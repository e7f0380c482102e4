"""Slugs unique per language and `?language=` on the API (issue 23): two
editions may share a slug; a detail's `language` selects the edition (none:
404, never another language), without it the default language's; lists hold
one language unless `language=all`; `Content-Language` says which, on DRF's
answers, the hot path's and cached ones alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, EditionGroup, Section

pytestmark = pytest.mark.django_db

HOT_PATH = "articles.api.hot_path.ArticleHotPathMiddleware"
PER_REQUEST = {"X-Request-ID"}


@pytest.fixture
def editions(db):
    """ "election" in English and French (one group); "fete-nationale" in
    French only; "budget" public in French, a draft in English."""
    now = timezone.now()
    politics = Section.objects.create(name="Politics", slug="politics")
    group = EditionGroup.objects.create()
    made = {}
    for key, headline, slug, language, hours in [
        ("en", "Election in Montreal", "election", "en", 3),
        ("fr", "Élection à Montréal", "election", "fr", 2),
        ("fete", "Fête nationale", "fete-nationale", "fr", 4),
        ("budget-fr", "Le budget", "budget", "fr", 5),
        ("budget-en", "The budget", "budget", "en", None),
    ]:
        story = Article.objects.create(
            headline=headline,
            slug=slug,
            language=language,
            section=politics,
            edition_group=group if slug == "election" else None,
            body="<p>Montreal votes.</p>",
        )
        if hours is not None:
            story.publish(at=now - timedelta(hours=hours))
        made[key] = story
    return made


def get(path: str, *, hot: bool = True):
    cache.clear()
    middleware = settings.MIDDLEWARE
    if not hot:
        middleware = [m for m in middleware if m != HOT_PATH]
    with override_settings(MIDDLEWARE=middleware):
        return Client().get(path)


def headlines(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["results"]]


# Slugs --------------------------------------------------------------------------


def test_french_headlines_slugify_without_accents(db):
    story = Article.objects.create(headline="Élection à Montréal", language="fr")
    elided = Article.objects.create(headline="L’œuvre d’art à Québec", language="fr")

    assert story.slug == "election-a-montreal"
    assert elided.slug == "l-oeuvre-d-art-a-quebec"


def test_a_slug_is_unique_within_its_language_only(db):
    first = Article.objects.create(headline="Montréal", language="fr")
    second = Article.objects.create(headline="Montréal", language="fr")
    english = Article.objects.create(headline="Montreal", language="en")

    assert [first.slug, second.slug, english.slug] == [
        "montreal",
        "montreal-2",
        "montreal",
    ]


def test_an_edition_in_another_language_names_its_language_in_its_url(editions):
    assert editions["en"].get_absolute_url() == "/api/v1/articles/election/"
    assert editions["fr"].get_absolute_url() == "/api/v1/articles/election/?language=fr"


# Details --------------------------------------------------------------------------


@pytest.mark.parametrize("hot", [True, False])
@pytest.mark.parametrize(
    ("path", "headline", "language"),
    [
        ("election/", "Election in Montreal", "en"),
        ("election/?language=en", "Election in Montreal", "en"),
        ("election/?language=fr", "Élection à Montréal", "fr"),
        # Only one story has the slug: found without the parameter.
        ("fete-nationale/", "Fête nationale", "fr"),
        # The English one is a draft: the public one is the French.
        ("budget/", "Le budget", "fr"),
        ("budget/?language=fr&fields=headline", "Le budget", "fr"),
    ],
)
def test_a_detail_selects_the_edition(editions, hot, path, headline, language):
    response = get(f"/api/v1/articles/{path}", hot=hot)

    assert response.status_code == 200, response.content
    assert response.json()["headline"] == headline
    assert response["Content-Language"] == language


@pytest.mark.parametrize(
    "path",
    [
        "election/?language=fr",
        "election/",
        "fete-nationale/?language=fr&fields=id,slug",
    ],
)
def test_the_hot_path_answers_a_language_with_drfs_bytes(editions, path):
    drf, hot = (
        get(f"/api/v1/articles/{path}", hot=False),
        get(f"/api/v1/articles/{path}"),
    )

    assert hot.content == drf.content
    drop = lambda r: {k: v for k, v in r.items() if k not in PER_REQUEST}  # noqa: E731
    assert drop(hot) == drop(drf)


@pytest.mark.parametrize(
    "path",
    ["fete-nationale/?language=en", "budget/?language=en", "nothing/?language=fr"],
)
def test_a_missing_edition_is_a_404_never_another_language(editions, path):
    missing = get("/api/v1/articles/no-such-story/")

    for hot in (True, False):
        response = get(f"/api/v1/articles/{path}", hot=hot)
        assert (response.status_code, response.content) == (404, missing.content)
        assert "Content-Language" not in response


def test_an_unknown_language_is_a_400_naming_the_known_ones(editions):
    for path in ("election/", "election/ninjs/", ""):
        response = get(f"/api/v1/articles/{path}?language=de")
        assert response.status_code == 400, path
        known = "en, fr" if path else "en, fr, all"
        assert response.json() == {
            "language": [f"Unknown language: de. Known: {known}."]
        }, path


def test_ninjs_selects_the_edition_too(editions):
    response = Client().get("/api/v1/articles/election/ninjs/?language=fr")

    assert response.status_code == 200
    assert response.json()["headlines"][0]["value"] == "Élection à Montréal"
    assert response.json()["language"] == "fr"
    assert response["Content-Language"] == "fr"
    assert (
        Client().get("/api/v1/articles/fete-nationale/ninjs/?language=en").status_code
        == 404
    )


# Lists ----------------------------------------------------------------------------


@pytest.mark.parametrize("hot", [True, False])
@pytest.mark.parametrize(
    ("query", "expected", "language"),
    [
        ("", ["Election in Montreal"], "en"),
        ("?language=en", ["Election in Montreal"], "en"),
        (
            "?language=fr",
            ["Élection à Montréal", "Fête nationale", "Le budget"],
            "fr",
        ),
        (
            "?language=all",
            [
                "Élection à Montréal",
                "Election in Montreal",
                "Fête nationale",
                "Le budget",
            ],
            "en, fr",
        ),  # fmt: skip
        ("?section=politics&language=fr&limit=1", ["Élection à Montréal"], "fr"),
        ("?section=politics", ["Election in Montreal"], "en"),
        (
            "?updated_since=2000-01-01T00:00:00Z&language=fr&fields=headline",
            ["Élection à Montréal", "Fête nationale", "Le budget"],
            "fr",
        ),  # fmt: skip
    ],
)
def test_a_list_holds_one_language_unless_asked(
    editions, hot, query, expected, language
):
    response = get(f"/api/v1/articles/{query}", hot=hot)

    assert headlines(response) == expected
    assert response["Content-Language"] == language


@pytest.mark.parametrize("query", ["", "?language=fr", "?language=all&limit=2"])
def test_the_hot_path_lists_a_language_with_drfs_bytes(editions, query):
    drf, hot = (
        get(f"/api/v1/articles/{query}", hot=False),
        get(f"/api/v1/articles/{query}"),
    )

    assert hot.content == drf.content
    drop = lambda r: {k: v for k, v in r.items() if k not in PER_REQUEST}  # noqa: E731
    assert drop(hot) == drop(drf)


def test_a_french_list_pages_in_french(editions):
    first = get("/api/v1/articles/?language=fr&limit=2")
    following = get(first.json()["next"].removeprefix("http://testserver"))

    assert headlines(first) == ["Élection à Montréal", "Fête nationale"]
    assert headlines(following) == ["Le budget"]


def test_search_holds_one_language_unless_asked(editions):
    assert headlines(get("/api/v1/articles/?q=montreal")) == ["Election in Montreal"]
    assert headlines(get("/api/v1/articles/?q=montreal&language=fr")) == [
        "Élection à Montréal",
        "Fête nationale",
        "Le budget",
    ]
    assert get("/api/v1/articles/?q=montreal&language=all").json()["count"] == 4


def test_a_cached_answer_keeps_its_content_language(editions, settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 300
    cache.clear()
    client = Client()

    first = client.get("/api/v1/articles/election/?language=fr")
    again = client.get("/api/v1/articles/election/?language=fr")
    listed = client.get("/api/v1/articles/?language=fr")
    listed_again = client.get("/api/v1/articles/?language=fr")

    assert again["X-Cache"] == "HIT"
    assert (first["Content-Language"], again["Content-Language"]) == ("fr", "fr")
    assert listed_again["X-Cache"] == "HIT"
    assert listed_again["Content-Language"] == "fr"
    assert listed_again.content == listed.content


def test_the_schema_documents_the_parameter(editions):
    schema = Client().get("/api/v1/schema/?format=json").json()

    def language_of(path):
        found = [p for p in schema["paths"][path]["get"]["parameters"]
                 if p["name"] == "language"]  # fmt: skip
        return found[0]["schema"]

    assert language_of("/api/v1/articles/")["enum"] == ["all", "en", "fr"]
    assert language_of("/api/v1/articles/{slug}/")["enum"] == ["en", "fr"]
    assert language_of("/api/v1/articles/{slug}/ninjs/")["enum"] == ["en", "fr"]


# The write API --------------------------------------------------------------------


def test_the_write_api_checks_a_slug_within_its_language(
    client, editions, django_user_model, settings
):
    from tests.helpers.api_tokens import MANAGE, bearer, issue
    from tests.helpers.newsroom import newsroom_staff

    settings.CMS_LANGUAGES = ["en", "fr", "es"]
    raw = issue(newsroom_staff(django_user_model)["edith"])

    def make(language: str):
        story = {"headline": "Élection", "slug": "election", "language": language}
        return client.post(
            MANAGE, story, content_type="application/json", **bearer(raw)
        )

    # "election" is the English and the French editions'; Spanish is free.
    refused = make("fr")
    assert refused.status_code == 400
    assert refused.json()["slug"] == ["Another story has this slug."]
    assert make("en").status_code == 400
    made = make("es")
    assert made.status_code == 201, made.content
    assert Article.objects.get(language="es").slug == "election"
