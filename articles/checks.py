"""System checks for the settings the app reads: `manage.py check` names the
setting and says what it must be. cms/settings.py runs `setting_errors` as it
loads, so a server that runs no checks (gunicorn) refuses them too; that is
why this module imports no models and nothing that reads settings on import."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from articles.api.throttle_rates import parse_networks, parse_rate

MISSING = object()

# Whole numbers, by the least each may be.
AT_LEAST = {
    1: (
        "CMS_PROXY_COUNT",
        "CMS_SEARCH_CANDIDATES",
        "CMS_IMAGE_MAX_BYTES",
        "CMS_IMAGE_MAX_PIXELS",
        "CMS_PREVIEW_MAX_AGE",
        "CMS_OUTBOUND_TIMEOUT",
        "CMS_OUTBOUND_RETRY_BASE",
        "CMS_WEBHOOK_MAX_ATTEMPTS",
        "CMS_CDN_PURGE_MAX_ATTEMPTS",
        "CMS_LOGIN_FAILURE_LIMIT",
        "CMS_LOGIN_COOLOFF_MINUTES",
    ),
    # 0 turns the cache or memo off, or sends at once.
    0: (
        "CMS_API_MAX_AGE",
        "CMS_API_STALE_WHILE_REVALIDATE",
        "CMS_RENDITION_MAX_AGE",
        "CMS_RESPONSE_CACHE_TIMEOUT",
        "CMS_DOCUMENT_MEMO_SIZE",
        "CMS_RELATED_STORIES",
        "CMS_CDN_PURGE_DELAY",
        "DATABASE_REPLICA_PIN_SECONDS",
        "DATABASE_REPLICA_RETRY_SECONDS",
    ),
}
SWITCHES = (
    "CMS_HTTPS",
    "CMS_BEHIND_PROXY",
    "CMS_WEBHOOK_ALLOW_PRIVATE",
    "DATABASE_PREPARED_STATEMENTS",
)
# Text matching a pattern: a BCP 47 language tag; a PostgreSQL text-search
# configuration (optionally schema-qualified), which goes into SQL.
PATTERNS = {
    "CMS_PUBLICATION_NAME": (r".*\S.*", "a name"),
    "CMS_PUBLICATION_LANGUAGE": (
        r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*",
        "a language tag such as en or pt-BR",
    ),
    "CMS_SEARCH_CONFIG": (
        r"([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*",
        "a PostgreSQL text search configuration such as english",
    ),
}
# Addresses: (must be set, may be a path on this site, placeholders).
URLS = {
    "CMS_SITE_URL": (True, False, ()),
    "CMS_ARTICLE_URL": (False, True, ("slug", "section", "language")),
    "CMS_PREVIEW_URL": (False, True, ("token", "slug")),
    "CMS_CDN_PURGE_URL": (False, False, ()),
    "CMS_CDN_API_BASE": (False, False, ()),
}
# What each CMS_CDN_PURGE backend needs.
CDN_NEEDS = {
    "off": (),
    "cloudflare": ("CMS_CDN_ZONE_ID", "CMS_CDN_API_TOKEN"),
    "fastly": ("CMS_CDN_SERVICE_ID", "CMS_CDN_API_TOKEN"),
    "url": ("CMS_CDN_PURGE_URL",),
}
# Environment variables renamed: old name, new name.
RENAMED = {
    "CMS_WEBHOOK_TIMEOUT": "CMS_OUTBOUND_TIMEOUT",
    "CMS_WEBHOOK_RETRY_BASE": "CMS_OUTBOUND_RETRY_BASE",
}


def _numbers(values) -> Iterator[Error]:
    for least, names in AT_LEAST.items():
        for name in names:
            value = getattr(values, name, MISSING)
            if type(value) is not int or value < least:
                shown = "nothing" if value is MISSING else repr(value)
                yield Error(
                    f"{name} must be a whole number, {least} or more; not {shown}.",
                    id="articles.E002",
                )


def _switches(values) -> Iterator[Error]:
    for name in SWITCHES:
        value = getattr(values, name, MISSING)
        if type(value) is not bool:
            yield Error(f"{name} must be true or false.", id="articles.E003")


def _texts(values) -> Iterator[Error]:
    for name, (pattern, what) in PATTERNS.items():
        value = getattr(values, name, MISSING)
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            shown = "nothing" if value is MISSING else repr(value)
            yield Error(f"{name} must be {what}, not {shown}.", id="articles.E004")
    # Language editions: each a tag (written into SQL as a constant).
    tags = getattr(values, "CMS_LANGUAGES", None)
    tag = PATTERNS["CMS_PUBLICATION_LANGUAGE"][0]
    if tags is not None and not (
        isinstance(tags, list | tuple)
        and tags
        and all(isinstance(t, str) and re.fullmatch(tag, t) for t in tags)
    ):
        yield Error(
            f"CMS_LANGUAGES must be language tags such as en,fr, not {tags!r}.",
            id="articles.E004",
        )


def url_problem(value: object, *, required: bool, path: bool, fields) -> str | None:
    """What is wrong with an address setting, or None."""
    if value == "" and not required:
        return None
    if not isinstance(value, str):
        return "an http:// or https:// URL"
    parts = urlsplit(value)
    absolute = parts.scheme in ("http", "https") and parts.netloc
    if not (absolute or (path and value.startswith("/"))):
        return "an http:// or https:// URL" + (" or a path from /" if path else "")
    try:
        value.format(**dict.fromkeys(fields, "x"))
    except (KeyError, IndexError, ValueError):
        braced = [f"{{{field}}}" for field in fields]
        names = " and ".join(
            [", ".join(braced[:-1]), braced[-1]] if braced[1:] else braced
        )
        return f"a URL whose only placeholders are {names}" if fields else "a URL"
    return None


def _urls(values) -> Iterator[Error]:
    for name, (required, path, fields) in URLS.items():
        value = getattr(values, name, MISSING)
        if problem := url_problem(value, required=required, path=path, fields=fields):
            yield Error(f"{name} must be {problem}, not {value!r}.", id="articles.E005")


def _cdn(values) -> Iterator[Error]:
    backend = getattr(values, "CMS_CDN_PURGE", MISSING)
    if backend not in CDN_NEEDS:
        yield Error(
            f"CMS_CDN_PURGE must be one of {', '.join(CDN_NEEDS)}, not {backend!r}.",
            id="articles.E006",
        )
        return
    for name in CDN_NEEDS[backend]:
        if not getattr(values, name, ""):
            yield Error(
                f"{name} must be set when CMS_CDN_PURGE={backend}.", id="articles.E006"
            )


def _throttle(values) -> Iterator[Error]:
    rate = getattr(values, "CMS_API_THROTTLE_RATE", MISSING)
    exempt = getattr(values, "CMS_API_THROTTLE_EXEMPT", MISSING)
    try:
        parse_rate(rate if isinstance(rate, str) else "")
    except ImproperlyConfigured as error:
        yield Error(str(error), id="articles.E007")
    if not isinstance(exempt, list | tuple) or not all(
        isinstance(value, str) for value in exempt
    ):
        yield Error(
            "CMS_API_THROTTLE_EXEMPT must be a list of IP addresses or networks.",
            id="articles.E007",
        )
        return
    try:
        parse_networks(tuple(exempt))
    except ImproperlyConfigured as error:
        yield Error(str(error), id="articles.E007")


def _storage(values) -> Iterator[Error]:
    replicas = getattr(values, "DATABASE_REPLICA_URLS", MISSING)
    if not isinstance(replicas, list | tuple) or not all(
        isinstance(url, str) for url in replicas
    ):
        yield Error(
            "DATABASE_REPLICA_URLS must be a list of database URLs.",
            id="articles.E008",
        )
    # Photos and their renditions are stored there.
    if "default" not in getattr(values, "STORAGES", {}):
        yield Error("STORAGES must have a 'default' storage.", id="articles.E008")


RULES = (_numbers, _switches, _texts, _urls, _cdn, _throttle, _storage)


def setting_errors(values) -> list[Error]:
    """The problems with `values` (django.conf.settings, or the settings
    module's namespace while it loads), in the order of RULES."""
    return [error for rule in RULES for error in rule(values)]


@register()
def app_settings(app_configs, **kwargs) -> list[Error]:
    from django.conf import settings

    return setting_errors(settings)


@register()
def renamed_variables(app_configs, **kwargs) -> list[Warning]:
    """An old name still works, until it is removed."""
    warnings = []
    for old, new in RENAMED.items():
        if old not in os.environ:
            continue
        ignored = f" ({old} is ignored: {new} is set)" if new in os.environ else ""
        warnings.append(
            Warning(
                f"{old} is deprecated: set {new} instead{ignored}.",
                id="articles.W001",
            )
        )
    return warnings


@register()
def rendition_settings(app_configs, **kwargs) -> list[Error]:
    """Catch a malformed CMS_RENDITIONS at start-up, not on the first photo."""
    from articles.imaging.specs import get_specs

    try:
        get_specs()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="articles.E001")]
    return []
