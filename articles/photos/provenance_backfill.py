"""Provenance for photos stored before it was read (issue 22): each photo
whose file was never read for provenance (`content_credentials` still empty:
a read always records at least a state) is read now, in batches, one
transaction per batch. A re-run reads only what is left, so it is
idempotent; a photo whose file cannot be opened is counted and left for the
next run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction

from articles.models import Image

PROVENANCE_FIELDS = [
    "xmp_source_type",
    "data_mining",
    "other_constraints",
    "content_credentials",
    "updated_at",
]


def unread_photos():
    """Photos with a file whose provenance was never read."""
    return Image.objects.exclude(file="").filter(content_credentials={})


def read_unread(batch_size: int = 100, progress: Callable | None = None) -> Counter:
    """Read every unread photo, `batch_size` a transaction; the counts:
    read, batches, missing (file not found), ai_labelled, data_mining,
    and credentials-<state> for each state but none."""
    counts: Counter = Counter()
    after = 0
    while True:
        batch = list(unread_photos().filter(pk__gt=after).order_by("pk")[:batch_size])
        if not batch:
            return counts
        after = batch[-1].pk
        with transaction.atomic():
            for image in batch:
                read_one(image, counts)
        counts["batches"] += 1
        if progress is not None:
            progress(counts)


def read_one(image: Image, counts: Counter) -> None:
    try:
        with image.file.open("rb") as file:
            image.read_provenance(file, image.content_type)
    except OSError:
        counts["missing"] += 1
        return
    image.save(update_fields=PROVENANCE_FIELDS)
    counts["read"] += 1
    if image.source_type.label:
        counts["ai_labelled"] += 1
    if image.data_mining:
        counts["data_mining"] += 1
    if image.credentials_state != "none":
        counts[f"credentials-{image.credentials_state}"] += 1
    if image.source_type.uri or image.data_mining:
        # Renditions carry the label and terms in their XMP: made again.
        image.renditions.all().delete()
