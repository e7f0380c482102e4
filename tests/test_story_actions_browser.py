"""The story form's action buttons in a real browser, as a writer and an
editor: no status select; the writer submits for review and has no Publish
or Schedule; the editor previews the story on its reading page, is asked
before Publish (a "no" changes nothing), publishes, unpublishes; with
scripts off, the server asks instead. axe-core on every page changed: no
serious or critical violations. Screenshots go to test-artifacts/
story-actions/ (outside git; CMS_TEST_ARTIFACTS moves them)."""

from __future__ import annotations

import io
import json
import os
from dataclasses import asdict

import pytest
from playwright.sync_api import expect

from articles.models import Article, Contributor, Credit, Image
from articles.roles import EDITOR, WRITER
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import (
    CHROMIUM,
    PASSWORD,
    EditorPage,
    artifacts,
    log_in,
    new_page,
)
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("story-actions")


@pytest.fixture
def people(transactional_db, django_user_model):
    return newsroom_staff(django_user_model, {"wanda": WRITER, "edith": EDITOR})


@pytest.fixture
def harbour_photo(transactional_db) -> Image:
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(1200, 800, (20, 90, 160))),
        original_filename="harbour.jpg",
        caption="The floating barrier at dawn.",
        alt_text="An orange barrier across a grey harbour",
    )
    photographer = Contributor.objects.create(name="Priya Raman", slug="priya-raman")
    Credit.objects.create(image=image, contributor=photographer, role="creator")
    return image


class Record:
    """Numbered screenshots and axe findings of the scenario."""

    def __init__(self):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.n = 0
        self.findings = []

    def shot(self, page, name: str, *, axe: bool = True) -> None:
        self.n += 1
        page.screenshot(
            path=str(ARTIFACTS / f"{self.n:02d}-{name}.png"), full_page=True
        )
        if axe:
            self.findings += audit(page, name)


def answer_dialogs(editor: EditorPage, answer: bool) -> list[str]:
    """Answer every confirm dialog `answer`; the questions asked, in order."""
    asked: list[str] = []

    def handle(dialog):
        asked.append(dialog.message)
        dialog.accept() if answer else dialog.dismiss()

    editor.page.on("dialog", handle)
    return asked


def test_stories_move_by_their_buttons(browser, site, people, harbour_photo):
    record = Record()

    # The writer files a story and submits it for review.
    wanda = log_in(new_page(browser, site), "wanda")
    page = wanda.page
    wanda.open("/admin/articles/article/add/")
    expect(page.locator("select#id_status")).to_have_count(0)
    expect(page.locator("input[name=_publish], input[name=_schedule]")).to_have_count(0)
    page.fill("#id_headline", "Harbour barrier holds in first autumn storm")
    page.fill("#id_standfirst", "The new barrier kept the old town dry.")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The barrier held through the night.")
    # The counts beside the text (issue 17 item 8).
    expect(page.locator("#story-headline-count")).to_have_text(
        "43 of the 60 characters search results show."
    )
    expect(page.locator("#story-body-count")).to_have_text(
        "6 words, about 1 min to read."
    )
    record.shot(page, "writer-files-a-story")
    page.click("input[name=_submit_review]")
    expect(page.locator(".messagelist .success").first).to_contain_text(
        "Submitted “Harbour barrier holds in first autumn storm” for review."
    )
    story = Article.objects.get()
    assert story.status == "review"
    # The lead photo (the form's photo chooser is tried in its own tests).
    Article.objects.filter(pk=story.pk).update(lead_image=harbour_photo)
    expect(page.locator("td.field-status_badge .status-badge")).to_have_text(
        "In review"
    )
    record.shot(page, "writer-submitted-for-review")

    # The editor reads it on its preview page.
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    edith.open(f"/admin/articles/article/{story.pk}/change/")
    with page.expect_popup() as opened:
        page.click("td, div.readonly >> a:text-is('Preview')")
    preview = opened.value
    preview.wait_for_load_state()
    assert "/preview/" in preview.url
    expect(preview.locator("h1")).to_have_text(
        "Harbour barrier holds in first autumn storm"
    )
    expect(preview.locator(".story-standfirst")).to_have_text(
        "The new barrier kept the old town dry."
    )
    expect(preview.locator(".story-lead figcaption")).to_have_text(
        "The floating barrier at dawn. Priya Raman"
    )
    expect(preview.locator(".story-lead img")).to_have_attribute(
        "alt", "An orange barrier across a grey harbour"
    )
    expect(preview.locator(".story-body p")).to_have_text(
        "The barrier held through the night."
    )
    record.shot(preview, "editor-reads-the-preview-page")
    preview.close()

    # Publish asks first: "no" leaves it in review, "yes" publishes.
    record.shot(page, "editor-sees-the-actions")
    asked = answer_dialogs(edith, False)
    page.click("input[name=_publish]")
    assert asked == ["Publish this story now? Readers see it as soon as you confirm."]
    assert Article.objects.get().status == "review"
    # A new page answers yes from now on.
    edith.page.context.close()

    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    edith.open(f"/admin/articles/article/{story.pk}/change/")
    asked = answer_dialogs(edith, True)
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success").first).to_contain_text(
        "Published “Harbour barrier holds in first autumn storm”."
    )
    assert Article.objects.get().is_published()
    edith.open(f"/admin/articles/article/{story.pk}/change/")
    expect(page.locator(".story-state .status-badge")).to_have_text("Live")
    record.shot(page, "editor-published")

    # Unpublish, asked and confirmed.
    page.click("input[name=_unpublish]")
    expect(page.locator(".messagelist .success").first).to_contain_text(
        "Unpublished “Harbour barrier holds in first autumn storm”"
    )
    assert asked[-1].startswith("Unpublish this story?")
    assert Article.objects.get().status == "draft"
    expect(page.locator("td.field-status_badge .status-badge")).to_have_text("Draft")
    record.shot(page, "editor-unpublished")

    for person in (wanda, edith):
        assert person.errors == []
        person.page.context.close()
    failing = [f for f in record.findings if f.impact in FAILING]
    (ARTIFACTS / "axe-findings.json").write_text(
        json.dumps([asdict(f) for f in record.findings], indent=2) + "\n"
    )
    assert failing == [], "\n".join(map(str, failing))


def test_without_scripts_the_server_asks(browser, site, people):
    record = Record()
    story = Article.objects.create(
        headline="Ferry service resumes", slug="ferry", body="<p>At six.</p>"
    )
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site}/admin/articles/article/{story.pk}/change/")

    page.click("input[name=_publish]")

    expect(page.locator(".story-confirm-note")).to_contain_text(
        "Publish this story now? Readers see it as soon as you confirm."
    )
    expect(page.locator(".errornote")).to_have_count(0)
    assert Article.objects.get().status == "draft"
    record.shot(page, "no-script-server-asks", axe=False)
    page.click("input[name=_confirmed_publish]")
    expect(page.locator(".messagelist .success").first).to_contain_text(
        "Published “Ferry service resumes”."
    )
    assert Article.objects.get().is_published()
    record.shot(page, "no-script-published", axe=False)
    context.close()
