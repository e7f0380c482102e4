"""The photo chooser in Chromium, as an editor (issue 17, item 2): from the
body editor's toolbar, search the library, see credits and rights, place a
photo with its caption changed for this story, upload by picking a file and
by dropping one; from the lead photo field, choose with the keyboard alone.
axe-core on the open dialog; screenshots in test-artifacts/photo-chooser/."""

from __future__ import annotations

import base64
import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Image
from tests.helpers.accessibility import FAILING, audit, tab_to
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.corpus import CP_PHOTO
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.photo_library import library_photo

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("photo-chooser")

PAYLOAD = '<img src="x" onerror="window.__xss = 1">'

# A file dropped on the dialog, as the browser's drag and drop delivers it.
DROP = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/jpeg" }));
  const dialog = document.querySelector("dialog.photo-chooser");
  dialog.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  dialog.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
}"""


@pytest.fixture
def newsroom(transactional_db, django_user_model):
    staff = newsroom_staff(django_user_model)
    harbour = library_photo(
        "The floating barrier at dawn.",
        shade=1,
        credits=("Paul Chiasson",),
        alt_text="A floating barrier across a harbour mouth",
    )
    withheld = library_photo(
        "Storm surge over the quay.",
        shade=2,
        credits=("Anna Smith",),
        rights_expire_at=timezone.now() - timedelta(days=1),
    )
    # Markup in a caption stays text in the dialog.
    library_photo(f"{PAYLOAD} Quay at night.", shade=3)
    story = Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held.</p>",
        created_by=staff["edith"],
    )
    return {"harbour": harbour, "withheld": withheld, "story": story}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Thumbnails are made on first request: wait until each has arrived.
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.photo-chooser__results img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_an_editor_places_uploads_and_chooses_photos(browser, site, newsroom):
    harbour, withheld, story = (
        newsroom["harbour"],
        newsroom["withheld"],
        newsroom["story"],
    )
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    edith.open(reverse("admin:articles_article_change", args=[story.pk]))

    # The body editor's toolbar button opens the library.
    page.click(".ProseMirror[contenteditable=true]")
    page.keyboard.press("End")
    page.click("button.photo-chooser-toolbar")
    dialog = page.locator("dialog.photo-chooser")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".photo-chooser__item")).to_have_count(3)
    expect(dialog).to_contain_text(f"{PAYLOAD} Quay at night.")
    expired = dialog.locator(".photo-chooser__item--expired")
    expect(expired).to_contain_text("Storm surge over the quay.")
    expect(expired).to_contain_text("Anna Smith")
    expect(expired).to_contain_text("cannot be used")
    expect(expired.locator("button")).to_be_disabled()
    shot(page, "1-library")
    findings = audit(page, "photo chooser: library")

    # Search by the photographer's name; place the photo, caption changed.
    page.fill("#photo-chooser-search", "chiasson")
    page.keyboard.press("Enter")
    expect(dialog.locator(".photo-chooser__item")).to_have_count(1)
    dialog.locator(".photo-chooser__choose").click()
    expect(page.locator("#photo-chooser-caption")).to_have_value(harbour.caption)
    expect(dialog).to_contain_text("Credit: Paul Chiasson")
    page.select_option("#photo-chooser-size", "hero")
    page.fill("#photo-chooser-caption", "The barrier, an hour before the surge.")
    shot(page, "2-place")
    findings += audit(page, "photo chooser: place")
    page.click("text=Insert photo")
    expect(dialog).to_be_hidden()
    figure = page.locator(".ProseMirror[contenteditable=true] figure")
    expect(figure.locator("img")).to_have_attribute(
        "src", f"/renditions/{harbour.pk}/{harbour.rendition_version}/hero.jpeg"
    )
    expect(figure).to_contain_text("The barrier, an hour before the surge.")

    # Upload by picking a file, then by dropping one, without leaving.
    page.click("button.photo-chooser-toolbar")
    page.set_input_files("#photo-chooser-file", str(CP_PHOTO))
    first = dialog.locator(".photo-chooser__item").first
    expect(first).to_contain_text("Paul Chiasson/CP")
    expect(page.locator(".photo-chooser__status")).to_contain_text("Uploaded.")
    dropped = base64.b64encode(make_jpeg(400, 300, color=(10, 200, 10))).decode()
    page.evaluate(DROP, ["dropped.jpg", dropped])
    expect(page.locator(".photo-chooser__status")).to_contain_text("Uploaded.")
    expect(dialog.locator(".photo-chooser__item")).to_have_count(5)
    shot(page, "3-uploaded")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # The lead photo, with the keyboard alone; the expired one is skipped.
    tab_to(page, ".field-lead_image .photo-chooser-open")
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.type("barrier")
    page.keyboard.press("Enter")
    expect(dialog.locator(".photo-chooser__item")).to_have_count(1)
    tab_to(page, ".photo-chooser__choose")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_lead_image")).to_have_value(str(harbour.pk))
    expect(page.locator("#id_lead_image_caption")).to_have_value(harbour.caption)
    expect(page.locator(".field-lead_image .lead-photo__current")).to_contain_text(
        "Paul Chiasson"
    )
    shot(page, "4-lead-chosen")

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    story.refresh_from_db()
    assert story.lead_image == harbour
    assert list(story.body_images.all()) == [harbour]
    assert "<figcaption>The barrier, an hour before the surge.</figcaption>" in (
        story.body
    )
    assert Image.objects.count() == 5
    assert page.evaluate("() => window.__xss") is None
    assert withheld not in story.body_images.all()
    # The photo list: thumbnail, credit, rights and where each is used.
    edith.open(reverse("admin:articles_image_changelist"))
    row = page.locator("#result_list tr", has_text="The floating barrier at dawn.")
    expect(row.locator("td.field-where_used")).to_have_text("Harbour barrier holds")
    expect(row.locator("td.field-rights")).to_have_text("No expiry")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('#result_list img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    page.screenshot(path=str(ARTIFACTS / "5-photo-list.png"), full_page=True)
    assert edith.errors == []
    failing = [f for f in findings if f.impact in FAILING]
    assert failing == [], "\n".join(map(str, failing))
