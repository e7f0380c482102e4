"""The Content Security Policy, built from the settings it depends on.

Enforced on every response by Django's own ContentSecurityPolicyMiddleware.
Scripts and styles come from this site only, or carry the request's nonce
(Django's admin puts it on its tags); nothing may frame the site; forms post
here only. Needs no configured settings, so cms/settings.py can call it. The
browsable API relaxes it for its own pages (articles/api/browsable.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# The stylesheet the body editor (Tiptap, in django-prose-editor's editor.js)
# puts in a <style> element of its own, without a nonce: allowed by its hash.
# tests/test_csp.py recomputes it from the installed editor.js, so an upgrade
# that changes the CSS fails there, naming the new hash.
PROSE_EDITOR_CSS_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def origin(url: str) -> str | None:
    """The source expression for an absolute URL's origin, None for a path."""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    if url.startswith("//") and parts.netloc:
        return parts.netloc  # scheme-relative: a host source, any scheme
    return None


def extra_sources(name: str, values: list[str]) -> list[str]:
    """Extra sources from an environment variable: origins or schemes only,
    so a typo cannot smuggle in a keyword such as 'unsafe-inline' or a second
    directive."""
    for value in values:
        if any(char in value for char in "'\";, ") or value == "*":
            raise ImproperlyConfigured(
                f"{name} takes origins such as https://cdn.example.com or "
                f"schemes such as data:, comma-separated; not {value!r}."
            )
    return values


def report_uri(value: str) -> str | None:
    if not value:
        return None
    if not (value.startswith(("https://", "http://", "/"))) or any(
        char in value for char in "'\";, "
    ):
        raise ImproperlyConfigured(
            "CMS_CSP_REPORT_URI must be an http(s) URL or a path starting "
            f"with /, not {value!r}."
        )
    return value


def build(
    *,
    media_url: str,
    static_url: str,
    img_src: list[str] = (),
    report_to: str | None = None,
) -> dict[str, list[str]]:
    """The policy as Django's SECURE_CSP mapping."""
    # Static files and uploads may live on a CDN or S3: their origins are as
    # trusted as this site for what each serves.
    static = [o for o in [origin(static_url)] if o]
    media = [o for o in [origin(media_url)] if o]
    policy = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, *static, CSP.NONCE],
        # The admin's change list has a <style> element with the nonce.
        # Scripts may still set element.style (the focal point marker, Swagger
        # UI): CSP governs style attributes and elements, not the CSSOM.
        "style-src": [CSP.SELF, *static, CSP.NONCE, PROSE_EDITOR_CSS_HASH],
        # data: for the SVG icons in Swagger UI's and the admin's CSS.
        "img-src": _unique([CSP.SELF, "data:", *static, *media, *img_src]),
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        # The admin opens related-object pickers as windows, not frames, so
        # nothing needs to frame this site (X-Frame-Options: DENY agrees).
        "frame-ancestors": [CSP.NONE],
        "form-action": [CSP.SELF],
    }
    if static:
        policy["font-src"] = [CSP.SELF, *static]
    if report_to:
        policy["report-uri"] = [report_to]
    return policy


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
