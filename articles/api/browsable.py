"""The browsable API (DRF's HTML pages), under a policy it can live with.

DRF's templates are full of style attributes and a <style> element for
syntax highlighting, so these pages, and only these, allow inline styles.
Scripts stay as strict as everywhere else: DRF has no inline ones."""

from __future__ import annotations

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.csp import CSP
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            # What django.views.decorators.csp.csp_override sets; the
            # middleware reads it instead of SECURE_CSP.
            if settings.SECURE_CSP:
                response._csp_config = with_inline_styles(settings.SECURE_CSP)
            if settings.SECURE_CSP_REPORT_ONLY:
                response._csp_ro_config = with_inline_styles(
                    settings.SECURE_CSP_REPORT_ONLY
                )
        return super().render(data, accepted_media_type, renderer_context)

    def get_breadcrumbs(self, request):
        # The API's catch-all 404 route resolves every path ending in a
        # slash: a crumb for it would read "Not Found" and lead to a 404.
        return [
            (name, url)
            for name, url in super().get_breadcrumbs(request)
            if not answers_not_found(url)
        ]


def answers_not_found(url: str) -> bool:
    try:
        return resolve(url).url_name == "not-found"
    except Resolver404:
        return True


def with_inline_styles(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    """The same policy with inline styles allowed (scripts stay strict), for
    pages made from third-party templates full of style attributes. The
    nonce and hashes go: a browser ignores 'unsafe-inline' next to them."""
    styles = [
        v for v in policy["style-src"] if v != CSP.NONCE and not v.startswith("'sha")
    ]
    return {**policy, "style-src": [*styles, CSP.UNSAFE_INLINE]}
