"""What a photo says about itself: IPTC IIM, XMP and EXIF, read with Pillow
and defusedxml. Pure: bytes in, `PhotoMetadata` out.

Where the three disagree, XMP wins over IPTC IIM, which wins over EXIF: the
order of the IPTC Photo Metadata and Metadata Working Group guidelines, and
the newest place agencies write to. Broken metadata is common in the wild,
so every block is read on its own and a broken one is skipped, never fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import IO, Any

from defusedxml import ElementTree
from PIL import Image as PILImage
from PIL import IptcImagePlugin

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"

# What cameras write when nobody wrote a caption.
JUNK = {
    "olympus digital camera",
    "sony dsc",
    "dcim",
    "default",
    "image",
    "picture",
    "untitled",
    "digital camera",
}

EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298
EXIF_ORIENTATION, EXIF_IFD = 0x0112, 0x8769
EXIF_DATETIME_ORIGINAL, EXIF_OFFSET_ORIGINAL = 0x9003, 0x9011


@dataclass(frozen=True)
class PhotoMetadata:
    headline: str = ""
    caption: str = ""
    alt_text: str = ""
    creators: tuple[str, ...] = ()
    credit_line: str = ""
    source: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    instructions: str = ""
    date_created: datetime | None = None  # naive when the file gives no offset
    orientation: int = 1


FIELDS = (
    "headline",
    "caption",
    "alt_text",
    "creators",
    "credit_line",
    "source",
    "copyright_notice",
    "usage_terms",
    "instructions",
    "date_created",
)


def read_metadata(file: IO[bytes]) -> PhotoMetadata:
    """Everything the file says about the photo; empty fields for what it
    does not say or says in a form that cannot be read."""
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            layers = [_safely(_xmp, image), _safely(_iim, image), _safely(_exif, image)]
            orientation = _safely(_orientation, image) or 1
    except Exception:
        return PhotoMetadata()
    finally:
        file.seek(0)
    merged: dict[str, Any] = {}
    for field in FIELDS:
        for layer in layers:
            if value := (layer or {}).get(field):
                merged[field] = value
                break
    return PhotoMetadata(orientation=orientation, **merged)


def _safely(reader, image: PILImage.Image):
    try:
        return reader(image)
    except Exception:
        return None


def clean(value: str | bytes | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = _decode(value)
    value = " ".join(value.replace("\x00", " ").split())
    return "" if value.casefold() in JUNK else value


def _decode(raw: bytes, utf8: bool = True) -> str:
    if utf8:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return raw.decode("cp1252", errors="replace")


# XMP


def _xmp(image: PILImage.Image) -> dict[str, Any]:
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    # defusedxml refuses entity expansion, external entities and DTDs.
    root = ElementTree.fromstring(packet.strip(b"\x00 \r\n\t"))
    descriptions = list(root.iter(f"{RDF}Description"))

    def prop(namespace: str, name: str) -> list[str]:
        key = f"{{{namespace}}}{name}"
        values = []
        for description in descriptions:
            if key in description.attrib:
                values.append(description.attrib[key])
            for element in description.iter(key):
                items = list(element.iter(f"{RDF}li"))
                if not items:
                    values.append(element.text or "")
                    continue
                # Language alternatives: the default language first.
                items.sort(key=lambda li: li.get(XML_LANG) != "x-default")
                values.extend(li.text or "" for li in items)
        return [v for v in (clean(value) for value in values) if v]

    def first(namespace: str, name: str) -> str:
        return next(iter(prop(namespace, name)), "")

    return {
        "headline": first(PHOTOSHOP, "Headline"),
        "caption": first(DC, "description"),
        "alt_text": first(IPTC_CORE, "AltTextAccessibility"),
        "creators": tuple(dict.fromkeys(prop(DC, "creator"))),
        "credit_line": first(PHOTOSHOP, "Credit"),
        "source": first(PHOTOSHOP, "Source"),
        "copyright_notice": first(DC, "rights"),
        "usage_terms": first(XMP_RIGHTS, "UsageTerms"),
        "instructions": first(PHOTOSHOP, "Instructions"),
        "date_created": _iso_date(first(PHOTOSHOP, "DateCreated")),
    }


def _iso_date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


# IPTC IIM


def _iim(image: PILImage.Image) -> dict[str, Any]:
    info = IptcImagePlugin.getiptcinfo(image) or {}
    # Record 1:90 ESC % G declares UTF-8; without it, try UTF-8 anyway (most
    # modern writers use it) and fall back to Windows-1252.
    utf8 = True

    def values(dataset: int) -> list[str]:
        raw = info.get((2, dataset))
        items = raw if isinstance(raw, list) else [raw] if raw else []
        return [v for v in (clean(_decode(item, utf8)) for item in items) if v]

    def first(dataset: int) -> str:
        return next(iter(values(dataset)), "")

    return {
        "headline": first(105),
        "caption": first(120),
        "creators": tuple(dict.fromkeys(values(80))),
        "credit_line": first(110),
        "source": first(115),
        "copyright_notice": first(116),
        "instructions": first(40),
        "date_created": _iim_date(first(55), first(60)),
    }


def _iim_date(day: str, time: str) -> datetime | None:
    """IIM 2:55 CCYYMMDD and 2:60 HHMMSS±HHMM."""
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", day)
    if not match:
        return None
    try:
        date = datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    clock = re.fullmatch(r"(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?", time)
    if not clock:
        return date
    hour, minute, second, sign, off_h, off_m = clock.groups()
    try:
        date = date.replace(hour=int(hour), minute=int(minute), second=int(second))
    except ValueError:
        return date
    if sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        date = date.replace(tzinfo=timezone(-offset if sign == "-" else offset))
    return date


# EXIF


def _exif(image: PILImage.Image) -> dict[str, Any]:
    exif = image.getexif()
    details = exif.get_ifd(EXIF_IFD)
    return {
        "caption": clean(exif.get(EXIF_DESCRIPTION)),
        "creators": tuple(filter(None, [clean(exif.get(EXIF_ARTIST))])),
        "copyright_notice": clean(exif.get(EXIF_COPYRIGHT)),
        "date_created": _exif_date(
            details.get(EXIF_DATETIME_ORIGINAL), details.get(EXIF_OFFSET_ORIGINAL)
        ),
    }


def _exif_date(value: Any, offset: Any) -> datetime | None:
    text = clean(value)
    try:
        date = datetime.strptime(text, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", clean(offset))
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        date = date.replace(tzinfo=timezone(-delta if sign == "-" else delta))
    return date


def _orientation(image: PILImage.Image) -> int:
    value = int(image.getexif().get(EXIF_ORIENTATION, 1))
    return value if 1 <= value <= 8 else 1
