"""Working drafts in a real browser: a writer submits changes to her live
story for review, readers still see the live version, an editor sees the
story marked in the list and the differences on its page, publishes them,
then saves and discards a draft of his own. Screenshots of every step go to
test-artifacts/working-drafts/ (outside git; CMS_TEST_ARTIFACTS moves them)."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ArticleDraft
from articles.roles import EDITOR, WRITER
from tests.helpers.browser import (
    CHROMIUM,
    EditorPage,
    artifacts,
    log_in,
    new_page,
)
from tests.helpers.newsroom import newsroom_staff

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("working-drafts")


@pytest.fixture
def people(transactional_db, django_user_model):
    return newsroom_staff(django_user_model, {"wanda": WRITER, "edith": EDITOR})


def shot(editor: EditorPage, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def headline_readers_see(editor: EditorPage, slug: str) -> str:
    url = f"{editor.base_url}/api/v1/articles/{slug}/"
    return editor.page.request.get(url).json()["headline"]


def test_a_live_story_changes_through_a_working_draft(browser, site, people):
    story = Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held through the night.</p>",
        created_by=people["wanda"],
    )
    story.publish(at=timezone.now() - timedelta(hours=1))
    change = f"/admin/articles/article/{story.pk}/change/"

    # The writer edits her live story and submits the changes for review.
    wanda = log_in(new_page(browser, site), "wanda")
    wanda.open(change)
    expect(wanda.page.locator("input[name=_publish]")).to_have_count(0)
    wanda.page.fill("#id_headline", "Harbour barrier holds in first autumn storm")
    shot(wanda, "01-writer-edits-a-live-story")
    wanda.page.click("input[name=_submit_review]")
    expect(wanda.page.locator(".messagelist .success")).to_contain_text(
        "submitted for review"
    )
    assert headline_readers_see(wanda, story.slug) == "Harbour barrier holds"

    # The editor sees it marked in the list, and the differences on its page.
    edith = log_in(new_page(browser, site), "edith")
    edith.open("/admin/articles/article/")
    badge = edith.page.locator("td.field-status_badge .status-badge")
    expect(badge).to_have_text("Live with changes in review")
    shot(edith, "02-list-marks-changes-in-review")
    edith.open(change)
    expect(edith.page.locator("#id_headline")).to_have_value(
        "Harbour barrier holds in first autumn storm"
    )
    diff = edith.page.locator(".working-draft-changes")
    expect(diff).to_contain_text("Headline")
    expect(diff.locator("ins")).to_have_text("in first autumn storm")
    shot(edith, "03-editor-sees-the-draft-and-its-diff")

    # Publishing makes the changes live, once the editor says yes.
    edith.page.once("dialog", lambda dialog: dialog.accept())
    edith.page.click("input[name=_publish]")
    expect(edith.page.locator(".messagelist .success")).to_contain_text(
        "Published the changes"
    )
    expect(badge).to_have_text("Live")
    shot(edith, "04-changes-published")
    assert headline_readers_see(edith, story.slug) == (
        "Harbour barrier holds in first autumn storm"
    )
    assert not ArticleDraft.objects.exists()

    # A draft of his own, saved, then discarded.
    edith.open(change)
    edith.page.fill("#id_standfirst", "Not ready yet.")
    edith.page.click("input[name=_continue]")
    expect(edith.page.locator("#working-draft")).to_contain_text(
        "Live with pending changes."
    )
    shot(edith, "05-editor-saves-a-draft")
    edith.page.click("input[name=_discard]")
    expect(edith.page.locator(".messagelist .success")).to_contain_text("Discarded")
    expect(edith.page.locator("#id_standfirst")).to_have_value("")
    shot(edith, "06-draft-discarded")
    assert not ArticleDraft.objects.exists()
    for person in (wanda, edith):
        assert person.errors == []
        person.page.context.close()
