"""`make test` on a machine without Redis or a PostgreSQL server (issue 16,
item 19): the tests that need one are skipped, saying which service is
missing and where it was looked for, and the run ends with a one-line notice;
CI (CMS_REQUIRE_SERVICES=1) fails them instead.

Each case is a pytest run of its own, in a subprocess, on a small test file
in tmp_path with the plugin (tests/helpers/services.py) and the services
pointed at ports where nothing listens."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.servers import ROOT, free_port

TESTS = """
import pytest

@pytest.mark.needs_redis
def test_with_redis():
    pass

@pytest.mark.needs_postgres
def test_with_postgres():
    pass

@pytest.mark.needs_redis
@pytest.mark.parametrize("n", [1, 2])
def test_with_redis_again(n):
    pass

def test_without_services():
    pass
"""


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(TESTS)
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\n")
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("CMS_", "PYTEST_"))
    }
    # Only the plugins these runs need (loading every installed one takes
    # seconds): ours and xdist's.
    environment |= {
        "PYTHONPATH": str(ROOT),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.helpers.services"]
        + ["-p", "xdist.plugin", "-p", "no:cacheprovider", "-rs"]
        + [*args, "test_sample.py"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def closed_ports() -> dict[str, str]:
    """Both services at ports of 127.0.0.1 that were free a moment ago."""
    return {
        "CMS_TEST_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "CMS_TEST_POSTGRES_URL": f"postgres://postgres@127.0.0.1:{free_port()}/postgres",
    }


def port(url: str) -> str:
    return url.rsplit(":", 1)[1].split("/")[0]


@pytest.mark.parametrize("workers", ["0", "2"])  # make test runs pytest-xdist
def test_missing_services_skip_their_tests_naming_them(tmp_path, closed_ports, workers):
    redis = port(closed_ports["CMS_TEST_REDIS_URL"])
    postgres = port(closed_ports["CMS_TEST_POSTGRES_URL"])

    done = run(tmp_path, "-n", workers, **closed_ports)

    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "1 passed, 4 skipped" in out
    assert (
        f"Redis is not running at 127.0.0.1:{redis} (set CMS_TEST_REDIS_URL to use "
        "another); .ci/run starts it"
    ) in out
    assert (
        f"PostgreSQL is not running at 127.0.0.1:{postgres} (set "
        "CMS_TEST_POSTGRES_URL to use another); .ci/run starts it"
    ) in out
    notices = [line for line in out.splitlines() if line.startswith("Not run for")]
    assert notices == [
        f"Not run for want of Redis (127.0.0.1:{redis}), PostgreSQL "
        f"(127.0.0.1:{postgres}): start them, or run .ci/run for the full suite "
        "(docs/reference/commands.md#development)."
    ]


def test_ci_fails_the_tests_whose_service_is_missing(tmp_path, closed_ports):
    redis = port(closed_ports["CMS_TEST_REDIS_URL"])

    done = run(tmp_path, "-n", "0", CMS_REQUIRE_SERVICES="1", **closed_ports)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 4 errors" in done.stdout
    assert (
        f"CMS_REQUIRE_SERVICES=1 but Redis is not running at 127.0.0.1:{redis}"
    ) in done.stdout
    assert "Not run for want of" not in done.stdout


def test_services_that_answer_run_their_tests(tmp_path, closed_ports):
    # A listening socket is all the probe asks for.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"

        done = run(tmp_path, "-n", "0", **(closed_ports | {"CMS_TEST_REDIS_URL": url}))

    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed, 1 skipped" in done.stdout
    assert "Not run for want of PostgreSQL" in done.stdout
