"""Files the tests read from the shared corpus next to the project."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED_PAGE = SHARED / "seeds" / "000_73e2e5c0feb7c169.txt"
CORPUS = SHARED / "corpus"
# A Canadian Press photo whose embedded metadata fills in caption and credits.
CP_PHOTO = CORPUS / "images" / "agency-metadata" / "cp.jpg"
# XML every reader must refuse (entity bombs, external entities), and the
# two files beside them that are harmless: a plain document, a bare DTD.
HARMLESS_XML = [
    CORPUS / "hostile" / "xml" / name
    for name in ("defusedxml-dtd.xml", "defusedxml-simple.xml")
]
HOSTILE_XML = sorted(
    path
    for path in (CORPUS / "hostile" / "xml").glob("*.xml")
    if path not in HARMLESS_XML
)
