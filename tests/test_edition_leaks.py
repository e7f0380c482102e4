"""Leak probes for language editions (issue 23): a French edition that is not
public (a draft; published but gated on an English source that is a draft;
gated with a delay not yet passed; gated on a source since unpublished)
appears on no public surface: no list in any language, no detail by slug or
by `?language=fr`, no ninjs, feed, sitemap or front, and the public
English story beside it answers as if it did not exist. Each carries a
canary in every text field; the crawl follows every same-site link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, EditionGroup, Section
from tests.helpers.safety import record

pytestmark = pytest.mark.django_db

HIDDEN = ["draft", "gatedondraft", "delaynotpassed", "sourceunpublished"]


def canary(state: str, field: str) -> str:
    return f"canary{state}{field}"


def english(headline: str, slug: str, section: Section, *, hours=None) -> Article:
    story = Article.objects.create(
        headline=headline,
        slug=slug,
        language="en",
        section=section,
        edition_group=EditionGroup.objects.create(),
        body="<p>Leaders met.</p>",
    )
    if hours is not None:
        story.publish(at=timezone.now() - timedelta(hours=hours))
    return story


def french(state: str, source: Article, **gate) -> Article:
    story = Article.objects.create(
        headline=canary(state, "headline"),
        slug=source.slug,  # the English edition's own slug
        standfirst=canary(state, "standfirst"),
        body=f"<p>{canary(state, 'body')} leaders</p>",
        seo_headline=canary(state, "seoheadline"),
        social_headline=canary(state, "socialheadline"),
        language="fr",
        section=source.section,
        edition_group=source.edition_group,
        edition_source=source,
        edition_relation="translation",
        **gate,
    )
    if state != "draft":
        story.publish(at=timezone.now() - timedelta(hours=3))
    return story


@pytest.fixture
def content(db):
    world = Section.objects.create(name="World", slug="world")
    # A public pair, so the French lists are not empty.
    shown = english("Summit opens", "summit", world, hours=2)
    french("shown", shown, edition_gate="with_source")
    before = snapshot()

    hidden = {
        "draft": french("draft", english("Draft's source", "a", world, hours=2)),
        "gatedondraft": french(
            "gatedondraft",
            english("Still a draft", "b", world),
            edition_gate="with_source",
        ),
        "delaynotpassed": french(
            "delaynotpassed",
            english("Just out", "c", world, hours=0.1),
            edition_gate="with_source",
            gate_delay_minutes=60,
        ),
    }
    source = english("Pulled", "d", world, hours=2)
    hidden["sourceunpublished"] = french(
        "sourceunpublished", source, edition_gate="with_source"
    )
    Article.objects.get(pk=source.pk).unpublish()
    return before, hidden


def snapshot() -> dict[str, object]:
    from django.test import Client

    client = Client()

    def ids(url):
        return [item["id"] for item in client.get(url).json()["results"]]

    return {
        "french": ids("/api/v1/articles/?language=fr&limit=100"),
        "search": ids("/api/v1/articles/?q=leaders&language=fr"),
    }


def urls(hidden: dict[str, Article]) -> list[str]:
    found = [
        "/api/v1/articles/",
        "/api/v1/articles/?language=fr",
        "/api/v1/articles/?language=all&limit=100",
        "/api/v1/articles/?language=fr&section=world",
        "/api/v1/articles/?q=canary&language=all",
        "/api/v1/articles/?q=leaders&language=fr",
        "/api/v1/articles/?updated_since=2000-01-01T00:00:00Z&language=all",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/api/v1/collections/",
    ]
    for state, story in hidden.items():
        found += [
            f"/api/v1/articles/{story.slug}/",
            f"/api/v1/articles/{story.slug}/?language=fr",
            f"/api/v1/articles/{story.slug}/?language=en",
            f"/api/v1/articles/{story.slug}/ninjs/?language=fr",
            f"/api/v1/articles/{story.slug}/?format=ninjs&language=fr",
            f"/api/v1/articles/?q={canary(state, 'headline')}&language=all",
        ]
    return found


def crawl(start: list[str], limit: int = 300) -> dict[str, object]:
    from django.test import Client

    client, seen, queue = Client(), {}, list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen[url] = response = client.get(url, HTTP_ACCEPT="application/json")
        body = response.content.decode("utf-8", "replace")
        for path in re.findall(r"https?://testserver(/[^\s\"'<>]*)", body):
            path = path.replace("&amp;", "&").replace("\\u0026", "&")
            if not path.startswith(("/admin", "/static")) and path not in seen:
                queue.append(path)
    return seen


def said(response) -> str:
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return (headers + "\n" + response.content.decode("utf-8", "replace")).lower()


def hidden_canaries(response) -> list[str]:
    """The canaries of hidden editions in a response (the public pair's
    French edition carries "shown" ones, and may be shown)."""
    return [
        word
        for word in re.findall(r"canary[a-z]+", said(response))
        if not word.startswith("canaryshown")
    ]


def test_a_french_edition_that_is_not_public_appears_nowhere(content):
    before, hidden = content

    responses = crawl(urls(hidden))
    leaks = [
        (url, word)
        for url, response in responses.items()
        for word in hidden_canaries(response)
    ]

    assert len(responses) > 30  # the crawl went everywhere
    assert leaks == []
    assert snapshot() == before
    record("leak probes", "URLs probed", len(responses))
    record("leak probes", "leaks found", len(leaks))


def test_a_hidden_french_edition_answers_like_a_missing_story(content):
    from django.test import Client

    _, hidden = content
    client = Client()
    missing = client.get("/api/v1/articles/no-such-story/?language=fr")

    for state, story in hidden.items():
        response = client.get(f"/api/v1/articles/{story.slug}/?language=fr")
        assert (response.status_code, response.content) == (
            404,
            missing.content,
        ), state
        # Without the parameter: the English edition if public, never the
        # French one.
        plain = client.get(f"/api/v1/articles/{story.slug}/")
        assert hidden_canaries(plain) == [], state
        assert plain.status_code == (
            200 if state in ("draft", "delaynotpassed") else 404
        )
        record("leak probes", "URLs probed", 2)
