"""Shared fixtures: content built up step by step, and clients by role."""

from __future__ import annotations

import io
import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from rest_framework.test import APIClient

from articles.models import Article, Contributor, Credit, Image, Section, Tag
from tests.browser import browser, site  # noqa: F401 (fixtures for browser tests)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED_PAGE = SHARED / "seeds" / "000_73e2e5c0feb7c169.txt"
CORPUS = SHARED / "corpus"
# The machine's Redis: cache tests run against it as well as local memory.
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory", "redis"])
def cache_backend(request, settings):
    """The cache in local memory, then in Redis under a prefix of its own
    (yielded, and its keys deleted afterwards)."""
    if request.param == "redis":
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


def make_jpeg(width: int = 64, height: int = 48, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


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


def pytest_sessionfinish(session, exitstatus) -> None:
    from tests.safety import write_report

    write_report()
