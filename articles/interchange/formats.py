"""Which parser reads a file: named by --format, or found from the content
(`auto`): the extension alone cannot be trusted (feeds are served as .xml,
Atom as .rss, exports renamed)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from articles.interchange.jsonl_reader import CONTENT_FILE

FORMATS = ("auto", "page", "wxr", "feed", "ninjs", "jsonl")
SUFFIXES = {
    ".txt",
    ".html",
    ".htm",
    ".xml",
    ".rss",
    ".atom",
    ".json",
    ".jsonl",
    ".ndjson",
}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
MAX_PAGE_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 64 * 1024

WORDPRESS = re.compile(rb"https?://wordpress\.org/export/1\.\d+/")
FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]")
EXPORT_HEADER = re.compile(rb'^\s*\{[^\n]*"type"\s*:\s*"export"')

Parser = Callable[..., Iterator]


def files_in(paths: list[Path]) -> list[Path]:
    """The files named, plus the importable files directly inside the
    directories named, by name; an export directory gives its content file.
    A path that does not exist stays, to fail as a file."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / CONTENT_FILE).is_file():
            files.append(path / CONTENT_FILE)
        elif path.is_dir():
            files += sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in SUFFIXES
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def detect(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes (and, for XML nobody
    recognises, its extension)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if EXPORT_HEADER.match(text):
        return "jsonl"
    if text[:1] in (b"{", b"["):
        return "ninjs"
    if WORDPRESS.search(head):
        return "wxr"
    if FEED_ROOT.search(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "feed"
    if path.suffix.lower() in FEED_SUFFIXES:
        # A .rss that is not a feed (an error page) must fail as a feed,
        # not become a story.
        return "feed"
    return "page"


PARSERS = {
    "wxr": ("articles.interchange.wxr_reader", "parse_wxr"),
    "feed": ("articles.interchange.feed_reader", "parse_feed"),
    "ninjs": ("articles.interchange.ninjs_reader", "parse_ninjs"),
    "jsonl": ("articles.interchange.jsonl_reader", "parse_jsonl"),
}


def parser_for(fmt: str) -> Parser:
    if fmt == "page":
        return parse_page_file
    module, name = PARSERS[fmt]
    return getattr(importlib.import_module(module), name)


def parse_page_file(
    stream: BinaryIO, name: str, *, former_id: bool = True, **options
) -> Iterator:
    """`former_id=False` when the page's old id (its name without the
    extension) is not its alone: another file of the import shares it."""
    from articles.interchange.page_reader import parse_page
    from articles.interchange.reading import read_limited

    story = parse_page(read_limited(stream, MAX_PAGE_BYTES, "pages"), name)
    if not former_id:
        story.former_source_id = ""
    yield story
