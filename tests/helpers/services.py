"""The machine's services some tests need beyond Python: Redis, and a
PostgreSQL server of their own (whatever this run's database). A pytest
plugin (tests/conftest.py loads it) with one marker per service,
`needs_redis` and `needs_postgres`.

A marked test whose service does not answer is skipped with a reason that
names the service and where it was looked for, and the run ends with one
line listing what was missing: `make test` on a fresh machine passes without
them. With CMS_REQUIRE_SERVICES=1 (`.ci/run` sets it, having started them)
the same tests fail instead, so CI skips nothing."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pytest

from tests.helpers.servers import POSTGRES, REDIS_URL

REQUIRED = os.environ.get("CMS_REQUIRE_SERVICES") == "1"
# How long a connect may take before the service counts as missing: a local
# service answers in microseconds; a refused port answers at once.
PROBE_TIMEOUT = 0.5


@dataclass(frozen=True)
class Service:
    marker: str
    name: str
    url: str
    variable: str  # the environment variable that says where it is

    @property
    def address(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port}"

    @property
    def missing(self) -> str:
        """The skip (or failure) reason."""
        return (
            f"{self.name} is not running at {self.address} "
            f"(set {self.variable} to use another); .ci/run starts it"
        )


SERVICES = [
    Service("needs_redis", "Redis", REDIS_URL, "CMS_TEST_REDIS_URL"),
    Service("needs_postgres", "PostgreSQL", POSTGRES, "CMS_TEST_POSTGRES_URL"),
]


@cache  # once per process (per xdist worker): the service does not come and go
def answers(service: Service) -> bool:
    parts = urlsplit(service.url)
    try:
        socket.create_connection((parts.hostname, parts.port), PROBE_TIMEOUT).close()
    except OSError:
        return False
    return True


def pytest_configure(config: pytest.Config) -> None:
    for service in SERVICES:
        config.addinivalue_line(
            "markers",
            f"{service.marker}: needs {service.name} at {service.variable} "
            f"(default {service.address}); skipped when it is not running, "
            "failed instead with CMS_REQUIRE_SERVICES=1",
        )


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures try to connect
def pytest_runtest_setup(item: pytest.Item) -> None:
    for service in SERVICES:
        if item.get_closest_marker(service.marker) and not answers(service):
            if REQUIRED:
                pytest.fail(
                    f"CMS_REQUIRE_SERVICES=1 but {service.missing}", pytrace=False
                )
            pytest.skip(service.missing)


def missing_services(skipped_reports) -> list[Service]:
    """The services whose absence skipped at least one of these reports
    (read from the reports, which xdist's workers send to the controller)."""
    reasons = {
        str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        for report in skipped_reports
    }
    return [
        service
        for service in SERVICES
        if any(reason.endswith(service.missing) for reason in reasons)
    ]


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter) -> None:
    missing = missing_services(terminalreporter.stats.get("skipped", []))
    if missing:
        names = ", ".join(f"{s.name} ({s.address})" for s in missing)
        terminalreporter.write_line(
            f"Not run for want of {names}: start them, or run .ci/run for the "
            "full suite (docs/reference/commands.md#development).",
            yellow=True,
        )
