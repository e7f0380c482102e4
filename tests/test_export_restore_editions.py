"""Backups carry language editions (issue 23): each story's language, its
group, source, relation, staleness and gate come back from a restore into an
empty database exactly as they were exported; older backups restore their
stories in the default language."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from reversion.models import Revision

from articles.interchange.jsonl_editions import edition_records
from articles.models import Article, ArticleDocument, EditionGroup
from articles.publishing.transitions import HELD
from tests.helpers.imports import run_import

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIELDS = (
    "language",
    "edition_relation",
    "edition_gate",
    "gate_delay_minutes",
    "held_until",
    "status",
)


def export(directory: Path) -> list[dict]:
    call_command("export_articles", str(directory), stdout=StringIO())
    text = (directory / "content.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines()]


def empty_the_database() -> None:
    Article.objects.all().delete()
    EditionGroup.objects.all().delete()
    Revision.objects.all().delete()
    ArticleDocument.objects.all().delete()


def state() -> dict[str, dict]:
    """Every story's edition facts by (language, slug), the source and group
    named by their stories' slugs."""
    stories = Article.objects.select_related("edition_source").order_by("pk")
    return {
        f"{story.language}/{story.slug}": {
            **{name: getattr(story, name) for name in FIELDS},
            "source": story.edition_source.slug if story.edition_source else None,
            "stale": story.is_stale,
            "siblings": sorted(
                f"{sibling.language}/{sibling.slug}"
                for sibling in Article.objects.filter(
                    edition_group_id=story.edition_group_id
                ).exclude(pk=story.pk)
            )
            if story.edition_group_id
            else [],
        }
        for story in stories
    }


@pytest.fixture
def newsroom():
    """Three English stories with French editions: one up to date, one
    stale (its source edited twice since), one gated 30 minutes after its
    source, whose French slug is the English one; and a gated edition of a
    draft (held)."""
    budget = Article.objects.create(
        headline="Budget day", slug="budget", status="published", published_at=LIVE_AT
    )
    up_to_date = budget.make_edition("fr", "translation")
    Article.objects.filter(pk=up_to_date.pk).update(slug="budget-fr")

    bridge = Article.objects.create(
        headline="Bridge reopens",
        slug="bridge",
        status="published",
        published_at=LIVE_AT,
    )
    bridge.make_edition("fr", "adaptation")
    for headline in ("Bridge reopens Monday", "Bridge reopens Monday at 6"):
        bridge.headline = headline
        bridge.save()

    vote = Article.objects.create(
        headline="Vote", slug="vote", status="published", published_at=LIVE_AT
    )
    gated = vote.make_edition("fr", "translation")
    gated.slug = "vote"  # the same slug in another language
    gated.status, gated.published_at = "published", LIVE_AT - timedelta(hours=1)
    gated.edition_gate, gated.gate_delay_minutes = "with_source", 30
    gated.save()

    draft = Article.objects.create(headline="Draft", slug="draft", status="draft")
    held = draft.make_edition("fr", "independent")
    held.slug, held.edition_gate = "brouillon", "with_source"
    held.status, held.published_at = "published", LIVE_AT
    held.save()


EXPECTED = {
    "en/budget": {
        "language": "en",
        "edition_relation": "",
        "edition_gate": "",
        "gate_delay_minutes": None,
        "held_until": None,
        "status": "published",
        "source": None,
        "stale": False,
        "siblings": ["fr/budget-fr"],
    },
    "fr/budget-fr": {
        "language": "fr",
        "edition_relation": "translation",
        "edition_gate": "",
        "gate_delay_minutes": None,
        "held_until": None,
        "status": "draft",
        "source": "budget",
        "stale": False,
        "siblings": ["en/budget"],
    },
    "en/bridge": {
        "language": "en",
        "edition_relation": "",
        "edition_gate": "",
        "gate_delay_minutes": None,
        "held_until": None,
        "status": "published",
        "source": None,
        "stale": False,
        "siblings": ["fr/bridge-reopens"],
    },
    "fr/bridge-reopens": {
        "language": "fr",
        "edition_relation": "adaptation",
        "edition_gate": "",
        "gate_delay_minutes": None,
        "held_until": None,
        "status": "draft",
        "source": "bridge",
        "stale": True,
        "siblings": ["en/bridge"],
    },
    "en/vote": {
        "language": "en",
        "edition_relation": "",
        "edition_gate": "",
        "gate_delay_minutes": None,
        "held_until": None,
        "status": "published",
        "source": None,
        "stale": False,
        "siblings": ["fr/vote"],
    },
    "fr/vote": {
        "language": "fr",
        "edition_relation": "translation",
        "edition_gate": "with_source",
        "gate_delay_minutes": 30,
        "held_until": LIVE_AT + timedelta(minutes=30),
        "status": "published",
        "source": "vote",
        "stale": False,
        "siblings": ["en/vote"],
    },
    "en/draft": {
        "language": "en",
        "edition_relation": "",
        "edition_gate": "",
        "gate_delay_minutes": None,
        "held_until": None,
        "status": "draft",
        "source": None,
        "stale": False,
        "siblings": ["fr/brouillon"],
    },
    "fr/brouillon": {
        "language": "fr",
        "edition_relation": "independent",
        "edition_gate": "with_source",
        "gate_delay_minutes": None,
        "held_until": HELD,
        "status": "published",
        "source": "draft",
        "stale": False,
        "siblings": ["en/draft"],
    },
}


def test_a_restore_into_an_empty_database_gives_back_every_edition(newsroom, tmp_path):
    assert state() == EXPECTED
    first = export(tmp_path / "export")
    stale_line = next(
        edition
        for line in first
        if line["type"] == "editions"
        for edition in line["editions"]
        if edition["story"]["source_id"].endswith(
            str(Article.objects.get(slug="bridge-reopens").pk)
        )
    )
    assert stale_line["revisions_behind"] == 2

    empty_the_database()
    stdout, stderr = run_import(tmp_path / "export")

    assert stderr == ""
    assert stdout.endswith("12 created, 0 updated, 0 unchanged, 0 failed\n")
    assert state() == EXPECTED
    # The public rule reads the restored gate: the held edition stays out.
    assert sorted(Article.objects.published().values_list("language", "slug")) == [
        ("en", "bridge"),
        ("en", "budget"),
        ("en", "vote"),
        ("fr", "vote"),
    ]
    assert export(tmp_path / "again")[1:] == first[1:]


def test_restoring_the_same_backup_again_changes_no_edition(newsroom, tmp_path):
    export(tmp_path / "export")
    empty_the_database()
    run_import(tmp_path / "export")
    stdout, stderr = run_import(tmp_path / "export")

    assert stderr == ""
    assert stdout.endswith("0 created, 0 updated, 12 unchanged, 0 failed\n")
    assert state() == EXPECTED
    assert EditionGroup.objects.count() == 4


def test_an_older_backup_restores_its_stories_in_the_default_language(
    newsroom, tmp_path
):
    lines = export(tmp_path / "export")
    old = [{**lines[0], "version": 2}] + [
        {key: value for key, value in line.items() if key != "language"}
        for line in lines[1:]
        if line["type"] != "editions"
    ]
    (tmp_path / "export" / "content.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in old)
    )
    empty_the_database()
    stdout, stderr = run_import(tmp_path / "export")

    assert stderr == ""
    assert stdout.endswith("0 updated, 0 unchanged, 0 failed\n")
    assert sorted(Article.objects.values_list("language", "slug", "edition_group")) == [
        ("en", "bridge", None),
        ("en", "bridge-reopens", None),
        ("en", "brouillon", None),
        ("en", "budget", None),
        ("en", "budget-fr", None),
        ("en", "draft", None),
        ("en", "vote", None),
        # Its slug is taken in English now: a free one, as any import's.
        ("en", "vote-5", None),
    ]


def test_the_export_reads_every_edition_group_in_one_query(
    newsroom, django_assert_num_queries
):
    with django_assert_num_queries(1):
        records = list(edition_records())

    assert [
        [
            (edition["relation"], edition["revisions_behind"], edition["gate"])
            for edition in record["editions"]
        ]
        for record in records
    ] == [
        [("", None, ""), ("translation", 0, "")],
        [("", None, ""), ("adaptation", 2, "")],
        [("", None, ""), ("translation", 0, "with_source")],
        [("", None, ""), ("independent", 0, "with_source")],
    ]
