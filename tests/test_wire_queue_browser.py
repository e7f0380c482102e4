"""The wire queue in Chromium: an editor filters the queue by agency, opens
an item, uses it, lands on its story and follows the story's link back to
the item; no serious or critical axe finding on the queue or the item
(screenshots in test-artifacts/wire-queue/)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from articles.models import WireItem, WireSource
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import (
    CHROMIUM,
    artifacts,
    change_list_overflow,
    log_in,
    new_page,
)
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.wire import OTHER, SAMPLES, poll_source, wire_folder

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("wire-queue")


def test_an_editor_uses_a_queued_item(
    browser, site, settings, tmp_path, django_user_model
):
    settings.CMS_WIRE_ROOT = tmp_path
    staff = newsroom_staff(django_user_model)
    wire_folder(tmp_path, "desk", [SAMPLES / "ap.xml", OTHER / "IPTC7901.txt"])
    poll_source(WireSource.objects.create(name="Wire desk", location="desk"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    editor = log_in(new_page(browser, site), "edith")
    editor.open("/admin/articles/wireitem/")
    rows = editor.page.locator("#result_list tbody tr")
    expect(rows).to_have_count(4)
    findings = audit(editor.page, "wire queue")
    editor.page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)
    # At 1280 px nothing is clipped (the filters sit above the list).
    overflow = change_list_overflow(editor.page)
    assert overflow["right"] <= overflow["width"] and not overflow["scrolls"], overflow

    editor.page.get_by_role("link", name="Deutsche Presse-Agentur").click()
    expect(rows).to_have_count(1)
    editor.page.locator("#result_list tbody tr th a").click()
    expect(editor.page.locator("h1")).to_contain_text("Change wire item")
    findings += audit(editor.page, "wire item")
    editor.page.screenshot(path=str(ARTIFACTS / "item.png"), full_page=True)
    editor.page.get_by_role("button", name="Use this").click()

    expect(editor.page.locator("#id_headline")).to_have_value(
        "Germany Social Democrats: Coalition talks with Merkel could fail"
    )
    item = WireItem.objects.get(article__source_id__startswith="iptc7901:")
    assert item.used_by == staff["edith"]
    # The story's page keeps the way back to its item (not only the message).
    back = editor.page.locator(".story-wire-items")
    expect(back).to_contain_text("From the wire: the wire item (Deutsche Presse")
    editor.page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)
    back.get_by_role("link", name="the wire item", exact=True).click()
    expect(editor.page.locator("h1")).to_contain_text("Change wire item")
    assert [f for f in findings if f.impact in FAILING] == []
    assert editor.errors == []
