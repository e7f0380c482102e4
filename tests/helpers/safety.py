"""Figures the safety suites report: probes run and leaks found, cells and
unexpected allows, payloads and executions, and so on.

A suite calls `record("leak probes", "probes run", n)` as it goes; at the end
of the session the totals are written to test-artifacts/safety-figures.json,
which `make safety-report` prints as a table (`python -m tests.helpers.safety`).
A figure of loss or leak is only recorded once its test has asserted it, so a
failing test leaves no row.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

FIGURES: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
REPORT = Path(
    os.environ.get("SAFETY_FIGURES")
    or Path(__file__).resolve().parents[2] / "test-artifacts" / "safety-figures.json"
)


def record(suite: str, figure: str, count: int = 1) -> None:
    FIGURES[suite][figure] += count


def write_report() -> None:
    if not FIGURES:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(FIGURES, indent=2, sort_keys=True) + "\n")


# Figures that count harm: every one must be zero.
HARM = {
    "leaks found",
    "serious or critical violations",
    "unexpected allows",
    "executions",
    "partial writes",
    "partial stories",
    "lost stories",
    "failures",
    "connections made",
    "notifications after rollback",
    "cache invalidations after rollback",
    "orphan rows",
    "files outside the media root",
    "requests failed outside a drop window",
    "rows lost after drops",
}


def table(figures: dict[str, dict[str, int]]) -> str:
    rows = [("suite", "figure", "value")]
    rows += [
        (suite, figure, f"{value:,}")
        for suite, values in figures.items()
        for figure, value in values.items()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "| "
        + " | ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    if not REPORT.exists():
        print(f"No figures yet: run the safety suites first ({REPORT} is missing).")
        return 1
    figures = json.loads(REPORT.read_text())
    print(table(figures))
    harm = {
        f"{suite}: {figure}": value
        for suite, values in figures.items()
        for figure, value in values.items()
        if figure in HARM and value
    }
    if harm:
        print("\nNOT ZERO: " + ", ".join(f"{k} = {v}" for k, v in harm.items()))
        return 1
    print("\nEvery figure of loss or leak is zero.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
