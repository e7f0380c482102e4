"""The story form's "Search and social" part in Chromium (issue 17, item 9):
an editor writes an SEO headline and a meta description, chooses the social
image with the photo chooser (the lead photo's caption untouched), saves, and
sees the search result and the social card previewed with the lengths against
the limits, which follow the fields as the editor types. axe-core on the
part open; screenshots in
test-artifacts/search-social/."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.photo_library import library_photo

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("search-social")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_an_editor_writes_and_previews_search_and_social(
    browser, site, transactional_db, django_user_model
):
    staff = newsroom_staff(django_user_model)
    lead = library_photo("The barrier at dawn.", shade=1, credits=("Paul Chiasson",))
    card = library_photo(
        "Crowds on the sea wall.",
        shade=7,
        credits=("Anna Smith",),
        alt_text="People watching the sea from a wall",
    )
    story = Article.objects.create(
        headline="Harbour barrier holds as the storm surge peaks overnight in the bay",
        slug="harbour-barrier-holds",
        standfirst="The floating barrier kept the old town dry.",
        body="<p>The barrier held.</p>",
        lead_image=lead,
        lead_image_caption="Our caption for the lead photo.",
        created_by=staff["edith"],
    )
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    edith.open(reverse("admin:articles_article_change", args=[story.pk]))

    page.click("fieldset.search-social summary")
    page.fill("#id_seo_headline", "Barrier holds as surge peaks")
    page.fill("#id_meta_description", "The old town stayed dry overnight.")
    page.click(".field-social_image .photo-chooser-open")
    dialog = page.locator("dialog.photo-chooser")
    expect(dialog.locator("h2")).to_have_text("Choose the social image")
    page.fill("#photo-chooser-search", "sea wall")
    page.keyboard.press("Enter")
    expect(dialog.locator(".photo-chooser__item")).to_have_count(1)
    dialog.locator(".photo-chooser__choose").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_social_image")).to_have_value(str(card.pk))
    expect(page.locator("#id_lead_image_caption")).to_have_value(
        "Our caption for the lead photo."
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    story.refresh_from_db()
    assert (story.seo_headline, story.social_image) == (
        "Barrier holds as surge peaks",
        card,
    )
    assert story.lead_image_caption == "Our caption for the lead photo."
    page.click("fieldset.search-social summary")
    result = page.locator(".search-result")
    expect(result.locator(".search-result__title")).to_have_text(
        "Barrier holds as surge peaks"
    )
    expect(result.locator(".search-result__description")).to_have_text(
        "The old town stayed dry overnight."
    )
    social = page.locator(".social-card")
    expect(social.locator(".social-card__title")).to_have_text(
        "Barrier holds as surge peaks"
    )
    expect(social.locator("img")).to_have_attribute(
        "alt", "People watching the sea from a wall"
    )
    expect(page.locator(".search-social-counts").first).to_contain_text(
        "Title: 28 of the 60 characters shown."
    )
    page.locator(".social-card").scroll_into_view_if_needed()
    shot(page, "1-preview")

    # As the editor types, before saving: the fallbacks and cuts applied.
    page.fill("#id_seo_headline", "")
    expect(result.locator(".search-result__title")).to_have_text(
        "Harbour barrier holds as the storm surge peaks overnight in…"
    )
    expect(page.locator("[data-count=title]")).to_have_text(
        "Title: 67 of the 60 characters shown: cut in results."
    )
    expect(page.locator("[data-count=title]")).to_have_class("search-social-over")
    page.fill("#id_meta_description", "")
    expect(result.locator(".search-result__description")).to_have_text(
        "The floating barrier kept the old town dry."
    )
    page.fill("#id_social_headline", "Dry old town")
    expect(social.locator(".social-card__title")).to_have_text("Dry old town")
    expect(page.locator("[data-count=social]")).to_have_text(
        "Card title: 12 of the 95 characters shown."
    )
    page.locator(".social-card").scroll_into_view_if_needed()
    shot(page, "2-typing")
    failing = [
        f for f in audit(page, "story form: search and social") if f.impact in FAILING
    ]
    assert failing == [], "\n".join(map(str, failing))
