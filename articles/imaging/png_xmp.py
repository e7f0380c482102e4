"""The XMP packet of a PNG wherever its chunk is.

Pillow reads a PNG's chunks up to the image data when it opens the file and
the rest only when it decodes the pixels; tools that add metadata to a
finished PNG append their iTXt "XML:com.adobe.xmp" chunk after IDAT. Walking
the chunk headers finds it without decoding a pixel.
"""

from __future__ import annotations

import struct
import zlib
from typing import IO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_KEYWORD = b"XML:com.adobe.xmp"
# An XMP packet is kilobytes; a chunk that inflates past this is refused
# (a zlib bomb), as is a longer walk than any real PNG needs.
MAX_XMP_BYTES = 4 * 1024 * 1024
MAX_CHUNKS = 100_000


def png_xmp(file: IO[bytes]) -> bytes | None:
    """The first XMP packet of the PNG `file`, or None. Leaves the file's
    position where it was."""
    position = file.tell()
    try:
        file.seek(0)
        if file.read(8) != PNG_SIGNATURE:
            return None
        for _ in range(MAX_CHUNKS):
            header = file.read(8)
            if len(header) < 8:
                return None
            length, kind = struct.unpack(">I4s", header)
            if kind == b"iTXt" and length <= MAX_XMP_BYTES:
                if (packet := _xmp_of(file.read(length))) is not None:
                    return packet
                file.seek(4, 1)  # the CRC
            elif kind == b"IEND":
                return None
            else:
                file.seek(length + 4, 1)
        return None
    finally:
        file.seek(position)


def _xmp_of(chunk: bytes) -> bytes | None:
    """iTXt: keyword NUL, compression flag, method, language NUL,
    translated keyword NUL, text."""
    keyword, _, rest = chunk.partition(b"\x00")
    if keyword != XMP_KEYWORD or len(rest) < 2:
        return None
    compressed, rest = rest[0], rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    if not compressed:
        return text
    inflater = zlib.decompressobj()
    try:
        packet = inflater.decompress(text, MAX_XMP_BYTES)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else packet
