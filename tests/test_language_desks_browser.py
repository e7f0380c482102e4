"""Language desks and wire languages in Chromium (issue 23): an editor of
the French desk sees English stories marked read-only, opens one (no save,
no publish), works on a French one; an editor groups an agency's English
and French items from the wire queue. No serious or critical axe finding
(screenshots in test-artifacts/language-desks/)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from articles.models import Article, DeskLanguage, WireSource
from articles.roles import EDITOR
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import (
    CHROMIUM,
    artifacts,
    change_list_overflow,
    log_in,
    new_page,
)
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.wire import poll_source, wire_folder
from tests.helpers.wire_languages import FRENCH_HEADLINE, REUTERS, french_version

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("language-desks")


def test_a_french_desk_editor_reads_english_and_edits_french(
    browser, site, django_user_model
):
    staff = newsroom_staff(django_user_model, {"fred": EDITOR})
    DeskLanguage.objects.create(user=staff["fred"], language="fr")
    english = Article.objects.create(headline="Harbour barrier holds", slug="barrier")
    french = Article.objects.create(
        headline="La digue tient", slug="la-digue-tient", language="fr"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    desk = log_in(new_page(browser, site), "fred")
    desk.open("/admin/articles/article/")
    rows = desk.page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Harbour barrier holds")).to_contain_text("Read only")
    expect(rows.filter(has_text="La digue tient")).not_to_contain_text("Read only")
    findings = audit(desk.page, "story list, French desk")
    desk.page.screenshot(path=str(ARTIFACTS / "list.png"), full_page=True)
    overflow = change_list_overflow(desk.page)
    assert overflow["right"] <= overflow["width"] and not overflow["scrolls"], overflow

    desk.page.get_by_role("link", name="My desk's languages").click()
    expect(rows).to_have_count(1)

    desk.open(f"/admin/articles/article/{english.pk}/change/")
    expect(desk.page.locator("h1")).to_contain_text("View article")
    expect(desk.page.get_by_role("button", name="Publish now")).to_have_count(0)
    findings += audit(desk.page, "English story, French desk")
    desk.page.screenshot(path=str(ARTIFACTS / "english-read-only.png"), full_page=True)

    desk.open(f"/admin/articles/article/{french.pk}/change/")
    expect(desk.page.locator("h1")).to_contain_text("Change article")
    desk.page.fill("#id_headline", "La digue a tenu")
    desk.page.get_by_role("button", name="Save", exact=True).click()
    expect(desk.page.locator(".messagelist")).to_contain_text("La digue a tenu")
    desk.page.screenshot(path=str(ARTIFACTS / "french-saved.png"), full_page=True)
    assert Article.objects.get(pk=french.pk).headline == "La digue a tenu"
    assert [f for f in findings if f.impact in FAILING] == []
    assert desk.errors == []


def test_an_editor_groups_an_agencys_two_languages(
    browser, site, settings, tmp_path, django_user_model
):
    settings.CMS_WIRE_ROOT = tmp_path
    newsroom_staff(django_user_model, {"edith": EDITOR})
    french_version(wire_folder(tmp_path, "reuters", [REUTERS]))
    poll_source(WireSource.objects.create(name="Reuters", location="reuters"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    editor = log_in(new_page(browser, site), "edith")
    editor.open("/admin/articles/wireitem/")
    expect(editor.page.locator("#result_list tbody tr")).to_have_count(2)
    findings = audit(editor.page, "wire queue, two languages")
    editor.page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)
    french_row = editor.page.locator("#result_list tbody tr", has_text="Football")
    french_row.get_by_role("link", name="English version waiting").click()
    expect(editor.page.locator(".wire-edition-match")).to_contain_text(
        "This is the French version of “Soccer-Smiling Benitez"
    )
    findings += audit(editor.page, "wire item, French version")
    editor.page.screenshot(path=str(ARTIFACTS / "item.png"), full_page=True)
    editor.page.get_by_role(
        "button", name="Group as editions (publishes nothing)"
    ).click()

    expect(editor.page.locator(".messagelist")).to_contain_text(
        "Neither was published; both wait in the queue."
    )
    editor.page.screenshot(path=str(ARTIFACTS / "grouped.png"), full_page=True)
    french = Article.objects.get(headline=FRENCH_HEADLINE)
    assert french.edition_source.language == "en"
    assert not Article.objects.published().exists()
    assert [f for f in findings if f.impact in FAILING] == []
    assert editor.errors == []
