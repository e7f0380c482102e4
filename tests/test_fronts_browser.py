"""A front in the admin, in Chromium: the editor finds a story by search for
an empty slot, drags a row into a new place and moves another with its Down
button, saves, and the API shows the new order. The page passes axe (no
serious or critical finding) and runs under the CSP with no script error;
a screenshot goes to test-artifacts/fronts/."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from articles.models import Collection, Section
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.fronts import front, story

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("fronts")


def test_an_editor_orders_a_front_by_dragging(browser, site, superuser, client):
    world = Section.objects.create(name="World", slug="world")
    first = story("Harbour wall rebuilt", section=world, hours_ago=3)
    second = story("Ferry strike ends", section=world, hours_ago=2)
    third = story("Night trains return", section=world, hours_ago=1)
    collection = front("top-stories", [first, second])
    editor = log_in(new_page(browser, site), superuser.username)
    page = editor.page
    editor.open(f"/admin/articles/collection/{collection.pk}/change/")

    # The empty row: its story found by typing part of its headline.
    page.locator("#slots-2 .field-article .select2-selection").click()
    page.locator(".select2-search__field").fill("night")
    page.locator(".select2-results__option", has_text=third.headline).click()
    # Dragged from the top to below the second row...
    below = page.locator("#slots-1").bounding_box()
    page.locator("#slots-0 .slot-handle").drag_to(
        page.locator("#slots-1"),
        target_position={"x": 10, "y": below["height"] - 4},
    )
    # ...and the new story moved up one with its button.
    page.locator("#slots-2 button.slot-move[data-direction=up]").click()
    positions = [
        page.locator(f"#slots-{n} input[name$='-position']").input_value()
        for n in range(3)
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "front-ordered.png"), full_page=True)
    findings = audit(page, "front change page")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    # slots-0 (the first story) is last now: after slots-1, then slots-2.
    assert positions == ["2", "0", "1"]
    api = client.get("/api/v1/collections/top-stories/").json()
    assert [i["headline"] for i in api["items"]] == [
        "Ferry strike ends",
        "Night trains return",
        "Harbour wall rebuilt",
    ]
    assert Collection.objects.get().slots.count() == 3
    assert [str(f) for f in findings if f.impact in FAILING] == []
    assert editor.errors == []
    page.context.close()
