"""Provenance in the story form (issue 22, items 6 and 7), in Chromium: the
photo chooser lists each photo's AI label and credentials state, and the
form shows them beside the lead photo, before and after choosing; Publish
refused by the rules at publish, then published by an editor's override
with a reason; axe-core on each page; screenshots in
test-artifacts/provenance-story/."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, PublishOverride, TrustBundle
from tests.helpers.accessibility import FAILING, audit
from tests.helpers.browser import CHROMIUM, artifacts, log_in, new_page
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.provenance import corpus_anchors, stored_photo

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

ARTIFACTS = artifacts("provenance-story")


@pytest.fixture
def newsroom(transactional_db, django_user_model):
    staff = newsroom_staff(django_user_model)
    TrustBundle.from_pem(corpus_anchors()).save()
    ai = stored_photo("ocsp.jpg", caption="The harbour at night")
    trusted = stored_photo("C.jpg", caption="Boats at the quay")
    altered = stored_photo("E-sig-CA.jpg", caption="Ships in the bay")
    story = Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held.</p>",
        lead_image=ai,
        created_by=staff["edith"],
    )
    return {"story": story, "ai": ai, "trusted": trusted, "altered": altered}


def test_badges_in_the_chooser_and_beside_the_lead_photo(browser, site, newsroom):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    edith.open(reverse("admin:articles_article_change", args=[newsroom["story"].pk]))

    lead = page.locator(".field-lead_image .lead-photo__current")
    expect(lead.locator(".provenance-badge")).to_have_text(
        ["AI-edited", "Credentials valid, signer not trusted"]
    )
    findings = audit(page, "story form: lead photo badges")
    lead.screenshot(path=str(ARTIFACTS / "lead-photo.png"))

    page.click(".field-lead_image .photo-chooser-open")
    dialog = page.locator("dialog.photo-chooser")
    expect(dialog.locator(".photo-chooser__item")).to_have_count(3)
    by_caption = {
        "Ships in the bay": [
            "Credentials invalid: altered after signing or unreadable"
        ],
        "Boats at the quay": ["Credentials trusted"],
        "The harbour at night": ["AI-edited", "Credentials valid, signer not trusted"],
    }
    for caption, badges in by_caption.items():
        item = dialog.locator(".photo-chooser__item", has_text=caption)
        expect(item.locator(".provenance-badge")).to_have_text(badges)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.photo-chooser__results img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    findings += audit(page, "photo chooser: provenance badges")
    page.screenshot(path=str(ARTIFACTS / "chooser.png"))

    # Choosing another photo shows its badges beside the lead photo at once.
    dialog.locator(".photo-chooser__item", has_text="Boats at the quay").locator(
        ".photo-chooser__choose"
    ).click()
    expect(lead.locator(".provenance-badge")).to_have_text(["Credentials trusted"])
    lead.screenshot(path=str(ARTIFACTS / "lead-photo-chosen.png"))

    assert edith.errors == []
    failing = [f for f in findings if f.impact in FAILING]
    assert failing == [], "\n".join(map(str, failing))


def test_a_refusal_then_an_editors_override(browser, site, newsroom):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    edith = log_in(new_page(browser, site), "edith")
    page = edith.page
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish this story now?"
    edith.open(reverse("admin:articles_article_change", args=[newsroom["story"].pk]))

    page.click("input[name=_publish]")
    refusal = page.locator("#publish-rules")
    expect(refusal).to_be_visible()
    expect(
        page.locator(".errornote + ul.errorlist, ul.errorlist.nonfield")
    ).to_contain_text("is labelled AI-edited and its caption does not say so")
    findings = audit(page, "story form: refused by the rules at publish")
    page.screenshot(path=str(ARTIFACTS / "refused.png"), full_page=False)

    page.fill("#id_publish_override_reason", "Caption names the method on the page")
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist")).to_contain_text("Published")
    override = PublishOverride.objects.get()
    assert override.reason == "Caption names the method on the page"
    assert edith.errors == []
    failing = [f for f in findings if f.impact in FAILING]
    assert failing == [], "\n".join(map(str, failing))
