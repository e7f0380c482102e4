"""The one transition: each write works out once what it did for readers,
and sends it once, to every listener."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles.interchange.story import Story
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, Withdrawal
from articles.publishing.transitions import (
    Change,
    Visibility,
    story_changed,
    transition,
)

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
PUBLIC = Visibility("published", NOW - HOUR, None)
DRAFT = Visibility("draft", None, None)
LATER = Visibility("scheduled", NOW + HOUR, None)
EMBARGOED = Visibility("published", NOW - HOUR, NOW + 2 * HOUR)
ARCHIVED = Visibility("archived", NOW - HOUR, None)


@pytest.mark.parametrize(
    ("before", "after", "kind", "withdrawn_as", "goes_live_at"),
    [
        (None, DRAFT, Change.UNSEEN, "", None),
        (None, PUBLIC, Change.PUBLISHED, "", None),
        (None, LATER, Change.SCHEDULED, "", NOW + HOUR),
        (DRAFT, DRAFT, Change.UNSEEN, "", None),
        (DRAFT, PUBLIC, Change.PUBLISHED, "", None),
        (PUBLIC, PUBLIC, Change.UPDATED, "", None),
        (PUBLIC, DRAFT, Change.UNPUBLISHED, "unpublished", None),
        (PUBLIC, ARCHIVED, Change.UNPUBLISHED, "archived", None),
        (PUBLIC, LATER, Change.UNPUBLISHED, "unpublished", NOW + HOUR),
        (PUBLIC, EMBARGOED, Change.UNPUBLISHED, "unpublished", NOW + 2 * HOUR),
        (LATER, PUBLIC, Change.PUBLISHED, "", None),
        (PUBLIC, None, Change.DELETED, "deleted", None),
        (DRAFT, None, Change.UNSEEN, "", None),
        (LATER, None, Change.UNSEEN, "", None),
    ],
)
def test_a_transition_says_what_readers_saw_change(
    before, after, kind, withdrawn_as, goes_live_at
):
    change = transition(
        article_id=7,
        slug="harbour",
        lead_image_id=None,
        before=before,
        after=after,
        now=NOW,
    )

    assert (change.kind, change.withdrawn_as, change.goes_live_at) == (
        kind,
        withdrawn_as,
        goes_live_at,
    )
    assert change.times_changed is (before != after)


def test_visibility_is_the_rule_of_published_at_its_edges():
    assert Visibility("published", NOW, None).is_public(NOW) is True
    assert Visibility("scheduled", NOW, None).is_public(NOW - HOUR) is False
    assert Visibility("published", NOW - HOUR, NOW).is_public(NOW) is True
    assert Visibility("published", NOW - HOUR, NOW).is_public(NOW - HOUR) is False
    assert Visibility("review", NOW - HOUR, None).is_public(NOW) is False
    assert Visibility("published", None, None).is_public(NOW) is False


@pytest.fixture
def heard():
    """Every story_changed signal sent, as lists of (article id, kind)."""
    calls: list[list[tuple[int, str]]] = []

    def listen(sender, transitions, now, **kwargs):
        calls.append([(t.article_id, str(t.kind)) for t in transitions])

    story_changed.connect(listen, dispatch_uid="test-heard")
    yield calls
    story_changed.disconnect(dispatch_uid="test-heard")


def test_each_save_sends_one_transition(db, heard):
    story = Article.objects.create(headline="Harbour wall", body="<p>x</p>")
    story.publish()
    story.headline = "Harbour wall rebuilt"
    story.save()
    story.unpublish()
    story.save()  # a draft's edit: nobody saw it

    assert heard == [
        [(story.pk, "unseen")],
        [(story.pk, "published")],
        [(story.pk, "updated")],
        [(story.pk, "unpublished")],
        [(story.pk, "unseen")],
    ]
    assert list(Withdrawal.objects.values_list("reason", flat=True)) == ["unpublished"]


def test_a_delete_of_a_public_story_is_one_deleted_transition(db, heard):
    story = Article.objects.create(headline="Gone", body="<p>x</p>")
    story.publish()
    pk = story.pk
    heard.clear()

    story.delete()

    assert heard == [[(pk, "deleted")]]
    assert list(Withdrawal.objects.values_list("article_id", "reason")) == [
        (pk, "deleted")
    ]


def test_an_import_batch_sends_its_new_stories_in_one_signal(db, heard):
    later = timezone.now() + timedelta(days=1)
    stories = [
        Story(source_id="wire:1", headline="One", body_html="<p>1</p>"),
        Story(source_id="wire:2", headline="Two", body_html="<p>2</p>"),
        Story(
            source_id="wire:3",
            headline="Three",
            body_html="<p>3</p>",
            status="scheduled",
            published_at=later,
        ),
    ]

    StoryWriter(publish=True).write(stories)

    ids = dict(Article.objects.values_list("source_id", "pk"))
    assert heard == [
        [
            (ids["wire:1"], "published"),
            (ids["wire:2"], "published"),
            (ids["wire:3"], "scheduled"),
        ]
    ]


def test_a_revert_is_a_transition_from_what_was_stored(db, heard):
    with reversion.create_revision():
        story = Article.objects.create(headline="Draft", body="<p>x</p>")
    story.publish()
    heard.clear()

    # Back to the draft it was: readers lose the story.
    Version.objects.get_for_object(story).earliest("pk").revert()

    assert heard == [[(story.pk, "unpublished")]]
    assert Withdrawal.objects.filter(article_id=story.pk).count() == 1
