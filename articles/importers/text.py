"""Small text helpers the parsers share."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


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
