"""The Content Security Policy in a real browser: Chromium enforces it, and
the admin (login, index, change lists with thumbnails, the body editor, the
focal point picker, the image picker's popup) and the API docs all work
under it with not one violation. tests/helpers/browser.py records every violation,
in every browser test (so test_admin_browser.py's autocomplete test checks
that one too); these tests walk the pages that most depend on scripts and
styles."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from articles.models import Article, Image
from tests.helpers.browser import CHROMIUM, EditorPage, log_in, new_page
from tests.helpers.images import make_jpeg

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)


@pytest.fixture
def editor(browser: Browser, site: str, superuser) -> Iterator[EditorPage]:
    editor = log_in(new_page(browser, site), superuser.username)
    yield editor
    editor.page.context.close()


@pytest.fixture
def harbour(transactional_db) -> Image:
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(640, 480)),
        original_filename="harbour.jpg",
        alt_text="The harbour at dawn",
    )
    return image


def clean(editor: EditorPage) -> None:
    assert editor.violations == []
    assert editor.errors == []


def test_the_policy_is_enforced_and_every_violation_is_recorded(editor):
    # An injected inline script (what an XSS would be) does not run.
    editor.open(reverse("admin:index"))
    ran = editor.page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.body.append(script);
            return window.__ran === true;
        }"""
    )
    editor.page.wait_for_timeout(100)  # the report reaches Python

    assert ran is False
    assert any("enforce script-src-elem: inline" in v for v in editor.violations), (
        editor.violations
    )
    editor.violations.clear()  # expected here; any other fails the test
    editor.errors.clear()


def test_logging_in_and_the_index(editor):
    # The fixture logged in through the form (login page, POST, redirect).
    expect(editor.page.locator("#content-main .app-articles")).to_be_visible()
    # The dark-mode toggle is Django's own script (admin/js/theme.js).
    editor.page.click("#header button.theme-toggle")
    assert editor.page.evaluate("document.documentElement.dataset.theme")
    clean(editor)


def test_the_article_change_list_shows_thumbnails(editor, published_article, harbour):
    published_article.lead_image = harbour
    published_article.save()

    editor.open(reverse("admin:articles_article_changelist"))
    thumbnail = editor.page.locator("td.field-lead_image_thumbnail img")
    expect(thumbnail).to_have_class("admin-thumbnail")
    thumbnail.evaluate("img => img.decode()")
    box = thumbnail.bounding_box()
    assert box is not None
    # Sized by the stylesheet (a 320 × 180 rendition, at most 64px wide in
    # the article list: articles/static/articles/admin/article-list.css).
    assert box["width"] == pytest.approx(64, abs=1)
    assert box["height"] == pytest.approx(64 * 180 / 320, abs=1)
    badge = editor.page.locator("td.field-status_badge .status-badge")
    expect(badge).to_have_text("Live")
    expect(badge).to_have_css("background-color", "rgb(220, 252, 231)")
    editor.open(reverse("admin:articles_image_changelist"))
    expect(editor.page.locator(".field-list_thumbnail img")).to_be_visible()
    clean(editor)


def test_the_body_editor_types_and_saves(editor, section, harbour):
    story = Article.objects.create(
        headline="Harbour barrier holds", slug="harbour-barrier", section=section
    )
    page = editor.page
    editor.open(reverse("admin:articles_article_change", args=[story.pk]))
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The barrier ")
    page.keyboard.press("Control+b")
    page.keyboard.type("held")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    # The editor's own stylesheet (a <style> it adds, allowed by its hash).
    expect(page.locator(".ProseMirror[contenteditable=true]")).to_have_css(
        "white-space", "break-spaces"
    )

    # The image picker opens the image list in a window and fills the field.
    with page.expect_popup() as popup_info:
        page.click("#lookup_id_lead_image")
    popup = popup_info.value
    popup.locator(f"a[data-popup-opener='{harbour.pk}']").first.click()
    expect(page.locator("#id_lead_image")).to_have_value(str(harbour.pk))
    if not popup.is_closed():
        popup.wait_for_event("close")

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed")
    story.refresh_from_db()
    assert story.body == "<p>The barrier <strong>held</strong>.</p>"
    assert story.lead_image == harbour
    expect(page.locator("img.admin-preview")).to_be_visible()
    clean(editor)


def test_the_focal_point_picker(editor, harbour):
    page = editor.page
    editor.open(reverse("admin:articles_image_change", args=[harbour.pk]))
    photo = page.locator("img.focal-point-preview")
    expect(photo).to_be_visible()
    photo.evaluate("img => img.decode()")
    box = photo.bounding_box()
    assert box is not None
    assert box["height"] == pytest.approx(300, abs=1)  # the stylesheet's limit

    photo.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator("#id_focal_x")).to_have_value("0.250")
    expect(page.locator("#id_focal_y")).to_have_value("0.750")
    # The marker is placed by script (element.style), which CSP allows.
    mark = page.locator(".focal-point-marker").bounding_box()
    assert mark is not None
    assert mark["x"] + mark["width"] / 2 - box["x"] == pytest.approx(
        box["width"] * 0.25, abs=2
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed")
    harbour.refresh_from_db()
    assert (harbour.focal_x, harbour.focal_y) == (
        pytest.approx(0.25, abs=0.001),
        pytest.approx(0.75, abs=0.001),
    )
    clean(editor)


def test_the_api_docs_list_every_operation_and_run_one(
    browser, site, published_article
):
    reader = new_page(browser, site)
    page = reader.page
    schema = page.request.get(f"{site}/api/v1/schema/?format=json").json()
    operations = sum(
        method in ("get", "post", "put", "patch", "delete")
        for path in schema["paths"].values()
        for method in path
    )

    reader.open("/api/v1/docs/")
    expect(page.locator(".opblock")).to_have_count(operations)
    assert operations >= 10
    # Try one: Swagger UI fetches the API from the page (connect-src 'self').
    listing = page.locator(".opblock-get", has_text="/api/v1/articles/").first
    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    expect(
        listing.locator(".live-responses-table tbody .response-col_status")
    ).to_have_text("200")
    expect(listing.locator(".live-responses-table")).to_contain_text(
        published_article.headline
    )
    clean(reader)
    page.context.close()


def test_the_browsable_api(browser, site, published_article):
    reader = new_page(browser, site)
    reader.open("/api/v1/articles/")
    expect(reader.page.locator(".response-info")).to_contain_text(
        published_article.slug
    )
    clean(reader)
    reader.page.context.close()
