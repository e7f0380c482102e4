"""Static files in production: `collectstatic` makes hashed, compressed copies
and WhiteNoise serves them with far-future cache headers."""

from __future__ import annotations

import gzip
import re

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.templatetags.static import static
from django.test import Client, override_settings

MANIFEST_STORAGE = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
A_YEAR_AND_MORE = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic`, as `make serve` leaves it."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=production_storages()):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def production_storages() -> dict:
    from django.conf import settings

    return {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}


@pytest.fixture
def production_static(settings, collected):
    """As with DEBUG off: the manifest's names, files from STATIC_ROOT only."""
    settings.STATIC_ROOT = collected
    settings.STORAGES = production_storages()
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = False
    return collected


def test_static_tag_gives_the_hashed_name(production_static):
    rendered = Template("{% load static %}{% static 'admin/css/base.css' %}").render(
        Context()
    )

    assert re.fullmatch(r"/static/admin/css/base\.[0-9a-f]{12}\.css", rendered)
    assert rendered == static("admin/css/base.css")
    assert (production_static / rendered.removeprefix("/static/")).is_file()


def test_hashed_files_are_served_compressed_and_cached_for_good(production_static):
    hashed = static("admin/css/base.css")

    response = Client().get(hashed, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Cache-Control"] == A_YEAR_AND_MORE
    assert response["Content-Type"] == 'text/css; charset="utf-8"'
    assert response["Content-Encoding"] == "gzip"
    on_disk = (production_static / hashed.removeprefix("/static/")).read_bytes()
    assert gzip.decompress(b"".join(response.streaming_content)) == on_disk


def test_unhashed_names_are_cached_briefly(production_static):
    response = Client().get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_the_admin_links_its_css_by_hashed_name(production_static):
    page = Client().get("/admin/login/").content.decode()

    assert f'href="{static("admin/css/base.css")}"' in page
    assert 'href="/static/admin/css/base.css"' not in page
