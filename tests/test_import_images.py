"""import_images on a folder of real, duplicate and hostile files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.db.models.signals import post_save

from articles.models import Credit, Image
from tests.helpers.corpus import CORPUS

AP_PHOTO = CORPUS / "images" / "agency-metadata" / "Bush-dog.jpg"
CP_PHOTO = CORPUS / "images" / "agency-metadata" / "cp.jpg"
UNREADABLE = "The file is not a readable image (or it is truncated or corrupt)."
TOO_LARGE = "The image is too large to process safely; the limit is 80 megapixels."


def run(*args) -> tuple[str, str, CommandError | None]:
    """The command as manage.py runs it, system checks included."""
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command(
            "import_images",
            *map(str, args),
            stdout=stdout,
            stderr=stderr,
            skip_checks=False,
        )
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


def stored_files(media_root) -> list[str]:
    return sorted(
        str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()
    )


@pytest.fixture
def inbox(tmp_path):
    """Two photos, a copy of one under another name, and four files that are
    no photo we accept whatever their names say; hidden files are skipped."""
    folder = tmp_path / "inbox"
    (folder / "wire").mkdir(parents=True)
    (folder / ".thumbnails").mkdir()
    files = {
        "a-bush.jpg": AP_PHOTO.read_bytes(),
        "wire/b-cp.jpeg": CP_PHOTO.read_bytes(),
        "wire/c-cp-again.jpg": CP_PHOTO.read_bytes(),
        "d-logo.jpg": (CORPUS / "hostile" / "svg" / "htmlTest.svg").read_bytes(),
        "e-notes.jpg": b"Press release, not a photo.\n",
        "f-cut.jpg": AP_PHOTO.read_bytes()[:30_000],
        "g-bomb.gif": (
            CORPUS / "hostile" / "images" / "pillow-decompression_bomb.gif"
        ).read_bytes(),
        ".hidden.jpg": AP_PHOTO.read_bytes(),
        ".thumbnails/h-thumb.jpg": AP_PHOTO.read_bytes(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_folder_of_good_bad_and_duplicate_files(db, inbox, media_root):
    stdout, stderr, error = run(inbox)

    assert stdout == "7 files: 2 created, 1 duplicate, 4 failed\n"
    assert stderr.splitlines() == [
        f"{inbox / 'd-logo.jpg'}: {UNREADABLE}",
        f"{inbox / 'e-notes.jpg'}: {UNREADABLE}",
        f"{inbox / 'f-cut.jpg'}: {UNREADABLE}",
        f"{inbox / 'g-bomb.gif'}: {TOO_LARGE}",
    ]
    assert str(error) == "4 files failed to import; see the errors above."
    images = list(Image.objects.order_by("original_filename"))
    assert [i.original_filename for i in images] == ["a-bush.jpg", "b-cp.jpeg"]
    assert stored_files(media_root) == sorted(i.file.name for i in images)


def test_metadata_is_applied_on_import(db, inbox):
    run(inbox)

    image = Image.objects.get(original_filename="b-cp.jpeg")
    assert image.caption == (
        "The Montreal Police logo is seen on a police car in Montreal on "
        "Wednesday, July 8, 2020. THE CANADIAN PRESS/Paul Chiasson"
    )
    assert image.restrictions == "EDS NOTE:A FILE PHOTO"
    assert image.date_created == datetime(2020, 7, 8, 13, 49, 13, tzinfo=UTC)
    assert [
        (c.role, c.contributor.name)
        for c in image.credits.select_related("contributor")
    ] == [("creator", "Paul Chiasson"), ("provider", "The Canadian Press")]
    assert image.credit_line == "Paul Chiasson/CP"
    assert Image.objects.get(original_filename="a-bush.jpg").credit_line == (
        "DUANE A. LAVERTY/AP"
    )


def test_importing_again_finds_only_duplicates(db, inbox, media_root):
    run(inbox)
    files_before = stored_files(media_root)
    bush = Image.objects.get(original_filename="a-bush.jpg")

    stdout, stderr, error = run(inbox, "-v", "2")

    assert stdout.splitlines()[0] == (
        f"{inbox / 'a-bush.jpg'}: already in the library as image #{bush.pk}"
    )
    assert stdout.splitlines()[-1] == "7 files: 0 created, 3 duplicate, 4 failed"
    assert len(stderr.splitlines()) == 4
    assert error is not None
    assert Image.objects.count() == 2
    assert stored_files(media_root) == files_before


def test_each_import_is_reported_at_verbosity_2(db, tmp_path):
    (tmp_path / "one.jpg").write_bytes(AP_PHOTO.read_bytes())

    stdout, stderr, error = run(tmp_path / "one.jpg", "-v", "2")

    assert stdout.splitlines() == [
        f"{tmp_path / 'one.jpg'}: imported as image #{Image.objects.get().pk}",
        "1 file: 1 created, 0 duplicate, 0 failed",
    ]
    assert (stderr, error) == ("", None)


def test_dry_run_stores_nothing(db, inbox, media_root):
    stdout, stderr, error = run(inbox, "--dry-run")

    assert stdout.splitlines() == [
        f"{inbox / 'a-bush.jpg'}: would import a 400 × 398 JPEG",
        f"{inbox / 'wire' / 'b-cp.jpeg'}: would import a 400 × 265 JPEG",
        f"{inbox / 'wire' / 'c-cp-again.jpg'}: the same photo as "
        f"{inbox / 'wire' / 'b-cp.jpeg'}",
        "7 files: 2 created, 1 duplicate, 4 failed (dry run: nothing was stored)",
    ]
    assert len(stderr.splitlines()) == 4
    assert str(error) == "4 files failed to import; see the errors above."
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


@contextmanager
def failing_insert(model: type[Model], message: str) -> Iterator[None]:
    """The database failing with `message` when a `model` row is inserted."""

    def fail(sender, created, **kwargs):
        if created:
            raise RuntimeError(message)

    post_save.connect(fail, sender=model, weak=False)
    try:
        yield
    finally:
        post_save.disconnect(fail, sender=model)


# The photo's file is stored first; then the database fails inside
# Image.objects.get_or_create_for_file, before it returns the image, or once
# the image row is written, while its credits are added.
@pytest.mark.parametrize(
    ("model", "message"),
    [(Image, "insert failed"), (Credit, "connection lost")],
    ids=["image", "credits"],
)
def test_a_failure_after_the_file_was_stored_leaves_nothing(
    db, tmp_path, media_root, model, message
):
    (tmp_path / "one.jpg").write_bytes(AP_PHOTO.read_bytes())

    with failing_insert(model, message):
        stdout, stderr, error = run(tmp_path / "one.jpg")

    assert stderr == f"{tmp_path / 'one.jpg'}: unexpected RuntimeError: {message}\n"
    assert stdout == "1 file: 0 created, 0 duplicate, 1 failed\n"
    assert str(error) == "1 file failed to import; see the errors above."
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_missing_path_fails_clearly(db, tmp_path):
    stdout, stderr, error = run(tmp_path / "nope.jpg")

    assert stderr == (
        f"{tmp_path / 'nope.jpg'}: cannot read the file: No such file or directory\n"
    )
    assert stdout == "1 file: 0 created, 0 duplicate, 1 failed\n"
    assert error is not None


def test_an_empty_folder_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="^No files found in the given paths.$"):
        call_command("import_images", str(tmp_path), stdout=StringIO())


def test_the_progress_bar_is_drawn_only_on_a_terminal(db, tmp_path):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    (tmp_path / "one.jpg").write_bytes(AP_PHOTO.read_bytes())
    out = Terminal()

    call_command("import_images", str(tmp_path / "one.jpg"), stdout=out)

    assert out.getvalue() == (
        "[##############################] 1/1\r"
        + " " * 36
        + "\r"
        + "1 file: 1 created, 0 duplicate, 0 failed\n"
    )
