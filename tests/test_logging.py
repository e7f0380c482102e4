"""Structured logs with request ids (cms/observability/): the X-Request-ID
header on every response, the same id on every log record of the request, one
access line per request, and errors logged once with their traceback. Records
are captured with the real LOGGING setting (its handler writing to a buffer
instead of stderr); the last tests run the served app under gunicorn."""

from __future__ import annotations

import io
import json
import logging.config
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.tasks import task
from django.test import Client
from django.urls import path

from articles.delivery.preview import make_token
from cms.observability.log_config import logging_config
from tests.helpers.servers import MANAGE, PYTHON, ROOT, free_port

# The failing view of the error tests (pytest.mark.urls points here).


def presses_stopped(request):
    raise RuntimeError("the presses stopped")


urlpatterns = [path("boom/", presses_stopped)]


@task
def deliver_quietly() -> None:
    logging.getLogger("articles.publishing.webhooks").info("delivering")


BASE_FIELDS = {"timestamp", "level", "logger", "message", "request_id"}
ACCESS_FIELDS = BASE_FIELDS | {"method", "path", "status", "duration_ms", "client"}
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


class Captured:
    def __init__(self, buffer: io.StringIO) -> None:
        self.buffer = buffer

    def text(self) -> str:
        return self.buffer.getvalue()

    def records(self) -> list[dict]:
        # Every line must be one JSON object: json.loads fails otherwise.
        return [json.loads(line) for line in self.text().splitlines()]

    def access(self) -> list[dict]:
        return [r for r in self.records() if r["logger"] == "cms.request"]


def capture(log_format: str):
    buffer = io.StringIO()
    config = logging_config(log_format, "INFO")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    return Captured(buffer)


@pytest.fixture
def logs():
    yield capture("json")
    logging.config.dictConfig(settings.LOGGING)


@pytest.fixture
def text_logs():
    yield capture("text")
    logging.config.dictConfig(settings.LOGGING)


def utc_timestamp(value: str) -> datetime:
    assert value.endswith("Z"), value
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset().total_seconds() == 0
    return moment


# The request id -------------------------------------------------------------


def test_a_sane_incoming_id_is_echoed_and_on_the_access_line(client, logs):
    before = datetime.now(UTC)
    response = client.get("/healthz", headers={"X-Request-ID": "edge-7f.3_A"})
    assert response.status_code == 200
    assert response["X-Request-ID"] == "edge-7f.3_A"

    (line,) = logs.records()
    assert set(line) == ACCESS_FIELDS
    assert line["logger"] == "cms.request"
    assert line["level"] == "INFO"
    assert line["request_id"] == "edge-7f.3_A"
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["client"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["message"] == f"GET /healthz 200 {line['duration_ms']}ms"
    moment = utc_timestamp(line["timestamp"])
    assert before.replace(microsecond=0) <= moment <= datetime.now(UTC)


def test_without_an_incoming_id_each_request_gets_a_new_one(client, logs):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert GENERATED_ID.fullmatch(first) and GENERATED_ID.fullmatch(second)
    assert first != second
    assert [line["request_id"] for line in logs.access()] == [first, second]


@pytest.mark.parametrize(
    "hostile",
    [
        'abc\n{"level": "ERROR"}',
        "abc\r\nX-Admin: yes",
        "a" * 500,
        "a" * 201,
        "id with spaces",
        "naïve",
        "",
    ],
)
def test_a_malformed_incoming_id_is_replaced(client, logs, hostile):
    response = client.get("/healthz", headers={"X-Request-ID": hostile})
    replaced = response["X-Request-ID"]
    assert GENERATED_ID.fullmatch(replaced)
    (line,) = logs.records()
    assert line["request_id"] == replaced
    if hostile:
        assert hostile not in logs.text()


def test_the_longest_accepted_id_is_200_characters(client, logs):
    longest = "A1._-" * 40
    assert (
        client.get("/healthz", headers={"X-Request-ID": longest})["X-Request-ID"]
        == longest
    )


def test_a_cached_response_carries_its_own_request_id(client, logs, published_article):
    first = client.get("/api/v1/articles/", headers={"X-Request-ID": "reader-1"})
    second = client.get("/api/v1/articles/", headers={"X-Request-ID": "reader-2"})
    third = client.get("/api/v1/articles/")
    assert [first["X-Cache"], second["X-Cache"], third["X-Cache"]] == [
        "MISS",
        "HIT",
        "HIT",
    ]
    assert first["X-Request-ID"] == "reader-1"
    assert second["X-Request-ID"] == "reader-2"
    assert GENERATED_ID.fullmatch(third["X-Request-ID"])
    assert [line["request_id"] for line in logs.access()] == [
        "reader-1",
        "reader-2",
        third["X-Request-ID"],
    ]


def test_every_record_of_a_request_carries_its_id(client, logs, published_article):
    # The access line, and django.request's warning for a 404 (written after
    # the middleware returned), both with it; after the request, none.
    client.get("/api/v1/articles/no-such-story/", headers={"X-Request-ID": "r-404"})
    logging.getLogger("articles").info("between requests")
    records = logs.records()
    assert [(r["logger"], r["level"], r["request_id"]) for r in records] == [
        ("cms.request", "INFO", "r-404"),
        ("django.request", "WARNING", "r-404"),
        ("articles", "INFO", None),
    ]
    warning = records[1]
    assert set(warning) == BASE_FIELDS | {"status_code"}  # not the request object
    assert warning["message"] == "Not Found: /api/v1/articles/no-such-story/"


def test_records_outside_a_request_have_a_null_request_id(logs):
    logging.getLogger("articles.publishing.webhooks").warning(
        "receiver %s slow", "hooks.example"
    )
    (record,) = logs.records()
    assert set(record) == BASE_FIELDS
    assert record["request_id"] is None
    assert record["message"] == "receiver hooks.example slow"


def test_records_of_a_task_run_carry_the_task_id(logs, settings):
    # The worker (db_worker) and this backend send the same signals.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    result = deliver_quietly.enqueue()
    logging.getLogger("articles").info("after the task")
    records = {r["message"]: r for r in logs.records()}
    assert records["delivering"]["task_id"] == result.id
    assert records["delivering"]["request_id"] is None
    assert "task_id" not in records["after the task"]


# The access line ------------------------------------------------------------


def test_the_access_line_keeps_the_query_and_escapes_control_characters(client, logs):
    client.get("/healthz?page=2&q=a%0Ab", HTTP_COOKIE="sessionid=secret-cookie",
               HTTP_AUTHORIZATION="Bearer secret-token")  # fmt: skip
    (line,) = logs.access()
    assert line["path"] == "/healthz?page=2&q=a%0Ab"
    assert "secret-cookie" not in logs.text()
    assert "secret-token" not in logs.text()


@pytest.mark.parametrize("prefix", ["/api/v1/preview/", "/preview/"])
def test_a_preview_link_is_not_written_to_the_log(client, logs, article, prefix):
    token = make_token(article)
    response = client.get(f"{prefix}{token}/")
    assert response.status_code == 200
    (line,) = logs.access()
    assert line["path"] == f"{prefix}[token]/"
    assert token not in logs.text()


def test_the_client_behind_a_proxy_is_the_one_it_forwarded(client, logs, settings):
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.4"}
    settings.CMS_BEHIND_PROXY = False
    client.get("/healthz", headers=forwarded)
    settings.CMS_BEHIND_PROXY = True
    client.get("/healthz", headers=forwarded)
    # Not behind a proxy, the header is the client's own say: ignored.
    assert [line["client"] for line in logs.access()] == ["127.0.0.1", "198.51.100.4"]


def test_the_access_line_names_a_signed_in_staff_member(
    admin_client, superuser, logs, published_article
):
    admin_client.get("/admin/")
    admin_client.get("/api/v1/articles/")  # no session on the public API
    staff, public = logs.access()
    assert (staff["status"], staff["user_id"]) == (200, superuser.pk)
    assert public["status"] == 200
    assert "user_id" not in public


def test_text_format_shows_the_request_id(client, text_logs):
    client.get("/healthz", headers={"X-Request-ID": "abc-1"})
    line = text_logs.text().strip()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO cms\.request \[abc-1\] "
        r"GET /healthz 200 \d+\.\dms",
        line,
    ), line


# Errors ---------------------------------------------------------------------


@pytest.mark.urls("tests.test_logging")
def test_an_unhandled_exception_is_one_record_with_traceback_and_the_500s_id(logs):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert GENERATED_ID.fullmatch(request_id)

    records = logs.records()
    errors = [r for r in records if "exc_info" in r]
    assert len(errors) == 1
    (error,) = errors
    assert set(error) == BASE_FIELDS | {"exc_info", "status_code"}
    assert (error["logger"], error["level"]) == ("django.request", "ERROR")
    assert error["message"] == "Internal Server Error: /boom/"
    assert error["request_id"] == request_id
    assert error["status_code"] == 500
    assert error["exc_info"].startswith("Traceback (most recent call last):")
    assert "in presses_stopped" in error["exc_info"]
    assert error["exc_info"].endswith("RuntimeError: the presses stopped")
    (access,) = logs.access()
    assert (access["status"], access["request_id"]) == (500, request_id)
    assert len(records) == 2


# Configuration --------------------------------------------------------------


def settings_env(**values: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "DEBUG")}
    return {**env, "SECRET_KEY": "logging-tests-only", **values}


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LOG_FORMAT", "bogus", "LOG_FORMAT must be json or text, not 'bogus'."),
        (
            "LOG_LEVEL",
            "loud",
            "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, "
            "not 'loud'.",
        ),
    ],
)
def test_a_bad_log_setting_stops_start_up_naming_it(variable, value, message):
    done = subprocess.run(
        [PYTHON, MANAGE, "check"],
        cwd=ROOT,
        env=settings_env(**{variable: value}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in done.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "false"}, "json"),
        ({"DEBUG": "true"}, "text"),
        ({"DEBUG": "false", "LOG_FORMAT": "text"}, "text"),
        ({"DEBUG": "true", "LOG_FORMAT": " JSON "}, "json"),
    ],
)
def test_the_format_defaults_to_json_unless_debug(env, expected):
    done = subprocess.run(
        [PYTHON, "-c", "import cms.settings as s; print(s.LOG_FORMAT, s.LOGGING["
         "'handlers']['console']['formatter'])"],
        cwd=ROOT, env=settings_env(**env), capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.split() == [expected, expected]


# The served app -------------------------------------------------------------


def fetch(url: str, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers=headers)
    try:
        # Generous: a loaded machine imports the app slowly on the first request.
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_gunicorn_serving_the_app_writes_only_json_lines_with_the_request_id(
    tmp_path,
):
    """As `make serve` runs it: production settings, gunicorn's own log in JSON
    through the project's logger class, no gunicorn access log."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    (tmp_path / "static").mkdir()
    env = settings_env(
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        # No database is touched by these two pages.
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    with open(log, "w") as out:
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "cms.wsgi", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{port}", "--no-control-socket"]
            + ["--logger-class", "cms.observability.gunicorn_logger.Logger"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                # Until gunicorn listens; the request itself is sent once (a
                # retried one would be logged twice).
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)  # gunicorn is another process: poll until it answers
        status, headers = fetch(f"{base}/healthz", {"X-Request-ID": "e2e-1"})
        missing_status, missing_headers = fetch(f"{base}/nowhere", {})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)

    assert (status, headers["X-Request-ID"]) == (200, "e2e-1")
    assert missing_status == 404
    missing_id = missing_headers["X-Request-ID"]
    assert GENERATED_ID.fullmatch(missing_id)

    lines = log.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    for record in records:
        assert set(record) >= BASE_FIELDS, record
        utc_timestamp(record["timestamp"])
    by_logger = {}
    for record in records:
        by_logger.setdefault(record["logger"], []).append(record)
    assert any(
        r["message"].startswith("Booting worker") for r in by_logger["gunicorn.error"]
    )
    access = [
        {k: r[k] for k in ("request_id", "method", "path", "status", "client")}
        for r in by_logger["cms.request"]
    ]
    ours = [a for a in access if a["request_id"] in ("e2e-1", missing_id)]
    assert ours == [
        {"request_id": "e2e-1", "method": "GET", "path": "/healthz", "status": 200,
         "client": "127.0.0.1"},
        {"request_id": missing_id, "method": "GET", "path": "/nowhere",
         "status": 404, "client": "127.0.0.1"},
    ]  # fmt: skip
    (not_found,) = by_logger["django.request"]
    assert (not_found["message"], not_found["request_id"]) == (
        "Not Found: /nowhere",
        missing_id,
    )
