"""manage.py read_provenance (issue 22): photos stored before provenance
was read get it read, in batches, exactly as an upload reads it; a second
run reads nothing; a file missing from storage fails the run, the others
read."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Image, TrustBundle
from tests.helpers.provenance import corpus_anchors, stored_photo

CORPUS_PHOTOS = ["C.jpg", "CA.jpg", "E-sig-CA.jpg", "no_manifest.jpg", "ocsp.jpg"]
READ = ["xmp_source_type", "data_mining", "other_constraints", "content_credentials"]


def as_read() -> list[tuple]:
    return list(Image.objects.order_by("pk").values_list("original_filename", *READ))


def forget_all() -> None:
    """As rows stored before provenance was read look."""
    Image.objects.update(
        xmp_source_type="", data_mining="", other_constraints="", content_credentials={}
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("read_provenance", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def photos(db):
    TrustBundle.from_pem(corpus_anchors()).save()
    return [stored_photo(name) for name in CORPUS_PHOTOS]


def test_unread_photos_are_read_as_an_upload_reads_them_in_batches(photos):
    uploaded = as_read()
    forget_all()

    output = run("--batch-size", "2")

    assert output == (
        "5 photos to read.\n"
        "Read 5 photos in 3 batches: 1 labelled AI-generated or AI-edited, "
        "0 with data-mining terms; content credentials: 2 trusted, 1 valid, "
        "1 invalid, 0 remote.\n"
    )
    assert as_read() == uploaded


def test_a_second_run_reads_nothing(photos):
    forget_all()
    run()
    assert run() == "Every stored photo's provenance is read; nothing to do.\n"


def test_a_missing_file_fails_the_run_and_the_others_are_read(photos):
    forget_all()
    photos[0].file.storage.delete(photos[0].file.name)

    with pytest.raises(CommandError, match="1 photo could not be opened"):
        run()

    unread = Image.objects.filter(content_credentials={})
    assert list(unread.values_list("original_filename", flat=True)) == ["C.jpg"]


def test_a_batch_size_below_one_is_refused(db):
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        run("--batch-size", "0")
