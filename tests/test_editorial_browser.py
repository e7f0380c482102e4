"""The editor's day in a real browser: a writer files a story with rich text
and a lead photo and submits it for review; an editor schedules it; the API
shows nothing before its time and the story after; a second editor's stale
save is refused. Screenshots of every step go to test-artifacts/editorial/
(outside git; CMS_TEST_ARTIFACTS moves them)."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Image
from articles.roles import EDITOR, WRITER
from tests.helpers.browser import (
    CHROMIUM,
    EditorPage,
    artifacts,
    log_in,
    new_page,
)
from tests.helpers.clock import let_pass
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("editorial")


@pytest.fixture
def people(transactional_db, django_user_model):
    return newsroom_staff(
        django_user_model, {"wanda": WRITER, "edith": EDITOR, "eddie": EDITOR}
    )


@pytest.fixture
def photo(transactional_db) -> Image:
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(800, 533)),
        original_filename="harbour.jpg",
        caption="The floating barrier at dawn.",
    )
    return image


class Step:
    """Numbered screenshots, one per step of the scenario."""

    def __init__(self):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def shot(self, editor: EditorPage, name: str) -> None:
        self.n += 1
        editor.page.screenshot(
            path=str(ARTIFACTS / f"{self.n:02d}-{name}.png"), full_page=True
        )


def api_status(editor: EditorPage, slug: str) -> int:
    response = editor.page.request.get(f"{editor.base_url}/api/v1/articles/{slug}/")
    return response.status


def test_a_story_from_writer_to_reader(browser, site, people, photo, time_machine):
    steps = Step()

    # The writer files a story with rich text and a lead photo.
    wanda = log_in(new_page(browser, site), "wanda")
    page = wanda.page
    wanda.open("/admin/articles/article/add/")
    # No status select; no scheduling, no publishing.
    expect(page.locator("select#id_status")).to_have_count(0)
    expect(page.locator("input[name=_publish], input[name=_schedule]")).to_have_count(0)
    page.fill("#id_headline", "Harbour barrier holds in first autumn storm")
    page.fill("#id_standfirst", "The new barrier kept the old town dry.")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("The barrier ")
    page.keyboard.press("Control+b")
    page.keyboard.type("held")
    page.keyboard.press("Control+b")
    page.keyboard.type(" through the night.")
    page.keyboard.press("Enter")
    page.keyboard.type("Engineers were relieved.")
    # The id the chooser puts in its hidden input (the chooser itself is
    # tried in tests/test_photo_chooser_browser.py).
    page.locator("#id_lead_image").evaluate(
        "(input, id) => { input.value = id; }", str(photo.pk)
    )
    steps.shot(wanda, "writer-fills-in-the-story")
    page.click("input[name=_submit_review]")
    expect(page.locator(".messagelist .success")).to_contain_text("for review")
    steps.shot(wanda, "writer-submitted-for-review")

    article = Article.objects.get()
    assert article.status == "review" and article.created_by == people["wanda"]
    assert article.lead_image == photo
    assert article.body == (
        "<p>The barrier <strong>held</strong> through the night.</p>"
        "<p>Engineers were relieved.</p>"
    )
    assert api_status(wanda, article.slug) == 404

    # An editor schedules it a few seconds ahead.
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    edith.open(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".ProseMirror[contenteditable=true] strong")).to_have_text(
        "held"
    )
    # Far enough ahead for the steps before the check on a loaded machine;
    # on PostgreSQL the test really waits for it (let_pass).
    at = timezone.localtime() + timedelta(seconds=20)
    page.fill("#id_published_at_0", at.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", at.strftime("%H:%M:%S"))
    steps.shot(edith, "editor-schedules")
    page.click("input[name=_schedule]")
    expect(page.locator(".messagelist .success")).to_contain_text("Scheduled")
    steps.shot(edith, "editor-scheduled")
    article.refresh_from_db()
    assert article.status == "scheduled"

    # Readers see nothing before the time, and the story after it.
    assert api_status(edith, article.slug) == 404
    list_page = edith.page.request.get(f"{site}/api/v1/articles/").json()
    assert list_page["results"] == []
    let_pass(article.published_at, time_machine)
    response = edith.page.request.get(f"{site}/api/v1/articles/{article.slug}/")
    assert response.status == 200
    document = response.json()
    assert document["body"][0] == {
        "type": "paragraph",
        "html": "The barrier <strong>held</strong> through the night.",
    }
    assert document["lead_image"]["id"] == photo.pk
    edith.open(f"/api/v1/articles/{article.slug}/?format=json")
    steps.shot(edith, "api-shows-the-story")

    # Two editors open the story; the first saves; the second is refused.
    eddie = log_in(new_page(browser, site), "eddie")
    edith.open(f"/admin/articles/article/{article.pk}/change/")
    eddie.open(f"/admin/articles/article/{article.pk}/change/")
    edith.page.fill("#id_standfirst", "Edith's standfirst.")
    edith.page.once("dialog", lambda dialog: dialog.accept())  # it is live
    edith.page.click("input[name=_publish]")
    expect(edith.page.locator(".messagelist .success")).to_contain_text(
        "Published the changes"
    )
    eddie.page.fill("#id_headline", "Eddie's headline")
    eddie.page.click("input[name=_continue]")
    expect(eddie.page.locator(".errornote, .errorlist.nonfield")).not_to_have_count(0)
    expect(eddie.page.locator(".errorlist.nonfield")).to_contain_text("Edith saved")
    expect(eddie.page.locator("#id_headline")).to_have_value("Eddie's headline")
    steps.shot(eddie, "second-editor-refused")

    article.refresh_from_db()
    assert article.standfirst == "Edith's standfirst."
    assert article.headline == "Harbour barrier holds in first autumn storm"
    for person in (wanda, edith, eddie):
        assert person.errors == []
        person.page.context.close()
