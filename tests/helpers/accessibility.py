"""axe-core (bundled by axe-playwright-python) run on a Playwright page, and
the keyboard's way round a page: Tab until focus reaches an element."""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# What fails a page: axe's two highest impacts. Minor and moderate findings
# are kept in the report for the record.
FAILING = {"serious", "critical"}

AXE = Axe()


@dataclass(frozen=True)
class Finding:
    page: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.page}: {self.rule} ({self.impact}) {self.help} at {self.targets}"


def audit(page: Page, label: str) -> list[Finding]:
    """Every axe violation on the page as it stands now."""
    results = AXE.run(page, options={"resultTypes": ["violations"]})
    return [
        Finding(
            page=label,
            rule=violation["id"],
            impact=violation["impact"] or "unknown",
            help=violation["help"],
            targets=[
                ", ".join(map(str, node["target"])) for node in violation["nodes"]
            ],
        )
        for violation in results.response["violations"]
    ]


def tab_to(page: Page, selector: str, *, limit: int = 200) -> None:
    """Press Tab (nothing else) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")
