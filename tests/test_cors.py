"""CORS (django-cors-headers): pages on other sites may read the public API,
feeds, sitemaps and renditions, from any origin or only the configured ones,
for reads only and without cookies; the admin never answers them. Cached
hits and 304s carry the headers of the request they answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://news.example.com"
OTHER = "https://elsewhere.example"
LIST = "/api/v1/articles/"
ALLOW_ORIGIN = "Access-Control-Allow-Origin"


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.fixture
def only_the_site(settings):
    settings.CORS_ALLOWED_ORIGINS = [SITE]
    settings.CORS_ALLOW_ALL_ORIGINS = False


def test_a_preflight_is_answered_for_reads_without_credentials(db):
    response = Client().options(
        LIST,
        HTTP_ORIGIN=SITE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == (
        "accept, if-modified-since, if-none-match"
    )
    assert response["Access-Control-Max-Age"] == "86400"
    assert "Access-Control-Allow-Credentials" not in response


def test_any_origin_may_read_the_api_and_cached_hits_say_so_too(published_article):
    client = Client()

    miss = client.get(LIST, HTTP_ORIGIN=SITE)
    hit = client.get(LIST, HTTP_ORIGIN=OTHER)
    no_origin = client.get(LIST)

    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    for response in (miss, hit):
        assert response[ALLOW_ORIGIN] == "*"
        assert (
            response["Access-Control-Expose-Headers"]
            == "ETag, X-Cache, Retry-After, X-Request-ID"
        )
        assert "Access-Control-Allow-Credentials" not in response
        # Without an Origin there is no header: shared caches keep them apart.
        assert {"accept", "origin"} <= vary(response)
    assert ALLOW_ORIGIN not in no_origin
    assert "origin" in vary(no_origin)


def test_a_304_carries_the_headers(published_article):
    client = Client()
    etag = client.get(LIST)["ETag"]

    response = client.get(LIST, HTTP_ORIGIN=SITE, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response[ALLOW_ORIGIN] == "*"


@pytest.mark.parametrize(
    "path",
    ["/feeds/rss/", "/sitemap.xml", "/sitemap-news.xml", "/renditions/1/x/card.jpeg"],
)
def test_feeds_sitemaps_and_renditions_are_public_too(published_article, path):
    assert Client().get(path, HTTP_ORIGIN=SITE)[ALLOW_ORIGIN] == "*"


def test_restricted_the_allowed_origin_is_echoed_and_no_other(
    published_article, only_the_site
):
    client = Client()

    allowed = client.get(LIST, HTTP_ORIGIN=SITE)
    # The cached response, stored for the allowed origin, is not theirs.
    other = client.get(LIST, HTTP_ORIGIN=OTHER)
    again = client.get(LIST, HTTP_ORIGIN=SITE)

    assert (allowed["X-Cache"], other["X-Cache"], again["X-Cache"]) == (
        "MISS",
        "HIT",
        "HIT",
    )
    assert allowed[ALLOW_ORIGIN] == SITE
    assert again[ALLOW_ORIGIN] == SITE
    assert ALLOW_ORIGIN not in other
    assert "origin" in vary(allowed) and "origin" in vary(other)


def test_restricted_a_preflight_from_another_origin_gets_nothing(db, only_the_site):
    response = Client().options(
        LIST, HTTP_ORIGIN=OTHER, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert ALLOW_ORIGIN not in response
    assert "Access-Control-Allow-Methods" not in response


def test_the_admin_never_answers_cors(admin_client):
    page = admin_client.get("/admin/", HTTP_ORIGIN=SITE)
    login = Client().get("/admin/login/", HTTP_ORIGIN=SITE)
    preflight = Client().options(
        "/admin/login/", HTTP_ORIGIN=SITE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )

    for response in (page, login, preflight):
        assert not [name for name in response.headers if name.startswith("Access-")]


def test_a_throttled_page_can_read_its_429(published_article, settings):
    settings.CMS_API_THROTTLE_RATE = "1/minute"
    client = Client()
    client.get(LIST, HTTP_ORIGIN=SITE)

    refused = client.get(LIST, HTTP_ORIGIN=SITE)

    assert refused.status_code == 429
    assert refused[ALLOW_ORIGIN] == "*"
    assert "Retry-After" in refused["Access-Control-Expose-Headers"]


def settings_from(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, **env)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(env, DJANGO_SETTINGS_MODULE="cms.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_origins_come_from_the_environment():
    result = settings_from(
        {"CORS_ALLOWED_ORIGINS": f"{SITE}, https://app.example.com"},
        "from django.conf import settings as s;"
        "print(s.CORS_ALLOWED_ORIGINS, s.CORS_ALLOW_ALL_ORIGINS)",
    )

    assert result.stdout.strip() == f"['{SITE}', 'https://app.example.com'] False"


def test_an_origin_without_a_scheme_is_reported_at_start_up():
    result = settings_from(
        {"CORS_ALLOWED_ORIGINS": "news.example.com"},
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('check')",
    )

    assert result.returncode != 0
    assert "corsheaders.E013" in result.stderr
    assert "news.example.com" in result.stderr
