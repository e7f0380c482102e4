"""Related stories in the story form, in Chromium: an editor finds a story
by search in the empty row, moves it above the one chosen before with its
Up button, publishes the changes, and the API shows them in that order.
The page passes axe (no serious or critical finding) and runs under the CSP
with no script error; a screenshot goes to test-artifacts/related/."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from articles.models import RelatedStory, Section
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.fronts import story

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("related")


def test_an_editor_chooses_and_orders_related_stories(
    browser, site, superuser, client, settings
):
    settings.CMS_RELATED_STORIES = 2  # the two chosen, no top-up
    world = Section.objects.create(name="World", slug="world")
    sport = Section.objects.create(name="Sport", slug="sport")
    harbour = story("Harbour wall rebuilt", section=world, hours_ago=3)
    ferry = story("Ferry strike ends", section=sport, hours_ago=2)
    story("Night trains return", section=sport, hours_ago=1)
    RelatedStory.objects.create(source=harbour, target=ferry, position=0)
    editor = log_in(new_page(browser, site), superuser.username)
    page = editor.page
    editor.open(f"/admin/articles/article/{harbour.pk}/change/")

    page.locator("#related_links-1 .field-target .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("night")
    page.locator(".select2-results__option", has_text="Night trains return").click()
    page.locator("#related_links-1 button.slot-move[data-direction=up]").click()
    positions = [
        page.locator(f"#related_links-{n} input[name$='-position']").input_value()
        for n in range(2)
    ]
    page.locator("#related_links-group").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "related-ordered.png"), full_page=True)
    group = page.locator("#related_links-group")
    group.screenshot(path=str(ARTIFACTS / "related-inline.png"))
    findings = audit(page, "story change page with related stories")
    page.once("dialog", lambda dialog: dialog.accept())  # "publish now?"
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Published the changes"
    )

    assert positions == ["1", "0"]
    related = client.get("/api/v1/articles/harbour-wall-rebuilt/").json()["related"]
    assert [item["headline"] for item in related] == [
        "Night trains return",
        "Ferry strike ends",
    ]
    assert [str(f) for f in findings if f.impact in FAILING] == []
    assert editor.errors == []
    page.context.close()
