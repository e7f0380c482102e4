"""A saved page's bytes into text: UTF-8 (with or without a byte order mark),
UTF-16 with one, or the charset an HTML page declares; binary files and
undecodable bytes are refused with the offset of the first bad byte."""

from __future__ import annotations

import codecs
import re

from articles.interchange.story import StoryError

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def starts_like_html(data: bytes) -> bool:
    start = data.removeprefix(codecs.BOM_UTF8).lstrip()[:15].lower()
    return start.startswith((b"<!doctype html", b"<html"))


def decode(data: bytes, *, is_html: bool) -> str:
    if not data:
        raise StoryError("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_as(data, "utf-16", offset=0)
    elif _is_binary(data):
        raise StoryError("this is a binary file, not a text or HTML page")
    else:
        text = _decode_utf8_or_declared(data, is_html=is_html)
    if not text.strip():
        raise StoryError("the file contains only whitespace")
    return text


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v")
    return controls > len(sample) * 0.05


def _decode_utf8_or_declared(data: bytes, *, is_html: bool) -> str:
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        # Only HTML can say what else it is; a text file has to be UTF-8.
        match = DECLARED_CHARSET.search(data[:4096]) if is_html else None
        charset = match[1].decode("ascii") if match else "utf-8"
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            raise StoryError(
                f"the page declares an unknown charset {charset!r}; "
                "convert it to UTF-8 and import it again"
            ) from None
        if codec == "iso8859-1":
            # As browsers do: pages labelled Latin-1 are nearly always
            # Windows-1252, whose curly quotes Latin-1 turns into controls.
            codec = "cp1252"
        return _decode_as(body, codec, offset=len(data) - len(body))


def _decode_as(data: bytes, codec: str, *, offset: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        if codec == "cp1252":
            return data.decode("iso8859-1")
        label = "UTF-8" if codec == "utf-8" else codec
        raise StoryError(
            f"the file is not valid {label} (byte 0x{data[error.start]:02X} at "
            f"offset {offset + error.start}); convert it to UTF-8 and import it again"
        ) from None
