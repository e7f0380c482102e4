"""Leak probes for what editions add to public surfaces: a French edition
that is not public (a draft, scheduled, embargoed, held by its gate,
unpublished) is in no `editions` list, no hreflang alternate, no feed, no
news sitemap and no ninjs association of its public English source, and
the source answers byte for byte as if the French edition did not exist.
Its canary is in its slug, headline and text (the fields these surfaces
could name)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers.edition_delivery import edition_of, english_story, hold_by_gate

HIDDEN = ["draft", "scheduled", "embargoed", "gated", "unpublished"]

SURFACES = [
    "/api/v1/articles/barrier-holds/",
    "/api/v1/articles/barrier-holds/?fields=editions",
    "/api/v1/articles/barrier-holds/ninjs/",
    "/api/v1/articles/",
    "/api/v1/articles/?language=fr",
    "/feeds/rss/",
    "/feeds/rss/?language=fr",
    "/feeds/atom/?language=fr",
    "/feeds/rss/world/?language=fr",
    "/sitemap.xml",
    "/sitemap-news.xml",
]


def hide(french: Article, state: str) -> None:
    now = timezone.now()
    if state == "scheduled":
        french.publish(at=now + timedelta(days=1))
    elif state == "embargoed":
        french.embargo_until = now + timedelta(days=1)
        french.publish(at=now - timedelta(minutes=5))
    elif state == "gated":
        french.publish(at=now - timedelta(minutes=5))
        hold_by_gate(french, now + timedelta(days=1))
    elif state == "unpublished":
        french.publish(at=now - timedelta(minutes=5))
        french.unpublish()


def answers(client) -> dict[str, tuple[int, bytes]]:
    found = {}
    for url in SURFACES:
        response = client.get(url, HTTP_ACCEPT="application/json")
        found[url] = (response.status_code, response.content)
    return found


def without_volatile(content: bytes) -> bytes:
    # An empty feed's date (RSS lastBuildDate, Atom updated) is the time of
    # the request.
    return re.sub(rb"<(lastBuildDate|updated)>[^<]*</\1>", b"", content)


@pytest.mark.parametrize("state", HIDDEN)
def test_a_hidden_french_edition_is_on_no_surface_of_its_source(
    client, db, settings, state
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    english = english_story()
    before = answers(client)

    french = edition_of(
        english,
        slug=f"canary{state}slug",
        headline=f"canary{state}headline",
        body=f"<p>canary{state}body</p>",
    )
    hide(french, state)
    after = answers(client)

    for url, (status, content) in after.items():
        assert status == 200, url
        assert b"canary" not in content.lower(), url
        assert without_volatile(content) == without_volatile(before[url][1]), url
