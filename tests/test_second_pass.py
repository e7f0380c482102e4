"""The second database pass (`--second-pass`, tests/helpers/passes.py) that
.ci/run gives PostgreSQL: it leaves out exactly the tests that cannot come
out differently on another database, and keeps every other one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "tests/test_layout.py",  # no database at all
    "tests/test_schema_fuzz.py",  # marked single_pass
    "tests/test_working_drafts_browser.py",  # Chromium
    "tests/test_replicas.py",  # two need their own PostgreSQL servers
    "tests/test_restore_ids.py",  # the database throughout
]


def collected(*options: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p",
         "no:cacheprovider", "-p", "no:xdist", *options, *FILES],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {line for line in run.stdout.splitlines() if "::" in line}


def test_the_second_pass_leaves_out_only_what_no_database_can_change():
    everything = collected()
    second = collected("--second-pass")
    left_out = everything - second
    assert second < everything
    assert {t.split("::")[0] for t in left_out} == {
        "tests/test_layout.py",
        "tests/test_schema_fuzz.py",
        "tests/test_working_drafts_browser.py",
        "tests/test_replicas.py",
    }
    # The replica tests on servers of their own go; those on the run's
    # database stay.
    replicas = "tests/test_replicas.py::"
    assert {
        f"{replicas}test_a_dead_replica_costs_capacity_not_availability",
        f"{replicas}test_public_reads_come_from_the_replica_and_changes_pin"
        "_to_the_primary",
    } <= left_out
    assert {
        f"{replicas}test_reads_follow_the_request_until_it_writes",
        f"{replicas}test_the_middleware_sets_the_pin_cookie_after_a_post",
        f"{replicas}test_without_replicas_no_cookie_is_set",
    } <= second
    assert {t for t in everything if "test_restore_ids" in t} <= second
