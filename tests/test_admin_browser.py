"""The admin in a real browser: Playwright driving Debian's Chromium against
Django's live server. One browser serves the whole session; each test gets
its own context (cookies) and logs in through the real login form."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Locator, expect

from articles.models import Article, Image
from tests.helpers.browser import CHROMIUM, EditorPage, log_in, new_page
from tests.helpers.images import make_jpeg

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip(
        "Chromium is not installed (apt-get install chromium); "
        "set CMS_REQUIRE_BROWSER=1 to fail instead of skipping.",
        allow_module_level=True,
    )


@pytest.fixture
def editor(browser: Browser, site: str, superuser) -> Iterator[EditorPage]:
    editor = log_in(new_page(browser, site, timeout=10_000), superuser.username)
    yield editor
    editor.page.context.close()


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
