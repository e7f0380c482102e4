"""The Content Security Policy and the other security headers, as a browser
receives them: the exact policy on an admin page, an API response and the
API docs, the nonce on every tag that needs it, and the policy's variants
from the environment (read by the real settings module in a subprocess)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import django_prose_editor
import pytest
from django.utils.csp import build_policy

from cms.middleware import csp_policy as csp

ROOT = Path(__file__).resolve().parent.parent

PROSE_EDITOR_CSS = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
STRICT = (
    "default-src 'self'; script-src 'self'{nonce}; "
    f"style-src 'self'{{nonce}} {PROSE_EDITOR_CSS}; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
NONCE = r"'nonce-([A-Za-z0-9_-]{22})'"


def policy_with_nonce(response) -> str:
    """The page's nonce, after checking the header is exactly the policy."""
    header = response["Content-Security-Policy"]
    pattern = re.escape(STRICT).replace(re.escape("{nonce}"), " " + NONCE)
    match = re.fullmatch(pattern, header)
    assert match, header
    nonce, again = match.groups()
    assert nonce == again
    return nonce


def test_admin_pages_get_the_strict_policy_and_carry_its_nonce(admin_client):
    response = admin_client.get("/admin/articles/article/")

    assert response.status_code == 200
    nonce = policy_with_nonce(response)
    html = response.content.decode()
    # Every script and stylesheet Django's admin writes carries the nonce;
    # none is inline without it.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert "<style nonce" in html or "<style" not in html
    assert " style=" not in html
    assert "Content-Security-Policy-Report-Only" not in response


def test_every_request_gets_a_new_nonce(admin_client):
    first = policy_with_nonce(admin_client.get("/admin/"))
    second = policy_with_nonce(admin_client.get("/admin/"))

    assert first != second


def test_api_responses_get_the_policy_without_a_nonce(client, published_article):
    response = client.get(f"/api/v1/articles/{published_article.slug}/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT.format(nonce="")


def test_cached_api_responses_get_the_policy_too(client, published_article):
    client.get("/api/v1/articles/")
    response = client.get("/api/v1/articles/")

    assert response["X-Cache"] == "HIT"
    assert response["Content-Security-Policy"] == STRICT.format(nonce="")


def test_the_docs_page_has_no_inline_script(client, db):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    nonce = policy_with_nonce(response)
    html = response.content.decode()
    assert f'<style nonce="{nonce}">' in html
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 3 and all(body.strip() == "" for body in scripts)
    assert '<script src="/api/v1/docs/?script="></script>' in html

    init = client.get("/api/v1/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in init.content.decode()


def test_the_browsable_api_may_use_inline_styles_but_not_scripts(client, db):
    response = client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
        "form-action 'self'"
    )


def test_the_other_security_headers(client, admin_client, db):
    for response in (
        admin_client.get("/admin/"),
        client.get("/api/v1/articles/"),
        client.get("/api/v1/docs/"),
    ):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def settings_policy(**env: str) -> subprocess.CompletedProcess:
    """The policies the real settings module builds from this environment."""
    code = (
        "import json; from cms import settings as s; "
        "from django.utils.csp import build_policy as b; "
        "ro = getattr(s, 'SECURE_CSP_REPORT_ONLY', {}); "
        "print(json.dumps([b(s.SECURE_CSP), b(ro)]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_uploads_on_s3_and_extra_image_origins_are_allowed_images():
    result = settings_policy(
        MEDIA_URL="https://media.example.com/uploads/",
        CMS_CSP_IMG_SRC="https://photos.example.net, blob:",
        CMS_CSP_REPORT_URI="https://reports.example.com/csp",
    )

    assert result.returncode == 0, result.stderr
    enforced, report_only = json.loads(result.stdout)
    assert enforced == (
        "default-src 'self'; script-src 'self'; "
        f"style-src 'self' {PROSE_EDITOR_CSS}; "
        "img-src 'self' data: https://media.example.com https://photos.example.net "
        "blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
        "form-action 'self'; report-uri https://reports.example.com/csp"
    )
    assert report_only == ""


def test_static_files_on_a_cdn_are_allowed_for_what_they_serve():
    policy = csp.build(
        media_url="/media/", static_url="https://cdn.example.com/static/"
    )

    assert build_policy(policy) == (
        "default-src 'self'; script-src 'self' https://cdn.example.com; "
        f"style-src 'self' https://cdn.example.com {PROSE_EDITOR_CSS}; "
        "img-src 'self' data: https://cdn.example.com; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'; form-action 'self'; "
        "font-src 'self' https://cdn.example.com"
    )


def test_scheme_relative_media_urls_allow_their_host():
    policy = csp.build(media_url="//media.example.com/", static_url="/static/")

    assert policy["img-src"] == ["'self'", "data:", "media.example.com"]


def test_the_prose_editors_stylesheet_is_allowed_by_its_exact_hash():
    """Tiptap injects this CSS without a nonce. After an upgrade of
    django-prose-editor that changes it, put the new hash in cms/middleware/csp_policy.py."""
    editor_js = Path(django_prose_editor.__file__).parent.joinpath(
        "static/django_prose_editor/editor.js"
    )
    source = editor_js.read_text()
    start = source.index("`.ProseMirror {") + 1  # the one template literal
    css = source[start : source.index("`", start)]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()

    assert f"'sha256-{digest}'" == csp.PROSE_EDITOR_CSS_HASH == PROSE_EDITOR_CSS


def test_report_only_sends_the_same_policy_without_enforcing_it():
    result = settings_policy(CMS_CSP_REPORT_ONLY="true", CMS_CSP_REPORT_URI="/csp/")

    assert result.returncode == 0, result.stderr
    enforced, report_only = json.loads(result.stdout)
    assert enforced == ""
    assert report_only == STRICT.format(nonce="") + "; report-uri /csp/"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CMS_CSP_IMG_SRC": "'unsafe-inline'"},
            "CMS_CSP_IMG_SRC takes origins such as https://cdn.example.com or "
            "schemes such as data:, comma-separated; not \"'unsafe-inline'\".",
        ),
        (
            {"CMS_CSP_IMG_SRC": "*"},
            "CMS_CSP_IMG_SRC takes origins such as https://cdn.example.com or "
            "schemes such as data:, comma-separated; not '*'.",
        ),
        (
            {"CMS_CSP_REPORT_URI": "reports.example.com; script-src *"},
            "CMS_CSP_REPORT_URI must be an http(s) URL or a path starting with /, "
            "not 'reports.example.com; script-src *'.",
        ),
        (
            {"CMS_CSP_REPORT_ONLY": "maybe"},
            "CMS_CSP_REPORT_ONLY must be true or false, not 'maybe'.",
        ),
    ],
)
def test_a_malformed_setting_is_refused_by_name(env, message):
    result = settings_policy(**env)

    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr
