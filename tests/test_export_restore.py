"""Export, then restore into an empty database: nothing lost, same API."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Revision

from articles.demo.loader import load_demo_content
from articles.models import (
    Article,
    ArticleDocument,
    Collection,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
    Withdrawal,
)
from tests.helpers.images import make_jpeg
from tests.helpers.imports import run_failing_import, run_import
from tests.helpers.safety import record


def export(directory: Path, *args: str) -> str:
    out = StringIO()
    call_command("export_articles", str(directory), *args, stdout=out)
    return out.getvalue()


def empty_the_database() -> None:
    for image in Image.objects.exclude(file=""):
        image.file.delete(save=False)
    Article.objects.all().delete()
    Collection.objects.all().delete()
    for model in (Credit, Correction, Image, Contributor, Tag, Withdrawal):
        model.objects.all().delete()
    Section.objects.filter(parent__isnull=False).delete()
    Section.objects.all().delete()
    Revision.objects.all().delete()
    ArticleDocument.objects.all().delete()


def api_snapshot(client: Client) -> dict[str, object]:
    """Every public article and image as the API gives it, and the lists."""
    snapshot: dict[str, object] = {}
    snapshot["list"] = client.get("/api/v1/articles/?limit=100").json()
    for slug in Article.objects.published().values_list("slug", flat=True):
        snapshot[slug] = client.get(f"/api/v1/articles/{slug}/").json()
        snapshot[f"{slug}.ninjs"] = client.get(f"/api/v1/articles/{slug}/ninjs/").json()
    for pk in Image.objects.published().values_list("pk", flat=True):
        snapshot[f"image {pk}"] = client.get(f"/api/v1/images/{pk}/").json()
    for resource in ("contributors", "sections", "tags"):
        snapshot[resource] = client.get(f"/api/v1/{resource}/?limit=100").json()
    return snapshot


def content_lines(directory: Path) -> list[dict]:
    lines = [json.loads(line) for line in (directory / "content.jsonl").open()]
    assert lines[0]["type"] == "export"
    return lines[1:]


@pytest.fixture
def newsroom(db):
    """The demo content plus every state and part a story can have."""
    load_demo_content()
    now = timezone.now().replace(microsecond=0)
    regions = Section.objects.create(name="Regions")
    nordics = Section.objects.create(name="Nordics", parent=regions)
    Tag.objects.create(name="Unused tag")
    Contributor.objects.create(
        name="Nobody Yet", bio="Joins next week.", url="https://example.com/n"
    )
    library, _ = Image.objects.get_or_create_for_file(
        _jpeg_file(make_jpeg(40, 30, (10, 200, 10)), "library.jpg"),
        caption="Only in the library",
    )
    placed = Article.objects.filter(body_images__isnull=False).first()
    embargoed = Article.objects.create(
        headline="Embargoed results",
        body="<p>Out at noon.</p>",
        section=nordics,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(hours=1),
        embargo_until=now + timedelta(days=1),
    )
    scheduled = Article.objects.create(
        headline="Tomorrow's story", body="<p>Later.</p>", section=regions
    )
    scheduled.publish(at=now + timedelta(days=2))
    corrected = (
        Article.objects.published().exclude(pk=placed.pk if placed else None).first()
    )
    Correction.objects.create(
        article=corrected, note="An earlier version misspelt a name.", noted_at=now
    )
    Article.objects.create(headline="Just a draft", body="<p>Unfinished.</p>")
    return {"library": library, "embargoed": embargoed, "scheduled": scheduled}


def _jpeg_file(data: bytes, name: str):
    from django.core.files.base import ContentFile

    return ContentFile(data, name=name)


def test_export_then_restore_into_an_empty_database_gives_identical_api_output(
    newsroom, tmp_path
):
    client = Client()
    before = api_snapshot(client)
    counts = {
        model.__name__: model.objects.count()
        for model in (Article, Image, Contributor, Section, Tag, Credit, Correction)
    }
    export(tmp_path / "export")
    first = content_lines(tmp_path / "export")

    empty_the_database()
    assert Article.objects.count() == Image.objects.count() == 0
    stdout, stderr = run_import(tmp_path / "export")

    assert stderr == ""
    assert stdout.endswith("0 updated, 0 unchanged, 0 failed\n")
    assert {
        model.__name__: model.objects.count()
        for model in (Article, Image, Contributor, Section, Tag, Credit, Correction)
    } == counts
    assert api_snapshot(client) == before
    # Drafts, embargoes, schedules and library photos are not in the API:
    # a second export of the restored database says the same, line for line.
    export(tmp_path / "again")
    assert content_lines(tmp_path / "again") == first


def test_the_export_holds_every_state_and_the_photo_files(newsroom, tmp_path):
    stdout = export(tmp_path / "export")

    lines = content_lines(tmp_path / "export")
    kinds = [line["type"] for line in lines]
    articles = [line for line in lines if line["type"] == "article"]
    assert kinds.count("article") == Article.objects.count()
    assert kinds.count("section") == Section.objects.count()
    assert kinds.count("tag") == Tag.objects.count()
    assert kinds.count("contributor") == Contributor.objects.count()
    assert [line["caption"] for line in lines if line["type"] == "image"] == [
        "Only in the library"
    ]
    statuses = {line["headline"]: line["status"] for line in articles}
    assert statuses["Just a draft"] == "draft"
    assert statuses["Tomorrow's story"] == "scheduled"
    embargoed = next(a for a in articles if a["headline"] == "Embargoed results")
    assert embargoed["embargo_until"] == newsroom["embargoed"].embargo_until.isoformat()
    assert embargoed["section"] == {
        "name": "Nordics",
        "slug": "nordics",
        "parent": {"name": "Regions", "slug": "regions", "parent": None},
    }
    library = newsroom["library"]
    exported = tmp_path / "export" / f"images/{library.sha256[:2]}/{library.sha256}.jpg"
    assert exported.read_bytes() == library.file.open("rb").read()
    files = Image.objects.exclude(file="").count()
    assert stdout == (
        f"Exported {Article.objects.count()} articles, 1 library photo, "
        f"{files} photo files, {Collection.objects.count()} front versions to "
        f"{tmp_path / 'export'}\n"
    )


def test_restoring_twice_changes_nothing(newsroom, tmp_path):
    export(tmp_path / "export")
    empty_the_database()
    run_import(tmp_path / "export")
    updated = dict(Article.objects.values_list("pk", "updated_at"))

    stdout, stderr = run_import(tmp_path / "export")

    assert "0 created, 0 updated" in stdout
    assert " 0 failed" in stdout
    assert dict(Article.objects.values_list("pk", "updated_at")) == updated


def test_since_exports_only_what_changed(newsroom, tmp_path):
    cutoff = timezone.now()
    story = Article.objects.published().first()
    story.headline = "Changed after the cut-off"
    story.save()

    export(tmp_path / "export", "--since", cutoff.isoformat())

    lines = content_lines(tmp_path / "export")
    assert [line["headline"] for line in lines if line["type"] == "article"] == [
        "Changed after the cut-off"
    ]


def test_a_bad_since_date_is_refused(db, tmp_path):
    with pytest.raises(CommandError) as error:
        export(tmp_path / "export", "--since", "last tuesday")
    assert str(error.value) == (
        "--since 'last tuesday' is not a date: use YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM[:SS][+HH:MM]."
    )
    assert not (tmp_path / "export").exists()


def test_ninjs_export_writes_the_published_stories_only(newsroom, tmp_path):
    stdout = export(tmp_path / "ninjs", "--format", "ninjs")

    # Another language's edition: <slug>.<language>.json (tests/test_edition_syndication.py).
    published = {
        slug if language == "en" else f"{slug}.{language}"
        for slug, language in Article.objects.published().values_list(
            "slug", "language"
        )
    }
    assert {path.stem for path in (tmp_path / "ninjs").iterdir()} == published
    assert stdout == f"Exported {len(published)} articles to {tmp_path / 'ninjs'}\n"
    slug = sorted(published)[0]
    document = json.loads((tmp_path / "ninjs" / f"{slug}.json").read_text())
    assert document["headlines"][0]["value"] == Article.objects.get(slug=slug).headline


def test_a_photo_path_leaving_the_export_is_refused(db, tmp_path):
    directory = tmp_path / "export"
    directory.mkdir()
    header = {"type": "export", "format": "newsroom-cms", "version": 1}
    story = {
        "type": "article",
        "source_id": "x:1",
        "headline": "Escape",
        "status": "draft",
        "lead_image": {"file": "../../etc/passwd"},
    }
    (directory / "content.jsonl").write_text(
        "\n".join(json.dumps(line) for line in (header, story)) + "\n"
    )
    _, err, _ = run_failing_import(directory)

    assert err == (
        f'{directory / "content.jsonl"}: line 2 (article "x:1"): the photo file '
        "'../../etc/passwd' lies outside the export directory\n"
    )
    assert Article.objects.count() == Image.objects.count() == 0
    record("hostile inputs", "files refused")
    record("hostile inputs", "partial writes", 0)
