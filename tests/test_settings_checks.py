"""Every setting the app reads is checked: a bad value fails `manage.py
check` (and the start-up) with a message naming the setting; renamed
environment variables keep working, with a warning naming the new one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from articles.checks import app_settings, renamed_variables
from cms.env import envint
from tests.helpers.servers import manage_check

ROOT = Path(__file__).resolve().parent.parent


def test_the_settings_as_shipped_pass():
    assert app_settings(None) == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "CMS_PROXY_COUNT",
            0,
            "CMS_PROXY_COUNT must be a whole number, 1 or more; not 0.",
        ),
        (
            "CMS_SEARCH_CANDIDATES",
            "500",
            "CMS_SEARCH_CANDIDATES must be a whole number, 1 or more; not '500'.",
        ),
        (
            "CMS_IMAGE_MAX_BYTES",
            True,
            "CMS_IMAGE_MAX_BYTES must be a whole number, 1 or more; not True.",
        ),
        (
            "CMS_OUTBOUND_TIMEOUT",
            0,
            "CMS_OUTBOUND_TIMEOUT must be a whole number, 1 or more; not 0.",
        ),
        (
            "CMS_OUTBOUND_RETRY_BASE",
            -1,
            "CMS_OUTBOUND_RETRY_BASE must be a whole number, 1 or more; not -1.",
        ),
        (
            "CMS_WEBHOOK_MAX_ATTEMPTS",
            0,
            "CMS_WEBHOOK_MAX_ATTEMPTS must be a whole number, 1 or more; not 0.",
        ),
        (
            "CMS_LOGIN_COOLOFF_MINUTES",
            0,
            "CMS_LOGIN_COOLOFF_MINUTES must be a whole number, 1 or more; not 0.",
        ),
        (
            "CMS_RESPONSE_CACHE_TIMEOUT",
            -5,
            "CMS_RESPONSE_CACHE_TIMEOUT must be a whole number, 0 or more; not -5.",
        ),
        (
            "CMS_API_MAX_AGE",
            1.5,
            "CMS_API_MAX_AGE must be a whole number, 0 or more; not 1.5.",
        ),
        (
            "DATABASE_REPLICA_PIN_SECONDS",
            -1,
            "DATABASE_REPLICA_PIN_SECONDS must be a whole number, 0 or more; not -1.",
        ),
        ("CMS_HTTPS", "yes", "CMS_HTTPS must be true or false."),
        (
            "DATABASE_PREPARED_STATEMENTS",
            1,
            "DATABASE_PREPARED_STATEMENTS must be true or false.",
        ),
        (
            "CMS_PUBLICATION_NAME",
            "  ",
            "CMS_PUBLICATION_NAME must be a name, not '  '.",
        ),
        (
            "CMS_PUBLICATION_LANGUAGE",
            "English",
            "CMS_PUBLICATION_LANGUAGE must be a language tag such as en or pt-BR, "
            "not 'English'.",
        ),
        (
            "CMS_LANGUAGES",
            ["en", "fr'"],
            "CMS_LANGUAGES must be language tags such as en,fr, not ['en', \"fr'\"].",
        ),
        (
            "CMS_SEARCH_CONFIG",
            "english; drop table",
            "CMS_SEARCH_CONFIG must be a PostgreSQL text search configuration such "
            "as english, not 'english; drop table'.",
        ),
        (
            "CMS_SITE_URL",
            "cms.example.com",
            "CMS_SITE_URL must be an http:// or https:// URL, not 'cms.example.com'.",
        ),
        (
            "CMS_SITE_URL",
            "",
            "CMS_SITE_URL must be an http:// or https:// URL, not ''.",
        ),
        (
            "CMS_ARTICLE_URL",
            "https://news.example.com/{year}/{slug}/",
            "CMS_ARTICLE_URL must be a URL whose only placeholders are {slug}, "
            "{section} and {language}, not 'https://news.example.com/{year}/{slug}/'.",
        ),
        (
            "CMS_PREVIEW_URL",
            "news.example.com/preview/{token}",
            "CMS_PREVIEW_URL must be an http:// or https:// URL or a path from /, "
            "not 'news.example.com/preview/{token}'.",
        ),
        (
            "CMS_CDN_API_BASE",
            "ftp://api.example.com",
            "CMS_CDN_API_BASE must be an http:// or https:// URL, "
            "not 'ftp://api.example.com'.",
        ),
        (
            "CMS_CDN_PURGE",
            "akamai",
            "CMS_CDN_PURGE must be one of off, cloudflare, fastly, url, not 'akamai'.",
        ),
        (
            "CMS_CDN_PURGE",
            "fastly",
            "CMS_CDN_SERVICE_ID must be set when CMS_CDN_PURGE=fastly.",
        ),
        (
            "CMS_API_THROTTLE_RATE",
            "10/fortnight",
            "CMS_API_THROTTLE_RATE must be a number of requests per second, minute, "
            'hour or day, like "600/minute", or "off"; not \'10/fortnight\'.',
        ),
        (
            "CMS_API_THROTTLE_EXEMPT",
            "10.0.0.1",
            "CMS_API_THROTTLE_EXEMPT must be a list of IP addresses or networks.",
        ),
        (
            "DATABASE_REPLICA_URLS",
            "postgres://replica/news",
            "DATABASE_REPLICA_URLS must be a list of database URLs.",
        ),
        ("STORAGES", {}, "STORAGES must have a 'default' storage."),
    ],
)
def test_a_bad_value_is_refused_naming_the_setting(settings, name, value, message):
    settings.CMS_CDN_API_TOKEN = "token"  # so that only the service id is missing
    setattr(settings, name, value)

    assert [error.msg for error in app_settings(None)] == [message]


def test_a_malformed_network_is_refused_naming_the_setting(settings):
    settings.CMS_API_THROTTLE_EXEMPT = ["10.0.0.0/33"]

    [error] = app_settings(None)

    assert error.msg.startswith("CMS_API_THROTTLE_EXEMPT must list IP addresses")


def test_the_checks_run_with_manage_py_check(settings, db):
    settings.CMS_OUTBOUND_TIMEOUT = 0

    found = [e for e in run_checks() if e.id.startswith("articles.")]

    assert [(e.id, e.msg) for e in found] == [
        (
            "articles.E002",
            "CMS_OUTBOUND_TIMEOUT must be a whole number, 1 or more; not 0.",
        )
    ]


def settings_process(**env: str) -> subprocess.CompletedProcess:
    """Load cms.settings in a fresh process with `env`; it prints the
    outbound settings, old names and new."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CMS_OUTBOUND_", "CMS_WEBHOOK_"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import cms.settings as s; print(s.CMS_OUTBOUND_TIMEOUT, "
            "s.CMS_OUTBOUND_RETRY_BASE)",
        ],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({}, "10 30"),
        ({"CMS_OUTBOUND_TIMEOUT": "4", "CMS_OUTBOUND_RETRY_BASE": "7"}, "4 7"),
        ({"CMS_WEBHOOK_TIMEOUT": "5", "CMS_WEBHOOK_RETRY_BASE": "60"}, "5 60"),
        ({"CMS_OUTBOUND_TIMEOUT": "4", "CMS_WEBHOOK_TIMEOUT": "5"}, "4 30"),
    ],
)
def test_the_outbound_settings_fall_back_to_their_old_names(env, printed):
    done = settings_process(**env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == printed


def test_a_malformed_old_name_is_refused_by_its_own_name(monkeypatch):
    monkeypatch.delenv("CMS_OUTBOUND_TIMEOUT", raising=False)
    monkeypatch.setenv("CMS_WEBHOOK_TIMEOUT", "ten")

    with pytest.raises(
        ImproperlyConfigured, match="^CMS_WEBHOOK_TIMEOUT must be an integer"
    ):
        envint("CMS_OUTBOUND_TIMEOUT", 10, old_name="CMS_WEBHOOK_TIMEOUT")


def test_an_old_name_is_deprecated_naming_the_new_one(monkeypatch):
    monkeypatch.delenv("CMS_OUTBOUND_TIMEOUT", raising=False)
    monkeypatch.delenv("CMS_OUTBOUND_RETRY_BASE", raising=False)
    monkeypatch.setenv("CMS_WEBHOOK_TIMEOUT", "5")
    monkeypatch.setenv("CMS_WEBHOOK_RETRY_BASE", "60")
    monkeypatch.setenv("CMS_OUTBOUND_RETRY_BASE", "45")

    found = [(w.id, w.msg) for w in renamed_variables(None)]

    assert found == [
        (
            "articles.W001",
            "CMS_WEBHOOK_TIMEOUT is deprecated: set CMS_OUTBOUND_TIMEOUT instead.",
        ),
        (
            "articles.W001",
            "CMS_WEBHOOK_RETRY_BASE is deprecated: set CMS_OUTBOUND_RETRY_BASE "
            "instead (CMS_WEBHOOK_RETRY_BASE is ignored: CMS_OUTBOUND_RETRY_BASE "
            "is set).",
        ),
    ]


def test_without_old_names_nothing_is_deprecated(monkeypatch):
    monkeypatch.delenv("CMS_WEBHOOK_TIMEOUT", raising=False)
    monkeypatch.delenv("CMS_WEBHOOK_RETRY_BASE", raising=False)

    assert renamed_variables(None) == []


def test_a_bad_value_stops_the_start_up_naming_it(tmp_path):
    done = manage_check(
        CMS_SITE_URL="cms.example.com", DATABASE_URL=f"sqlite:///{tmp_path / 'db'}"
    )

    assert done.returncode != 0
    assert (
        "ImproperlyConfigured: CMS_SITE_URL must be an http:// or https:// URL, "
        "not 'cms.example.com'." in done.stderr
    )
