"""Publish changes at a chosen time, in a real browser: an editor changes a
live story, is refused a time already past, schedules the changes, sees them marked on
the page and in the list, unschedules and schedules them again; readers see
the old version until the time and the new one from it, with no worker
running. axe-core on each page. Screenshots of every step go to
test-artifacts/scheduled-drafts/ (outside git; CMS_TEST_ARTIFACTS moves them)."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ArticleDraft
from articles.roles import EDITOR
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import CHROMIUM, EditorPage, artifacts, log_in, new_page
from tests.helpers.newsroom import newsroom_staff

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("scheduled-drafts")


@pytest.fixture
def people(transactional_db, django_user_model):
    return newsroom_staff(django_user_model, {"edith": EDITOR})


def shot(editor: EditorPage, name: str, findings: list) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    findings += [f for f in audit(editor.page, name) if f.impact in FAILING]


def headline_readers_see(editor: EditorPage, slug: str) -> str:
    url = f"{editor.base_url}/api/v1/articles/{slug}/"
    return editor.page.request.get(url).json()["headline"]


def field_time(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def test_changes_published_at_a_chosen_time(browser, site, people, time_machine):
    story = Article.objects.create(
        headline="Ferry timetable for the winter",
        slug="ferry-timetable",
        body="<p>Ferries run every hour.</p>",
    )
    story.publish(at=timezone.now() - timedelta(hours=1))
    change = f"/admin/articles/article/{story.pk}/change/"
    findings: list = []

    edith = log_in(new_page(browser, site), "edith")
    edith.open(change)
    edith.page.fill("#id_headline", "Ferry timetable for the winter, from Monday")
    # A time already past is refused, the form kept.
    edith.page.fill(
        "#id_publish_changes_at", field_time(timezone.now() - timedelta(hours=1))
    )
    edith.page.click("input[name=_publish_at]")
    expect(edith.page.locator(".publish-at-errors")).to_contain_text(
        "Choose a time still to come"
    )
    expect(edith.page.locator("#id_headline")).to_have_value(
        "Ferry timetable for the winter, from Monday"
    )
    shot(edith, "01-a-past-time-is-refused", findings)

    moment = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    edith.page.fill("#id_publish_changes_at", field_time(moment))
    edith.page.click("input[name=_publish_at]")
    expect(edith.page.locator(".messagelist .success")).to_contain_text(
        "Scheduled the changes"
    )
    shown = f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    edith.open(change)
    expect(edith.page.locator("#working-draft")).to_contain_text(
        f"Changes scheduled for {shown}"
    )
    shot(edith, "02-changes-scheduled", findings)

    edith.open("/admin/articles/article/")
    badge = edith.page.locator("td.field-status_badge .status-badge")
    expect(badge).to_have_text(f"Live, changes scheduled for {shown}")
    shot(edith, "03-list-says-scheduled", findings)

    # Unscheduled: kept as a draft; then scheduled again, the time in the box.
    edith.open(change)
    edith.page.click("input[name=_unschedule]")
    expect(edith.page.locator(".messagelist .success")).to_contain_text(
        "no longer scheduled"
    )
    expect(edith.page.locator("#working-draft")).to_contain_text(
        "Live with pending changes."
    )
    shot(edith, "04-unscheduled", findings)
    edith.page.fill("#id_publish_changes_at", field_time(moment))
    edith.page.click("input[name=_publish_at]")
    expect(edith.page.locator(".messagelist .success")).to_contain_text(
        "Scheduled the changes"
    )
    assert headline_readers_see(edith, story.slug) == "Ferry timetable for the winter"

    # The time comes; no worker runs: the next reader gets the new version.
    time_machine.move_to(moment, tick=True)
    assert headline_readers_see(edith, story.slug) == (
        "Ferry timetable for the winter, from Monday"
    )
    assert not ArticleDraft.objects.exists()
    edith.open(change)
    expect(edith.page.locator(".story-state .status-badge")).to_have_text("Live")
    shot(edith, "05-published-at-its-time", findings)

    assert findings == []
    assert edith.errors == []
    edith.page.context.close()
