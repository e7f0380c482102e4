"""Related stories in backups: exported after every story, restored after
them, in order, exactly (a second export matches the first line for line,
and the API gives the same `related`)."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Article, RelatedStory, Section, Tag
from tests.helpers.backups import (
    backup_lines,
    empty_database,
    export_backup,
    write_backup_lines,
)
from tests.helpers.fronts import story
from tests.helpers.imports import run_import


@pytest.fixture
def newsroom(db, settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    world = Section.objects.create(name="World", slug="world")
    ports = Tag.objects.create(name="Ports", slug="ports")
    harbour = story("Harbour", section=world, tags=[ports], hours_ago=1)
    ferry = story("Ferry", section=world, hours_ago=2)
    storm = story("Storm", hours_ago=3, source_id="wire:storm")
    draft = Article.objects.create(headline="Draft", body="<p>Draft.</p>")
    for position, target in enumerate([storm, draft, ferry]):
        RelatedStory.objects.create(source=harbour, target=target, position=position)
    RelatedStory.objects.create(source=ferry, target=harbour)
    return {"harbour": harbour, "storm": storm, "draft": draft}


def choices() -> dict[str, list[str]]:
    links = RelatedStory.objects.order_by("source__slug", "position", "pk")
    found: dict[str, list[str]] = {}
    for source, target in links.values_list("source__slug", "target__slug"):
        found.setdefault(source, []).append(target)
    return found


def delivered(client) -> dict[str, list]:
    return {
        slug: client.get(f"/api/v1/articles/{slug}/").json()["related"]
        for slug in ("harbour", "ferry")
    }


def test_related_stories_come_back_exactly(newsroom, tmp_path):
    client = Client()
    before, shown = choices(), delivered(client)
    export_backup(tmp_path / "backup")
    first = backup_lines(tmp_path / "backup")

    empty_database()
    stdout, stderr = run_import(tmp_path / "backup")

    assert stderr == ""
    assert (
        choices()
        == before
        == {
            "ferry": ["harbour"],
            "harbour": ["storm", "draft", "ferry"],
        }
    )
    assert delivered(client) == shown
    export_backup(tmp_path / "again")
    assert backup_lines(tmp_path / "again")[1:] == first[1:]


def test_the_record_names_stories_as_the_backup_does(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    records = [r for r in backup_lines(tmp_path / "backup") if r["type"] == "related"]
    harbour, storm = newsroom["harbour"], newsroom["storm"]

    assert backup_lines(tmp_path / "backup")[-len(records) :] == records  # last
    assert records[0]["story"] == {
        "id": harbour.pk, "source_id": f"export:article:{harbour.pk}"
    }  # fmt: skip
    assert records[0]["related"][0] == {"id": storm.pk, "source_id": "wire:storm"}


def test_a_missing_related_story_is_skipped_with_a_warning(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    lines = backup_lines(tmp_path / "backup")
    lines = [
        line for line in lines
        if not (line["type"] == "article" and line["slug"] == "storm")
    ]  # fmt: skip
    write_backup_lines(tmp_path / "backup", lines)

    empty_database()
    stdout, stderr = run_import(tmp_path / "backup", verbosity=2)

    assert 'related story "wire:storm" skipped: not in this database' in stderr
    assert "0 failed; 1 warning" in stdout
    assert choices()["harbour"] == ["draft", "ferry"]


def test_restoring_twice_changes_nothing(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    run_import(tmp_path / "backup")
    stamps = dict(Article.objects.values_list("slug", "updated_at"))

    run_import(tmp_path / "backup")

    assert dict(Article.objects.values_list("slug", "updated_at")) == stamps
    assert choices()["harbour"] == ["storm", "draft", "ferry"]
