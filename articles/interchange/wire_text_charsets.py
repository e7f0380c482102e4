"""The character set of an agency wire text (IPTC 7901, ANPA 1312), decoded
exactly or refused with the byte that does not decode.

A wire text may declare its character set with an ISO 2022 designation
(ESC % G: UTF-8, ESC - A: ISO 8859-1, ESC ( B: ASCII); without one it is
in the set its standard names: ISO 8859-1 for IPTC 7901, ASCII (7 bits) for
ANPA 1312. Nothing is guessed: bytes that are not text in that set refuse the
file, since a wrong guess would put mojibake in a live headline. In ISO 8859-1
the bytes 0x80–0x9F are control codes, not characters (Windows-1252 puts
quotation marks there): they refuse the file too.
"""

from __future__ import annotations

import re

from articles.interchange.story import StoryError

UTF_8, LATIN_1, ASCII = "utf-8", "iso-8859-1", "ascii"
DESIGNATIONS = {b"\x1b%G": UTF_8, b"\x1b-A": LATIN_1, b"\x1b(B": ASCII}
NAMES = {UTF_8: "UTF-8", LATIN_1: "ISO 8859-1", ASCII: "ASCII"}
C1_CONTROLS = re.compile("[\x80-\x9f]")
ESCAPES = re.compile("\x1b(?:%G|-A|\\(B)")


def decode(data: bytes, default: str, standard: str) -> str:
    """`data` as text in the character set it declares, else `default`
    (the one `standard`, "IPTC 7901", names); StoryError naming the first
    byte that is not text in it. The designations are left out."""
    encoding, declared = default, False
    position = data.find(b"\x1b")
    while position != -1:
        sequence = data[position : position + 3]
        if sequence not in DESIGNATIONS:
            raise StoryError(
                f"an escape sequence at byte {position} ({sequence!r}) declares a "
                "character set this reader does not know; it reads UTF-8, "
                "ISO 8859-1 and ASCII"
            )
        encoding, declared = DESIGNATIONS[sequence], True
        position = data.find(b"\x1b", position + 3)
    how = (
        "as declared"
        if declared
        else f"the character set {standard} texts use when they declare none"
    )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise StoryError(
            f"byte 0x{data[error.start]:02x} at offset {error.start} is not "
            f"{NAMES[encoding]} ({how})"
        ) from error
    if encoding == LATIN_1 and (control := C1_CONTROLS.search(text)):
        raise StoryError(
            f"byte 0x{ord(control[0]):02x} at offset {control.start()} is a "
            f"control code, not a character, in ISO 8859-1 ({how})"
        )
    return ESCAPES.sub("", text)
