"""Settings for the news CMS, read from the environment.

The defaults let a fresh checkout run on SQLite with DEBUG on; production sets
SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer, not {value!r}."
        ) from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name)


DEBUG = envbool("DEBUG", True)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Served over HTTPS (directly or behind a TLS-terminating proxy or CDN): plain
# HTTP is redirected, cookies are secure-only, and browsers are told to use
# HTTPS for a year (HSTS). Off by default so `make run` and benchmarks on
# 127.0.0.1 work over plain HTTP.
CMS_HTTPS = envbool("CMS_HTTPS", False)
if CMS_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    # The proxy says which scheme the client used; trust it only behind one.
    if envbool("CMS_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "reversion",
    "django_prose_editor",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First in, last out: ETags are computed on the final response body, and
    # If-None-Match / If-Modified-Since get a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Inside the ETag middleware, so cached responses get 304s too; before
    # sessions and auth, which public responses never need.
    "articles.response_cache.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: opening one per request costs more than
        # most API responses take to build.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# Redis when REDIS_URL is set (shared by every app server), else memory in
# each process. Cached responses are keyed on the content version, which is
# in the database, so either kind is dropped the moment content changes.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# Django's tasks framework on the database (django-tasks-db): webhooks are
# sent by `manage.py db_worker`, and a restart loses nothing queued.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Where readers find a story on the website: a template with {slug} and
# {section}, e.g. "https://news.example.com/{section}/{slug}/". Feeds and
# sitemaps link there; without it they link to the story's API document.
CMS_ARTICLE_URL = os.environ.get("CMS_ARTICLE_URL", "")
# The publication's name, as Google News and feed readers show it.
CMS_PUBLICATION_NAME = os.environ.get("CMS_PUBLICATION_NAME", "Newsroom CMS")
CMS_PUBLICATION_LANGUAGE = os.environ.get("CMS_PUBLICATION_LANGUAGE", "en")

# PostgreSQL text-search configuration (language) for `q=` searches.
CMS_SEARCH_CONFIG = os.environ.get("CMS_SEARCH_CONFIG", "english")

# Uploads larger than this are refused before Pillow sees them.
CMS_IMAGE_MAX_BYTES = envint("CMS_IMAGE_MAX_BYTES", 40 * 1024 * 1024)
# Photos with more pixels than this are refused (decompression bombs too).
CMS_IMAGE_MAX_PIXELS = envint("CMS_IMAGE_MAX_PIXELS", 80_000_000)

# Named rendition sizes: a width and height are cropped around the focal
# point; a width alone scales the whole photo. Only these, in these formats,
# can be asked for, so clients cannot make the server render unlimited
# variants. Never larger than the original.
CMS_RENDITIONS = {
    "thumbnail": {"width": 320, "height": 180},
    "card": {"width": 640, "height": 360},
    "hero": {"width": 1600, "height": 900},
    "square": {"width": 600, "height": 600},
    "full": {"width": 2048},
}
CMS_RENDITION_FORMATS = ["jpeg", "webp", "avif"]
CMS_RENDITION_QUALITY = {"jpeg": 82, "webp": 80, "avif": 60}
# How long browsers and CDNs may keep API responses and feeds, and how long
# they may serve a stale one while fetching a fresh one in the background.
CMS_API_MAX_AGE = envint("CMS_API_MAX_AGE", 60)
CMS_API_STALE_WHILE_REVALIDATE = envint("CMS_API_STALE_WHILE_REVALIDATE", 30)
# How long browsers and CDNs may keep a rendition. Short enough that a photo
# whose rights expire or whose story is unpublished drops out of caches soon.
CMS_RENDITION_MAX_AGE = envint("CMS_RENDITION_MAX_AGE", 3600)

# Server-side cache of public responses (API, feeds, sitemaps): seconds an
# entry is kept at most; 0 turns the cache off. Changes drop entries at once.
CMS_RESPONSE_CACHE_TIMEOUT = envint("CMS_RESPONSE_CACHE_TIMEOUT", 300)

# Delivery documents each process keeps in memory (about 5 kB each).
CMS_DOCUMENT_MEMO_SIZE = envint("CMS_DOCUMENT_MEMO_SIZE", 2000)

# Preview links for drafts: how long a link works, and the website's preview
# page, e.g. "https://news.example.com/preview/?token={token}" (it fetches
# /api/v1/preview/{token}/); without it editors get the API link only.
CMS_PREVIEW_MAX_AGE = envint("CMS_PREVIEW_MAX_AGE", 48 * 3600)
CMS_PREVIEW_URL = os.environ.get("CMS_PREVIEW_URL", "")

# The site's own address, for absolute URLs in webhook payloads (sent by the
# worker, with no request to take a host from).
CMS_SITE_URL = os.environ.get("CMS_SITE_URL", "http://127.0.0.1:8000")
# Webhooks: seconds to wait for a receiver, tries before giving up, and the
# first wait between tries (doubling each time, at most six hours).
CMS_WEBHOOK_TIMEOUT = envint("CMS_WEBHOOK_TIMEOUT", 10)
CMS_WEBHOOK_MAX_ATTEMPTS = envint("CMS_WEBHOOK_MAX_ATTEMPTS", 8)
CMS_WEBHOOK_RETRY_BASE = envint("CMS_WEBHOOK_RETRY_BASE", 30)
# Webhooks to private, loopback or link-local addresses are refused unless
# this is on (a receiver on this machine, in development and tests).
CMS_WEBHOOK_ALLOW_PRIVATE = envbool("CMS_WEBHOOK_ALLOW_PRIVATE", False)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "articles.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # The delivery API is public and the same for everyone: no sessions, so
    # no CSRF and nothing a logged-in editor sees that a reader does not.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "News CMS delivery API",
    "DESCRIPTION": "Read-only access to published articles, images, contributors, "
    "sections and tags. Responses carry strong ETags and Last-Modified (send "
    "If-None-Match for a 304) and are cached on the server until the content "
    "changes (X-Cache says HIT or MISS). Changes can be pushed to you instead: "
    "webhooks are set up in the admin and signed with HMAC-SHA256 "
    "(X-Webhook-Signature); see the README.",
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
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
