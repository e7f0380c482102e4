"""The write path's query counts, pinned as the read path's are: a save, a
publish, an admin save, an import batch and a delete, with webhooks and CDN
purging both on (their most). Each write starts as a new transaction would:
after a reader, so the content version really moves (ContentVersion.current()
says a reader came). docs/internals/architecture.md lists the same counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.interchange.story import Story, TagRef
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, ContentVersion, WebhookEndpoint
from tests.helpers.admin import article_form

# A changed story is written one by one, as an editor's save is (its lock and
# edit check, update, body photos, credits, tags, corrections, related-story
# choices (issue 18: django-reversion keeps them with the revision),
# revision, transition and outbox rows): the tags, sections and contributors
# its source names are looked up once for the whole batch, not here.
PER_CHANGED_STORY = 22


@pytest.fixture
def outbound(db, settings):
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "https://cdn.example/purge"
    WebhookEndpoint.objects.create(name="Site", url="https://hooks.example/in")
    ContentVersion.bump()  # its row, as any site has after its first change


def queries_of(write) -> list[str]:
    ContentVersion.current()  # a reader came: the next change moves it
    with CaptureQueriesContext(connection) as captured:
        write()
    return [query["sql"] for query in captured.captured_queries]


def starting(queries: list[str]) -> list[str]:
    """The statements' first words, for messages that say what ran."""
    return [" ".join(sql.split()[:4]) for sql in queries]


def test_saving_a_public_story(outbound, published_article):
    story = Article.objects.get(pk=published_article.pk)
    story.headline = "Harbour wall rebuilt"

    queries = queries_of(story.save)

    # savepoint; lock and read the stored row; update it; its body photos;
    # any webhook endpoint?; events pending for it (its "published", which
    # an update leaves as it is); the purge; the content version; release.
    assert len(queries) == 9, starting(queries)


def test_publishing_a_draft(outbound, db):
    draft = Article.objects.create(headline="Harbour wall", body="<p>x</p>")

    queries = queries_of(draft.publish)

    # as a save, and: withdrawals to lift (none); scheduled events and
    # purges superseded (its times changed); its "published" event.
    assert len(queries) == 13, starting(queries)


def test_saving_a_story_in_the_admin(outbound, admin_client, published_article):
    story = Article.objects.get(pk=published_article.pk)
    data = article_form(story, headline="Harbour wall rebuilt", _publish="1")
    url = f"/admin/articles/article/{story.pk}/change/"

    queries = queries_of(lambda: admin_client.post(url, data))

    # A live story: "Publish changes" (a plain save keeps a working draft,
    # tests/test_working_drafts.py). The admin's own (session, user, the
    # form's objects and its related stories, its working draft and checks,
    # content types, the log entry, django-reversion's revision, the
    # editor's autosave removed: 26), the tag the form took away, through the link table with no
    # signal (2), and the story's one save (12: the times the form sent
    # count as changed).
    assert Article.objects.get(pk=story.pk).headline == "Harbour wall rebuilt"
    assert len(queries) == 40, starting(queries)


@pytest.mark.parametrize("stories", [3, 30])
def test_an_import_batch_costs_the_same_for_3_or_30_stories(outbound, stories):
    batch = [
        Story(
            source_id=f"wire:{stories}:{n}",
            headline=f"Wire story {stories}-{n}",
            body_html="<p>x</p>",
        )
        for n in range(stories)
    ]

    queries = queries_of(lambda: StoryWriter(publish=True).write(batch))

    # savepoint; the stories already there; slugs taken; the stories; their
    # revisions, content type and versions; withdrawals to lift; any
    # endpoint?; superseded scheduled events; pending events; the events;
    # superseded purges; one purge; the content version; release.
    assert Article.objects.filter(source_id__startswith="wire:").count() == stories
    assert len(queries) == 16, starting(queries)


def test_deleting_a_public_story(outbound, published_article):
    story = Article.objects.get(pk=published_article.pk)

    queries = queries_of(story.delete)

    # what the delete reads and cascades to (its slots on fronts,
    # corrections, credits, tags, body photos, the document, its working
    # draft, its edit lock and autosaves, wire items using it (2), the
    # overrides of the rules at publish, related stories it has or is one
    # of (2), the row,
    # its credit); the withdrawal; any
    # endpoint?; superseded scheduled events; pending events (its
    # "published", dropped: nobody heard of it); superseded purges; the purge
    # (with its photo); the content version.
    assert not Article.objects.filter(pk=story.pk).exists()
    assert len(queries) == 25, starting(queries)


def reimport_queries(count: int) -> int:
    def batch(version: int) -> list[Story]:
        return [
            Story(
                source_id=f"wire:changed:{count}:{n}",
                headline=f"Changed story {count}-{n} v{version}",
                body_html=f"<p>version {version}</p>",
                tags=[TagRef(name="Harbour"), TagRef(name=f"Desk {n}")],
            )
            for n in range(count)
        ]

    StoryWriter(publish=True).write(batch(1))
    return len(queries_of(lambda: StoryWriter(publish=True).write(batch(2))))


def test_a_batch_of_changed_stories_costs_the_same_per_story(outbound):
    one, three, five = (reimport_queries(n) for n in (1, 3, 5))

    # The batch's own (savepoint, the stories there, the tags, sections and
    # contributors they name: once for all of them) and then each changed
    # story's save, revision, tags and outbox rows.
    assert (three - one, five - three) == (2 * PER_CHANGED_STORY,) * 2
