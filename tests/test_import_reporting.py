"""What the import commands say: a summary that counts every record read, as
the progress bar does, and one clear line for a database never migrated."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers.corpus import CORPUS
from tests.helpers.images import make_jpeg
from tests.helpers.imports import run_import
from tests.helpers.servers import (
    MANAGE,
    PYTHON,
    ROOT,
    TargetDatabase,
    manage,
    manage_env,
)

NOT_MIGRATED = (
    "CommandError: The database has no tables yet (or misses migrations): "
    "run `manage.py migrate` first.\n"
)

# The summary


def test_the_summary_counts_skipped_records_among_the_records_read(db):
    # A post and its attachment: the attachment is read and skipped.
    export = CORPUS / "wxr/wordpress-importer/wxr-flat-attachment-same-site.xml"

    stdout, stderr = run_import(export)

    assert stdout == (
        "1 file, 2 records: 1 created, 0 updated, 0 unchanged, 0 failed, 1 skipped\n"
    )
    assert stderr == ""


# A database never migrated


def manage_failing(database: TargetDatabase, media: Path, *args: str):
    return subprocess.run(
        [PYTHON, MANAGE, *args],
        cwd=ROOT,
        env=manage_env(database, media),
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def unmigrated(tmp_path):
    database = TargetDatabase(tmp_path, "unmigrated")
    database.create()
    yield database
    database.drop()


def test_a_restore_into_a_database_never_migrated_says_to_migrate_once(
    published_article, unmigrated, tmp_path
):
    export = tmp_path / "export"
    call_command("export_articles", str(export), stdout=StringIO())

    done = manage_failing(unmigrated, tmp_path / "media", "import_articles", export)

    assert (done.returncode, done.stdout, done.stderr) == (1, "", NOT_MIGRATED)


def test_photos_into_a_database_never_migrated_say_to_migrate_once(
    unmigrated, tmp_path
):
    photos = tmp_path / "photos"
    photos.mkdir()
    for n in range(3):
        (photos / f"{n}.jpg").write_bytes(make_jpeg(color=(n, 90, 200)))

    done = manage_failing(unmigrated, tmp_path / "media", "import_images", photos)

    assert (done.returncode, done.stdout, done.stderr) == (1, "", NOT_MIGRATED)


def test_a_database_missing_the_apps_migrations_says_to_migrate_once(
    unmigrated, tmp_path
):
    # Tables for users only: Django's own migrations table is there, ours not.
    manage(unmigrated, tmp_path / "media", "migrate", "auth", "-v0")
    page = tmp_path / "page.txt"
    page.write_text("A headline\n\nA paragraph.\n")

    done = manage_failing(unmigrated, tmp_path / "media", "import_articles", page)

    assert (done.returncode, done.stdout, done.stderr) == (1, "", NOT_MIGRATED)
