"""Hostile photo files and file names: refused quickly with a clear message,
or stored under a name of our own, never outside the media root."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles.models import Image
from tests.helpers.images import make_jpeg
from tests.helpers.safety import record

NAMES = [
    "../../../etc/cron.d/evil.jpg",
    "/etc/passwd.jpg",
    "..\\..\\windows\\system32\\evil.jpg",
    "C:\\Users\\Public\\evil.jpg",
    "%2e%2e%2f%2e%2e%2fencoded.jpg",
    "photo.jpg\x00.html",
    "<script>alert(1)</script>.jpg",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_file_name_never_decides_where_the_file_goes(db, media_root, name):
    data = make_jpeg(24, 16)

    image, created = Image.objects.get_or_create_for_file(ContentFile(data, name=name))

    stored = Path(image.file.path).resolve()
    assert created
    assert stored.is_relative_to(Path(media_root).resolve() / "images")
    assert stored.name == f"{image.sha256}.jpg"
    assert stored.read_bytes() == data
    assert "/" not in image.original_filename and "\\" not in image.original_filename
    record("hostile inputs", "file names neutralised")
    record("hostile inputs", "files outside the media root", 0)


def truncated_jpeg() -> bytes:
    data = make_jpeg(400, 300)
    return data[: len(data) // 2]


def polyglot() -> bytes:
    # Starts like a GIF, carries HTML and script: not a photo we accept.
    return b"GIF89a/*<html><script>alert(1)</script></html>*/=1;"


@pytest.mark.parametrize(
    ("data", "kind"),
    [(truncated_jpeg(), "truncated JPEG"), (polyglot(), "GIF/HTML polyglot"),
     (b"\xff\xd8\xff" + b"\x00" * 64, "JPEG header only"), (b"", "empty file")],
    ids=lambda value: value if isinstance(value, str) else "",
)  # fmt: skip
def test_broken_and_polyglot_files_are_refused_and_nothing_is_stored(
    db, media_root, data, kind
):
    started = time.perf_counter()

    with pytest.raises(ValidationError) as error:
        Image.objects.get_or_create_for_file(ContentFile(data, name="upload.jpg"))

    assert time.perf_counter() - started < 1
    assert len(error.value.messages) == 1 and error.value.messages[0].endswith(".")
    assert Image.objects.count() == 0
    assert not any(Path(media_root).rglob("*.*"))
    record("hostile inputs", "files refused")
    record("hostile inputs", "partial writes", 0)
