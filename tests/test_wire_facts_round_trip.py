"""Wire copy's facts (slugline, dateline, urgency, the agency's version, a
subject's scheme-qualified code) are stored, exported and restored exactly,
and read from ninjs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import call_command

from articles.interchange.story import Story, TagRef
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, Contributor, Section, Tag
from tests.helpers.imports import run_import

POLITICS = "http://cv.iptc.org/newscodes/mediatopic/11000000"
FACTS = ("slugline", "dateline", "urgency", "source_version")


def wire_story(**fields) -> Story:
    wire = {
        "source_id": "nitf:AP-2026-1207-001",
        "headline": "Council votes to rebuild harbour wall",
        "body_html": "<p>The council voted on Monday.</p>",
        "published_at": datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        "tags": [TagRef(name="Politics", uri=POLITICS), TagRef(name="Harbours")],
        "version": 4,
        "urgency": 3,
        "slugline": "HARBOUR-WALL",
        "dateline": "PORTSMOUTH, England, Nov 30 (AP) —",
    }
    return Story(**{**wire, **fields})


def facts() -> list[tuple]:
    return list(Article.objects.values_list("headline", *FACTS))


def exported(directory: Path) -> list[dict]:
    lines = (directory / "content.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines[1:]]  # the header has its time


def test_the_facts_are_stored(db):
    StoryWriter().write([wire_story()])

    assert facts() == [
        (
            "Council votes to rebuild harbour wall",
            "HARBOUR-WALL",
            "PORTSMOUTH, England, Nov 30 (AP) —",
            3,
            4,
        )
    ]
    assert list(Tag.objects.values_list("name", "uri")) == [
        ("Harbours", ""),
        ("Politics", POLITICS),
    ]


def test_an_urgency_off_iptc_s_scale_is_not_stored(db):
    StoryWriter().write([wire_story(source_id="x:1", urgency=0)])

    assert Article.objects.get().urgency is None


def test_the_same_code_is_the_same_tag_whatever_its_name(db):
    StoryWriter().write([wire_story()])
    later = wire_story(source_id="g2:other")
    later.tags = [TagRef(name="politics and government", uri=POLITICS)]

    StoryWriter().write([later])

    assert Tag.objects.filter(uri=POLITICS).count() == 1
    other = Article.objects.get(source_id="g2:other")
    assert list(other.tags.values_list("name", flat=True)) == ["Politics"]


def test_a_code_is_kept_on_the_tag_a_name_found(db):
    Tag.objects.create(name="Politics")

    StoryWriter().write([wire_story()])

    assert Tag.objects.get(name="Politics").uri == POLITICS


def test_export_and_restore_give_the_facts_back_exactly(db, tmp_path):
    StoryWriter().write([wire_story()])
    plain = wire_story(source_id="feed:1", headline="Without wire facts")
    plain.version = plain.urgency = None
    plain.slugline = plain.dateline = ""
    StoryWriter().write([plain])
    before = sorted(facts())
    call_command("export_articles", str(tmp_path / "one"))
    Article.objects.all().delete()
    Tag.objects.all().delete()
    Contributor.objects.all().delete()
    Section.objects.all().delete()

    stdout, _ = run_import(tmp_path / "one")
    call_command("export_articles", str(tmp_path / "two"))

    assert "4 records: 4 created" in stdout  # two tags, two stories
    assert sorted(facts()) == before
    assert list(Tag.objects.values_list("name", "uri")) == [
        ("Harbours", ""),
        ("Politics", POLITICS),
    ]
    assert exported(tmp_path / "two") == exported(tmp_path / "one")
    story = next(r for r in exported(tmp_path / "one") if r.get("slugline"))
    assert {k: story[k] for k in ("slugline", "dateline", "urgency", "version")} == {
        "slugline": "HARBOUR-WALL",
        "dateline": "PORTSMOUTH, England, Nov 30 (AP) —",
        "urgency": 3,
        "version": 4,
    }


def ninjs_item(version: str, **fields) -> dict:
    return {
        "uri": "urn:ninjs:example:harbour",
        "type": "text",
        "version": version,
        "versioncreated": f"2026-11-30T09:0{version}:00Z",
        "firstcreated": "2026-11-30T08:00:00Z",
        "urgency": 2,
        "slugline": "HARBOUR",
        "located": "Portsmouth",
        "headline": f"Harbour wall, version {version}",
        "body_html": f"<p>Version {version}.</p>",
        **fields,
    }


def import_ninjs(tmp_path: Path, item: dict) -> str:
    path = tmp_path / f"item-{item['version']}.json"
    path.write_text(json.dumps(item))
    stdout, _ = run_import(path)
    return stdout


def test_ninjs_versions_and_status_update_the_agency_way(db, tmp_path):
    import_ninjs(tmp_path, ninjs_item("2"))
    assert facts() == [("Harbour wall, version 2", "HARBOUR", "Portsmouth", 2, 2)]

    older = import_ninjs(tmp_path, ninjs_item("1"))
    canceled = import_ninjs(tmp_path, ninjs_item("3", pubstatus="canceled"))

    assert older == "1 file: 0 created, 0 updated, 1 unchanged, 0 failed\n"
    assert canceled == "1 file: 0 created, 1 updated, 0 unchanged, 0 failed\n"
    article = Article.objects.get()
    assert (article.headline, article.status, article.source_version) == (
        "Harbour wall, version 3",
        "archived",
        3,
    )
