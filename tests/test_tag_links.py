"""The tag's list from the tag links' own index (migration 0012): on
PostgreSQL each link carries its story's `published_at`, kept by triggers
whoever writes; the list reads it in order and stops after a page. On every
database the list is the same stories in the same order as before."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.delivery.tag_links import list_ordering, tagged
from articles.models import Article, Tag

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: the copy"
)

NOON = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def link_dates(article: Article) -> dict[str, datetime | None]:
    """What each of the story's tag links holds, by tag slug."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tag.slug, link.published_at FROM articles_article_tags link "
            "JOIN articles_tag tag ON tag.id = link.tag_id "
            "WHERE link.article_id = %s",
            [article.pk],
        )
        return dict(cursor.fetchall())


@pytest.fixture
def tags(db) -> list[Tag]:
    return [Tag.objects.create(name=name) for name in ("Floods", "Courts")]


@postgres_only
def test_links_take_the_date_and_follow_publish_and_reschedule(tags):
    floods, courts = tags
    story = Article.objects.create(headline="River rises", status="draft")
    story.tags.set([floods])
    assert link_dates(story) == {"floods": None}

    story.publish(at=NOON - timedelta(days=1))
    assert link_dates(story) == {"floods": NOON - timedelta(days=1)}

    courts.articles.add(story)  # from the tag's side
    assert link_dates(story) == {
        "floods": NOON - timedelta(days=1),
        "courts": NOON - timedelta(days=1),
    }

    later = timezone.now() + timedelta(days=2)
    story.publish(at=later)  # rescheduled
    assert story.status == "scheduled"
    assert link_dates(story) == {"floods": later, "courts": later}

    Article.objects.filter(pk=story.pk).update(published_at=NOON)
    assert link_dates(story) == {"floods": NOON, "courts": NOON}

    story.refresh_from_db()
    story.unpublish()  # the date stays, and so does the copy
    story.tags.remove(courts)
    assert link_dates(story) == {"floods": NOON}


@postgres_only
def test_imported_stories_links_carry_their_dates(db, tmp_path):
    header = {"type": "export", "format": "newsroom-cms", "version": 1}
    story = {
        "type": "article",
        "source_id": "wire:1",
        "headline": "Bridge reopens",
        "status": "published",
        "published_at": "2026-03-04T12:00:00+00:00",
        "tags": [{"name": "Transport"}, {"name": "Cities"}],
    }
    path = tmp_path / "content.jsonl"

    def run(*records: dict) -> str:
        path.write_text("\n".join(json.dumps(r) for r in (header, *records)) + "\n")
        out = StringIO()
        call_command("import_articles", str(path), stdout=out, stderr=StringIO())
        return out.getvalue()

    assert "1 created" in run(story)  # the bulk writer
    article = Article.objects.get(source_id="wire:1")
    assert link_dates(article) == {"transport": NOON, "cities": NOON}

    moved = dict(
        story,
        published_at="2026-03-05T08:30:00+00:00",
        tags=[{"name": "Transport"}, {"name": "Rail"}],
    )
    assert "1 updated" in run(moved)  # save() and tags.set()
    later = datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    assert link_dates(article) == {"transport": later, "rail": later}


@postgres_only
def test_the_tag_list_reads_the_tag_links_index_in_order(tags):
    from articles.delivery.documents import serving_queryset

    with connection.cursor() as cursor:
        # Tiny test tables are cheaper to scan and sort; ask what the plan
        # could be. (No other index gives the order of the links' dates.)
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        listed = tagged(serving_queryset(), tags[0].pk)
        plan = listed.order_by(*list_ordering(listed))[:21].explain()

    assert "Index Only Scan using article_tag_newest_first" in plan
    # Rows come in the list's order, from now back: nothing is sorted above
    # the walk, and drafts and stories to come are not walked over.
    above, walk = plan.split("Index Only Scan using article_tag_newest_first")
    assert "Sort" not in above
    # The tag id is a bound value (server-side binding), typed by psycopg.
    assert re.search(
        rf"Index Cond: \(\(tag_id = '?{tags[0].pk}'?(::\w+)?\) AND \(published_at <= ",
        walk,
    ), walk


def test_tag_pages_are_the_same_stories_in_the_same_order(tags, api_client):
    floods, courts = tags
    now = timezone.now()
    expected = []
    for n in range(9):
        story = Article.objects.create(
            headline=f"Story {n}",
            status="published",
            # Pairs share a time: the id breaks the tie, as in the list.
            published_at=now - timedelta(hours=n // 2),
        )
        story.tags.set([floods] if n % 3 else [floods, courts])
        expected.append(story)
    Article.objects.create(headline="Draft", status="draft").tags.set([floods])
    hidden = Article.objects.create(
        headline="Later", status="scheduled", published_at=now + timedelta(days=1)
    )
    hidden.tags.set([floods])
    expected.sort(key=lambda a: (a.published_at, a.pk), reverse=True)

    slugs, url = [], "/api/v1/articles/?tag=floods&limit=2"
    while url:
        page = api_client.get(url).json()
        slugs += [item["slug"] for item in page["results"]]
        last, url = url, page["next"]
    back, url = [], api_client.get(last).json()["previous"]
    while url:
        page = api_client.get(url).json()
        back = [item["slug"] for item in page["results"]] + back
        url = page["previous"]

    assert slugs == [story.slug for story in expected]
    assert back == slugs[:-1]  # the last page holds one
    courts_page = api_client.get("/api/v1/articles/?tag=courts").json()
    assert [item["slug"] for item in courts_page["results"]] == [
        story.slug for story in expected if story.tags.filter(pk=courts.pk).exists()
    ]


def test_a_tag_and_a_search_together(tags, api_client):
    floods, courts = tags
    for n, tag in enumerate([floods, courts, floods]):
        story = Article.objects.create(
            headline=f"Flood warning {n}",
            status="published",
            published_at=timezone.now() - timedelta(hours=n),
        )
        story.tags.set([tag])

    response = api_client.get("/api/v1/articles/?tag=floods&q=flood")

    assert response.status_code == 200
    assert [item["headline"] for item in response.json()["results"]] == [
        "Flood warning 0",
        "Flood warning 2",
    ]
