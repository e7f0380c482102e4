"""A gated edition's `first_published_at` (issue 23) is when readers could
first see it: its gate's opening (its source's first public moment plus the
delay), or its own date or embargo when later; none while its gate holds it
with no moment; kept when its source is unpublished and published again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, EditionGroup

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def gated(delay=None) -> tuple[Article, Article]:
    group = EditionGroup.objects.create()
    english = Article.objects.create(
        headline="Election in Montreal", language="en", edition_group=group
    )
    french = Article.objects.create(
        headline="Élection à Montréal",
        language="fr",
        edition_group=group,
        edition_source=english,
        edition_relation="translation",
        edition_gate="with_source",
        gate_delay_minutes=delay,
    )
    return english, french


def first_published(article: Article):
    return Article.objects.get(pk=article.pk).first_published_at


def test_it_is_the_gate_s_opening_not_the_edition_s_own_date():
    english, french = gated(delay=30)
    french.publish(at=timezone.now() - 2 * HOUR)
    assert first_published(french) is None  # held: nobody could see it yet

    english.publish(at=timezone.now() - 10 * timedelta(minutes=1))

    opens = first_published(english) + timedelta(minutes=30)
    assert first_published(french) == opens
    assert Article.objects.get(pk=french.pk).held_until == opens


def test_a_source_scheduled_for_later_sets_it_to_that_opening():
    english, french = gated(delay=5)
    french.publish(at=timezone.now() - HOUR)
    at = timezone.now() + HOUR

    english.publish(at=at)

    assert first_published(french) == at + timedelta(minutes=5)


def test_its_own_later_date_or_embargo_wins():
    english, french = gated()
    later = timezone.now() + 2 * HOUR
    french.publish(at=later)
    english.publish(at=timezone.now() - HOUR)
    assert first_published(french) == later

    english2, embargoed = gated()
    lift = timezone.now() + 3 * HOUR
    embargoed.embargo_until = lift
    embargoed.publish(at=timezone.now() - HOUR)
    english2.publish(at=timezone.now() - HOUR)
    assert first_published(embargoed) == lift


def test_it_is_kept_when_the_source_is_unpublished_and_published_again():
    english, french = gated()
    french.publish(at=timezone.now() - 3 * HOUR)
    english.publish(at=timezone.now() - 2 * HOUR)
    first = first_published(french)
    assert first == first_published(english)

    Article.objects.get(pk=english.pk).unpublish()
    Article.objects.get(pk=english.pk).publish(at=timezone.now())

    assert first_published(french) == first
