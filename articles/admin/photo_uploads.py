"""What happens after a photo is uploaded, wherever in the admin it was:
empty fields and credits are filled in from the file's own metadata."""

from __future__ import annotations

from articles.imaging.metadata import read_metadata
from articles.models import Image
from articles.photos.metadata import apply_metadata

FILLED_NOTICE = (
    "Empty fields and credits were filled in from the photo's metadata; check them."
)


def fill_from_file_metadata(image: Image) -> list[str]:
    """Fill `image`'s empty fields and missing credits from its file's IPTC,
    XMP and EXIF; what the read found wrong with the metadata, as sentences
    for the editor. Run after credits the editor typed are saved: theirs
    win over the file's."""
    with image.file.open("rb") as file:
        metadata = read_metadata(file)
    apply_metadata(image, metadata)
    return [f"The photo's {warning}" for warning in metadata.warnings]
