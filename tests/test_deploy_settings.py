"""Production settings from the environment alone: `check --deploy` clean,
HTTPS enforced where it is on, health checks reachable over plain HTTP."""

from __future__ import annotations

from django.test import Client, override_settings

from tests.helpers.servers import manage_check

PRODUCTION = {
    "DEBUG": "false",
    "CMS_HTTPS": "true",
    "SECRET_KEY": "a-long-random-secret-for-this-test-" + "x" * 40,
    "ALLOWED_HOSTS": "news.example.com",
}


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = manage_check(
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db'}",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_REDIRECT_EXEMPT": [r"^healthz$", r"^readyz$"],
}


@override_settings(**HTTPS)
def test_plain_http_is_redirected_and_https_gets_hsts(db):
    client = Client()

    plain = client.get("/api/v1/articles/")
    secure = client.get("/api/v1/articles/", HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/api/v1/articles/"
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@override_settings(**HTTPS)
def test_load_balancers_probe_health_over_plain_http(db):
    client = Client()

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
