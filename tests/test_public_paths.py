"""Which paths are public is written down once (articles/delivery/
public_paths.py); the response cache, replica routing, request-id logging,
throttling, CORS and the URL configuration agree with it. And the app never
imports the project package."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.delivery import public_paths

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


@pytest.mark.parametrize(
    ("path", "public", "content", "preview"),
    [
        ("/api/v1/articles/", True, True, False),
        ("/api/v1/articles/a-story/", True, True, False),
        ("/api/v1/preview/signed-token/", True, False, True),
        ("/preview/signed-token/", False, False, True),
        ("/api/v1/schema/", True, False, False),
        ("/api/v1/docs/", True, False, False),
        ("/api/v2/articles/", True, False, False),
        ("/feeds/rss/", True, True, False),
        ("/feeds/atom/local/", True, True, False),
        ("/sitemap.xml", True, True, False),
        ("/sitemap-news.xml", True, True, False),
        ("/renditions/4/ab12/card.webp", True, False, False),
        ("/sitemap/other", False, False, False),
        ("/admin/", False, False, False),
        ("/healthz", False, False, False),
        ("/", False, False, False),
        ("/apiary/", False, False, False),
    ],
)
def test_which_paths_are_public(path, public, content, preview):
    assert public_paths.is_public(path) is public
    assert public_paths.shows_content(path) is content
    assert public_paths.is_preview(path) is preview
    # CORS answers exactly the public paths.
    assert bool(re.match(settings.CORS_URLS_REGEX, path)) is public


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("api:article-list", {}),
        ("api:article-detail", {"slug": "a-story"}),
        ("api:article-preview", {"token": "t"}),
        ("feed-rss", {}),
        ("feed-atom-section", {"section": "local"}),
        ("sitemap", {}),
        ("sitemap-news", {}),
        ("rendition", {"pk": 4, "version": "ab12", "spec": "card", "fmt": "webp"}),
    ],
)
def test_every_public_route_is_a_public_path(name, kwargs):
    assert public_paths.is_public(reverse(name, kwargs=kwargs))


@pytest.mark.parametrize("name", ["admin:index", "healthz", "readyz"])
def test_the_admin_and_health_checks_are_not_public(name):
    assert not public_paths.is_public(reverse(name))


def test_the_api_is_mounted_where_the_public_paths_say():
    assert reverse("api:article-list") == f"{public_paths.API_V1}articles/"
    assert reverse("api:article-preview", kwargs={"token": "t"}) == (
        f"{public_paths.PREVIEW}t/"
    )
    assert reverse("article-preview-page", kwargs={"token": "t"}) == (
        f"{public_paths.PREVIEW_PAGE}t/"
    )


def imported_modules(source: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append(node.module or "")
    return found


def test_the_app_never_imports_the_project():
    modules = sorted(ARTICLES.rglob("*.py"))
    assert len(modules) > 50  # the scan sees the app

    offending = [
        f"{path.relative_to(ARTICLES.parent)}: {name}"
        for path in modules
        for name in imported_modules(path)
        if name == "cms" or name.startswith("cms.")
    ]

    assert offending == []


def test_the_scan_finds_every_form_of_import(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "import cms.settings\nfrom cms import env\nfrom cms.middleware import x\n"
        "from . import sibling\n"
        "def later():\n    import cms\n"
    )

    assert imported_modules(source) == ["cms.settings", "cms", "cms.middleware", "cms"]
