"""Small helpers the parsers share."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import BinaryIO

from articles.interchange.story import StoryError


def one_line(text: str) -> str:
    return " ".join(text.split())


def paragraphs(text: str, *, line_breaks: bool) -> str:
    """Text as escaped paragraphs: blank lines part them; so do single line
    breaks in plain text (`line_breaks`), where they mean something."""
    if re.search(r"\n\s*\n", text):
        blocks = re.split(r"\n\s*\n", text)
    else:
        blocks = text.splitlines() if line_breaks else [text]
    return "\n".join(
        f"<p>{html.escape(one_line(block), quote=False)}</p>"
        for block in blocks
        if block.strip()
    )


def unique(values: Iterable[str]) -> list[str]:
    """`values` without repeats (in any case), first spelling kept."""
    seen, kept = set(), []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def read_limited(stream: BinaryIO, limit: int, what: str) -> bytes:
    """The whole file, for formats read in one piece; StoryError when it
    cannot be read or holds more than `limit` bytes (`what`: "feeds")."""
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        raise StoryError(f"cannot read the file: {error.strerror or error}") from error
    if len(data) > limit:
        raise StoryError(f"too large: {what} over {limit // 2**20} MB are not read")
    return data
