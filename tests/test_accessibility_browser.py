"""The editors' pages in Chromium against axe-core: no serious or critical
violation on any page a writer or an editor works on; and a writer files a
story, chooses its photo and submits it for review with the keyboard alone.
Every finding (minor ones too) goes to test-artifacts/accessibility/
axe-findings.json, screenshots beside it; the counts go to the safety
figures (`make safety-report`)."""

from __future__ import annotations

import io
import json
import os
from dataclasses import asdict
from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article, Autosave, Contributor, Image, Section, Tag
from tests.helpers.accessibility import FAILING, audit, tab_to
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.safety import record

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("accessibility")


@pytest.fixture
def newsroom(transactional_db, django_user_model):
    """The staff, and one of everything an editor's page shows."""
    staff = newsroom_staff(django_user_model)
    section = Section.objects.create(name="World", slug="world")
    Tag.objects.create(name="Harbours", slug="harbours")
    Contributor.objects.create(name="Reuters", slug="reuters", kind="agency")
    photo, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(800, 533)),
        original_filename="harbour.jpg",
        caption="The floating barrier at dawn.",
        alt_text="A floating barrier across a harbour mouth",
    )
    draft = Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held.</p>",
        section=section,
        lead_image=photo,
        created_by=staff["wanda"],
    )
    # Something in every panel of the home page, so its links and counts
    # are checked too.
    now, edith = timezone.now(), staff["edith"]
    for headline, fields in {
        "Storm warning for the coast": {"status": "review"},
        "Council votes on the harbour plan": {
            "status": "scheduled",
            "published_at": now + timedelta(hours=3),
        },
        "Ministers meet on fishing quotas": {
            "status": "published",
            "published_at": now - timedelta(hours=1),
            "embargo_until": now + timedelta(hours=5),
        },
        "Ferry timetable for the winter": {
            "status": "published",
            "published_at": now - timedelta(hours=2),
        },
    }.items():
        Article.objects.create(
            headline=headline, slug=slugify(headline), created_by=edith, **fields
        )
    Image.objects.filter(pk=photo.pk).update(rights_expire_at=now + timedelta(days=5))
    # Two versions, so the history's changes page has a body diff; and an
    # autosave each, so the story's page offers it back (edit_sessions.py).
    for body in (
        "<p>The barrier held.</p>",
        "<h2>Storm</h2><p>The barrier held again.</p>",
    ):
        with reversion.create_revision():
            draft.body = body
            draft.save()
    for username in ("wanda", "edith"):
        Autosave.objects.keep(staff[username], draft.pk, {"headline": ["Typed"]}, now)
    return {"staff": staff, "photo": photo, "draft": draft}


def editor_pages(draft: Article, photo: Image) -> dict[str, str]:
    return {
        "home": reverse("admin:index"),
        "article list": reverse("admin:articles_article_changelist"),
        "article add": reverse("admin:articles_article_add"),
        "article change": reverse("admin:articles_article_change", args=[draft.pk]),
        "article history": reverse("admin:articles_article_history", args=[draft.pk]),
        # Someone else is here (wanda's lock, for edith) and the autosave on
        # offer, then restored; a version's changes block by block.
        "article change, restored": reverse(
            "admin:articles_article_change", args=[draft.pk]
        )
        + "?restore_autosave=1",
        "article version changes": reverse(
            "admin:articles_article_version_changes",
            args=[draft.pk, Version.objects.get_for_object(draft).first().pk],
        ),
        "photo list": reverse("admin:articles_image_changelist"),
        "photo add": reverse("admin:articles_image_add"),
        "photo change": reverse("admin:articles_image_change", args=[photo.pk]),
        "contributor list": reverse("admin:articles_contributor_changelist"),
        "section list": reverse("admin:articles_section_changelist"),
        "tag list": reverse("admin:articles_tag_changelist"),
    }


def test_every_editor_page_passes_axe(browser, site, newsroom):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = editor_pages(newsroom["draft"], newsroom["photo"])
    findings = []
    for username in ("wanda", "edith"):
        editor = log_in(new_page(browser, site), username)
        for label, path in pages.items():
            editor.open(path)
            findings += audit(editor.page, f"{username}: {label} ({path})")
        editor.open(pages["home"])
        editor.page.screenshot(
            path=str(ARTIFACTS / f"home-{username}.png"), full_page=True
        )
        assert editor.errors == []
        editor.page.context.close()

    (ARTIFACTS / "axe-findings.json").write_text(
        json.dumps([asdict(f) for f in findings], indent=2) + "\n"
    )
    failing = [f for f in findings if f.impact in FAILING]
    assert failing == [], "\n".join(map(str, failing))
    record("accessibility", "pages checked with axe", 2 * len(pages))
    record("accessibility", "serious or critical violations", len(failing))


def test_a_writer_files_a_story_with_the_keyboard_alone(browser, site, newsroom):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    photo = newsroom["photo"]
    wanda = log_in(new_page(browser, site), "wanda")
    page = wanda.page
    wanda.open(reverse("admin:articles_article_add"))

    tab_to(page, "#id_headline")
    page.keyboard.type("Ferry service resumes after the storm")
    tab_to(page, ".ProseMirror[contenteditable=true]")
    page.keyboard.type("The first ferry left at six.")
    page.keyboard.press("Enter")
    page.keyboard.type("Passengers cheered.")

    # The photo, chosen in the library's window with Tab and Enter.
    tab_to(page, "#lookup_id_lead_image")
    with page.expect_popup() as opened:
        page.keyboard.press("Enter")
    library = opened.value
    library.wait_for_load_state()
    tab_to(library, f"#result_list a[data-popup-opener='{photo.pk}']")
    with library.expect_event("close"):
        try:
            library.keyboard.press("Enter")
        except PlaywrightError:
            # The window closes on the key going down, before it comes up.
            assert library.is_closed()
    expect(page.locator("#id_lead_image")).to_have_value(str(photo.pk))

    page.screenshot(path=str(ARTIFACTS / "keyboard-filled-in.png"), full_page=True)
    tab_to(page, "input[name=_submit_review]")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist .success")).to_contain_text("for review")
    page.screenshot(path=str(ARTIFACTS / "keyboard-submitted.png"), full_page=True)

    story = Article.objects.get(headline="Ferry service resumes after the storm")
    assert (story.status, story.lead_image, story.created_by) == (
        "review",
        photo,
        newsroom["staff"]["wanda"],
    )
    assert story.slug == "ferry-service-resumes-after-the-storm"
    assert story.body == "<p>The first ferry left at six.</p><p>Passengers cheered.</p>"
    assert wanda.errors == []
    record("accessibility", "keyboard-only scenarios passed", 1)
