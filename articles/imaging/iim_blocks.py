"""IPTC IIM datasets as a file holds them, and the text in them decoded.

Pillow keeps one IPTC resource per JPEG: a second APP13 segment's replaces
the first's, and a resource that Photoshop split across two segments (each
segment holds at most 64 KB) is cut at the split. Here the Photoshop
segments are joined back into the one resource list they are, as Exiv2 and
ExifTool read them, and every IPTC resource in it is read, in file order:
no dataset is lost, and where two blocks both give a field once, the first
block's stands.

Old IIM (no 1:90 coded character set) is in the writer's own 8-bit charset:
Windows-1252 on a PC, Mac Roman on a Mac. The bytes of the whole block decide
which: the reading whose accented letters sit inside words as letters do
("Trübiger", not "TrŸbiger") wins; on a tie, Windows-1252.
"""

from __future__ import annotations

import struct
from collections import defaultdict

from PIL import Image as PILImage
from PIL import IptcImagePlugin, JpegImagePlugin

PHOTOSHOP_SEGMENT = b"Photoshop 3.0\x00"
RESOURCE_SIGNATURES = (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa")
IPTC_RESOURCE = 0x0404

Datasets = dict[tuple[int, int], list[bytes]]


def iim_datasets(image: PILImage.Image) -> Datasets:
    """Every dataset by (record, number), values in file order."""
    if isinstance(image, JpegImagePlugin.JpegImageFile):
        datasets: Datasets = defaultdict(list)
        for block in _iptc_resources(_photoshop_resources(image)):
            for key, value in _datasets(block):
                datasets[key].append(value)
        return dict(datasets)
    # TIFF and the rest: Pillow reads their single block well.
    info = IptcImagePlugin.getiptcinfo(image) or {}
    return {
        key: value if isinstance(value, list) else [value]
        for key, value in info.items()
    }


def _photoshop_resources(image: JpegImagePlugin.JpegImageFile) -> bytes:
    return b"".join(
        content[len(PHOTOSHOP_SEGMENT) :]
        for marker, content in image.applist
        if marker == "APP13" and content.startswith(PHOTOSHOP_SEGMENT)
    )


def _iptc_resources(data: bytes) -> list[bytes]:
    """The IPTC resources of a Photoshop image resource list; a truncated
    resource at the end is kept as far as it goes."""
    found, offset = [], 0
    while offset + 12 <= len(data) and data[offset : offset + 4] in (
        RESOURCE_SIGNATURES
    ):
        (number,) = struct.unpack_from(">H", data, offset + 4)
        name_length = data[offset + 6]
        # The Pascal name, its length byte included, is padded to even.
        offset += 6 + name_length + 1 + (name_length + 1) % 2
        if offset + 4 > len(data):
            break
        (size,) = struct.unpack_from(">I", data, offset)
        offset += 4
        if number == IPTC_RESOURCE:
            found.append(data[offset : offset + size])
        offset += size + size % 2
    return found


def _datasets(block: bytes) -> list[tuple[tuple[int, int], bytes]]:
    """(record, number), value: "0x1C record number length value" repeated,
    until anything else (padding) comes."""
    found, offset = [], 0
    while offset + 5 <= len(block) and block[offset] == 0x1C:
        record, number = block[offset + 1], block[offset + 2]
        (length,) = struct.unpack_from(">H", block, offset + 3)
        offset += 5
        if length & 0x8000:  # extended: the next N bytes hold the length
            count = length & 0x7FFF
            if count > 4:
                break
            length = int.from_bytes(block[offset : offset + count], "big")
            offset += count
        found.append(((record, number), block[offset : offset + length]))
        offset += length
    return found


# Text


def decoder(datasets: Datasets):
    """How this block's text is decoded: UTF-8 when the bytes are UTF-8
    (declared or not, since writers often put it undeclared), else the
    8-bit charset the block's bytes read best in."""
    legacy = _legacy_charset(
        [
            value
            for (record, _), values in datasets.items()
            if record == 2
            for value in values
            if not _is_utf8(value)
        ]
    )

    def decode(raw: bytes) -> str:
        if _is_utf8(raw):
            return raw.decode("utf-8")
        return raw.decode(legacy, errors="replace")

    return decode


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_charset(values: list[bytes]) -> str:
    if not values:
        return "cp1252"
    text = b"\n".join(values)
    windows = _plausibility(text.decode("cp1252", errors="replace"))
    mac = _plausibility(text.decode("mac_roman", errors="replace"))
    return "mac_roman" if mac > windows else "cp1252"


def _plausibility(text: str) -> int:
    """+1 for each accented character read as a letter where letters go,
    -1 for each read as a symbol or as a capital inside a word."""
    score = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        inside_a_word = before.isalpha() and (before.islower() or after.islower())
        if not char.isalpha() or (char.isupper() and inside_a_word):
            score -= 1
        else:
            score += 1
    return score
