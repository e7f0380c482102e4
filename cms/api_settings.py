"""REST_FRAMEWORK and SPECTACULAR_SETTINGS for cms/settings.py: how the
delivery API renders, pages, filters and documents itself."""

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "articles.api.renderers.ORJSONRenderer",
        "articles.api.browsable.BrowsableAPIRenderer",
    ],
    # The delivery API is public and the same for everyone: no sessions, so
    # no CSRF and nothing a logged-in editor sees that a reader does not.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.NameCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.exceptions.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": (
        "articles.api.negotiation.FormatNamingNegotiation"
    ),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "News CMS delivery API",
    "DESCRIPTION": "Read-only access to published articles, images, contributors, "
    "sections and tags. Responses carry strong ETags and Last-Modified (send "
    "If-None-Match for a 304) and are cached on the server until the content "
    "changes (X-Cache says HIT or MISS). Changes can be pushed to you instead: "
    "webhooks are set up in the admin and signed with HMAC-SHA256 "
    "(X-Webhook-Signature); see docs/guides/webhooks.md. Trusted systems write "
    "under /api/v1/manage/ (the `manage` tag) with an API token sent as "
    "`Authorization: Bearer …`, acting as the token's user with that user's "
    "role; every change sends If-Match, and a POST may send Idempotency-Key.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads its assets from this server, so it works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Contributors and corrections both have a "kind"; named, not numbered.
    "ENUM_NAME_OVERRIDES": {
        "ContributorKindEnum": "articles.models.contributors.Contributor.Kind",
        "CorrectionKindEnum": "articles.models.corrections.Correction.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.article_shapes",
        "articles.api.schema.ninjs_and_errors",
        "articles.api.writing.schema.write_api",
    ],
}
