"""Someone else is here, in Chromium: an editor has a writer's story open;
the writer opening it is told who has been editing it since when, takes
over, and the editor's page says so by its next heartbeat. The writer's
typing is autosaved, her tab closes, and the reopened story offers the
changes back; restored, they are exactly what she typed, and a save removes
the copy. Screenshots of every step go to test-artifacts/edit-sessions/."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.admin import edit_sessions
from articles.models import Article, Autosave, EditLock
from tests.helpers.browser import CHROMIUM, EditorPage, artifacts, log_in, new_page
from tests.helpers.newsroom import newsroom_staff

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("edit-sessions")


@pytest.fixture
def fast_beats(monkeypatch):
    """A heartbeat every second and an autosave check every second: the
    same script and endpoints, without the test waiting half a minute."""
    monkeypatch.setattr(edit_sessions, "HEARTBEAT_EVERY", 1)
    monkeypatch.setattr(edit_sessions, "AUTOSAVE_EVERY", 1)


def shot(editor: EditorPage, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def autosaved(editor: EditorPage, story: Article, words: str) -> Autosave:
    """The story's autosave once it holds `words` (the page posts what was
    typed within a second)."""
    for _ in range(50):
        copy = Autosave.objects.filter(article=story).first()
        if copy is not None and words in copy.fields["body"][0]:
            return copy
        editor.page.wait_for_timeout(200)
    raise AssertionError(f"{words!r} was never autosaved")


def test_someone_else_is_here_and_nothing_typed_is_lost(
    browser, site, transactional_db, django_user_model, fast_beats
):
    staff = newsroom_staff(django_user_model)
    story = Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held through the night.</p>",
        created_by=staff["wanda"],
    )
    change = f"/admin/articles/article/{story.pk}/change/"

    edith = log_in(new_page(browser, site), "edith")
    edith.open(change)
    since = timezone.localtime(EditLock.objects.get().started_at).strftime("%H:%M")
    expect(edith.page.locator("#edit-session-lock")).to_be_hidden()

    # The writer finds her story open, and by whom since when.
    wanda = log_in(new_page(browser, site), "wanda")
    wanda.open(change)
    holder = wanda.page.locator("#edit-session-holder")
    expect(holder).to_have_text(f"Edith has been editing this since {since}.")
    shot(wanda, "01-writer-sees-who-is-editing")

    # She takes over; the editor's page learns it by its next heartbeat.
    wanda.page.click("input[value='Take over editing']")
    expect(wanda.page.locator(".messagelist .success")).to_contain_text(
        "You took over “Harbour barrier holds” from Edith."
    )
    expect(wanda.page.locator("#edit-session-lock")).to_be_hidden()
    shot(wanda, "02-writer-took-over")
    expect(edith.page.locator("#edit-session-holder")).to_contain_text(
        "Wanda has been editing this since"
    )
    expect(edith.page.locator("#edit-session-lock")).to_be_visible()
    shot(edith, "03-editor-told-of-the-take-over")
    edith.page.context.close()

    # Her typing is autosaved, then her tab closes unsaved.
    wanda.page.fill("#id_headline", "Harbour barrier holds in the first storm")
    editor = wanda.page.locator(".field-body .ProseMirror[contenteditable=true]")
    editor.click()
    wanda.page.keyboard.press("End")
    wanda.page.keyboard.press("Enter")
    wanda.page.keyboard.type("Crews checked it at dawn.")
    expect(wanda.page.locator("#edit-session-status")).to_contain_text("Autosaved at")
    copy = autosaved(wanda, story, "Crews checked it at dawn.")
    shot(wanda, "04-writer-typing-autosaved")
    typed_body = copy.fields["body"][0]
    wanda.page.context.close()
    assert Article.objects.get(pk=story.pk).headline == "Harbour barrier holds"

    # Reopened: the copy is offered, and restored exactly.
    again = log_in(new_page(browser, site), "wanda")
    again.open(change)
    saved_at = timezone.localtime(copy.saved_at).strftime("%H:%M")
    restore = again.page.get_by_role(
        "link", name=f"Restore unsaved changes from {saved_at}"
    )
    expect(restore).to_be_visible()
    shot(again, "05-reopened-offers-the-changes")
    restore.click()
    expect(again.page.locator("#id_headline")).to_have_value(
        "Harbour barrier holds in the first storm"
    )
    expect(
        again.page.locator(".field-body .ProseMirror[contenteditable=true]")
    ).to_contain_text("Crews checked it at dawn.")
    shot(again, "06-changes-restored")
    again.page.click("input[name=_continue]")
    expect(again.page.locator(".messagelist .success")).to_be_visible()
    shot(again, "07-saved")
    story.refresh_from_db()
    assert story.headline == "Harbour barrier holds in the first storm"
    assert story.body == typed_body
    assert not Autosave.objects.exists()
    assert again.errors == [] and wanda.errors == [] and edith.errors == []
    again.page.context.close()
