"""What the editions of a group share (issue 23): the same photo rows (so
their credits and rights), story credits corrected on one edition corrected
on all in one transaction with history on each, and a correction noted on
one edition noted on every other, for the desk to translate."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.api.serializers import ArticleSerializer
from articles.models import Article, Contributor, Credit, Image
from tests.helpers.admin import messages_of
from tests.helpers.editions import change_url, edition_form, english_story
from tests.helpers.newsroom import newsroom_staff


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def edith(staff):
    client = Client()
    client.force_login(staff["edith"])
    return client


@pytest.fixture
def editions(staff):
    english = english_story(staff["edith"])
    french = english.make_edition("fr", "translation", user=staff["edith"])
    return english, french


def comments(article: Article) -> list[str]:
    return [v.revision.get_comment() for v in Version.objects.get_for_object(article)]


def credits_of(article: Article) -> list[tuple[str, str, int]]:
    return [(c.contributor.name, c.role, c.position) for c in article.credits.all()]


def test_the_editions_show_the_same_photo_rows_with_their_credit(editions):
    english, french = editions
    photo = english.lead_image
    Credit.objects.filter(image=photo).update(
        contributor=Contributor.objects.create(name="Joe Lens", slug="joe-lens")
    )
    for story in editions:
        story.publish(at=timezone.now() - timedelta(minutes=5))

    documents = [
        ArticleSerializer(Article.objects.for_delivery().get(pk=story.pk)).data
        for story in editions
    ]

    assert [d["lead_image"]["id"] for d in documents] == [photo.pk, photo.pk]
    assert [d["lead_image"]["credit_line"] for d in documents] == ["Joe Lens"] * 2
    assert set(french.body_images.all()) == set(english.body_images.all())
    # Rights end for both at once: the one row's date.
    Image.objects.filter(pk=photo.pk).update(
        rights_expire_at=timezone.now() - timedelta(minutes=1)
    )
    withheld = [
        ArticleSerializer(Article.objects.for_delivery().get(pk=story.pk)).data
        for story in editions
    ]
    assert [d["lead_image"] for d in withheld] == [None, None]


def test_a_credit_corrected_on_one_edition_is_corrected_on_all(edith, editions):
    english, french = editions
    agency = Contributor.objects.create(name="Reuters", slug="reuters")
    data = edition_form(edith, english)
    data |= {
        "credits-TOTAL_FORMS": 2,
        "credits-1-contributor": agency.pk,
        "credits-1-role": "contributor",
        "credits-1-position": 1,
    }

    response = edith.post(change_url(english), data)

    assert response.status_code == 302
    assert (
        credits_of(french)
        == credits_of(english)
        == [
            ("Ann Reporter", "author", 0),
            ("Reuters", "contributor", 1),
        ]
    )
    assert "Credits corrected on the French edition too." in messages_of(response)
    assert comments(french)[0] == "Credits corrected from the English edition"
    revision = Version.objects.get_for_object(french)[0].revision
    assert revision.user.username == "edith"
    french_credits = {
        v.object_id
        for v in revision.version_set.all()
        if v.content_type.model == "credit"
    }
    assert french_credits == {str(c.pk) for c in french.credits.all()}


def test_a_byline_removed_on_the_french_edition_goes_from_the_english(edith, editions):
    english, french = editions
    data = edition_form(edith, french) | {"credits-0-DELETE": "on"}

    response = edith.post(change_url(french), data)

    assert response.status_code == 302
    assert credits_of(english) == credits_of(french) == []
    assert comments(english)[0] == "Credits corrected from the French edition"


def test_a_correction_is_noted_on_every_edition_to_translate(edith, editions):
    english, french = editions
    data = edition_form(edith, english) | {
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-kind": "correction",
        "corrections-0-note": "An earlier version gave the wrong height.",
        "corrections-0-noted_at_0": "2026-12-07",
        "corrections-0-noted_at_1": "10:15:00",
    }

    response = edith.post(change_url(english), data)

    assert response.status_code == 302
    noted = [(c.kind, c.note) for c in french.corrections.all()]
    assert noted == [("correction", "An earlier version gave the wrong height.")]
    assert french.corrections.get().noted_at == english.corrections.get().noted_at
    assert comments(french)[0] == (
        "Correction noted from the English edition, in its words: to translate"
    )
    assert list(french.corrections_to_translate()) == list(french.corrections.all())
    assert list(english.corrections_to_translate()) == []
    page = lxml.html.fromstring(edith.get(change_url(french)).content.decode())
    assert " ".join(
        page.xpath('//div[@id="edition-translate"]')[0].text_content().split()
    ) == (
        "1 correction copied from another edition, still in its words: readers "
        "see it as written there until you translate it under “Corrections and "
        "updates” below."
    )
    assert (
        lxml.html.fromstring(edith.get(change_url(english)).content).xpath(
            '//div[@id="edition-translate"]'
        )
        == []
    )

    translated = edition_form(edith, french) | {
        "corrections-0-note": "Une version précédente donnait une hauteur erronée."
    }
    edith.post(change_url(french), translated)

    assert list(french.corrections_to_translate()) == []
    # Translating is not a new correction: the English note stays as it was.
    assert [c.note for c in english.corrections.all()] == [
        "An earlier version gave the wrong height."
    ]
