"""The admin in a real browser: Playwright driving Debian's Chromium against
Django's live server. One browser serves the whole session; each test gets
its own context (cookies) and logs in through the real login form."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test import RequestFactory
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from articles.models import Article, Image
from tests.conftest import make_jpeg

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip(
        "Chromium is not installed (apt-get install chromium); "
        "set CMS_REQUIRE_BROWSER=1 to fail instead of skipping.",
        allow_module_level=True,
    )

PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        # Failing here, not at import, fails these tests and lets the rest of
        # the suite run.
        pytest.fail(
            "CMS_REQUIRE_BROWSER=1 but Chromium is not installed "
            "(apt-get install chromium).",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as patch:
        # The sync API runs Playwright's asyncio loop in this thread, so Django
        # takes the test's own ORM calls for async code and refuses them with
        # SynchronousOnlyOperation. Nothing here is really concurrent.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


class EditorPage:
    """A logged-in page plus every script error it has seen."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.status == 200, path


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


@pytest.fixture
def site(transactional_db) -> Iterator[str]:
    """The project served on a free port of 127.0.0.1; yields its URL."""
    # The server thread must use this thread's connection to an in-memory
    # database, which would otherwise be a different, empty database.
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = SerialLiveServerThread(
        "127.0.0.1", StaticFilesHandler, connections_override=shared
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()


@pytest.fixture
def editor(browser: Browser, site: str, superuser) -> Iterator[EditorPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    editor = EditorPage(context.new_page(), site)
    editor.open(reverse("admin:login"))
    editor.page.fill("#id_username", superuser.username)
    editor.page.fill("#id_password", PASSWORD)
    editor.page.click("input[type=submit]")
    expect(editor.page.locator("#user-tools")).to_contain_text(superuser.username)
    yield editor
    context.close()


def loaded(photo: Locator) -> Locator:
    """Wait until the <img> has its pixels, so its box has its final size."""
    expect(photo).to_be_visible()
    photo.evaluate("img => img.decode()")
    return photo


def centre_within(marker: Locator, photo: Locator) -> tuple[float, float]:
    """Where the marker's centre sits on the photo, as fractions."""
    mark, box = marker.bounding_box(), photo.bounding_box()
    assert mark is not None and box is not None
    return (
        (mark["x"] + mark["width"] / 2 - box["x"]) / box["width"],
        (mark["y"] + mark["height"] / 2 - box["y"]) / box["height"],
    )


def test_an_editor_uploads_a_photo_and_clicks_its_focal_point(editor: EditorPage):
    page = editor.page
    editor.open(reverse("admin:articles_image_add"))
    page.set_input_files(
        "#id_file",
        {
            "name": "harbour.jpg",
            "mimeType": "image/jpeg",
            "buffer": make_jpeg(640, 480),
        },
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was added")

    photo = loaded(page.locator("img.focal-point-preview"))
    marker = page.locator(".focal-point-marker")
    assert centre_within(marker, photo) == (
        pytest.approx(0.5, abs=0.01),
        pytest.approx(0.5, abs=0.01),
    )
    box = photo.bounding_box()
    assert box is not None
    photo.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator("#id_focal_x")).to_have_value("0.250")
    expect(page.locator("#id_focal_y")).to_have_value("0.750")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed")

    image = Image.objects.get()
    assert image.focal_x == pytest.approx(0.25, abs=0.01)
    assert image.focal_y == pytest.approx(0.75, abs=0.01)

    page.reload()
    photo = loaded(page.locator("img.focal-point-preview"))
    assert centre_within(marker, photo) == (
        pytest.approx(0.25, abs=0.01),
        pytest.approx(0.75, abs=0.01),
    )
    # Typing in the inputs (the keyboard's way) moves the marker too.
    page.locator("#id_focal_x").fill("0.9")
    assert centre_within(marker, photo)[0] == pytest.approx(0.9, abs=0.01)
    assert editor.errors == []


def admin_pages(superuser) -> list[str]:
    """Every changelist, and every add page the admin offers, from the index's
    own list of models."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    pages = [reverse("admin:index")]
    for app in admin.site.get_app_list(request):
        for model in app["models"]:
            pages += [url for url in (model["admin_url"], model["add_url"]) if url]
    return pages


def test_admin_pages_run_without_script_errors(
    editor: EditorPage, superuser, published_article
):
    # A photo with a file, so the image and article pages show the picker.
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(200, 100)), original_filename="pier.jpg"
    )
    published_article.lead_image = image
    published_article.save()
    pages = [
        *admin_pages(superuser),
        reverse("admin:articles_article_change", args=[published_article.pk]),
        reverse("admin:articles_image_change", args=[image.pk]),
    ]
    assert len(pages) >= 14  # index, 7 changelists, 5 add pages, 2 change pages

    for path in pages:
        editor.open(path)
    assert editor.errors == []


def test_an_editor_credits_reuters_with_the_autocomplete(
    editor: EditorPage, section, reuters, ap
):
    story = Article.objects.create(
        headline="Harbour barrier holds", slug="harbour-barrier", section=section
    )
    page = editor.page
    editor.open(reverse("admin:articles_article_change", args=[story.pk]))
    page.click("#credits-group .add-row a")
    row = page.locator("#credits-group tr.dynamic-credits").last
    row.locator("select[name$='-role']").select_option("contributor")
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(
        "Reu"
    )
    page.locator(".select2-results__option", has_text="Reuters").click()
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist .success")).to_contain_text("was changed")
    assert list(story.credits.values_list("role", "contributor__name")) == [
        ("contributor", "Reuters")
    ]
    assert editor.errors == []


def test_editors_are_warned_of_expired_rights(editor: EditorPage, published_article):
    expired_at = (timezone.now() - timedelta(days=3)).replace(second=0, microsecond=0)
    image = published_article.lead_image
    image.rights_expire_at = expired_at
    image.save()
    when = f"{timezone.localtime(expired_at):%Y-%m-%d %H:%M}"
    warning = editor.page.locator(".messagelist .warning")

    editor.open(reverse("admin:articles_image_change", args=[image.pk]))
    expect(warning).to_have_text(
        f"The rights to this photo expired on {when}; it is withheld from "
        f"readers. It is used on: {published_article.headline}."
    )
    editor.open(reverse("admin:articles_article_change", args=[published_article.pk]))
    expect(warning).to_have_text(
        f"The lead image's rights expired on {when}; readers see this story without it."
    )
