"""Shared parts of the browser tests (their fixtures, `browser` and `site`,
are in tests/conftest.py): Chromium's path and flags, a live server that
answers one request at a time, and a page that records every script error
and every Content Security Policy violation it sees. A test with a violation
on any of its pages fails (at the live server's teardown), whatever it
asserts itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, Page, expect

CHROMIUM = shutil.which("chromium")

# An assertion waits as long as a page action does (new_page's 15 s), not
# Playwright's 5 s: the live server answers one request at a time, and in CI
# it shares two cores with the other database's pass, so a heartbeat queued
# behind a page load can take longer than 5 s to show.
expect.set_options(timeout=15_000)

PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Runs in every document the page loads, before the document's own scripts:
# each violation (blocked script, style, image, frame...) is reported back.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.disposition} ${event.effectiveDirective}: ${event.blockedURI || "?"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : "")
  );
});
"""

# The pages of the test now running, checked when its live server stops.
PAGES: list[EditorPage] = []


class EditorPage:
    """A logged-in page plus every script error it has seen, and every CSP
    violation in its browser context (popups included: the admin opens its
    pickers as windows). One EditorPage per context."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        self.violations: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("console", self._console)
        context = page.context
        context.on("console", self._csp_console)
        context.expose_binding("__cspViolation", self._violation)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        PAGES.append(self)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def _csp_console(self, message) -> None:
        # Chromium also logs what no event reports (frame-ancestors, say).
        if "Content Security Policy" in message.text:
            url = message.page.url if message.page else "?"
            self.violations.append(f"{url}: {message.text}")

    def _violation(self, source, description: str) -> None:
        self.violations.append(f"{source['page'].url}: {description}")

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.status == 200, path


def new_page(browser: Browser, site: str, *, timeout: int = 15_000) -> EditorPage:
    """A page in a browser context of its own (its own cookies)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(timeout)
    return EditorPage(context.new_page(), site)


def log_in(editor: EditorPage, username: str) -> EditorPage:
    """Log `editor` in as `username` through the real login form (every test
    user's password is PASSWORD); the same page, on the admin index."""
    editor.open("/admin/login/")
    editor.page.fill("#id_username", username)
    editor.page.fill("#id_password", PASSWORD)
    editor.page.click("input[type=submit]")
    expect(editor.page.locator("#user-tools")).to_contain_text(
        username, ignore_case=True
    )
    return editor


class SerialWSGIServer(WSGIServer):
    """One request at a time. Django's threaded live server shares the test's
    in-memory SQLite connection between its request threads, and a browser
    loading a page, its scripts and its images at once makes SQLite fail
    ("bad parameter or other API misuse"). Unthreaded, Django answers with
    Connection: close, so the browser never waits on a held socket."""

    def __init__(self, *args, connections_override=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class SerialLiveServerThread(LiveServerThread):
    server_class = SerialWSGIServer


def artifacts(name: str) -> Path:
    """Where a browser scenario saves its screenshots: test-artifacts/NAME
    (git-ignored), or under CMS_TEST_ARTIFACTS."""
    root = os.environ.get("CMS_TEST_ARTIFACTS") or (
        Path(__file__).resolve().parents[2] / "test-artifacts"
    )
    return Path(root) / name


def change_list_overflow(page) -> dict:
    """Whether an admin change list fits its window: where its table (and
    its last column) ends against the window's width, and whether anything
    scrolls sideways."""
    return page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            const cells = table.querySelectorAll('tbody tr:first-child td');
            const last = cells[cells.length - 1] || table;
            const box = document.querySelector('.results') || table.parentElement;
            return {
                right: Math.max(table.getBoundingClientRect().right,
                                last.getBoundingClientRect().right),
                width: document.documentElement.clientWidth,
                scrolls: box.scrollWidth > box.clientWidth
                    || document.documentElement.scrollWidth
                       > document.documentElement.clientWidth,
            };
        }"""
    )
