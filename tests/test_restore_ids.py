"""A restore keeps every id it exported: photos (and so their rendition
addresses), articles, whatever the newsroom did before the export and
whatever was tried on the new database before it was migrated.

The restore runs `manage.py` in a process of its own on a fresh SQLite file,
as an operator would; the newsroom it restores is built in the test database
through the demo loader, the admin and the importer."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from articles.models import Article, Image
from tests.helpers.admin import upload_cp_photo
from tests.helpers.corpus import SEED_PAGE
from tests.helpers.imports import run_import

PROJECT = Path(__file__).resolve().parents[1]


def manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`manage.py ARGS` on the fresh database tmp_path/restored.sqlite3."""
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "restored-media"),
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def restored(tmp_path: Path, sql: str) -> set[tuple]:
    with sqlite3.connect(tmp_path / "restored.sqlite3") as connection:
        return set(connection.execute(sql).fetchall())


def photos_here() -> set[tuple]:
    return set(Image.objects.values_list("id", "sha256", "caption"))


def articles_here() -> set[tuple]:
    return set(Article.objects.values_list("id", "slug", "lead_image_id", "body"))


PHOTOS = "SELECT id, sha256, caption FROM articles_image"
ARTICLES = "SELECT id, slug, lead_image_id, body FROM articles_article"


def export_and_restore_after_a_first_attempt(tmp_path: Path) -> None:
    export = tmp_path / "export"
    call_command("export_articles", str(export), stdout=open(os.devnull, "w"))  # noqa: SIM115

    # Into a database never migrated: stopped before the first record.
    first = manage(tmp_path, "import_articles", str(export))
    assert first.returncode == 1
    assert first.stderr.strip().endswith(
        "The database has no tables yet (or misses migrations): "
        "run `manage.py migrate` first."
    )
    assert manage(tmp_path, "migrate", "-v", "0").returncode == 0
    restore = manage(tmp_path, "import_articles", str(export))
    assert (restore.returncode, restore.stderr) == (0, "")


def test_the_trial_of_the_issue_keeps_every_photo_and_article_id(
    admin_client, media_root, tmp_path
):
    call_command("load_demo", no_user=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert upload_cp_photo(admin_client).status_code == 200
    run_import(SEED_PAGE)
    photos, articles = photos_here(), articles_here()
    # The demo's 10 stories and 2 French editions, and the sample page.
    assert len(photos) == 12 and len(articles) == 13

    export_and_restore_after_a_first_attempt(tmp_path)

    assert restored(tmp_path, PHOTOS) == photos
    assert restored(tmp_path, ARTICLES) == articles
    assert restored(
        tmp_path, "SELECT slug FROM articles_article WHERE language = 'fr'"
    ) == {
        ("des-villes-cotieres-testent-des-barrages-flottants",),
        ("recoltes-en-retard-dans-les-prairies-apres-un-septembre-pluvieux",),
    }


def test_a_photo_without_a_file_no_story_shows_keeps_its_id(
    admin_client, media_root, tmp_path
):
    # The same newsroom, then an editor gives the sample page the uploaded
    # photo: the page's own photo (words and credits, no file) is left in the
    # library. A restore used to give it the first free id, 1, and every photo
    # after it moved up one: 1 became 2.
    call_command("load_demo", no_user=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    upload_cp_photo(admin_client)
    run_import(SEED_PAGE)
    page = Article.objects.get(source_id__startswith="page:")
    page.lead_image = Image.objects.get(original_filename="montreal.jpg")
    page.save()
    photos, articles = photos_here(), articles_here()
    library = Image.objects.filter(lead_for=None, in_bodies=None)
    # One photo without a file, the newest (12 on a fresh database; on
    # PostgreSQL the sequences go on from earlier tests).
    (fileless,) = library
    assert fileless.sha256 is None
    assert fileless.pk == Image.objects.order_by("-pk").values_list("pk", flat=True)[0]

    export_and_restore_after_a_first_attempt(tmp_path)

    assert restored(tmp_path, PHOTOS) == photos
    assert restored(tmp_path, ARTICLES) == articles


def export_file(tmp_path: Path, *records: dict) -> Path:
    header = {"type": "export", "format": "newsroom-cms", "version": 1}
    path = tmp_path / "content.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (header, *records)) + "\n")
    return path


def story(number: int, photo: dict) -> dict:
    return {
        "type": "article",
        "id": number,
        "source_id": f"export:article:{number}",
        "headline": f"Story {number}",
        "status": "published",
        "body_html": "<p>Words.</p>",
        "lead_image": photo,
    }


SHARED_PHOTO = {
    "id": 5,
    "caption": "The harbour, from the ferry",
    "created_at": "2026-11-02T08:00:00+00:00",
}


def test_a_photo_without_a_file_two_stories_share_is_restored_once(db, tmp_path):
    path = export_file(tmp_path, story(1, SHARED_PHOTO), story(2, SHARED_PHOTO))

    run_import(path)
    # Another batch (a second run) finds the same photo again.
    run_import(export_file(tmp_path, story(3, SHARED_PHOTO)))

    assert list(Image.objects.values_list("id", "caption")) == [
        (5, "The harbour, from the ferry")
    ]
    assert set(Article.objects.values_list("id", "lead_image_id")) == {
        (1, 5),
        (2, 5),
        (3, 5),
    }


def test_a_photo_id_another_photo_holds_is_a_warning_naming_it(db, tmp_path):
    Image.objects.create(pk=5, caption="Somebody else's photo")
    errors = tmp_path / "errors.jsonl"

    stdout, _ = run_import(export_file(tmp_path, story(1, SHARED_PHOTO)), errors=errors)

    assert stdout == "1 file: 1 created, 0 updated, 0 unchanged, 0 failed; 1 warning\n"
    assert Image.objects.get(pk=5).caption == "Somebody else's photo"
    lead = Article.objects.get(pk=1).lead_image
    assert (lead.pk != 5, lead.caption) == (True, "The harbour, from the ferry")
    assert [
        json.loads(line)["message"] for line in errors.read_text().splitlines()
    ] == [
        "photo 5 of the export was restored under a new id: another photo here has id 5"
    ]
