"""How a photo says it was made and how it may be mined, in its XMP: IPTC's
Iptc4xmpExt:DigitalSourceType and PLUS's plus:DataMining and
plus:OtherConstraints. Pure: bytes in, `XmpProvenance` out; a broken packet
reads as nothing, never as an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from defusedxml import ElementTree
from PIL import Image as PILImage

from articles.imaging.metadata import RDF, XML_LANG, xmp_packet
from articles.imaging.pillow_warnings import pillow_warnings
from articles.imaging.source_types import is_known_source_type

IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"
RDF_RESOURCE = f"{RDF}resource"
MAX_URI = 255
MAX_CONSTRAINTS = 2000


@dataclass(frozen=True)
class XmpProvenance:
    digital_source_type: str = ""  # the URI as written
    data_mining: str = ""  # PLUS's URI
    other_constraints: str = ""

    @property
    def source_type_known(self) -> bool:
        return is_known_source_type(self.digital_source_type)


NOTHING = XmpProvenance()


def read_xmp_provenance(file: IO[bytes]) -> XmpProvenance:
    """What the photo's XMP says; NOTHING when it says nothing readable."""
    try:
        file.seek(0)
        # The metadata reader already counts Pillow's damage warnings as the
        # photo's own; reading the same file again must not print them.
        with pillow_warnings(), PILImage.open(file) as image:
            packet = xmp_packet(image, file)
        if not packet:
            return NOTHING
        # defusedxml refuses entities and external references: a hostile
        # packet is skipped like a broken one.
        root = ElementTree.fromstring(packet)
    except Exception:
        return NOTHING
    finally:
        file.seek(0)
    descriptions = list(root.iter(f"{RDF}Description"))
    return XmpProvenance(
        digital_source_type=_value(descriptions, IPTC_EXT, "DigitalSourceType")[
            :MAX_URI
        ],
        data_mining=_value(descriptions, PLUS, "DataMining")[:MAX_URI],
        other_constraints=_value(descriptions, PLUS, "OtherConstraints")[
            :MAX_CONSTRAINTS
        ],
    )


def _value(descriptions: list, namespace: str, name: str) -> str:
    """The property in any of XMP's forms: an attribute, an element's text or
    rdf:resource, or a language alternative (the default language first)."""
    key = f"{{{namespace}}}{name}"
    for description in descriptions:
        if text := description.attrib.get(key, "").strip():
            return text
        for element in description.iter(key):
            if text := element.get(RDF_RESOURCE, "").strip():
                return text
            items = sorted(
                element.iter(f"{RDF}li"), key=lambda li: li.get(XML_LANG) != "x-default"
            )
            for item in items or [element]:
                if text := " ".join((item.text or "").split()):
                    return text
    return ""
