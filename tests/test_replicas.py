"""Read replicas (DATABASE_REPLICA_URLS): public reads from a replica,
writes, the admin and a client's reads right after its own change from the
primary.

End to end with two real PostgreSQL databases on this machine's server (one
standing in for the replica, each with content the other lacks, so where a
response came from shows in it) and the app under gunicorn. They run in the
SQLite pass as well, and are skipped (`needs_postgres`) where no server runs."""

from __future__ import annotations

import http.client
import json
import re
import time
from dataclasses import dataclass
from http.cookies import Morsel, SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import router
from django.test import RequestFactory

from articles.models import Article, Section
from cms import db_routing
from cms.db_routing import ReplicaRouter, routing
from tests.helpers.servers import (
    POSTGRES,
    AppServer,
    TargetDatabase,
    manage_env,
    run_manage,
    settings_with,
)

PRIMARY_STORY = ("Council votes to rebuild the harbour wall", "council-harbour-vote")
REPLICA_STORY = ("Ferry timetable changes for winter", "ferry-winter-timetable")
EDITOR, PASSWORD = "chief", "replica-test-password"

SEED = """
import os
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, Section

section = Section.objects.create(name="Local", slug="local")
story = Article.objects.create(
    headline=os.environ["SEED_HEADLINE"], slug=os.environ["SEED_SLUG"],
    body="<p>Text.</p>", section=section,
)
story.publish(at=timezone.now() - timedelta(hours=1))
if os.environ.get("SEED_EDITOR"):
    get_user_model().objects.create_superuser(
        os.environ["SEED_EDITOR"], "chief@example.com", os.environ["SEED_PASSWORD"]
    )
"""


# Real HTTP -------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str
    cookies: dict[str, Morsel]


def fetch(base: str, path: str, *, cookies=None, form=None) -> Answer:
    """One request, redirects not followed, cookies as given."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Accept": "application/json"} if path.startswith("/api/") else {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request("POST" if form else "GET", path, body, headers)
        response = connection.getresponse()
        jar = SimpleCookie()
        for line in response.headers.get_all("Set-Cookie") or []:
            jar.load(line)
        return Answer(
            response.status, response.headers, response.read().decode(), dict(jar)
        )
    finally:
        connection.close()


def api_headlines(answer: Answer) -> list[str]:
    assert answer.status == 200, answer.body[:500]
    return [story["headline"] for story in json.loads(answer.body)["results"]]


def log_in(base: str) -> dict[str, str]:
    """Log in through the admin's form; the cookies the browser now has."""
    form = fetch(base, "/admin/login/")
    assert form.status == 200, (form.status, form.body[:3000])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1]
    cookies = {"csrftoken": form.cookies["csrftoken"].value}
    answer = fetch(
        base,
        "/admin/login/?next=/admin/",
        cookies=cookies,
        form={
            "username": EDITOR,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
    )
    assert answer.status == 302, answer.body[:2000]
    assert answer.headers["Location"] == "/admin/"
    return cookies | {name: morsel.value for name, morsel in answer.cookies.items()}


def seed_env(database: TargetDatabase, media, **extra: str) -> dict:
    env = manage_env(database, media, **extra)
    env.pop("DATABASE_REPLICA_URLS", None)  # each database on its own here
    return env


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """Two migrated databases on the PostgreSQL server, each with one story
    the other lacks; only the primary has the editor."""
    workdir = tmp_path_factory.mktemp("replicas")
    media = workdir / "media"
    primary = TargetDatabase(workdir, "replica_primary", server=POSTGRES)
    replica = TargetDatabase(workdir, "replica_copy", server=POSTGRES)
    try:
        primary.create()
        run_manage(seed_env(primary, media), "migrate", "-v0")
        # The replica starts as a copy of the migrated primary, as a real one
        # would; then each gets content the other lacks.
        replica.drop()
        replica._admin(f'CREATE DATABASE "{replica.name}" TEMPLATE "{primary.name}"')
        for database, (headline, slug), editor in (
            (primary, PRIMARY_STORY, EDITOR),
            (replica, REPLICA_STORY, ""),
        ):
            env = seed_env(
                database,
                media,
                SEED_HEADLINE=headline,
                SEED_SLUG=slug,
                SEED_EDITOR=editor,
                SEED_PASSWORD=PASSWORD,
            )
            run_manage(env, "shell", "-c", SEED)
        yield primary, replica, media
    finally:
        primary.drop()
        replica.drop()


@pytest.fixture(scope="module")
def app(databases, tmp_path_factory):
    """The app under gunicorn on both, DEBUG off: one worker, so its memory
    cache is the only one and X-Cache tells what the response cache did."""
    primary, replica, media = databases
    workdir = tmp_path_factory.mktemp("replicas-app")
    env = manage_env(
        primary,
        media,
        DATABASE_REPLICA_URLS=replica.url,
        DATABASE_REPLICA_PIN_SECONDS="7",
        DATABASE_REPLICA_RETRY_SECONDS="2",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(workdir / "static"),
        # This test's own requests, all from 127.0.0.1, are not throttled.
        CMS_API_THROTTLE_EXEMPT="127.0.0.1",
    )
    # The admin's pages name hashed static files (only its files: the API's
    # docs assets take most of the time).
    run_manage(
        env,
        "collectstatic",
        "--noinput",
        "-v0",
        *("-i", "drf_spectacular_sidecar", "-i", "rest_framework"),
    )
    server = AppServer(env, workdir / "gunicorn.log", workers=1)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.mark.needs_postgres
def test_public_reads_come_from_the_replica_and_changes_pin_to_the_primary(app):
    base = app.base
    replica_only, primary_only = [REPLICA_STORY[0]], [PRIMARY_STORY[0]]

    # A reader: the replica's content, and no cookie (responses stay
    # cacheable by CDNs and by the server).
    first = fetch(base, "/api/v1/articles/")
    assert api_headlines(first) == replica_only
    assert first.cookies == {}
    assert first.headers["X-Cache"] == "MISS"
    assert fetch(base, "/api/v1/articles/").headers["X-Cache"] == "HIT"
    assert fetch(base, f"/api/v1/articles/{REPLICA_STORY[1]}/").status == 200
    assert fetch(base, f"/api/v1/articles/{PRIMARY_STORY[1]}/").status == 404
    feed = fetch(base, "/feeds/rss/")
    assert REPLICA_STORY[0] in feed.body and PRIMARY_STORY[0] not in feed.body
    sitemap = fetch(base, "/sitemap.xml")
    assert REPLICA_STORY[1] in sitemap.body and PRIMARY_STORY[1] not in sitemap.body

    # The editor exists in the primary only, so logging in at all proves the
    # admin reads it; the POST pins this browser to the primary.
    cookies = log_in(base)
    assert "cms_primary" in cookies
    changelist = fetch(base, "/admin/articles/article/", cookies=cookies)
    assert changelist.status == 200
    assert PRIMARY_STORY[0] in changelist.body
    assert REPLICA_STORY[0] not in changelist.body

    # The pin cookie as the browser got it: the client forgets it after
    # DATABASE_REPLICA_PIN_SECONDS.
    again = fetch(
        base,
        "/admin/logout/",
        cookies=cookies,
        form={"csrfmiddlewaretoken": cookies["csrftoken"]},
    )
    assert again.status == 200
    morsel = again.cookies["cms_primary"]
    assert (morsel["max-age"], morsel["path"], morsel["samesite"]) == ("7", "/", "Lax")
    assert morsel["httponly"] is True

    # With the pin, the API reads the primary, and the response cache keys
    # on the primary's content version: no replica response is served to it.
    pinned = {"cms_primary": "1"}
    answer = fetch(base, "/api/v1/articles/", cookies=pinned)
    assert api_headlines(answer) == primary_only
    assert answer.headers["X-Cache"] == "MISS"
    answer = fetch(base, "/api/v1/articles/", cookies=pinned)
    assert (api_headlines(answer), answer.headers["X-Cache"]) == (primary_only, "HIT")
    assert (
        fetch(base, f"/api/v1/articles/{PRIMARY_STORY[1]}/", cookies=pinned).status
        == 200
    )

    # Without it (expired), the replica again.
    answer = fetch(base, "/api/v1/articles/")
    assert (api_headlines(answer), answer.headers["X-Cache"]) == (replica_only, "HIT")


@pytest.mark.needs_postgres
def test_a_dead_replica_costs_capacity_not_availability(app, databases):
    primary, replica, _ = databases
    ready = fetch(app.base, "/readyz")
    assert ready.status == 200
    assert json.loads(ready.body)["replicas"] == {"replica1": "ok"}

    # The replica goes away: no new connections, and the app's are cut.
    with primary.connect() as admin:
        admin.execute(f'ALTER DATABASE "{replica.name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [replica.name],
        )
    try:
        # Readers are served by the primary meanwhile, not refused.
        answer = fetch(app.base, f"/api/v1/articles/{PRIMARY_STORY[1]}/")
        assert answer.status == 200
        assert json.loads(answer.body)["headline"] == PRIMARY_STORY[0]
        assert answer.cookies == {}  # nothing pinned: the next reader is the same
        # The balancer keeps this server (a 503 from every app server would
        # take the site out), and the check says which copy is missing.
        down = fetch(app.base, "/readyz")
        payload = json.loads(down.body)
        assert down.status == 200
        assert payload["status"] == "degraded"
        assert payload["checks"] == {"database": "ok", "cache": "ok", "storage": "ok"}
        assert payload["replicas"]["replica1"].startswith("failed: OperationalError")
        assert f'database "{replica.name}"' in payload["replicas"]["replica1"]
        assert fetch(app.base, "/admin/login/").status == 200
    finally:
        with primary.connect() as admin:
            admin.execute(f'ALTER DATABASE "{replica.name}" ALLOW_CONNECTIONS true')

    # Back after DATABASE_REPLICA_RETRY_SECONDS (2 here): its own content again.
    # A real wait: the retry is timed by each gunicorn worker's own clock.
    time.sleep(2.5)
    assert fetch(app.base, f"/api/v1/articles/{REPLICA_STORY[1]}/").status == 200
    assert fetch(app.base, f"/api/v1/articles/{PRIMARY_STORY[1]}/").status == 404
    ready = fetch(app.base, "/readyz")
    assert (ready.status, json.loads(ready.body)["status"]) == (200, "ok")


# The router's decisions, in this process ------------------------------------

requests = RequestFactory()


@pytest.mark.parametrize(
    ("method", "path", "public"),
    [
        ("GET", "/api/v1/articles/", True),
        ("HEAD", "/api/v1/articles/some-story/", True),
        ("GET", "/feeds/rss/local/", True),
        ("GET", "/sitemap.xml", True),
        ("GET", "/sitemap-news.xml", True),
        ("GET", "/renditions/4/ab12/card.webp", True),
        ("POST", "/api/v1/articles/", False),
        ("OPTIONS", "/api/v1/articles/", False),
        ("GET", "/api/v1/preview/signed-token/", False),
        ("GET", "/admin/", False),
        ("GET", "/admin/articles/article/", False),
        ("GET", "/readyz", False),
        ("GET", "/healthz", False),
        ("GET", "/sitemap/other", False),
    ],
)
def test_which_requests_are_public_reads(method, path, public):
    request = requests.generic(method, path)
    assert db_routing.is_public_read(request) is public
    replica = "replica1" if public else None
    assert db_routing.read_database_for(request, ["replica1"]) == replica


def test_a_pinned_client_and_a_setup_without_replicas_read_the_primary():
    pinned = requests.get("/api/v1/articles/", HTTP_COOKIE="cms_primary=1")
    reader = requests.get("/api/v1/articles/")
    assert db_routing.read_database_for(pinned, ["replica1"]) is None
    assert db_routing.read_database_for(reader, []) is None
    chosen = {db_routing.read_database_for(reader, ["r1", "r2"]) for _ in range(200)}
    assert chosen == {"r1", "r2"}


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = ["cms.db_routing.ReplicaRouter"]


def test_reads_follow_the_request_until_it_writes(replica_router, db):
    assert Article.objects.all().db == "default"  # no request: the primary
    with routing("replica1") as state:
        assert Article.objects.all().db == "replica1"
        assert Section.objects.filter(slug="local").db == "replica1"
        # A real write: to the primary, and from then on this request reads
        # what it wrote.
        Section.objects.create(name="Local", slug="local")
        assert state.wrote
        assert Article.objects.all().db == "default"
        assert Section.objects.get(slug="local").name == "Local"
    with routing(None) as state:  # the admin, or a pinned client
        assert Article.objects.all().db == "default"
    assert Article.objects.all().db == "default"


def test_migrations_go_to_the_primary_only():
    replica_router = ReplicaRouter()
    assert replica_router.allow_migrate("default", "articles")
    assert not replica_router.allow_migrate("replica1", "articles")
    assert replica_router.allow_relation(object(), object())


def test_only_changes_pin_the_client():
    def state(wrote):
        return db_routing.Routing(replica=None, wrote=wrote)

    post = requests.post("/admin/login/")
    admin_get = requests.get("/admin/articles/article/")
    public_get = requests.get("/renditions/4/ab12/card.webp")
    assert db_routing.needs_pin(post, state(False))
    assert db_routing.needs_pin(admin_get, state(True))
    assert not db_routing.needs_pin(admin_get, state(False))
    # A rendition or document stored while serving changes nothing a reader
    # sees: no cookie, so the response stays cacheable.
    assert not db_routing.needs_pin(public_get, state(True))


def test_the_middleware_sets_the_pin_cookie_after_a_post(client, settings, superuser):
    settings.DATABASE_REPLICA_URLS = ["postgres://127.0.0.1/replica"]
    settings.DATABASE_REPLICA_PIN_SECONDS = 10

    response = client.post(
        "/admin/login/",
        {"username": "chief", "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    pin = response.cookies["cms_primary"]
    assert (pin["max-age"], pin["httponly"], pin["samesite"]) == (10, True, "Lax")
    assert "cms_primary" not in client.get("/api/v1/articles/").cookies


def test_without_replicas_no_cookie_is_set(client, settings, superuser):
    settings.DATABASE_REPLICA_URLS = []  # as when the variable is unset
    settings.DATABASE_ROUTERS = []
    response = client.post(
        "/admin/login/",
        {"username": "chief", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert "cms_primary" not in response.cookies
    assert router.db_for_read(Article) == "default"


# Settings ----------------------------------------------------------------------


def test_replica_urls_become_aliases_configured_like_the_primary():
    done = settings_with(
        DATABASE_URL="postgres://app:secret@primary.internal:5432/news",
        DATABASE_REPLICA_URLS="postgres://app:secret@replica-a.internal/news, "
        "postgres://app:secret@replica-b.internal/news",
        DATABASE_CONN_MAX_AGE="120",
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["aliases"] == ["default", "replica1", "replica2"]
    assert seen["routers"] == ["cms.db_routing.ReplicaRouter"]
    assert seen["pin"] == 10
    replica = seen["replica1"]
    assert (replica["HOST"], replica["NAME"]) == ("replica-a.internal", "news")
    assert (replica["CONN_MAX_AGE"], replica["CONN_HEALTH_CHECKS"]) == (120, True)
    assert replica["TEST"] == {"MIRROR": "default"}
    # A replica that does not answer is given up on in seconds; its
    # statements are prepared like the primary's.
    assert replica["OPTIONS"] == {
        "connect_timeout": 3,
        "server_side_binding": True,
        "prepare_threshold": 2,
    }


def test_without_replica_urls_nothing_changes():
    done = settings_with(DATABASE_URL="postgres://app@primary.internal/news")
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert (seen["aliases"], seen["routers"]) == (["default"], None)


@pytest.mark.parametrize(
    ("urls", "message"),
    [
        (
            "postgres://app@r1/news,mongodb://app:secret@r2/news",
            "DATABASE_REPLICA_URLS: URL 2 is not a database URL",
        ),
        (
            "sqlite:///copy.sqlite3",
            "DATABASE_REPLICA_URLS: URL 1 is django.db.backends.sqlite3, but "
            "DATABASE_URL is django.db.backends.postgresql",
        ),
    ],
)
def test_bad_replica_urls_are_refused_by_name(urls, message):
    done = settings_with(
        DATABASE_URL="postgres://app@primary.internal/news",
        DATABASE_REPLICA_URLS=urls,
    )
    assert done.returncode != 0
    assert f"ImproperlyConfigured: {message}" in done.stderr
    assert "secret" not in done.stderr
