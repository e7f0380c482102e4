"""What a file looks like, from its first bytes: the one place that tells a
news page from a feed, a NewsML-G2 item, a wire text, a photo or a PDF.

`sniff` returns a `Sniffed`: its `kind` is what the importers dispatch on
(`articles.interchange.formats.READERS` maps kinds to the readers that take
them), its `description` names the file in a refusal ("XML with root
`newsItem` (NewsML-G2)"). Nothing here parses a whole document: XML is
recognised by its root element (name and namespace), found by skipping the
prolog by hand, so that no entity is ever expanded while sniffing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from enum import StrEnum

from articles.imaging.signatures import ftyp_brands, picture_format
from articles.interchange.sniffing_xml import XmlRoot, xml_root


class Kind(StrEnum):
    TEXT = "text"
    HTML = "html"
    XHTML = "xhtml"
    WXR = "wxr"
    RSS = "rss"
    RSS1 = "rss1"
    ATOM = "atom"
    JSON = "json"
    JSON_FEED = "json-feed"
    EXPORT = "export"
    NEWSML_G2 = "newsml-g2"
    NEWSML_1 = "newsml-1"
    NITF = "nitf"
    SVG = "svg"
    XML = "xml"
    IPTC_7901 = "iptc-7901"
    ANPA_1312 = "anpa-1312"
    IMAGE = "image"
    PDF = "pdf"
    ZIP = "zip"
    GZIP = "gzip"
    VIDEO = "video"
    BINARY = "binary"
    EMPTY = "empty"


# What reads as an article: the page reader's only inputs.
PAGE_KINDS = frozenset({Kind.TEXT, Kind.HTML, Kind.XHTML})
# Written in XML syntax: screened for entity declarations before anything
# is said about them (the refusal of an entity bomb names the bomb).
XML_KINDS = frozenset({Kind.XHTML, Kind.WXR, Kind.RSS, Kind.RSS1, Kind.ATOM,
                       Kind.NEWSML_G2, Kind.NEWSML_1, Kind.NITF, Kind.SVG,
                       Kind.XML})  # fmt: skip

# Described by what they are, not by their root element.
NAMED_BY_LABEL = frozenset({Kind.WXR, Kind.RSS, Kind.RSS1, Kind.ATOM, Kind.XHTML})


@dataclass(frozen=True)
class Sniffed:
    kind: Kind
    description: str  # "XML with root `newsItem` (NewsML-G2)"
    root: XmlRoot | None = None  # for XML: the root element

    @property
    def is_page(self) -> bool:
        return self.kind in PAGE_KINDS


NEWSML_G2_NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"
NEWSML_G2_ROOTS = {"newsItem", "packageItem", "conceptItem", "knowledgeItem",
                   "planningItem", "catalogItem", "newsMessage", "catalog"}  # fmt: skip
# Parts of an item, as the IPTC guidelines' listings show them on their own:
# named as such, and refused (no story without its item).
NEWSML_G2_PARTS = {"contentSet", "contentMeta", "itemMeta", "groupSet",
                   "rightsInfo", "itemSet"}  # fmt: skip
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
ATOM_NAMESPACES = {"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"}
WORDPRESS = re.compile(r"https?://wordpress\.org/export/1\.\d+/")
EXPORT_HEADER = re.compile(r'^\{[^\n]*"type"\s*:\s*"export"')
JSON_FEED = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')
XML_SCHEMA_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
# Elements an HTML page or fragment may start with, with no <html> around.
HTML_STARTS = {"html", "head", "body", "title", "meta", "link", "base", "style",
               "script", "article", "main", "section", "header", "div", "p",
               "h1", "h2", "h3", "h4", "h5", "h6", "span", "a", "b", "i",
               "em", "strong", "ul", "ol", "table", "figure", "img", "br",
               "blockquote", "pre", "nav", "aside", "footer"}  # fmt: skip

# Transmission control characters of agency wire texts (IPTC 7901, ANPA
# 1312): start of heading, start and end of text, synchronous idle, unit
# separator. Telex-framed copy starts "ZCZC" and ends "NNNN".
SOH, STX, ETX, SYN, US = "\x01", "\x02", "\x03", "\x16", "\x1f"

BINARY_SIGNATURES = (
    (b"%PDF-", Kind.PDF, "a PDF document"),
    (b"\x1f\x8b", Kind.GZIP, "a gzip-compressed file"),
    (b"PK\x03\x04", Kind.ZIP, "a ZIP archive"),
    (b"PK\x05\x06", Kind.ZIP, "a ZIP archive (empty)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Kind.BINARY, "an old Microsoft Office file"),
    (b"{\\rtf", Kind.BINARY, "a Rich Text (RTF) document"),
)  # fmt: skip
# What a ZIP holds, from the names of its first entries.
ZIP_CONTENTS = (
    (b"word/", "a ZIP archive (a Word document, .docx)"),
    (b"mimetypeapplication/epub+zip", "a ZIP archive (an EPUB book)"),
    (b"mimetypeapplication/vnd.oasis.opendocument.text", "a ZIP archive (an OpenDocument text, .odt)"),
)  # fmt: skip


def sniff(head: bytes) -> Sniffed:
    """What the file whose first bytes are `head` looks like (64 KB is
    plenty; a truncated head is expected)."""
    if not head.strip():
        return Sniffed(Kind.EMPTY, "an empty file")
    # Before the control-character rule: a short wire message is mostly
    # control characters and header (its bytes are ASCII or Latin-1).
    if b"\x00" not in head[:8192] and (
        wire := _wire(head.decode("latin-1").lstrip(" \t\r\n\f\v"))
    ):
        return wire
    if (binary := _binary(head)) is not None:
        return binary
    text = _text_of(head)
    start = text.lstrip(" \t\r\n\f\v\x00")
    if not start:
        return Sniffed(Kind.EMPTY, "an empty file")
    if (wire := _wire(start)) is not None:
        return wire
    if start[0] in "{[":
        if EXPORT_HEADER.match(start):
            return Sniffed(Kind.EXPORT, "this CMS's JSON Lines export")
        if JSON_FEED.search(start):
            return Sniffed(Kind.JSON_FEED, "a JSON Feed (jsonfeed.org)")
        return Sniffed(Kind.JSON, "a JSON document")
    if start[0] == "<":
        return _markup(start)
    return Sniffed(Kind.TEXT, "a plain-text page")


def _binary(head: bytes) -> Sniffed | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # text, in UTF-16
    if (picture := picture_format(head)) is not None:
        return Sniffed(Kind.IMAGE, f"{_article(picture)} {picture} image")
    for signature, kind, description in BINARY_SIGNATURES:
        if head.startswith(signature):
            if kind is Kind.ZIP:
                description = _zip_contents(head) or description
            return Sniffed(kind, description)
    if ftyp_brands(head):
        return Sniffed(Kind.VIDEO, "an MP4 or QuickTime video")
    sample = head[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v")
    # Wire texts carry a few control characters; binary files many, or NULs.
    if b"\x00" in sample or controls > len(sample) * 0.05:
        return Sniffed(Kind.BINARY, "a binary file")
    return None


def _zip_contents(head: bytes) -> str | None:
    window = head[30:200]
    for marker, description in ZIP_CONTENTS:
        if marker in window:
            return description
    return None


def _article(word: str) -> str:
    return "an" if word[0] in "AEIOU" else "a"


def _text_of(head: bytes) -> str:
    """The head as text, well enough to find markup and control characters
    (a truncated multi-byte character at the end is harmless)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")


def _wire(start: str) -> Sniffed | None:
    first_line = start.split("\n", 1)[0]
    if start.startswith(SYN) or (start.startswith(SOH) and US in first_line):
        return Sniffed(Kind.ANPA_1312, "an ANPA 1312 wire text")
    if start.startswith(SOH) or first_line.rstrip() == "ZCZC":
        return Sniffed(Kind.IPTC_7901, "an IPTC 7901 wire text")
    if STX in start[:4096] and ETX in start:
        return Sniffed(Kind.IPTC_7901, "a wire text (STX … ETX control characters)")
    return None


def _markup(start: str) -> Sniffed:
    lowered = start[:15].lower()
    if lowered.startswith(("<!doctype html", "<html")):
        return Sniffed(Kind.HTML, "an HTML page")
    root = xml_root(start)
    if root is None:
        if start.startswith(("<?xml", "<!DOCTYPE", "<!--")):
            return Sniffed(Kind.XML, "XML with no root element in its first 64 KB")
        return Sniffed(Kind.TEXT, "a plain-text page")
    kind, label = _xml_kind(root, start)
    if kind is Kind.HTML:
        return Sniffed(Kind.HTML, "an HTML page")
    if kind in NAMED_BY_LABEL:
        return Sniffed(kind, label, root)
    description = f"XML with root `{root.name}`"
    if label:
        description += f" ({label})"
    elif root.namespace:
        description += f" in namespace {root.namespace}"
    return Sniffed(kind, description, root)


def _xml_kind(root: XmlRoot, start: str) -> tuple[Kind, str]:
    name, namespace = root.local_name, root.namespace
    if name == "rss":
        if WORDPRESS.search(start):
            return Kind.WXR, "a WordPress export (WXR)"
        return Kind.RSS, "an RSS feed"
    if name == "RDF":
        return Kind.RSS1, "an RSS 1.0 feed"
    if name == "feed" and (namespace in ATOM_NAMESPACES or not namespace):
        return Kind.ATOM, "an Atom feed"
    if namespace == NEWSML_G2_NAMESPACE or (not namespace and name in NEWSML_G2_ROOTS):
        return Kind.NEWSML_G2, "NewsML-G2"
    if not namespace and name in NEWSML_G2_PARTS:
        return Kind.XML, "part of a NewsML-G2 item"
    if name == "nitf":
        return Kind.NITF, "NITF"
    if name == "NewsML":
        return Kind.NEWSML_1, "NewsML 1.x"
    if name == "svg" and namespace in (SVG_NAMESPACE, ""):
        return Kind.SVG, "an SVG drawing"
    if name == "schema" and namespace == XML_SCHEMA_NAMESPACE:
        return Kind.XML, "an XML Schema"
    if name == "html" and (namespace == XHTML_NAMESPACE or root.declared):
        return Kind.XHTML, "an XHTML page"
    if not namespace and name.lower() in HTML_STARTS:
        # Markup that starts like an HTML page without its <html>.
        return Kind.HTML, ""
    return Kind.XML, ""
