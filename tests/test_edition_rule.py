"""The edition gate at query time (issue 23): an edition set to go live "not
before its source" is public only once its source is, plus its delay; the
moment is kept on its own row (`held_until`) and read by the one rule,
`published()`. A source's save that moves its first public moment updates
its gated editions in the same write, each through its own transition.

Times are relative to the real clock where the database decides (on
PostgreSQL the rule reads the server's clock, which time-machine cannot
move)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ContentVersion, EditionGroup, Withdrawal
from articles.models.content_version import next_timed_change
from articles.publishing.transitions import HELD, Visibility, story_changed

pytestmark = pytest.mark.django_db

T = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def three_languages(settings):
    settings.CMS_LANGUAGES = ["en", "fr", "es"]


def editions(*, delay=None, gate="with_source"):
    """An English story and its French translation, gated on it; both
    drafts."""
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
        edition_gate=gate,
        gate_delay_minutes=delay,
    )
    return english, french


@pytest.fixture
def heard():
    """Every transition announced, as (article id, kind), per signal."""
    sent = []

    def listen(sender, transitions, now, **kwargs):
        sent.append([(t.article_id, str(t.kind)) for t in transitions])

    story_changed.connect(listen, dispatch_uid="test-edition-rule")
    yield sent
    story_changed.disconnect(dispatch_uid="test-edition-rule")


def public_ids() -> set[int]:
    return set(Article.objects.published().values_list("pk", flat=True))


def stored(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


# Visibility, without a database ------------------------------------------------


@pytest.mark.parametrize(
    ("held_until", "live_at"),
    [
        (None, T),  # no gate: its date
        (T - HOUR, T),  # a gate opened before its date: its date
        (T + HOUR, T + HOUR),  # its source went live later: the gate
        (HELD, None),  # its source is not live: no moment at all
    ],
)
def test_the_gate_is_folded_into_live_at(held_until, live_at):
    visibility = Visibility("published", T, None, held_until)

    assert visibility.live_at() == live_at
    assert visibility.is_public(T + 2 * HOUR) is (live_at is not None)


def test_an_embargo_later_than_the_gate_still_holds():
    assert Visibility("published", T, T + 3 * HOUR, T + HOUR).live_at() == T + 3 * HOUR


# The edition's own save ----------------------------------------------------------


def test_a_gated_edition_of_a_draft_is_held_and_not_public(heard):
    english, french = editions()
    french.publish(at=timezone.now() - HOUR)

    assert stored(french).held_until == HELD
    assert stored(french).status == "published"
    assert public_ids() == set()
    # Published, but nobody saw it: no one is told it went live.
    assert heard[-1] == [(french.pk, "unseen")]


def test_making_a_translation_of_a_live_story_gated_publishes_nothing_by_itself():
    english, _ = editions()
    english.publish(at=timezone.now() - HOUR)
    group = english.edition_group

    spanish = Article.objects.create(
        headline="Elección en Montreal",
        language="es",
        edition_group=group,
        edition_source=english,
        edition_gate="with_source",
    )

    # Gated on a live source: open from the source's moment, but a draft.
    assert spanish.held_until == stored(english).published_at
    assert spanish.pk not in public_ids()


def test_an_edition_on_its_own_clock_has_no_gate():
    english, french = editions(gate="")
    french.publish(at=timezone.now() - HOUR)

    assert stored(french).held_until is None
    assert public_ids() == {french.pk}


def test_taking_the_gate_off_lets_the_edition_go_live_on_its_own_clock(heard):
    english, french = editions()
    french.publish(at=timezone.now() - HOUR)

    french.edition_gate = ""
    french.save()

    assert stored(french).held_until is None
    assert public_ids() == {french.pk}
    assert heard[-1] == [(french.pk, "published")]


# The source's save ---------------------------------------------------------------


def test_the_source_going_live_publishes_its_gated_edition_in_the_same_write(heard):
    english, french = editions()
    french.publish(at=timezone.now() - 2 * HOUR)

    english.publish(at=timezone.now() - HOUR)

    assert stored(french).held_until == stored(english).published_at
    assert public_ids() == {english.pk, french.pk}
    # One signal, both stories, each its own transition.
    assert heard[-1] == [(english.pk, "published"), (french.pk, "published")]
    # Its first public moment is the gate's (the source's), not its date.
    assert stored(french).first_published_at == stored(english).published_at


def test_a_delay_holds_the_edition_until_that_many_minutes_after_its_source(heard):
    english, french = editions(delay=30)
    french.publish(at=timezone.now() - 2 * HOUR)

    english.publish(at=timezone.now() - timedelta(minutes=10))

    opens = stored(english).published_at + timedelta(minutes=30)
    assert stored(french).held_until == opens
    assert public_ids() == {english.pk}
    # Announced as going live later, and counted as the next timed change.
    assert heard[-1] == [(english.pk, "published"), (french.pk, "scheduled")]
    assert next_timed_change(timezone.now()) == opens
    assert ContentVersion.objects.get(pk=1).next_change_at == opens


def test_a_delay_that_has_passed_leaves_the_edition_public():
    english, french = editions(delay=30)
    french.publish(at=timezone.now() - 3 * HOUR)

    english.publish(at=timezone.now() - 2 * HOUR)

    assert stored(french).held_until == stored(english).published_at + timedelta(
        minutes=30
    )
    assert public_ids() == {english.pk, french.pk}


def test_the_edition_keeps_its_own_later_schedule():
    english, french = editions()
    later = timezone.now() + HOUR
    french.publish(at=later)

    english.publish(at=timezone.now() - HOUR)

    assert stored(french).status == "scheduled"
    assert stored(french).goes_live_at() == later
    assert public_ids() == {english.pk}


def test_a_scheduled_source_schedules_its_gated_edition_with_it(heard):
    english, french = editions(delay=5)
    french.publish(at=timezone.now() - HOUR)
    at = timezone.now() + HOUR

    english.publish(at=at)

    assert stored(french).held_until == at + timedelta(minutes=5)
    assert stored(french).goes_live_at() == at + timedelta(minutes=5)
    assert heard[-1] == [(english.pk, "scheduled"), (french.pk, "scheduled")]
    assert public_ids() == set()


def test_unpublishing_the_source_withdraws_its_gated_edition(heard):
    english, french = editions()
    french.publish(at=timezone.now() - 2 * HOUR)
    english.publish(at=timezone.now() - HOUR)

    stored(english).unpublish()

    assert stored(french).held_until == HELD
    assert stored(french).status == "published"  # its own status untouched
    assert public_ids() == set()
    assert heard[-1] == [(english.pk, "unpublished"), (french.pk, "unpublished")]
    assert sorted(Withdrawal.objects.values_list("article_id", "reason")) == sorted(
        [(english.pk, "unpublished"), (french.pk, "unpublished")]
    )


def test_deleting_the_source_holds_its_gated_edition(heard):
    english, french = editions()
    french.publish(at=timezone.now() - 2 * HOUR)
    english.publish(at=timezone.now() - HOUR)

    stored(english).delete()

    assert stored(french).edition_source is None
    assert stored(french).held_until == HELD
    assert public_ids() == set()
    assert heard[-1] == [(english.pk, "deleted"), (french.pk, "unpublished")]
    # Saved again, it stays held: its gate has no source to open it.
    french = stored(french)
    french.save()
    assert stored(french).held_until == HELD


def test_a_chain_of_gates_follows_the_first_source():
    english, french = editions()
    spanish = Article.objects.create(
        headline="Elección en Montreal",
        language="es",
        edition_group=english.edition_group,
        edition_source=french,
        edition_gate="with_source",
        gate_delay_minutes=10,
    )
    spanish.publish(at=timezone.now() - 3 * HOUR)
    french.publish(at=timezone.now() - 3 * HOUR)

    english.publish(at=timezone.now() - HOUR)

    moment = stored(english).published_at
    assert stored(french).held_until == moment
    assert stored(spanish).held_until == moment + timedelta(minutes=10)
    assert public_ids() == {english.pk, french.pk, spanish.pk}


# Queries -------------------------------------------------------------------------


def save_queries(article: Article) -> int:
    article = stored(article)
    article.headline += "!"
    with CaptureQueriesContext(connection) as captured:
        article.save()
    return len(captured.captured_queries)


def test_the_gate_costs_nothing_to_stories_it_does_not_concern():
    ordinary = Article.objects.create(headline="Bridge reopens")
    ordinary.publish(at=timezone.now() - HOUR)
    english, french = editions(gate="")
    english.publish(at=timezone.now() - HOUR)
    gated_english, gated_french = editions()
    gated_english.publish(at=timezone.now() - HOUR)

    draft = Article.objects.create(headline="Council meets")

    baseline = save_queries(ordinary)

    # A story in a group whose moment did not move reads nothing more; a
    # gated edition (a draft here) reads its source's row, once.
    assert save_queries(english) == baseline
    assert save_queries(gated_english) == baseline
    assert save_queries(gated_french) == save_queries(draft) + 1


def test_the_admin_says_what_holds_a_gated_edition():
    from articles.admin.display import status_label

    english, french = editions(delay=15)
    french.publish(at=timezone.now() - HOUR)
    now = timezone.now()

    assert status_label(stored(french), now) == (
        "Held until its source is live",
        "scheduled",
    )
    at = now + HOUR
    english.publish(at=at)
    opens = timezone.localtime(at + timedelta(minutes=15))
    assert status_label(stored(french), now) == (
        f"Held until {opens:%Y-%m-%d %H:%M}",
        "scheduled",
    )
