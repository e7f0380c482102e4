"""Stale only by what an edition follows (issue 23): a source saved for its
status, its slug or its tags (nothing an edition follows) stales none of
its editions; a change to a followed field (headline, standfirst, text,
section, photo, caption, embargo) does, and a later status-only save keeps
that edition stale with the same diff. The source's save reads nothing
more for it: the followed fields come with the row it locks anyway."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.interchange.jsonl_editions import _behind
from articles.models import Article, Tag
from tests.helpers.editions import change_url, english_story
from tests.helpers.newsroom import newsroom_staff


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def edith(staff):
    client = Client()
    client.force_login(staff["edith"])
    return client


def pair(user):
    english = english_story(user)
    return english, english.make_edition("fr", "translation", user=user)


def stale_ids() -> list[int]:
    return list(Article.objects.stale().values_list("pk", flat=True))


def test_saves_of_what_editions_do_not_follow_stale_nothing(staff):
    english, french = pair(staff["edith"])

    english.publish(at=timezone.now())
    english.unpublish()
    english.slug = "harbour-barrier-holds-again"
    english.save()
    english.tags.add(Tag.objects.create(name="Ports", slug="ports"))
    english.seo_headline = "Barrier holds"
    english.save()

    french.refresh_from_db()
    assert english.revision == french.source_revision + 4  # four saves
    assert stale_ids() == []
    assert french.is_stale is False
    assert Article.objects.with_source_revision().get(pk=french.pk).is_stale is False
    assert (
        _behind(Article.objects.select_related("edition_source").get(pk=french.pk)) == 0
    )


@pytest.mark.parametrize(
    "field, value",
    [
        ("headline", "Harbour barrier breaks"),
        ("standfirst", "It broke at dawn."),
        ("body", "<p>The barrier broke.</p>"),
        ("lead_image_caption", "The street, flooded"),
        ("embargo_until", timezone.now()),
        ("lead_image", None),
        ("section", None),
    ],
)
def test_a_change_to_a_followed_field_stales_its_editions(staff, field, value):
    english, french = pair(staff["edith"])

    setattr(english, field, value)
    english.save()

    assert stale_ids() == [french.pk]
    assert Article.objects.get(pk=english.pk).followed_revision == english.revision


def test_a_stale_edition_stays_stale_through_status_saves_with_its_diff(edith, staff):
    english, french = pair(staff["edith"])
    made_from = english.revision
    english.headline = "Harbour barrier breaks"
    english.save()
    english.publish(at=timezone.now())

    page = lxml.html.fromstring(edith.get(change_url(french)).content)

    assert stale_ids() == [french.pk]
    notice = page.xpath('//div[@id="edition-stale"]')[0]
    assert f"(its revision {made_from}, now {english.revision})" in " ".join(
        notice.text_content().split()
    )
    rows = notice.xpath('.//table[contains(@class, "edition-stale-changes")]/tbody/tr')
    assert [r.xpath("./th")[0].text for r in rows] == ["Headline"]

    # Brought up to date, then the source published again: still up to date.
    french.mark_up_to_date(user=staff["edith"])
    english.unpublish()
    english.publish(at=timezone.now())
    assert stale_ids() == []


def test_a_source_saved_before_followed_changes_were_kept_still_stales(staff):
    # As every story stored before the migration: no followed revision, so
    # any later save counts, as it did (nothing stale is lost).
    english, french = pair(staff["edith"])
    Article.objects.filter(pk=english.pk).update(revision=english.revision + 1)

    assert stale_ids() == [french.pk]

    # Its next status-only save keeps it so, and starts keeping track.
    english.refresh_from_db()
    english.publish(at=timezone.now())
    assert stale_ids() == [french.pk]
    assert Article.objects.get(pk=english.pk).followed_revision == english.revision - 1


def test_the_source_s_save_costs_no_more_queries_in_a_group(staff):
    english = english_story(staff["edith"])

    def save_queries(story):
        story.refresh_from_db()
        story.standfirst += " Changed."
        with CaptureQueriesContext(connection) as queries:
            story.save()
        return len(queries)

    alone = save_queries(english)
    english.make_edition("fr", "translation", user=staff["edith"])

    assert save_queries(english) == alone
    assert stale_ids() == [english.derived_editions.get().pk]
