"""Making a language edition from the story admin (issue 23): the form's
language and "Editions" part, the page that makes an edition, what the new
draft copies and shares, and who may make one."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article
from tests.helpers.admin import messages_of
from tests.helpers.editions import change_url, edition_form, english_story, make_url
from tests.helpers.newsroom import newsroom_staff


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def edith(staff):
    return client_for(staff["edith"])


def make(client, story, language="fr", relation="translation"):
    return client.post(make_url(story, language), {"relation": relation})


def test_the_story_form_offers_the_languages_and_the_editions_part(edith, staff):
    story = english_story(staff["edith"])

    page = lxml.html.fromstring(edith.get(change_url(story)).content)

    options = page.xpath('//select[@name="language"]/option')
    assert [(o.get("value"), o.text) for o in options] == [
        ("en", "English (en)"),
        ("fr", "French (fr)"),
    ]
    assert page.xpath('//select[@name="language"]/option[@selected]/@value') == ["en"]
    make_link = page.xpath('//a[@class="edition-make"]')
    assert [(a.text, a.get("href")) for a in make_link] == [
        ("Make the French edition", make_url(story))
    ]
    # An original has no relation or gate to set.
    assert page.xpath('//*[@name="edition_gate"]') == []


def test_making_a_translation_copies_the_text_and_shares_photos_and_credits(
    edith, staff
):
    story = english_story(staff["edith"], embargo_until=None)
    form = lxml.html.fromstring(edith.get(make_url(story)).content)
    assert form.xpath('//input[@name="relation"]/@value') == [
        "translation",
        "adaptation",
        "independent",
    ]

    response = make(edith, story)

    story.refresh_from_db()
    french = Article.objects.get(language="fr")
    assert response.status_code == 302
    assert response["Location"] == change_url(french)
    assert messages_of(response) == [
        "Made the French edition as a draft (translation). It is not public "
        "until it is published."
    ]
    assert story.edition_group_id is not None
    assert (french.edition_group_id, french.edition_source_id) == (
        story.edition_group_id,
        story.pk,
    )
    assert (french.edition_relation, french.source_revision) == (
        "translation",
        story.revision,
    )
    assert (french.headline, french.standfirst, french.body) == (
        story.headline,
        story.standfirst,
        story.body,
    )
    assert french.status == "draft"
    assert not Article.objects.published().filter(pk=french.pk).exists()
    # The same photo rows (their credits and rights with them), credits,
    # section and tags.
    assert french.lead_image_id == story.lead_image_id
    assert list(french.body_images.all()) == list(story.body_images.all()) != []
    assert french.credit_line == story.credit_line == "By Ann Reporter"
    assert french.section_id == story.section_id
    assert list(french.tags.all()) == list(story.tags.all())
    assert french.created_by == staff["edith"]
    history = Version.objects.get_for_object(french)
    assert [v.revision.get_comment() for v in history] == [
        f"Made as the translation of the English edition (its revision {story.revision})"
    ]


def test_an_independent_edition_starts_empty_but_for_its_working_title(edith, staff):
    story = english_story(staff["edith"])

    make(edith, story, relation="independent")

    french = Article.objects.get(language="fr")
    assert (french.headline, french.standfirst, french.body) == (
        "Harbour barrier holds",
        "",
        "",
    )
    assert french.lead_image_id == story.lead_image_id
    assert french.credit_line == "By Ann Reporter"


def test_making_never_publishes_even_from_a_live_story(edith, staff):
    story = english_story(staff["edith"])
    story.publish()

    make(edith, story, relation="adaptation")

    french = Article.objects.get(language="fr")
    assert french.status == "draft"
    assert list(Article.objects.published()) == [story]


def test_a_second_edition_in_the_same_language_is_refused(edith, staff):
    story = english_story(staff["edith"])
    make(edith, story)

    response = make(edith, story)

    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    assert messages_of(response)[-1:] == [
        "That edition exists already or is not one of ours."
    ]
    assert Article.objects.filter(language="fr").count() == 1


def test_the_model_refuses_a_language_the_newsroom_does_not_publish(staff):
    from django.core.exceptions import ValidationError

    story = english_story(staff["edith"])

    with pytest.raises(ValidationError) as refused:
        story.make_edition("de", "translation")

    assert refused.value.messages == ["The newsroom does not publish in “de”."]
    with pytest.raises(ValidationError):
        story.make_edition("fr", "copy")
    assert Article.objects.count() == 1


def test_a_photo_editor_may_not_make_an_edition(staff):
    story = english_story(staff["edith"])

    response = client_for(staff["pablo"]).post(
        make_url(story), {"relation": "translation"}
    )

    assert response.status_code == 403
    assert Article.objects.count() == 1


def test_the_editions_part_lists_the_others_with_relation_and_status(edith, staff):
    story = english_story(staff["edith"])
    make(edith, story)
    french = Article.objects.get(language="fr")

    page = lxml.html.fromstring(edith.get(change_url(story)).content)
    french_page = lxml.html.fromstring(edith.get(change_url(french)).content)

    item = page.xpath('//ul[@class="edition-list"]/li')[0]
    assert " ".join(item.text_content().split()) == (
        "French Harbour barrier holds translation of this one Draft"
    )
    assert item.xpath(".//a/@href") == [change_url(french)]
    assert page.xpath('//a[@class="edition-make"]') == []
    this = french_page.xpath('//p[@class="edition-this"]')[0]
    assert " ".join(this.text_content().split()) == (
        "This edition: Translation of the English edition."
    )
    assert french_page.xpath('//select[@name="edition_gate"]/option/@value') == [
        "",
        "with_source",
    ]


def test_the_form_refuses_a_language_another_edition_has(edith, staff):
    story = english_story(staff["edith"])
    make(edith, story)
    french = Article.objects.get(language="fr")

    response = edith.post(
        change_url(french), edition_form(edith, french, language="en")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["language"] == [
        "The English edition of this story is “Harbour barrier holds”: one "
        "edition per language."
    ]
    french.refresh_from_db()
    assert french.language == "fr"


def test_a_form_without_the_language_keeps_the_story_s_own(edith, staff):
    story = english_story(staff["edith"])
    make(edith, story)
    french = Article.objects.get(language="fr")
    data = edition_form(edith, french, headline="Le barrage tient")
    del data["language"]

    response = edith.post(change_url(french), data)

    assert response.status_code == 302
    french.refresh_from_db()
    assert (french.language, french.headline) == ("fr", "Le barrage tient")
