"""What a photo says about itself: IPTC IIM, XMP and EXIF, read with Pillow
and defusedxml. Pure: bytes in, `PhotoMetadata` out.

Where the three disagree, XMP wins over IPTC IIM, which wins over EXIF: the
order of the IPTC Photo Metadata and Metadata Working Group guidelines, and
the newest place agencies write to. Broken metadata is common in the wild,
so every block is read on its own and a broken one is skipped, never fatal;
what Pillow warns about a damaged file becomes the photo's `warnings`.

Pillow's own reading is completed where it loses data: every IPTC block of
a JPEG and its 8-bit charset (`iim_blocks`), the XMP a PNG keeps after its
image data (`png_xmp`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import IO, Any

from defusedxml import ElementTree
from PIL import Image as PILImage

from articles.imaging.iim_blocks import decoder, iim_datasets
from articles.imaging.pillow_warnings import pillow_warnings
from articles.imaging.png_xmp import png_xmp

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"

# What cameras and tools write when nobody wrote anything.
JUNK = frozenset(
    {
        "olympus digital camera",
        "sony dsc",
        "exif_jpeg_picture",
        "samsung camera pictures",
        "dcim",
        "default",
        "image",
        "picture",
        "untitled",
        "digital camera",
    }
)
# "KONICA MINOLTA DIGITAL CAMERA", "KODAK DIGITAL STILL CAMERA": in capitals,
# unlike a caption that mentions a digital camera.
CAMERA_NAME = re.compile(r"[A-Z0-9 ._-]*\bDIGITAL (?:STILL )?CAMERA")

EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298
EXIF_MAKE, EXIF_MODEL = 0x010F, 0x0110
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
    instructions: str = ""  # special instructions: "No sales. No archive."
    date_created: datetime | None = None  # naive when the file gives no offset
    orientation: int = 1
    # What was wrong with the file's metadata (Pillow's "Corrupt EXIF data"):
    # for the importer to count and show, never printed on the side.
    warnings: tuple[str, ...] = ()


# Fields each reader may give, in PhotoMetadata's names, plus "title" (IIM
# object name, dc:title), the headline when the file has no headline.
TEXT_FIELDS = (
    "headline",
    "title",
    "caption",
    "alt_text",
    "creators",
    "credit_line",
    "source",
    "copyright_notice",
    "usage_terms",
    "instructions",
)


def read_metadata(file: IO[bytes]) -> PhotoMetadata:
    """Everything the file says about the photo; empty fields for what it
    does not say or says in a form that cannot be read."""
    with pillow_warnings() as damage:
        found = _read(file)
    return replace(
        found, warnings=tuple(f"damaged metadata: {message}" for message in damage)
    )


def _read(file: IO[bytes]) -> PhotoMetadata:
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            readers = (lambda image: _xmp(image, file), _iim, _exif)
            layers = [_safely(read, image, {}) for read in readers]
            orientation = _safely(_orientation, image, 1)
    except Exception:
        return PhotoMetadata()
    finally:
        file.seek(0)
    found = {field: _first(layers, field) for field in TEXT_FIELDS}
    title = found.pop("title")
    found["headline"] = found["headline"] or title
    return PhotoMetadata(
        **found,
        date_created=_date_created(layer.get("date_created") for layer in layers),
        orientation=orientation,
    )


def _safely(
    reader: Callable[[PILImage.Image], Any], image: PILImage.Image, default: Any
) -> Any:
    """What `reader` finds, or `default` when its block is broken."""
    try:
        return reader(image)
    except Exception:
        return default


def _first(layers: list[dict[str, Any]], field: str) -> Any:
    """The value of the first layer that has one: XMP, then IIM, then EXIF."""
    for layer in layers:
        if value := layer.get(field):
            return value
    return "" if field != "creators" else ()


def _date_created(dates: Iterable[date | datetime | None]) -> datetime | None:
    """The first layer's date. Agencies often give only the day (XMP
    "2020-07-08"), where the camera's EXIF says the time: a lower layer that
    agrees on the day lends its time, and never changes the day."""
    # Year 1 or 9999 is an unset clock, and out of range once made aware.
    found = [value for value in dates if value and 1800 <= value.year <= 9998]
    if not found:
        return None
    best = found[0]
    if isinstance(best, datetime):
        return _with_offset(best, found[1:])
    for other in found[1:]:
        if isinstance(other, datetime) and other.date() == best:
            return other
    return datetime.combine(best, time())


def _with_offset(best: datetime, others: list[date | datetime]) -> datetime:
    """A date without a zone takes the offset of a lower layer that gives
    the same moment with one (XMP "2018-09-24T19:42:40", IIM "194240-0300")."""
    if best.tzinfo is not None:
        return best
    for other in others:
        if (
            isinstance(other, datetime)
            and other.tzinfo is not None
            and other.replace(tzinfo=None) == best
        ):
            return other
    return best


def clean(value: object) -> str:
    """One line of text without padding, NULs or camera boilerplate."""
    if isinstance(value, bytes):
        value = decode(value)
    if not isinstance(value, str):
        return ""
    value = " ".join(value.replace("\x00", " ").split())
    if value.casefold() in JUNK or CAMERA_NAME.fullmatch(value):
        return ""
    return value


def decode(raw: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8 (they almost never are by
    accident), else Windows-1252, a superset of Latin-1's printable range."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


# XMP


def xmp_packet(image: PILImage.Image, file: IO[bytes]) -> bytes:
    """The photo's XMP packet as bytes, or b"" when it has none."""
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not packet and image.format == "PNG":
        packet = png_xmp(file)  # after the image data, where Pillow has not looked
    if not packet:
        return b""
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    return packet.strip(b"\x00 \r\n\t")


def _xmp(image: PILImage.Image, file: IO[bytes]) -> dict[str, Any]:
    packet = xmp_packet(image, file)
    if not packet:
        return {}
    # defusedxml refuses entity declarations and external references (billion
    # laughs, XXE) with an exception: the whole packet is then skipped.
    root = ElementTree.fromstring(packet)
    descriptions = list(root.iter(f"{RDF}Description"))

    def values(namespace: str, name: str) -> list[str]:
        key = f"{{{namespace}}}{name}"
        found = []
        for description in descriptions:
            if key in description.attrib:  # the short form: name="value"
                found.append(description.attrib[key])
            for element in description.iter(key):
                items = list(element.iter(f"{RDF}li"))
                if not items:
                    found.append(element.text or "")
                    continue
                # Language alternatives (rdf:Alt): the default language first.
                items.sort(key=lambda li: li.get(XML_LANG) != "x-default")
                found.extend(li.text or "" for li in items)
        return [text for text in map(clean, found) if text]

    def first(namespace: str, name: str) -> str:
        return next(iter(values(namespace, name)), "")

    return {
        "headline": first(PHOTOSHOP, "Headline"),
        "title": first(DC, "title"),
        "caption": first(DC, "description"),
        "alt_text": first(IPTC_CORE, "AltTextAccessibility"),
        "creators": _distinct(values(DC, "creator")),
        "credit_line": first(PHOTOSHOP, "Credit"),
        "source": first(PHOTOSHOP, "Source"),
        "copyright_notice": first(DC, "rights"),
        "usage_terms": first(XMP_RIGHTS, "UsageTerms"),
        "instructions": first(PHOTOSHOP, "Instructions"),
        "date_created": _xmp_date(first(PHOTOSHOP, "DateCreated")),
    }


def _xmp_date(text: str) -> date | datetime | None:
    """ISO 8601 as XMP writes it: "2024-03-22T00:23:02Z", "2020-07-08"; a day
    alone stays a date so that another block may add the time."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


# IPTC IIM


def _iim(image: PILImage.Image) -> dict[str, Any]:
    # Every IPTC block of the file, in order; text in the block's charset.
    datasets = iim_datasets(image)
    decode = decoder(datasets)

    def values(dataset: int) -> list[str]:
        items = datasets.get((2, dataset), [])
        return [text for text in (clean(decode(item)) for item in items) if text]

    def first(dataset: int) -> str:
        return next(iter(values(dataset)), "")

    return {
        "headline": first(105),
        "title": first(5),  # object name
        "caption": first(120),
        "creators": _distinct(values(80)),  # by-line, repeatable
        "credit_line": first(110),
        "source": first(115),
        "copyright_notice": first(116),
        "instructions": first(40),
        "date_created": _iim_date(first(55), first(60)),
    }


def _iim_date(day: str, clock: str) -> date | datetime | None:
    """IIM 2:55 CCYYMMDD and 2:60 HHMMSS±HHMM."""
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", day)
    if not match:
        return None
    try:
        found = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    time_match = re.fullmatch(r"(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?", clock)
    if not time_match:
        return found
    hour, minute, second, sign, offset_hours, offset_minutes = time_match.groups()
    try:
        moment = datetime.combine(found, time(int(hour), int(minute), int(second)))
        if sign:
            offset = timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
            moment = moment.replace(tzinfo=timezone(-offset if sign == "-" else offset))
    except ValueError:
        return found
    return moment


# EXIF


def _exif(image: PILImage.Image) -> dict[str, Any]:
    exif = image.getexif()
    camera = {_exif_text(exif.get(EXIF_MAKE)), _exif_text(exif.get(EXIF_MODEL))}

    def text(tag: int) -> str:
        value = _exif_text(exif.get(tag))
        # Some cameras fill in the copyright or the description with their
        # own name.
        return "" if value in camera else value

    details = exif.get_ifd(EXIF_IFD)
    return {
        "caption": text(EXIF_DESCRIPTION),
        # "Several names are separated by semicolons", says the MWG.
        "creators": _distinct(map(clean, text(EXIF_ARTIST).split(";"))),
        "copyright_notice": text(EXIF_COPYRIGHT),
        "date_created": _exif_date(
            details.get(EXIF_DATETIME_ORIGINAL), details.get(EXIF_OFFSET_ORIGINAL)
        ),
    }


def _exif_text(value: object) -> str:
    """EXIF ASCII as Pillow gives it (decoded as Latin-1), repaired when the
    camera or tool really wrote UTF-8, as MWG recommends and most do."""
    if isinstance(value, str):
        with suppress(UnicodeError):
            value = value.encode("latin-1").decode("utf-8")
    # The EXIF copyright is "photographer NUL editor": keep both parts.
    parts = value.split("\x00") if isinstance(value, str) else [value]
    return "; ".join(part for part in map(clean, parts) if part)


def _exif_date(value: object, offset: object) -> datetime | None:
    try:
        moment = datetime.strptime(clean(value), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None  # including the "0000:00:00 00:00:00" of unset clocks
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", clean(offset))
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        with suppress(ValueError):  # an offset beyond ±24 hours is ignored
            moment = moment.replace(tzinfo=timezone(-delta if sign == "-" else delta))
    return moment


def _orientation(image: PILImage.Image) -> int:
    value = int(image.getexif().get(EXIF_ORIENTATION, 1))
    return value if 1 <= value <= 8 else 1
