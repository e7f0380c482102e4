"""/healthz and /readyz for load balancers: real database, cache and storage,
and real failures (a cache server that is not there, media on a file)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0


def test_readyz_checks_database_cache_and_storage(client, db, media_root):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    assert list(media_root.iterdir()) == []  # the write probe is gone


@pytest.fixture
def unreachable_cache(settings):
    # A Redis server where none listens: a real connection refused.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    # (Django's test signals rebuild the cache handlers when CACHES changes.)
    yield caches["default"]


def test_readyz_is_503_naming_the_cache_when_it_is_down(client, db, unreachable_cache):
    response = client.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["database"], checks["storage"]) == ("ok", "ok")
    assert checks["cache"].startswith("failed: ConnectionError")
    assert response.json()["status"] == "unavailable"


def test_readyz_is_503_when_media_storage_is_unusable(client, db, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("failed: FileExistsError")


def test_only_get_is_answered(client, db):
    assert client.post("/readyz").status_code == 405
    assert client.post("/healthz").status_code == 405
