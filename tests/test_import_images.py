"""import_images on a folder of real and hostile files."""

from __future__ import annotations

import io
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Image
from tests.conftest import CORPUS, make_jpeg

AP_PHOTO = CORPUS / "images" / "agency-metadata" / "Bush-dog.jpg"
CP_PHOTO = CORPUS / "images" / "agency-metadata" / "cp.jpg"
UNREADABLE = "The file is not a readable image (or it is truncated or corrupt)."


def run(*args) -> tuple[str, str, CommandError | None]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("import_images", *map(str, args), stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


def stored_files(media_root) -> list[str]:
    return sorted(
        str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()
    )


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "wire").mkdir(parents=True)
    shutil.copy(AP_PHOTO, folder / "a-bush.jpg")
    shutil.copy(CP_PHOTO, folder / "wire" / "b-cp.jpeg")
    shutil.copy(CP_PHOTO, folder / "wire" / "c-cp-again.jpg")
    shutil.copy(CORPUS / "hostile" / "svg" / "htmlTest.svg", folder / "d-logo.jpg")
    (folder / "e-notes.jpg").write_bytes(b"Press release, not a photo.\n")
    (folder / "f-cut.jpg").write_bytes(make_jpeg(300, 200)[:400])
    shutil.copy(
        CORPUS / "hostile" / "images" / "pillow-decompression_bomb.gif",
        folder / "g-bomb.gif",
    )
    (folder / ".hidden.jpg").write_bytes(make_jpeg())
    return folder


def test_a_folder_of_good_bad_and_duplicate_files(db, inbox, media_root):
    stdout, stderr, error = run(inbox)

    assert stdout == "7 files: 2 created, 1 duplicate, 4 failed\n"
    assert stderr.splitlines() == [
        f"{inbox / 'd-logo.jpg'}: {UNREADABLE}",
        f"{inbox / 'e-notes.jpg'}: {UNREADABLE}",
        f"{inbox / 'f-cut.jpg'}: {UNREADABLE}",
        f"{inbox / 'g-bomb.gif'}: The image is too large to process safely; the limit "
        "is 80 megapixels.",
    ]
    assert str(error) == "4 files failed to import; see the errors above."
    images = list(Image.objects.order_by("original_filename"))
    assert [i.original_filename for i in images] == ["a-bush.jpg", "b-cp.jpeg"]
    assert stored_files(media_root) == sorted(i.file.name for i in images)


def test_metadata_is_applied_on_import(db, inbox):
    run(inbox)

    image = Image.objects.get(original_filename="a-bush.jpg")
    assert image.headline == "BUSH"
    assert image.caption.endswith("(AP Photo/Duane A. Laverty)")
    assert image.credit_line == "DUANE A. LAVERTY via AP"
    assert (image.width, image.height) == (400, 398)


def test_importing_again_finds_only_duplicates(db, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(AP_PHOTO, folder / "one.jpg")
    run(folder)

    stdout, stderr, error = run(folder, "-v", "2")

    assert stdout.splitlines() == [
        f"{folder / 'one.jpg'}: already in the library as image "
        f"#{Image.objects.get().pk}",
        "1 file: 0 created, 1 duplicate, 0 failed",
    ]
    assert (stderr, error) == ("", None)
    assert Image.objects.count() == 1


def test_dry_run_stores_nothing(db, inbox, media_root):
    stdout, stderr, error = run(inbox, "--dry-run")

    assert stdout.splitlines()[-1] == (
        "7 files: 3 created, 0 duplicate, 4 failed (dry run: nothing was stored)"
    )
    assert f"{inbox / 'a-bush.jpg'}: would import a 400 × 398 JPEG" in stdout
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []
    assert error is not None


def test_a_missing_path_fails_clearly(db, tmp_path):
    stdout, stderr, error = run(tmp_path / "nope.jpg")

    assert stderr.startswith(f"{tmp_path / 'nope.jpg'}: cannot read the file: ")
    assert stdout == "1 file: 0 created, 0 duplicate, 1 failed\n"


def test_the_progress_bar_is_drawn_only_on_a_terminal(db, tmp_path):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shutil.copy(AP_PHOTO, tmp_path / "one.jpg")
    out = Terminal()

    call_command("import_images", str(tmp_path / "one.jpg"), stdout=out)

    assert "[##############################] 1/1\r" in out.getvalue()
