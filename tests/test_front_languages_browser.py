"""A French front in the admin, in Chromium (issue 23): the editor sets the
front's language, chooses an English story by search and is told on its row
why it is refused, then chooses its French edition and saves; the API shows
it under `?language=fr`. The page passes axe (no serious or critical
finding) with the refusal on screen; screenshots go to
test-artifacts/front-languages/."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from articles.models import Collection, Section
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.fronts import story

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("front-languages")


def pick(page, headline_part: str, headline: str) -> None:
    page.locator("#slots-0 .field-article .select2-selection").click()
    page.locator(".select2-search__field").fill(headline_part)
    page.locator(".select2-results__option", has_text=headline).click()


def test_an_editor_builds_a_french_front(browser, site, superuser, client):
    world = Section.objects.create(name="World", slug="world")
    story("Summit closes", section=world, hours_ago=2)
    french = story("Le sommet se termine", section=world, hours_ago=1,
                   language="fr", slug="summit-closes")  # fmt: skip
    editor = log_in(new_page(browser, site), superuser.username)
    page = editor.page
    editor.open("/admin/articles/collection/add/")

    page.locator("#id_name").fill("À la une")
    page.locator("#id_name").press("Tab")
    expect(page.locator("#id_slug")).to_have_value("a-la-une")  # filled in
    page.locator("#id_language").select_option("fr")
    pick(page, "summit", "Summit closes")
    page.locator("input[name=_continue]").click()

    row_error = page.locator("#slots-0 .errorlist")
    expect(row_error).to_have_text(
        "“Summit closes” is the English edition; this front is in French. "
        "Choose a story in French, or put this one on a front in English."
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "refused.png"), full_page=True)
    findings = audit(page, "front refusing a story in another language")
    assert not Collection.objects.exists()

    pick(page, "sommet", "Le sommet se termine")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("added successfully")
    page.screenshot(path=str(ARTIFACTS / "saved.png"), full_page=True)

    listed = client.get("/api/v1/collections/?language=fr").json()
    assert [(c["slug"], c["language"]) for c in listed] == [("a-la-une", "fr")]
    items = client.get("/api/v1/collections/a-la-une/").json()["items"]
    assert [i["id"] for i in items] == [french.pk]
    assert [str(f) for f in findings if f.impact in FAILING] == []
    assert editor.errors == []
    page.context.close()
