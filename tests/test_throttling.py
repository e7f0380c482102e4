"""API requests per client (CMS_API_THROTTLE_RATE): the request over the
rate gets a 429 with Retry-After and the API's error body, cached responses
count, and each client (by address, or as our proxy forwarded it) has its
own allowance, in local memory or in Redis shared by every app server."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from articles.api.throttle_rates import parse_rate
from tests.helpers.servers import REDIS_URL, manage_check

LIST = "/api/v1/articles/"
PROXY = "10.0.0.2"


@pytest.fixture
def three_a_minute(settings):
    settings.CMS_API_THROTTLE_RATE = "3/minute"


def statuses(client, times, path=LIST, **headers):
    return [client.get(path, **headers).status_code for _ in range(times)]


def test_the_request_over_the_rate_is_refused_until_the_window_ends(
    published_article, three_a_minute, cache_backend
):
    client = Client()
    first = [client.get(LIST) for _ in range(3)]
    refused = client.get(LIST)

    # Cached hits count as much as the miss that filled the cache.
    assert [r["X-Cache"] for r in first] == ["MISS", "HIT", "HIT"]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused["Cache-Control"] == "no-store"
    wait = int(refused["Retry-After"])
    assert 58 <= wait <= 60
    assert refused.json() == {
        "detail": f"Request was throttled. Expected available in {wait} seconds."
    }
    if cache_backend:  # counted in Redis, where every app server counts
        keys = redis.Redis.from_url(REDIS_URL).scan_iter(f"{cache_backend}:*")
        assert any(b"throttle:api:127.0.0.1" in key for key in keys)


def test_each_client_address_has_its_own_allowance(published_article, three_a_minute):
    client = Client()
    assert statuses(client, 4) == [200, 200, 200, 429]

    assert statuses(client, 3, REMOTE_ADDR="203.0.113.20") == [200, 200, 200]
    assert statuses(client, 1, REMOTE_ADDR="203.0.113.20") == [429]


def test_an_ipv6_subscriber_is_one_client_per_64(published_article, three_a_minute):
    client = Client()
    used = [f"2001:db8:0:7::{n}" for n in range(1, 4)]
    assert [client.get(LIST, REMOTE_ADDR=ip).status_code for ip in used] == [200] * 3

    assert statuses(client, 1, REMOTE_ADDR="2001:db8:0:7::99") == [429]
    assert statuses(client, 1, REMOTE_ADDR="2001:db8:0:8::1") == [200]


def test_only_the_api_is_throttled(published_article, three_a_minute):
    client = Client()
    statuses(client, 4)

    assert client.get("/feeds/rss/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_new_window_starts_when_the_last_one_ends(
    published_article, settings, time_machine
):
    # A window ends when its entry in local memory expires, by this process's
    # clock (Redis would expire it by its own).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.CMS_API_THROTTLE_RATE = "2/second"
    client = Client()
    assert statuses(client, 3) == [200, 200, 429]
    assert client.get(LIST)["Retry-After"] == "1"

    time_machine.move_to(timezone.now() + timedelta(seconds=1.1))
    assert statuses(client, 3) == [200, 200, 429]


def test_behind_the_proxy_the_forwarded_client_is_counted(
    published_article, three_a_minute, settings
):
    settings.CMS_BEHIND_PROXY = True
    client = Client(REMOTE_ADDR=PROXY)

    # Whatever the client wrote left of our proxy's entry changes nothing.
    forwarded = [f"192.0.2.{n}, 198.51.100.7" for n in range(4)]
    assert [
        client.get(LIST, HTTP_X_FORWARDED_FOR=value).status_code for value in forwarded
    ] == [200, 200, 200, 429]
    assert statuses(client, 1, HTTP_X_FORWARDED_FOR="198.51.100.8") == [200]


def test_with_two_proxies_the_client_is_two_from_the_right(
    published_article, three_a_minute, settings
):
    settings.CMS_BEHIND_PROXY = True
    settings.CMS_PROXY_COUNT = 2
    client = Client(REMOTE_ADDR=PROXY)
    via_cdn = "192.0.2.1, 198.51.100.7, 203.0.113.250"

    assert statuses(client, 4, HTTP_X_FORWARDED_FOR=via_cdn) == [200, 200, 200, 429]
    other_edge = "198.51.100.7, 203.0.113.251"
    assert statuses(client, 1, HTTP_X_FORWARDED_FOR=other_edge) == [429]


def test_without_a_proxy_forwarded_for_is_ignored(published_article, three_a_minute):
    client = Client()
    forged = [f"192.0.2.{n}" for n in range(4)]

    assert [
        client.get(LIST, HTTP_X_FORWARDED_FOR=value).status_code for value in forged
    ] == [200, 200, 200, 429]


def test_exempt_addresses_are_not_counted(published_article, three_a_minute, settings):
    settings.CMS_API_THROTTLE_EXEMPT = ["10.20.0.0/16"]
    client = Client(REMOTE_ADDR="10.20.3.4")

    assert statuses(client, 10) == [200] * 10


def test_off_turns_it_off(published_article, settings):
    settings.CMS_API_THROTTLE_RATE = "off"

    assert statuses(Client(), 20) == [200] * 20


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("600/minute", (600, 60)),
        ("10/second", (10, 1)),
        ("5000 / hours", (5000, 3600)),
        ("1/day", (1, 86400)),
        ("OFF", None),
    ],
)
def test_rates_are_read_as_written(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["lots", "600", "0/minute", "10/fortnight", ""])
def test_a_malformed_rate_is_refused_naming_the_variable(value):
    with pytest.raises(ImproperlyConfigured, match="CMS_API_THROTTLE_RATE must be"):
        parse_rate(value)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CMS_API_THROTTLE_RATE", "lots"), ("CMS_API_THROTTLE_EXEMPT", "10.0.0.0/33")],
)
def test_the_server_does_not_start_with_a_malformed_setting(variable, value):
    result = manage_check(**{variable: value})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable} must" in result.stderr


def test_the_schema_documents_the_429(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()

    refused = schema["paths"]["/api/v1/articles/"]["get"]["responses"]["429"]
    assert refused["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
    }
    assert refused["headers"]["Retry-After"]["required"] is True
