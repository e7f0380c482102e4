"""Figures the safety suites report: probes run and leaks found, cells and
unexpected allows, payloads and executions, and so on.

A suite calls `record("leak probes", "probes run", n)` as it goes; at the end
of the session the totals are written to test-artifacts/safety-figures.json,
which `make safety-report` prints as a table. A figure of loss or leak is only
recorded once its test has asserted it, so a failing test leaves no row.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

FIGURES: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
REPORT = Path(
    os.environ.get("SAFETY_FIGURES")
    or Path(__file__).resolve().parent.parent / "test-artifacts" / "safety-figures.json"
)


def record(suite: str, figure: str, count: int = 1) -> None:
    FIGURES[suite][figure] += count


def write_report() -> None:
    if not FIGURES:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(FIGURES, indent=2, sort_keys=True) + "\n")
