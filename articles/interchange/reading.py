"""Reading a whole file, for the formats that are read in one piece, or its
start, to tell what it is."""

from __future__ import annotations

from typing import BinaryIO

from articles.interchange.story import StoryError


def read_limited(stream: BinaryIO, limit: int, what: str) -> bytes:
    """The whole file; StoryError when it cannot be read or holds more than
    `limit` bytes (`what`: "feeds")."""
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        raise StoryError(f"cannot read the file: {error.strerror or error}") from error
    if len(data) > limit:
        raise StoryError(f"too large: {what} over {limit // 2**20} MB are not read")
    return data


def read_start(stream: BinaryIO, size: int) -> bytes:
    """The first `size` bytes (fewer in a shorter file); StoryError when the
    file cannot be read."""
    try:
        return stream.read(size)
    except OSError as error:
        raise StoryError(f"cannot read the file: {error.strerror or error}") from error
