"""Settings for the news CMS, read from the environment.

The defaults let a fresh checkout run on SQLite with DEBUG on; production sets
SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and DATABASE_URL. The typed reads of
the environment are in cms/env.py, the databases, caches and storages built
from it in cms/backends.py, and the API framework's settings in
cms/api_settings.py; the app's system checks (articles/checks.py) judge the
values.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from articles.delivery import public_paths
from cms import api_settings
from cms.backends import caches, databases, storages
from cms.env import envbool, envint, envlist, envsecret, refuse_bad_settings
from cms.middleware import csp_policy
from cms.observability.log_config import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

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

# Who the client is, for login lockouts and API throttling
# (articles/http/client_ip.py):
# behind a proxy of ours, the X-Forwarded-For entry CMS_PROXY_COUNT from the
# right (2 for a CDN in front of a load balancer); else the connection's
# address. On by default with CMS_HTTPS only: without a proxy anyone
# can write X-Forwarded-For and so pick a fresh allowance per request.
CMS_BEHIND_PROXY = envbool("CMS_BEHIND_PROXY", CMS_HTTPS)
CMS_PROXY_COUNT = envint("CMS_PROXY_COUNT", 1)

if CMS_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    # The proxy says which scheme the client used; trust it only behind one.
    if CMS_BEHIND_PROXY:
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
    "corsheaders",
    "axes",
    "reversion",
    "django_prose_editor",
    "articles",
]

MIDDLEWARE = [
    # Outermost: the request id is set before anything logs, and put on the
    # response last, after the response cache (never a cached one's id).
    "cms.middleware.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, compressed copies) before anything that
    # would touch the database or sessions for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the response cache, so a cached response gets this request's
    # policy (and nonce) too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Picks the database for the request's reads (cms/db_routing.py): before
    # the response cache, which reads the content version. Only with replicas.
    "cms.middleware.replica_routing.ReplicaRoutingMiddleware",
    # CORS for the public paths (articles/delivery/public_paths.py): outside
    # the ETag and response-cache middleware, so 304s and cached hits get the
    # headers too, and outside the API throttle, so preflights are not counted
    # and a 429 can be read by the page that was refused.
    "corsheaders.middleware.CorsMiddleware",
    # First in, last out: ETags are computed on the final response body, and
    # If-None-Match / If-Modified-Since get a 304.
    "cms.middleware.conditional_get.ConditionalGetMiddleware",
    # Requests per client to /api/, cached hits included (articles/api/
    # throttling.py says why): so in front of the response cache.
    "articles.api.throttling.ApiThrottleMiddleware",
    # Inside the ETag middleware, so cached responses get 304s too; before
    # sessions and auth, which public responses never need.
    "articles.delivery.response_cache.PublicResponseCacheMiddleware",
    # The public article list and detail (and fronts) as JSON, without DRF or
    # the middleware below (articles/api/hot_path.py): inside
    # the response cache, which stores what it answers.
    "articles.api.hot_path.ArticleHotPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
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
                # csp_nonce, which the admin's templates put on their tags.
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Read replicas: public reads (API, feeds, sitemaps, renditions) go to one of
# them, chosen at random per request; writes, the admin, and each client's
# reads for a few seconds after it changed something go to the primary
# (cms/db_routing.py). Aliases replica1, replica2... in the order given.
DATABASE_REPLICA_URLS = envlist("DATABASE_REPLICA_URLS", [])
DATABASE_REPLICA_PIN_SECONDS = envint("DATABASE_REPLICA_PIN_SECONDS", 10)
# An unreachable replica is left out for this long (its reads go to the
# primary), then tried again.
DATABASE_REPLICA_RETRY_SECONDS = envint("DATABASE_REPLICA_RETRY_SECONDS", 30)
# Prepared statements on PostgreSQL: values are sent apart from the SQL
# (server-side binding), and a statement a connection has run twice is
# prepared, so it is planned once rather than on every request. The public
# list's statement is the same text every time (articles/models/
# expressions.py); planning it cost more than running it. Off for a pooler
# that cannot keep them (PgBouncer before 1.21 in transaction mode).
DATABASE_PREPARED_STATEMENTS = envbool("DATABASE_PREPARED_STATEMENTS", True)
DATABASES = databases(
    os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    DATABASE_REPLICA_URLS,
    conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    prepared_statements=DATABASE_PREPARED_STATEMENTS,
)
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["cms.db_routing.ReplicaRouter"]

# Redis when REDIS_URL is set (shared by every app server), else memory in
# each process. Cached responses are keyed on the content version, which is
# in the database, so either kind is dropped the moment content changes.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = caches(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "cms"))

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

# Admin logins (django-axes): after CMS_LOGIN_FAILURE_LIMIT wrong passwords
# for one username from one address, that pair is refused with a 429 page
# until CMS_LOGIN_COOLOFF_MINUTES after its last failure; a right password
# clears the count. Locked per pair, not per username: bylines make editors'
# names public, and a lock on the name alone would let anyone shut a reporter
# out from everywhere during breaking news. Nor per address alone: a newsroom
# shares one office address, and one person's typos must not lock out the
# desk. Attempts are kept in the database, so every app server sees them,
# and administrators can lift a lock in the admin (Axes: Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
CMS_LOGIN_FAILURE_LIMIT = envint("CMS_LOGIN_FAILURE_LIMIT", 5)
CMS_LOGIN_COOLOFF_MINUTES = envint("CMS_LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = CMS_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=CMS_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during a lock are refused without counting, so the lock ends when
# the page says it will, however often its owner tries meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "articles.http.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "cms.middleware.login_lockout.lockout_response"
# Failures and lockouts are still logged (warnings); not the start-up banner,
# which every management command would print.
AXES_VERBOSE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Media (uploaded photos and their renditions): in MEDIA_ROOT, or in a bucket
# when AWS_STORAGE_BUCKET_NAME is set. Static files: with DEBUG off, hashed
# names and compressed copies made by `collectstatic`, served by WhiteNoise
# with far-future cache headers; with DEBUG on, as the apps have them.
STORAGES = storages(
    bucket=os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip(), debug=DEBUG
)
# WhiteNoise's own defaults, fixed as the settings load: the test runner turns
# DEBUG off later, and tests have no `collectstatic` behind them.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG

# Where readers find a story on the website: a template with {slug} and
# {section}, e.g. "https://news.example.com/{section}/{slug}/". Feeds and
# sitemaps link there; without it they link to the story's API document.
CMS_ARTICLE_URL = os.environ.get("CMS_ARTICLE_URL", "")
# The publication's name, as Google News and feed readers show it.
CMS_PUBLICATION_NAME = os.environ.get("CMS_PUBLICATION_NAME", "Newsroom CMS")
CMS_PUBLICATION_LANGUAGE = os.environ.get("CMS_PUBLICATION_LANGUAGE", "en")
# Languages stories are published in (editions), the default one first.
CMS_LANGUAGES = envlist("CMS_LANGUAGES", [CMS_PUBLICATION_LANGUAGE, "fr"])

# PostgreSQL text-search configuration (language) for `q=` searches.
CMS_SEARCH_CONFIG = os.environ.get("CMS_SEARCH_CONFIG", "english")
# On PostgreSQL, search results are ranked among this many of the newest
# matching stories (a common word matches most of a big archive).
CMS_SEARCH_CANDIDATES = envint("CMS_SEARCH_CANDIDATES", 500)

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
# Related stories under each article at most (chosen, then a top-up).
CMS_RELATED_STORIES = envint("CMS_RELATED_STORIES", 4)

# Preview links for drafts: how long a link works, and the website's preview
# page, e.g. "https://news.example.com/preview/?token={token}" (it fetches
# /api/v1/preview/{token}/); without it editors get the API link only.
CMS_PREVIEW_MAX_AGE = envint("CMS_PREVIEW_MAX_AGE", 48 * 3600)
CMS_PREVIEW_URL = os.environ.get("CMS_PREVIEW_URL", "")

# The site's own address, for absolute URLs in webhook payloads (sent by the
# worker, with no request to take a host from).
CMS_SITE_URL = os.environ.get("CMS_SITE_URL", "http://127.0.0.1:8000")
# Outbound deliveries (webhooks and CDN purges): seconds to wait for the
# receiver, and the first wait between tries (doubling each time, at most six
# hours). Formerly CMS_WEBHOOK_TIMEOUT and CMS_WEBHOOK_RETRY_BASE, still read
# when only they are set (`manage.py check` warns).
CMS_OUTBOUND_TIMEOUT = envint(
    "CMS_OUTBOUND_TIMEOUT", 10, old_name="CMS_WEBHOOK_TIMEOUT"
)
CMS_OUTBOUND_RETRY_BASE = envint(
    "CMS_OUTBOUND_RETRY_BASE", 30, old_name="CMS_WEBHOOK_RETRY_BASE"
)
# Webhooks: tries before giving up.
CMS_WEBHOOK_MAX_ATTEMPTS = envint("CMS_WEBHOOK_MAX_ATTEMPTS", 8)
# Webhooks to private, loopback or link-local addresses are refused unless
# this is on (a receiver on this machine, in development and tests).
CMS_WEBHOOK_ALLOW_PRIVATE = envbool("CMS_WEBHOOK_ALLOW_PRIVATE", False)
# Wire sources' watched folders must be inside this folder (editors type
# their paths; nothing else on the server is read).
CMS_WIRE_ROOT = Path(os.environ.get("CMS_WIRE_ROOT") or BASE_DIR / "wire")

# CDN purge on publish (articles/publishing/cdn_purge.py): when a public story changes,
# the worker asks the CDN to drop the responses tagged with it. "off",
# "cloudflare" (zone id and API token), "fastly" (service id and API token)
# or "url" (PURGE requests with the tags in an xkey header, e.g. Varnish).
CMS_CDN_PURGE = os.environ.get("CMS_CDN_PURGE", "off").strip().lower() or "off"
CMS_CDN_ZONE_ID = os.environ.get("CMS_CDN_ZONE_ID", "")
CMS_CDN_SERVICE_ID = os.environ.get("CMS_CDN_SERVICE_ID", "")
CMS_CDN_API_TOKEN = envsecret("CMS_CDN_API_TOKEN") or ""
CMS_CDN_PURGE_URL = os.environ.get("CMS_CDN_PURGE_URL", "")
# Where the Cloudflare or Fastly API is (tests point it at a local server).
CMS_CDN_API_BASE = os.environ.get("CMS_CDN_API_BASE", "")
# Tries before a purge is given up (waits as for webhooks: CMS_OUTBOUND_RETRY_BASE
# doubling), and seconds to wait after a change before purging: with read
# replicas, more than their lag, so the CDN does not refetch the old story.
CMS_CDN_PURGE_MAX_ATTEMPTS = envint("CMS_CDN_PURGE_MAX_ATTEMPTS", 5)
CMS_CDN_PURGE_DELAY = envint("CMS_CDN_PURGE_DELAY", 0)

# Requests per client to /api/ (articles/api/throttling.py): "N/second",
# "N/minute", "N/hour" or "N/day", or "off". 600 a minute is ten a second for
# a whole minute from one address: far more than any reader's browser or app
# asks for, and about 1% of what one app server answers from its cache, so a
# scraper cannot crowd out everyone else. The website's own servers, which
# fetch for all its readers from a few addresses, belong in
# CMS_API_THROTTLE_EXEMPT (addresses or networks, comma-separated).
CMS_API_THROTTLE_RATE = os.environ.get("CMS_API_THROTTLE_RATE") or "600/minute"
CMS_API_THROTTLE_EXEMPT = envlist("CMS_API_THROTTLE_EXEMPT", [])

# CORS: pages on any site may read the public paths (API, feeds, sitemaps,
# renditions), or only pages from CORS_ALLOWED_ORIGINS (comma-separated, e.g.
# "https://news.example.com"). Reads only, never with cookies; the admin gets
# no CORS headers at all. Responses say `Vary: Origin` either way: they carry
# Access-Control-Allow-Origin only when the request had an Origin.
CORS_URLS_REGEX = public_paths.PUBLIC_PATTERN
CORS_ALLOWED_ORIGINS = [
    origin for origin in envlist("CORS_ALLOWED_ORIGINS", []) if origin != "*"
]
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-modified-since", "if-none-match"]
CORS_ALLOW_CREDENTIALS = False
# Pages may read these too: for their own conditional requests, whether the
# server's cache answered, when to come back after a 429, and the id to
# quote in a bug report.
CORS_EXPOSE_HEADERS = ["ETag", "X-Cache", "Retry-After", "X-Request-ID"]

# The API's framework (DRF) and OpenAPI schema: not read from the environment.
REST_FRAMEWORK = api_settings.REST_FRAMEWORK
SPECTACULAR_SETTINGS = api_settings.SPECTACULAR_SETTINGS

# Content Security Policy (cms/middleware/csp_policy.py), enforced on every
# response. Absolute STATIC_URL and MEDIA_URL origins may serve their files.
# CMS_CSP_IMG_SRC adds image origins; CMS_CSP_REPORT_URI receives violation
# reports; CMS_CSP_REPORT_ONLY reports without blocking (to try a change).
SECURE_CSP = csp_policy.build(
    media_url=MEDIA_URL,
    static_url=STATIC_URL,
    img_src=csp_policy.extra_sources("CMS_CSP_IMG_SRC", envlist("CMS_CSP_IMG_SRC", [])),
    report_to=csp_policy.report_uri(os.environ.get("CMS_CSP_REPORT_URI", "").strip()),
)
if envbool("CMS_CSP_REPORT_ONLY", False):
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = {}, SECURE_CSP
# Django's defaults, stated because the policy relies on them: nosniff,
# Referrer-Policy same-origin, COOP same-origin, no framing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logs on stderr: JSON lines (for a log shipper) unless DEBUG is on, then
# text. Every record carries the request id (cms/middleware/request_ids.py),
# which also writes one access line per request (logger "cms.request").
LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower() or (
    "text" if DEBUG else "json"
)
LOGGING = logging_config(LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))
LOGGING_CONFIG = "cms.observability.logs.configure"

# Malformed values stop the start-up, not the first request: the app's
# system checks (articles/checks.py), run here too, since an app server
# (gunicorn) runs none.
refuse_bad_settings(globals())
