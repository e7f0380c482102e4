"""Lists and history that read well, in Chromium at 1280 px: the article
list's headlines take at most three lines and no column is clipped; a
story's history shows its body's changes block by block, words marked; the
breadcrumbs of the history pages lead where they say. Screenshots go to
test-artifacts/readable-lists/."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
import reversion
from django.utils import timezone
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article, ArticleDraft, Contributor, Credit, Image, Section
from tests.helpers.browser import (
    CHROMIUM,
    EditorPage,
    artifacts,
    change_list_overflow,
    log_in,
    new_page,
)
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("readable-lists")

HEADLINES = [
    "Harbour barrier holds as the first autumn storm brings the highest tide in "
    "forty years to the old town",
    "Council votes to rebuild the north pier after a decade of delays and two "
    "failed tenders",
    "Ferry timetable for the winter",
    "Ministers meet fishing communities on quotas, prices and the future of the "
    "coastal fleet",
    "Lighthouse keeper's diary goes on show",
    "Rail strike called off at the last minute as talks resume overnight in the "
    "capital",
]


def shot(editor: EditorPage, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def newsroom_list(staff) -> Article:
    """Stories in every state, with long headlines, photos, nested sections
    and bylines of two people and an agency; the first one returned."""
    news = Section.objects.create(name="News", slug="news")
    coast = Section.objects.create(name="Coast and harbours", slug="coast", parent=news)
    people = [
        Contributor.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("Ana Lima", "Daniel Okafor")
    ]
    agency = Contributor.objects.create(name="Reuters", slug="reuters", kind="agency")
    now, stories = timezone.now(), []
    for n, headline in enumerate(HEADLINES):
        image, _ = Image.objects.get_or_create_for_file(
            io.BytesIO(make_jpeg(300 + n * 10, 200)), original_filename=f"{n}.jpg"
        )
        story = Article.objects.create(
            headline=headline,
            slug=f"story-{n}",
            section=coast if n % 2 else news,
            lead_image=image,
            created_by=staff["wanda"],
            updated_by=staff["edith"],
            embargo_until=now + timedelta(days=1) if n == 3 else None,
        )
        for person in people:
            Credit.objects.create(article=story, contributor=person, role="author")
        Credit.objects.create(article=story, contributor=agency, role="contributor")
        if n in (0, 3):
            story.publish(at=now - timedelta(hours=n + 1))
        if n == 1:
            story.publish(at=now + timedelta(days=2))
        if n == 0:
            ArticleDraft.objects.create(
                article=story,
                values={"headline": "x"},
                base_revision=story.revision,
                saved_at=now,
                submitted_for_review=True,
            )
        stories.append(story)
    return stories[0]


def test_the_list_reads_at_1280_and_history_marks_words(
    browser, site, transactional_db, django_user_model
):
    staff = newsroom_staff(django_user_model)
    first = newsroom_list(staff)
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    assert page.viewport_size["width"] == 1280

    edith.open("/admin/articles/article/")
    expect(page.locator("#result_list tbody tr")).to_have_count(len(HEADLINES))
    # The thumbnails load lazily: scrolled past, then all drawn.
    page.mouse.wheel(0, 2000)
    for image in page.locator("#result_list .admin-thumbnail").all():
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    page.mouse.wheel(0, -2000)
    shot(edith, "01-article-list-1280")
    lines = page.eval_on_selector_all(
        "#result_list td.field-headline, #result_list th.field-headline",
        """cells => cells.map(cell => {
            const link = cell.querySelector('a');
            const height = parseFloat(getComputedStyle(link).lineHeight);
            return Math.round(link.getBoundingClientRect().height / height);
        })""",
    )
    assert max(lines) <= 3, lines
    # Nothing clipped: the table and its last column end inside the window,
    # and nothing scrolls sideways.
    overflow = change_list_overflow(page)
    assert overflow["right"] <= overflow["width"] and not overflow["scrolls"], overflow
    row = page.locator("#result_list tbody tr", has_text=HEADLINES[0][:40])
    expect(row.locator("td.field-lead_image_thumbnail img")).to_be_visible()
    expect(row.locator("td.field-section")).to_have_text("News")
    expect(row.locator("td.field-byline")).to_contain_text("Ana Lima")
    expect(row.locator(".status-badge")).to_have_text("Live with changes in review")
    expect(row.locator("td.field-last_change")).to_contain_text("by Edith")

    # Two versions of the first story's body; the history marks the words.
    for body in (
        "<h2>The storm</h2><p>The barrier held all night.</p><p>Crews watched.</p>",
        "<h2>The first storm</h2><p>The barrier held until dawn.</p>"
        "<p>Crews watched.</p><p>Shops reopened at noon.</p>",
    ):
        with reversion.create_revision():
            story = Article.objects.get(pk=first.pk)
            story.body = body
            story.save()
    version = Version.objects.get_for_object(first).first()
    edith.open(f"/admin/articles/article/{first.pk}/history/")
    shot(edith, "02-history")
    page.get_by_role("link", name="Changes").first.click()
    assert page.url.endswith(f"/history/{version.pk}/changes/")
    diff = page.locator(".block-diff")
    expect(diff.locator(".diff-changed ins").first).to_have_text("first")
    expect(diff.locator(".diff-added ins")).to_have_text("Shops reopened at noon.")
    expect(diff.locator("del")).to_have_text(["all night."])
    shot(edith, "03-changes-by-block")

    # Every breadcrumb leads where it says.
    crumbs = page.locator(".breadcrumbs a")
    names = crumbs.all_inner_texts()
    short = " ".join(HEADLINES[0].split()[:18]) + " …"  # truncated, as Django does
    assert names == ["Home", "Newsroom", "Articles", short, "History"]
    for n in range(len(names)):
        edith.open(f"/admin/articles/article/{first.pk}/history/{version.pk}/changes/")
        page.locator(".breadcrumbs a").nth(n).click()
        expect(page.locator("#content h1, #content h2").first).to_be_visible()
        assert "Not Found" not in page.content()
    assert edith.errors == []
    edith.page.context.close()
