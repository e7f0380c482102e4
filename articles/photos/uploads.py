"""A photo arriving from outside, wherever it comes in (the admin's photo
form, the story's photo chooser, the write API): the file checked before
anything is stored, and afterwards the empty fields and credits filled in
from its own metadata. One copy of each rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from articles.imaging.inspect import inspect_image
from articles.imaging.metadata import read_metadata
from articles.models import Image
from articles.photos.metadata import apply_metadata

FILLED_NOTICE = (
    "Empty fields and credits were filled in from the photo's metadata; check them."
)


def check_new_file(file, instance: Image | None = None):
    """`file` if it is a photo we accept and not in the library yet, or the
    stored file when it is `instance`'s own bytes again; ValidationError
    otherwise (code "duplicate" with the existing photo's `pk` in params)."""
    facts = inspect_image(file)
    if instance is not None and instance.pk and facts.sha256 == instance.sha256:
        # The same bytes again: keep the stored file rather than writing a
        # second copy next to it.
        return instance.file
    existing = (
        Image.objects.filter(sha256=facts.sha256)
        .exclude(pk=instance.pk if instance else None)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            "This photo is already in the library as “%(image)s” (image #%(pk)s).",
            code="duplicate",
            params={"image": existing, "pk": existing.pk},
        )
    return file


def fill_from_file_metadata(image: Image) -> list[str]:
    """Fill `image`'s empty fields and missing credits from its file's IPTC,
    XMP and EXIF; what the read found wrong with the metadata, as sentences
    for the editor. Run after credits the editor typed are saved: theirs
    win over the file's."""
    with image.file.open("rb") as file:
        metadata = read_metadata(file)
    apply_metadata(image, metadata)
    return [f"The photo's {warning}" for warning in metadata.warnings]
