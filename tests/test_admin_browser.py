"""The admin in a real browser: Playwright driving Debian's Chromium against
Django's live server."""

from __future__ import annotations

import os
import shutil

import pytest

from articles.models import Image
from tests.conftest import CORPUS

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip(
        "Chromium is not installed (apt-get install chromium); CI installs it.",
        allow_module_level=True,
    )

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

PASSWORD = "correct horse battery staple"
CP_PHOTO = CORPUS / "images" / "agency-metadata" / "cp.jpg"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread, which Django
    # would otherwise take for async code and refuse database access from.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM or "/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def editor_page(browser, live_server, superuser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Newsroom CMS")
    page.errors = errors
    yield page
    context.close()


def test_an_editor_uploads_a_photo_and_sets_its_focal_point(
    editor_page: Page, live_server, tmp_path
):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/image/add/")
    page.set_input_files("#id_file", str(CP_PHOTO))
    page.click("input[name=_continue]")

    # The file's metadata filled the form in.
    expect(page.locator("#id_caption")).to_have_value(
        "The Montreal Police logo is seen on a police car in Montreal on Wednesday, "
        "July 8, 2020. THE CANADIAN PRESS/Paul Chiasson"
    )
    photo = page.locator("img.focal-point-preview")
    expect(photo).to_be_visible()
    photo.evaluate("img => img.decode()")
    box = photo.bounding_box()
    photo.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator("#id_focal_x")).to_have_value("0.250")
    page.click("input[name=_continue]")

    image = Image.objects.get()
    assert image.focal_x == pytest.approx(0.25, abs=0.01)
    assert image.focal_y == pytest.approx(0.75, abs=0.01)
    marker = page.locator(".focal-point-marker")
    expect(marker).to_be_visible()
    assert marker.evaluate("m => m.style.left") == "25%"
    page.screenshot(path=str(tmp_path / "focal-point.png"))
    assert page.errors == []


def test_admin_pages_run_without_script_errors(
    editor_page: Page, live_server, published_article
):
    page = editor_page
    for path in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{published_article.pk}/change/",
        "/admin/articles/image/",
        "/admin/articles/image/add/",
        f"/admin/articles/image/{published_article.lead_image_id}/change/",
        "/admin/articles/contributor/",
        "/admin/articles/section/",
        "/admin/articles/tag/",
        "/api/v1/docs/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert page.errors == []


def test_credits_are_added_with_the_contributor_autocomplete(
    editor_page: Page, live_server, article, ap
):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.click("#credits-group .add-row a")
    row = page.locator("#credits-group tr.dynamic-credits").last
    row.locator("select[name$='-role']").select_option("author")
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Associated")
    page.locator(".select2-results__option", has_text="The Associated Press").click()
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert list(article.credits.values_list("role", "contributor__name")) == [
        ("contributor", "Reuters"),
        ("author", "The Associated Press"),
    ]
