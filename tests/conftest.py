"""Shared fixtures: content built up step by step, clients by role, and the
servers the end-to-end suites drive. What is not a fixture is in
tests/helpers/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.utils import timezone
from playwright.sync_api import Browser, sync_playwright
from rest_framework.test import APIClient

from articles.models import (
    Article,
    Contributor,
    Credit,
    Image,
    Section,
    Tag,
    WebhookEndpoint,
)
from tests.helpers import browser as pages
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, SerialLiveServerThread
from tests.helpers.images import make_jpeg
from tests.helpers.servers import free_port
from tests.helpers.webhooks import Receiver

# The `needs_redis` and `needs_postgres` markers: skipped, with a notice at
# the end, when the service is missing; failed with CMS_REQUIRE_SERVICES=1.
pytest_plugins = ["tests.helpers.services", "tests.helpers.passes"]


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.needs_redis)])
def cache_backend(request, settings):
    """The cache in local memory, then in Redis under a prefix of its own
    (yielded, and its keys deleted afterwards)."""
    if request.param == "redis":
        # Imported here: pytest_plugins loads the module (and so may rewrite
        # its asserts) after this one is imported.
        from tests.helpers.services import REDIS_URL

        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield prefix
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        yield None


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    # Two runs against one PostgreSQL server (CI and a developer, say) must not
    # create and drop the same test database under each other.
    from django.conf import settings

    for alias in settings.DATABASES.values():
        if alias["ENGINE"] != "django.db.backends.sqlite3":
            test = alias.setdefault("TEST", {})
            test["NAME"] = f"test_{alias['NAME']}_{os.getpid()}"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    # The real hasher makes each login a good part of a test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_api_throttle(settings) -> None:
    # Every test client is one address; the fuzz and probe suites send
    # thousands of requests. tests/test_throttling.py turns it back on.
    settings.CMS_API_THROTTLE_RATE = "off"


@pytest.fixture(autouse=True)
def fresh_content_types():
    # A transactional test's flush makes the content types again with new
    # ids; history (django-reversion) must not record versions under the
    # cached old ones.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def empty_cache():
    # Memory caches outlive a test's database; start each test without them.
    from django.core.cache import cache

    from articles.delivery.documents import memo

    cache.clear()
    memo.clear()
    yield
    cache.clear()
    memo.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def jpeg_upload():
    return SimpleUploadedFile("kim-jet.jpg", make_jpeg(), content_type="image/jpeg")


@pytest.fixture
def section(db):
    return Section.objects.create(name="World", slug="world")


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="North Korea", slug="north-korea")


@pytest.fixture
def reuters(db):
    return Contributor.objects.create(
        name="Reuters", slug="reuters", kind=Contributor.Kind.AGENCY
    )


@pytest.fixture
def ap(db):
    return Contributor.objects.create(
        name="The Associated Press",
        short_name="AP",
        slug="the-associated-press",
        kind=Contributor.Kind.AGENCY,
    )


@pytest.fixture
def khabarovsk(db):
    return Contributor.objects.create(
        name="Khabarovsky Krai region government",
        slug="khabarovsky-krai-region-government",
        kind=Contributor.Kind.ORGANISATION,
    )


@pytest.fixture
def photo(db, khabarovsk, ap):
    """The sample's photo: only its caption and credit are known, no file."""
    image = Image.objects.create(
        caption="North Korean leader Kim Jong Un looks at a military jet cockpit.",
        alt_text="Kim Jong Un in a fighter jet cockpit",
        copyright_notice="© 2023 The Associated Press",
    )
    Credit.objects.create(image=image, contributor=khabarovsk, role="provider")
    Credit.objects.create(image=image, contributor=ap, role="distributor", position=1)
    return image


@pytest.fixture
def article(db, section, tag, reuters, photo):
    """A draft of the sample story."""
    story = Article.objects.create(
        headline="Canada joins countries in condemning Russia, North Korea for "
        "alleged missile transfers",
        slug="canada-condemns-missile-transfers",
        standfirst="Nearly 50 countries denounce the arms deals.",
        body="<p>Canada has joined nearly 50 countries.</p>",
        section=section,
        lead_image=photo,
    )
    story.tags.add(tag)
    Credit.objects.create(article=story, contributor=reuters, role="contributor")
    return story


@pytest.fixture
def published_article(article):
    article.publish(at=timezone.now() - timedelta(hours=1))
    return article


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "chief", "chief@example.com", "correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# Servers of the end-to-end suites -------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        # Failing here, not at import, fails these tests and lets the rest of
        # the suite run.
        pytest.fail(
            "CMS_REQUIRE_BROWSER=1 but Chromium is not installed "
            "(apt-get install chromium).",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as patch:
        # The sync API runs Playwright's asyncio loop in this thread, so Django
        # takes the test's own ORM calls for async code and refuses them with
        # SynchronousOnlyOperation. Nothing here is really concurrent.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def site(transactional_db) -> Iterator[str]:
    """The project served on a free port of 127.0.0.1; yields its URL."""
    # The server thread must use this thread's connection to an in-memory
    # database, which would otherwise be a different, empty database.
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = SerialLiveServerThread(
        "127.0.0.1", StaticFilesHandler, connections_override=shared
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    pages.PAGES.clear()
    try:
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()
    violations = [v for page in pages.PAGES for v in page.violations]
    pages.PAGES.clear()
    if violations:
        pytest.fail(
            "Content Security Policy violations:\n" + "\n".join(violations),
            pytrace=False,
        )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1 (tests/helpers/webhooks.py)."""
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def endpoint(receiver, settings) -> WebhookEndpoint:
    """A webhook endpoint at `receiver`, sending every event."""
    settings.CMS_OUTBOUND_RETRY_BASE = 0  # retries are due at once
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    settings.CMS_SITE_URL = "https://cms.example.com"
    return WebhookEndpoint.objects.create(name="Website", url=receiver.url)


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server in its own process, for the module's tests; its URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"moto did not start:\n{log.read_text()}"
                    ) from None
                time.sleep(0.1)  # moto is another process: poll until it listens
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


def pytest_sessionfinish(session, exitstatus) -> None:
    from tests.helpers.safety import write_report

    write_report()
