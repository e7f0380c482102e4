"""The import's create path, pinned for stories shaped like the benchmark's
(bench/imports.py): a section, three tags, a byline and an agency credit, a
lead photo credited to a photographer and an agency, the source's own dates.
The same number of queries for 3 or 30 new stories, and what is stored is
what the source said (issues 19 and 21)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from reversion.models import Version

from articles.interchange.story import CreditRef, ImageRef, SectionRef, Story, TagRef
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, ContentVersion, Image, WebhookEndpoint
from articles.models.editions import default_language

FILED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def outbound(db, settings):
    # Webhooks and CDN purging on: the create path's most.
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "https://cdn.example/purge"
    WebhookEndpoint.objects.create(name="Site", url="https://hooks.example/in")
    ContentVersion.bump()


def wire_story(key: str, n: int, *, dated: bool = True) -> Story:
    agency = CreditRef(name="Reuters", role="contributor", kind="agency")
    return Story(
        source_id=f"bench:{key}:{n}",
        headline=f"Talks go on, {key} round {n}",
        standfirst=f"Round {n} ended with a schedule.",
        body_html=f"<p>Officials said so ({n}).</p>",
        section=SectionRef(name="World"),
        tags=[TagRef(name=f"Topic {k}") for k in (n % 5, 5 + n % 5, 10)],
        credits=[CreditRef(name=f"Reporter {n % 4}", role="author"), agency],
        lead_image=ImageRef(
            caption=f"Delegates arrive, round {n}.",
            credits=[
                CreditRef(name=f"Photographer {n % 3}", role="creator"),
                CreditRef(name="Reuters", role="distributor", kind="agency"),
            ],
        ),
        published_at=FILED,
        created_at=FILED - timedelta(hours=1) if dated else None,
        updated_at=FILED + timedelta(minutes=n) if dated else None,
    )


def warmed_writer(key: str) -> StoryWriter:
    """A writer that has met the section, tags and contributors: those are
    named once per import, not per story."""
    writer = StoryWriter(publish=True)
    writer.write([wire_story(f"{key}-warm-up", n) for n in range(12)])
    ContentVersion.current()  # a reader came: the write moves the version
    return writer


@pytest.mark.parametrize("count", [3, 30])
def test_creating_3_or_30_stories_costs_the_same_queries(
    outbound, count, django_assert_num_queries
):
    writer = warmed_writer(f"n{count}")
    batch = [wire_story(f"n{count}", n) for n in range(count)]

    # savepoint; the stories already there; the photos and their credits;
    # the photos and sections the rules at publish read; slugs taken; the
    # stories (their dates in the insert); credits; tags; revisions and
    # versions; withdrawals to lift; any endpoint?; superseded, pending and
    # new events; superseded and new purge; the content version; release.
    with django_assert_num_queries(21):
        outcomes = writer.write(batch)

    assert [o.result for o in outcomes] == ["created"] * count


def test_created_stories_keep_the_sources_dates_and_the_default_language(outbound):
    writer = StoryWriter(publish=True)
    writer.write([wire_story("dated", 2), wire_story("undated", 3, dated=False)])

    dated = Article.objects.get(source_id="bench:dated:2")
    assert (dated.created_at, dated.updated_at) == (
        FILED - timedelta(hours=1),
        FILED + timedelta(minutes=2),
    )
    undated = Article.objects.get(source_id="bench:undated:3")
    # One moment for the write: created and updated together.
    assert undated.created_at == undated.updated_at
    assert undated.created_at > FILED
    photo = Image.objects.get(pk=undated.lead_image_id)
    assert photo.caption == "Delegates arrive, round 3."
    assert photo.created_at == photo.updated_at
    # Editions: the default language, no group, no gate.
    assert [
        (a.language, a.edition_group_id, a.edition_source_id, a.held_until)
        for a in (dated, undated)
    ] == [(default_language(), None, None, None)] * 2
    assert [(c.contributor.name, c.role) for c in dated.credits.all()] == [
        ("Reporter 2", "author"),
        ("Reuters", "contributor"),
    ]
    assert sorted(dated.tags.values_list("name", flat=True)) == [
        "Topic 10",
        "Topic 2",
        "Topic 7",
    ]
    # Its history: the story and its two credits in one revision.
    versions = Version.objects.get_for_object(dated)
    assert [v.revision.comment for v in versions] == ["Imported from bench:dated:2"]
    assert versions[0].revision.version_set.count() == 3
