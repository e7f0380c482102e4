"""Updates the agency way (issue 19, item 2): the same item again updates
its story with history and never duplicates it, an older version changes
nothing, signals become notes, withheld and canceled take the story down
through the one publishing core, and an update to a story an editor changed
is offered as a working draft, not written over the editor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from reversion.models import Version

from articles.interchange.agency_updates import EditorDraftOpen
from articles.interchange.story import ARCHIVED, CONTRIBUTOR, DRAFT, CreditRef, Story
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, ArticleDraft, Correction, Withdrawal
from tests.helpers.working_drafts import post_change

GUID = "urn:newsml:example.com:20261207:wire-1"
FILED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def version(number: int, **fields) -> Story:
    """The agency's item GUID at `number`; published an hour before FILED."""
    fields.setdefault("headline", f"Harbour wall breached (v{number})")
    fields.setdefault("body_html", f"<p>Text of version {number}.</p>")
    return Story(
        source_id=f"g2:{GUID}",
        published_at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        updated_at=FILED.replace(minute=number),
        credits=[CreditRef(name="Reuters", role=CONTRIBUTOR)],
        version=number,
        **fields,
    )


def write(*stories: Story) -> list[str]:
    outcomes = StoryWriter(publish=True).write(list(stories))
    return [outcome.result or type(outcome.error).__name__ for outcome in outcomes]


def story() -> Article:
    return Article.objects.get(source_id=f"g2:{GUID}")


def edit(headline: str, user) -> None:
    """An editor's save, as the admin makes it."""
    article = story()
    article.headline = headline
    article.updated_by = user
    article.save()


def revisions() -> list[str]:
    versions = Version.objects.get_for_object(story())
    return [v.revision.comment for v in reversed(versions)]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("desk", password="x")


def test_the_same_item_again_updates_the_story_with_history(db):
    assert write(version(1)) == ["created"]
    assert write(version(2)) == ["updated"]

    article = story()
    assert Article.objects.count() == 1
    assert (article.headline, article.source_version) == (
        "Harbour wall breached (v2)",
        2,
    )
    assert revisions() == [f"Imported from g2:{GUID}"] * 2


def test_an_older_or_the_same_version_changes_nothing(db):
    write(version(1), version(3))
    before = Article.objects.values().get()

    results = write(version(2, headline="Old words"), version(3, headline="Resent"))

    assert results == ["unchanged", "unchanged"]
    assert Article.objects.values().get() == before
    assert story().headline == "Harbour wall breached (v3)"


def test_signals_are_recorded_as_correction_and_update_notes(db):
    write(version(1))
    write(version(2, signals=["correction"]))
    write(version(3, signals=["update", "sig:unknown"]))

    assert list(Correction.objects.values_list("kind", "note", "noted_at")) == [
        (
            "correction",
            "Reuters sent a corrected version of this story.",
            FILED.replace(minute=2),
        ),
        (
            "update",
            "Reuters sent an updated version of this story.",
            FILED.replace(minute=3),
        ),
    ]


@pytest.mark.parametrize(
    ("status", "stored", "reason"),
    [(DRAFT, "draft", "unpublished"), (ARCHIVED, "archived", "archived")],
    ids=["withheld", "canceled"],
)
def test_withheld_and_canceled_take_a_public_story_down(db, status, stored, reason):
    write(version(1))
    assert Article.objects.published().count() == 1

    assert write(version(2, status=status)) == ["updated"]

    assert story().status == stored
    assert not Article.objects.published().exists()
    assert list(Withdrawal.objects.values_list("article_id", "reason")) == [
        (story().pk, reason)
    ]


def test_an_update_to_a_story_an_editor_changed_is_offered_not_written(db, editor):
    write(version(1))
    edit("Harbour wall breached, council says", editor)

    assert write(version(2, signals=["correction"])) == ["offered"]

    article = story()
    assert (article.headline, article.source_version) == (
        "Harbour wall breached, council says",
        1,
    )
    draft = ArticleDraft.objects.get(article=article)
    assert draft.agency_update_available
    assert (draft.values["headline"], draft.values["body"]) == (
        "Harbour wall breached (v2)",
        "<p>Text of version 2.</p>",
    )
    assert draft.source_facts["source_version"] == 2
    assert not Correction.objects.exists()  # not on the live story yet
    # The offered version again, or an older one: nothing more.
    assert write(version(2), version(1)) == ["unchanged", "unchanged"]


def test_a_newer_agency_version_replaces_the_offer_and_keeps_its_notes(db, editor):
    write(version(1))
    edit("Edited", editor)
    write(version(2, signals=["correction"]))

    assert write(version(3)) == ["offered"]

    draft = ArticleDraft.objects.get()
    assert draft.values["headline"] == "Harbour wall breached (v3)"
    assert [n["kind"] for n in draft.source_facts["notes"]] == ["correction"]


def test_publishing_the_offer_as_sent_lets_the_next_version_apply(db, editor):
    write(version(1))
    edit("Edited", editor)
    write(version(2, signals=["correction"], slugline="HARBOUR-WALL"))

    ArticleDraft.objects.get().publish(user=editor)

    article = story()
    assert (article.headline, article.source_version, article.slugline) == (
        "Harbour wall breached (v2)",
        2,
        "HARBOUR-WALL",
    )
    assert list(Correction.objects.values_list("kind", flat=True)) == ["correction"]
    assert not ArticleDraft.objects.exists()
    assert write(version(3)) == ["updated"]
    assert story().headline == "Harbour wall breached (v3)"


def test_an_offer_an_editor_saved_is_theirs(db, editor):
    write(version(1))
    edit("Edited", editor)
    write(version(2))
    draft = ArticleDraft.objects.get()
    article = story()
    ArticleDraft.store(
        article,
        {**draft.values, "headline": "Edited again"},
        user=editor,
        opened_revision=article.revision,
        opened_draft=draft.token,
    )

    assert write(version(3)) == ["EditorDraftOpen"]

    assert ArticleDraft.objects.get().values["headline"] == "Edited again"
    assert not ArticleDraft.objects.get().agency_update_available


def test_a_kill_applies_even_to_a_story_an_editor_changed(db, editor):
    write(version(1))
    edit("Edited", editor)

    assert write(version(2, status=ARCHIVED)) == ["updated"]

    article = story()
    assert (article.status, article.headline) == ("archived", "Edited")
    assert list(Withdrawal.objects.values_list("reason", flat=True)) == ["archived"]
    assert not ArticleDraft.objects.exists()


def test_unpublishing_is_not_a_change_of_the_words(db, editor):
    write(version(1))
    article = story()
    article.updated_by = editor
    article.unpublish()

    assert write(version(2)) == ["updated"]

    assert (story().status, story().headline) == ("draft", "Harbour wall breached (v2)")


def test_a_person_s_working_draft_refuses_the_agency_version(db, editor):
    write(version(1))
    article = story()
    ArticleDraft.store(
        article,
        {"headline": "A desk's draft"},
        user=editor,
        opened_revision=article.revision,
        opened_draft="",
    )

    outcome = StoryWriter(publish=True).write([version(2)])[0]

    assert isinstance(outcome.error, EditorDraftOpen)
    assert str(outcome.error) == (
        "not applied: an editor's working draft is open on this story; the "
        "agency's version 2 waits until it is published or discarded (import it "
        "again then)"
    )
    assert story().headline == "Harbour wall breached (v1)"


def test_a_batch_of_agency_updates_costs_the_same_per_story(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(count: int) -> int:
        def batch(number: int) -> list[Story]:
            return [
                Story(
                    source_id=f"g2:cost:{count}:{n}",
                    headline=f"Item {n} v{number}",
                    body_html=f"<p>v{number}</p>",
                    version=number,
                )
                for n in range(count)
            ]

        StoryWriter().write(batch(1))
        with CaptureQueriesContext(connection) as captured:
            StoryWriter().write(batch(2))
        return len(captured.captured_queries)

    one, three, five = cost(1), cost(3), cost(5)

    assert three - one == five - three


def test_a_kill_without_words_withdraws_and_keeps_the_words(db):
    write(version(1))

    assert write(version(2, status=ARCHIVED, body_html="")) == ["updated"]

    article = story()
    assert (article.status, article.body) == ("archived", "<p>Text of version 1.</p>")
    assert list(Withdrawal.objects.values_list("reason", flat=True)) == ["archived"]


def test_publishing_the_offer_from_the_admin_keeps_its_version_and_notes(
    admin_client, editor
):
    write(version(1))
    edit("Edited", editor)
    write(version(2, signals=["correction"]))
    page = admin_client.get(f"/admin/articles/article/{story().pk}/change/")
    assert "Agency update available</strong>: version 2," in page.content.decode()

    response = post_change(
        admin_client,
        story(),
        "_publish",
        headline="Harbour wall breached (v2), edited",
        body="<p>Text of version 2.</p>",
        source_id=f"g2:{GUID}",
    )

    assert response.status_code == 302
    article = story()
    assert (article.headline, article.source_version) == (
        "Harbour wall breached (v2), edited",
        2,
    )
    assert list(Correction.objects.values_list("kind", flat=True)) == ["correction"]
    assert not ArticleDraft.objects.exists()
