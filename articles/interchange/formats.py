"""Which parser reads a file: named by --format, or found from the content
(`auto`): the extension alone cannot be trusted (feeds are served as .xml,
Atom as .rss, exports renamed)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from articles.interchange import safe_xml
from articles.interchange.jsonl_reader import CONTENT_FILE
from articles.interchange.reading import read_limited, read_start
from articles.interchange.sniffing import XML_KINDS, Kind, Sniffed, sniff
from articles.interchange.story import StoryError

FORMATS = ("auto", "page", "wxr", "feed", "ninjs", "newsml", "nitf", "wire", "jsonl")
SUFFIXES = {
    ".txt",
    ".tst",  # ANPA 1312 wire texts
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

# The reader that takes each kind of file (`sniffing.Kind`); a kind missing
# here is refused, named by what it looks like. A reader is one line here.
READERS = {
    Kind.TEXT: "page",
    Kind.HTML: "page",
    Kind.XHTML: "page",
    Kind.EMPTY: "page",  # for the page reader to say "the file is empty"
    Kind.WXR: "wxr",
    Kind.RSS: "feed",
    Kind.RSS1: "feed",
    Kind.ATOM: "feed",
    Kind.JSON: "ninjs",
    Kind.NEWSML_G2: "newsml",
    Kind.NITF: "nitf",
    Kind.IPTC_7901: "wire",
    Kind.ANPA_1312: "wire",
    Kind.EXPORT: "jsonl",
}
# detect's answer for a file no reader takes: its "parser" refuses it.
UNREAD = "unread"
# What each --format takes, for "…, not a text or HTML page".
TAKES = {
    "page": "a text or HTML page",
    "wxr": "a WordPress export",
    "feed": "an RSS or Atom feed",
    "ninjs": "a ninjs document",
    "newsml": "a NewsML-G2 item or message",
    "nitf": "an NITF document",
    "wire": "an IPTC 7901 or ANPA 1312 wire text",
    "jsonl": "this CMS's export",
}
READ_LIST = (
    "it reads text and HTML pages, WordPress exports, RSS and Atom feeds, ninjs, "
    "NewsML-G2, NITF, IPTC 7901 and ANPA 1312 wire texts and its own exports "
    "(--format page, wxr, feed, ninjs, newsml, nitf, wire, jsonl)"
)

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
    """The --format that reads a file, from its first bytes (`sniffing`);
    UNREAD when none does (a NewsML 1.x document, an SVG, a photo): its
    parser refuses the file, saying what it looks like."""
    reader = READERS.get(sniff(head).kind, UNREAD)
    if reader == "page" and path.suffix.lower() in FEED_SUFFIXES:
        # A .rss that is not a feed (an error page) must fail as a feed,
        # not become a story.
        return "feed"
    return reader


def refusal(sniffed: Sniffed, fmt: str = "auto") -> StoryError:
    """Why a file is not imported as `fmt`: another --format reads it, or
    none does."""
    reader = READERS.get(sniffed.kind)
    if reader and fmt not in ("auto", reader):
        return StoryError(
            f"{sniffed.description}, not {TAKES[fmt]}: import it with "
            f"--format {reader} (or auto)"
        )
    photos = (
        " (photos come in with import_images)" if sniffed.kind is Kind.IMAGE else ""
    )
    return StoryError(
        f"{sniffed.description}, which this command does not read{photos}; {READ_LIST}"
    )


def not_a_feed(data: bytes) -> StoryError:
    """What a file the feed reader found no feed in looks like."""
    sniffed = sniff(data[:SNIFF_BYTES])
    reader = READERS.get(sniffed.kind)
    if reader == "feed":
        return StoryError(
            f"not an RSS or Atom feed: {sniffed.description} with no entries"
        )
    if sniffed.kind is Kind.EMPTY:
        return StoryError("not an RSS or Atom feed: the file is empty")
    if reader == "page":
        # auto took it for a feed by its name (.rss, .atom, .xml).
        return StoryError(
            f"not an RSS or Atom feed: {sniffed.description}; to import it as "
            "a story, use --format page"
        )
    if reader:
        return StoryError(
            f"not an RSS or Atom feed: {sniffed.description}; import it with "
            f"--format {reader} (or auto)"
        )
    return StoryError(
        f"not an RSS or Atom feed: {sniffed.description}, which this command "
        f"does not read; {READ_LIST}"
    )


def refuse_unread(stream: BinaryIO, name: str, **options) -> Iterator:
    """The "parser" of a file no reader takes: it refuses the file once
    iterated (as every parser fails, inside the command's error handling).
    Entity declarations are refused as such, as in every format."""
    head = read_start(stream, SNIFF_BYTES)
    sniffed = sniff(head)
    if sniffed.kind in XML_KINDS:
        # An entity's value can run past the first bytes: screen it all.
        safe_xml.screen(head + read_start(stream, MAX_PAGE_BYTES))
    raise refusal(sniffed)
    yield  # a generator, like every parser


PARSERS = {
    "wxr": ("articles.interchange.wxr_reader", "parse_wxr"),
    "feed": ("articles.interchange.feed_reader", "parse_feed"),
    "ninjs": ("articles.interchange.ninjs_reader", "parse_ninjs"),
    "newsml": ("articles.interchange.newsml_reader", "parse_newsml"),
    "nitf": ("articles.interchange.nitf_reader", "parse_nitf"),
    "wire": ("articles.interchange.wire_text_reader", "parse_wire_text"),
    "jsonl": ("articles.interchange.jsonl_reader", "parse_jsonl"),
}


def parser_for(fmt: str) -> Parser:
    if fmt == "page":
        return parse_page_file
    if fmt == UNREAD:
        return refuse_unread
    module, name = PARSERS[fmt]
    return getattr(importlib.import_module(module), name)


def parse_page_file(
    stream: BinaryIO, name: str, *, former_id: bool = True, **options
) -> Iterator:
    """`former_id=False` when the page's old id (its name without the
    extension) is not its alone: another file of the import shares it."""
    from articles.interchange.page_reader import parse_page

    story = parse_page(read_limited(stream, MAX_PAGE_BYTES, "pages"), name)
    if not former_id:
        story.former_source_id = ""
    yield story
