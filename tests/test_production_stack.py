"""The whole production stack from environment variables alone: gunicorn
with DEBUG off behind a (pretend) TLS proxy, a PostgreSQL primary and a read
replica, Redis for the cache, photos in an S3-compatible bucket (moto's
server), hashed static files, JSON logs. Nothing is configured in code: the
app gets the environment a deployment would give it, and every part is seen
doing its job over real HTTP."""

from __future__ import annotations

import http.client
import io
import json
import secrets
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
import redis
from PIL import Image as PILImage

from tests.helpers.servers import (
    KEYS,
    POSTGRES,
    REGION,
    AppServer,
    TargetDatabase,
    manage_env,
    run_manage,
)
from tests.helpers.services import REDIS_URL

REDIS = REDIS_URL
pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]
HOST = "news.example.com"
SECRET_KEY = secrets.token_urlsafe(50)  # one as long and random as --deploy wants


def production_env(primary, replica, media, static, bucket, endpoint, prefix):
    env = manage_env(
        primary,
        media,
        # 127.0.0.1: the readiness probe, as a load balancer sends it.
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        CMS_HTTPS="true",
        CMS_BEHIND_PROXY="true",
        CACHE_KEY_PREFIX=prefix,
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=KEYS["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=KEYS["aws_secret_access_key"],
        STATIC_ROOT=str(static),
        LOG_FORMAT="json",
        # This test's requests all come from one address.
        CMS_API_THROTTLE_RATE="off",
    )
    env["SECRET_KEY"] = SECRET_KEY
    env["REDIS_URL"] = REDIS  # (manage_env leaves each process its own memory)
    if replica is not None:
        env["DATABASE_REPLICA_URLS"] = replica.url
    return env


@pytest.fixture(scope="module")
def stack(tmp_path_factory, s3_endpoint):
    workdir = tmp_path_factory.mktemp("stack")
    bucket, prefix = f"stack-{uuid.uuid4().hex[:10]}", f"stack-{uuid.uuid4().hex}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)
    s3.create_bucket(Bucket=bucket)
    primary = TargetDatabase(workdir, "stack_primary", server=POSTGRES)
    replica = TargetDatabase(workdir, "stack_replica", server=POSTGRES)
    media, static = workdir / "unused-media", workdir / "static"

    def env_for(replica_or_none):
        return production_env(
            primary, replica_or_none, media, static, bucket, s3_endpoint, prefix
        )

    server = None
    try:
        primary.create()
        setup = env_for(None)
        run_manage(setup, "migrate", "-v0")
        run_manage(setup, "load_demo")
        run_manage(setup, "collectstatic", "--noinput", "-v0")
        # The replica starts as a copy of the primary, as a real one would.
        replica.drop()
        replica._admin(f'CREATE DATABASE "{replica.name}" TEMPLATE "{primary.name}"')
        env = env_for(replica)
        server = AppServer(
            env,
            workdir / "gunicorn.log",
            # As `make serve` runs it: gunicorn's own lines as JSON too.
            args=("--logger-class", "cms.observability.gunicorn_logger.Logger"),
        )
        yield server.start(ready_path="/readyz"), env, s3, bucket, prefix
    finally:
        if server is not None:
            server.stop()
        primary.drop()
        replica.drop()
        connection = redis.Redis.from_url(REDIS)
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)


def request(base, path, *, https=True, headers=None):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sent = {"Host": HOST, "Accept": "application/json", **(headers or {})}
    if https:  # what the TLS-terminating proxy adds
        sent["X-Forwarded-Proto"] = "https"
        sent["X-Forwarded-For"] = "203.0.113.7"
    try:
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_the_stack_is_ready_with_every_part(stack):
    app, env, *_ = stack
    status, headers, body = request(app.base, "/readyz", https=False)
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
        "replicas": {"replica1": "ok"},
    }
    # And `check --deploy` with this very environment finds nothing to say.
    run_manage(env, "check", "--deploy", "--fail-level", "WARNING")


def test_readers_get_the_api_over_https_cached_in_redis(stack):
    app, _, _, _, prefix = stack
    # Plain HTTP is sent to HTTPS.
    status, headers, _ = request(app.base, "/api/v1/articles/", https=False)
    assert (status, headers["Location"]) == (301, f"https://{HOST}/api/v1/articles/")

    status, headers, body = request(app.base, "/api/v1/articles/")
    assert status == 200
    stories = json.loads(body)["results"]
    assert len(stories) == 8  # the demo newsroom's published stories
    assert headers["X-Cache"] == "MISS"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert len(headers["X-Request-ID"]) == 32
    # A second app server would get it from Redis: so does this one.
    _, again, _ = request(app.base, "/api/v1/articles/")
    assert again["X-Cache"] == "HIT"
    assert any(redis.Redis.from_url(REDIS).scan_iter(f"{prefix}:*"))


def test_renditions_are_made_from_and_kept_in_the_bucket(stack):
    app, _, s3, bucket, _ = stack
    _, _, body = request(app.base, "/api/v1/articles/")
    photo = next(
        s["lead_image"] for s in json.loads(body)["results"] if s["lead_image"]
    )
    card = next(
        r for r in photo["srcset"] if (r["spec"], r["format"]) == ("card", "jpeg")
    )
    # Absolute links for the reader: the proxy's host and scheme.
    assert card["url"].startswith(f"https://{HOST}/renditions/{photo['id']}/")
    status, headers, data = request(app.base, urlsplit(card["url"]).path)
    assert (status, headers["Content-Type"]) == (200, "image/jpeg"), data[:300]
    with PILImage.open(io.BytesIO(data)) as image:
        assert image.size == (card["width"], card["height"])
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert sum(key.startswith("images/") for key in keys) == 10  # demo originals
    rendered = [key for key in keys if key.startswith("renditions/")]
    assert len(rendered) == 1, rendered


def test_every_log_line_is_json_with_a_request_id(stack):
    app, *_ = stack
    status, headers, _ = request(app.base, "/api/v1/sections/")
    assert status == 200
    lines = [line for line in app.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line parses
    access = [
        r
        for r in records
        if r["logger"] == "cms.request" and r["request_id"] == headers["X-Request-ID"]
    ]
    assert len(access) == 1
    assert (access[0]["path"], access[0]["status"], access[0]["client"]) == (
        "/api/v1/sections/",
        200,
        "203.0.113.7",
    )
