"""The rights metadata written into every rendition: a fresh EXIF block and
an XMP packet carrying only the photo's creator, credit, notice and caption,
its digital source type and data-mining terms. Nothing of the original's
metadata (GPS, camera, serial numbers, a C2PA manifest: it would no longer
verify on new pixels) is copied."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image as PILImage

# EXIF IFD0 text tags written into renditions.
ARTIST, COPYRIGHT, IMAGE_DESCRIPTION = 0x013B, 0x8298, 0x010E
# IIM's caption limit; keeps the EXIF and XMP well inside one 64 KB JPEG
# segment whatever an importer put in the caption.
MAX_TEXT = 2000
# Letters and signs that Unicode does not decompose into ASCII ones.
ASCII_FOLDS = str.maketrans(
    {
        "©": "(c)",
        "®": "(r)",
        "℗": "(p)",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "ı": "i",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
# Characters XML 1.0 does not allow, even escaped.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class RightsMetadata:
    """What every delivered copy of a photo keeps saying about it."""

    creator: str = ""
    credit_line: str = ""
    copyright_notice: str = ""
    caption: str = ""
    digital_source_type: str = ""  # IPTC's URI: the label readers see
    data_mining: str = ""  # PLUS's URI


NO_RIGHTS = RightsMetadata()


def rights_exif(rights: RightsMetadata) -> bytes:
    """A fresh EXIF block with only the rights: no GPS, camera, serial
    numbers or MakerNote, and no Orientation (the pixels are upright)."""
    exif = PILImage.Exif()
    for tag, text in (
        (ARTIST, rights.creator),
        (COPYRIGHT, rights.copyright_notice),
        (IMAGE_DESCRIPTION, rights.caption),
    ):
        if ascii_text := exif_ascii(_clean(text)):
            exif[tag] = ascii_text
    return exif.tobytes() if len(exif) else b""


def exif_ascii(text: str) -> str:
    """`text` for an EXIF text tag, which is ASCII and read as Latin-1 or
    UTF-8 depending on the reader: "© 2026 Zoë Ø" -> "(c) 2026 Zoe O". Empty
    when a letter has no ASCII form (Cyrillic, CJK ...): the tag is better
    left out than mangled, and the XMP packet carries the exact text."""
    folded = unicodedata.normalize("NFKD", text.translate(ASCII_FOLDS))
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return kept if kept.isascii() else ""


def rights_xmp(rights: RightsMetadata) -> bytes:
    """An XMP packet with the rights, in UTF-8: the complete text, where EXIF
    may mangle it. Empty when there are none."""
    creator, credit = _clean(rights.creator), _clean(rights.credit_line)
    notice, caption = _clean(rights.copyright_notice), _clean(rights.caption)
    fields = []
    if creator:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq>"
            "</dc:creator>"
        )
    if notice:
        fields.append(_lang_alt("dc:rights", notice))
    if caption:
        fields.append(_lang_alt("dc:description", caption))
    if credit:
        fields.append(f"<photoshop:Credit>{escape(credit)}</photoshop:Credit>")
    if source_type := _clean(rights.digital_source_type):
        fields.append(
            f"<Iptc4xmpExt:DigitalSourceType>{escape(source_type)}"
            "</Iptc4xmpExt:DigitalSourceType>"
        )
    if data_mining := _clean(rights.data_mining):
        fields.append(f"<plus:DataMining>{escape(data_mining)}</plus:DataMining>")
    if not fields:
        return b""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
        ' xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/">'
        f"{''.join(fields)}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _lang_alt(tag: str, text: str) -> str:
    return (
        f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li>'
        f"</rdf:Alt></{tag}>"
    )


def _clean(text: str) -> str:
    return XML_INVALID.sub("", text).strip()[:MAX_TEXT]
