"""The provenance corpus: C2PA-signed photos and the test trust anchors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.corpus import CORPUS

PROVENANCE = CORPUS / "provenance"
IPTC_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def corpus_anchors() -> str:
    """The FOR TESTING ONLY roots that make C.jpg and CA.jpg trusted (PEM)."""
    settings = json.loads((PROVENANCE / "trust_config_test_settings.json").read_text())
    return settings["trust"]["trust_anchors"]


def corpus_anchors_file(folder: Path) -> Path:
    """The test anchors as the PEM file import_trust_anchors reads."""
    path = folder / "test-anchors.pem"
    path.write_text(corpus_anchors())
    return path


def stored_photo(name: str, **fields):
    """A corpus photo stored as an upload stores it (its provenance read),
    with `fields` (caption, restrictions…) saved on it."""
    from articles.models import Image

    with open(PROVENANCE / name, "rb") as file:
        image, _ = Image.objects.get_or_create_for_file(
            file, original_filename=name, **fields
        )
    return image
