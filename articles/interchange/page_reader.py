"""Plain-text and HTML news pages, as saved from a browser, into a `Story`.

Pure: bytes in, `Story` out, no database. The page is reduced to lines of
text (for HTML, the text blocks of the article), page furniture is dropped,
and then the same line rules apply to both:

- the first line is the headline (HTML: the <h1>, else the <title>);
- before the body, a line ending in a parenthesised photo credit is the lead
  photo's caption, and a short "By Jane Doe" line is the byline;
- "With files from Reuters" lines anywhere after that are contributor credits;
- every other line is a body paragraph.

The source id, which decides whether a re-import updates an article, is the
page's <link rel="canonical"> or og:url when it has one, otherwise
"page:" + the file name without its extension ("page:000_73e2e5c0feb7c169"):
importing a file of the same name again updates the same article.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from bs4 import BeautifulSoup, Tag

from articles.interchange.story import (
    AGENCY,
    AUTHOR,
    CONTRIBUTOR,
    CREATOR,
    DISTRIBUTOR,
    ORGANISATION,
    PERSON,
    PROVIDER,
    CreditRef,
    ImageRef,
    Story,
    StoryError,
)
from articles.text.agencies import find_agency

PAGE_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

# Navigation, sharing and promo lines that saved pages carry around the story.
# Only whole lines match (in any case), so a paragraph mentioning "Share" stays.
CHROME_LINES = frozenset({
    "skip to main content", "skip to content", "skip navigation", "menu", "search",
    "close", "share", "share this", "share this article", "share this story",
    "copy link", "link copied", "print", "email", "comments", "facebook", "twitter",
    "x", "linkedin", "whatsapp", "reddit", "advertisement", "sponsored",
    "sponsored content", "related", "related stories", "related articles",
    "related content", "more stories", "recommended", "recommended for you",
    "trending", "trending now", "most read", "most popular", "top stories",
    "ctvnews.ca top stories", "local spotlight", "stay connected", "newsletter",
    "sign up for our newsletter", "subscribe", "subscribe now", "follow us",
    "follow us on social media", "read more", "watch", "watch live", "watch now",
    "listen", "listen to this article", "report a typo", "report an error",
    "back to top", "log in", "sign in", "open in app",
})  # fmt: skip
# Trimmed before the lookup: "Share:", "Read more »", "› Watch".
CHROME_PUNCTUATION = " :|•·›»>→-–—"

# Elements that never hold story text. <header> and <footer> only go when they
# are the page's, not the article's (an article's header holds its <h1>).
HTML_DROPPED = ("script", "style", "noscript", "template", "iframe", "svg", "form",
                "button", "nav", "aside")  # fmt: skip
HTML_PAGE_FRAME = ("header", "footer")
HTML_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption",
               "blockquote", "pre")  # fmt: skip
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)

TRAILING_PARENTHESES = re.compile(r"\(([^()]*)\)$")
# What a photo credit says and a parenthesised aside ("(3,900 miles)") does not.
CREDIT_MARKERS = re.compile(
    r" via |/|\bphotos?\b|\bgetty\b|\bpress\b|\bimages?\b|\bhandout\b|\bpool\b", re.I
)
FILE_MARKER = re.compile(r",?\s*\bfile$", re.I)  # AP's "(AP Photo/Jane Doe, File)"
PHOTO_SUFFIX = re.compile(r"\s+photos?$", re.I)  # "AP Photo"
PHOTO_BY = re.compile(r"^photo(?:graph)?s?\s*(?:by\s+|:\s*)(.+)$", re.I)
NAME_SEPARATORS = re.compile(r"\s*,\s*|\s+(?:and|&)\s+")
BYLINE = re.compile(r"^by\s+(.+)$", re.I)
# ", CTVNews.ca Writer", ", Staff Reporter": a job title after the byline's names.
AFFILIATION = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|journalist|producer|columnist"
    r"|staff|bureau|chief|news)s?\b|\w\.(?:ca|com|org|net|co\.uk)\b",
    re.I,
)
TRAILER = re.compile(
    r"^[-–—]*\s*with\s+(?P<what>(?:files|a file)\s+from|reporting\s+by)\s+"
    r"(?P<names>.+?)\.?$",
    re.I,
)


def read_page(path: Path) -> Story:
    """The story in the page at `path`; StoryError says why there is none."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise StoryError(f"cannot read the file: {reason}") from error
    return parse_page(data, path.name)


def parse_page(data: bytes, filename: str) -> Story:
    """The story in a page's bytes. `filename` decides text or HTML (by its
    extension, or when the bytes start like HTML) and gives the fallback
    source id."""
    name = PurePath(filename)
    is_html = name.suffix.lower() in HTML_SUFFIXES or _starts_like_html(data)
    text = _decode(data, is_html=is_html)
    page = _html_page(text) if is_html else _Page(lines=text.splitlines())
    return _story(page, fallback_source_id=f"page:{name.stem}")


def parse_photo_credit(text: str) -> list[CreditRef]:
    """Credits in what a caption's parentheses say, the wire-photo convention:

    "X via Y" -> provider X, distributor Y; "AP Photo/Jane Doe" -> creator
    Jane Doe, distributor AP; "Jane Doe/Reuters" -> creator Jane Doe,
    provider Reuters; anything else -> provider.
    """
    text = FILE_MARKER.sub("", " ".join(text.split())).strip()
    source, via, distributors = text.partition(" via ")
    credits = _source_credits(source) if source else []
    if via:
        credits += [_organisation(name, DISTRIBUTOR) for name in _names(distributors)]
    return credits


def looks_like_credit(text: str) -> bool:
    """Whether parenthesised `text` is a photo credit, not an aside."""
    text = text.strip()
    if not text or len(text) > 120 or any(char.isdigit() for char in text):
        return False
    return bool(CREDIT_MARKERS.search(text) or find_agency(text))


# Reading the bytes


def _starts_like_html(data: bytes) -> bool:
    start = data.removeprefix(codecs.BOM_UTF8).lstrip()[:15].lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _decode(data: bytes, *, is_html: bool) -> str:
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


# From a page to lines of text


@dataclass
class _Page:
    lines: list[str]
    source_id: str = ""
    standfirst: str = ""
    alt_texts: dict[str, str] = field(default_factory=dict)  # by caption line


def _html_page(text: str) -> _Page:
    soup = BeautifulSoup(text, "html.parser")
    title = _text(soup.title) if soup.title else ""
    source_id = _attribute(soup.find("link", rel="canonical"), "href") or _meta(
        soup, property="og:url"
    )
    standfirst = _meta(soup, name="description") or _meta(
        soup, property="og:description"
    )
    _drop_furniture(soup)
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    # Innermost blocks only, so <li><p>...</p></li> gives one line, not two.
    blocks = [tag for tag in soup.find_all(HTML_BLOCKS) if not tag.find(HTML_BLOCKS)]
    headings = [i for i, tag in enumerate(blocks) if tag.name == "h1" and _text(tag)]
    if headings:
        # What comes before the <h1> is the site's, not the story's.
        blocks = blocks[headings[0] :]
    elif title:
        blocks.insert(0, title)
    alt_texts = {_text(tag): _figure_alt(tag) for tag in blocks if isinstance(tag, Tag)}
    return _Page(
        lines=[_text(block) for block in blocks],
        source_id=source_id,
        standfirst=standfirst,
        alt_texts={line: alt for line, alt in alt_texts.items() if alt},
    )


def _drop_furniture(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(HTML_DROPPED):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(HTML_PAGE_FRAME):
        if not tag.decomposed and not tag.find_parent("article"):
            tag.decompose()


def _text(block: Tag | str) -> str:
    text = block.get_text() if isinstance(block, Tag) else block
    return " ".join(text.split())


def _attribute(tag: object, name: str) -> str:
    value = tag.get(name) if isinstance(tag, Tag) else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def _meta(soup: BeautifulSoup, **attrs: str) -> str:
    return _attribute(soup.find("meta", attrs=attrs), "content")


def _figure_alt(tag: Tag) -> str:
    figure = tag.find_parent("figure") if tag.name == "figcaption" else None
    return _attribute(figure.find("img"), "alt") if figure else ""


# From lines to a story


def _story(page: _Page, *, fallback_source_id: str) -> Story:
    lines = _content_lines(page.lines)
    if not lines:
        raise StoryError(
            "no headline found: nothing is left once navigation and share "
            "links are removed"
        )
    headline, rest = lines[0], lines[1:]
    lead_image, authors = None, []
    # The caption and byline come between the headline and the body.
    while rest:
        if lead_image is None and (caption := _caption(rest[0], page.alt_texts)):
            lead_image = caption
        elif not authors and (names := _byline_names(rest[0])):
            authors = [_person(name, AUTHOR) for name in names]
        else:
            break
        rest = rest[1:]
    paragraphs, contributors = [], []
    for line in rest:
        if (credits := _trailer_credits(line)) is not None:
            contributors += [c for c in credits if c not in contributors]
        else:
            paragraphs.append(html.escape(line, quote=False))
    if not paragraphs:
        raise StoryError("no body paragraphs found after the headline")
    return Story(
        source_id=page.source_id or fallback_source_id,
        headline=headline,
        standfirst=page.standfirst,
        body_html="\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        credits=authors + contributors,
        lead_image=lead_image,
    )


def _content_lines(lines: list[str]) -> list[str]:
    lines = (" ".join(line.split()) for line in lines)
    return [
        line
        for line in lines
        if line and line.casefold().strip(CHROME_PUNCTUATION) not in CHROME_LINES
    ]


def _caption(line: str, alt_texts: dict[str, str]) -> ImageRef | None:
    single = _single_copy(line)
    match = TRAILING_PARENTHESES.search(single)
    if not match or not looks_like_credit(match[1]):
        return None
    return ImageRef(
        caption=single[: match.start()].strip(),
        alt_text=alt_texts.get(line, ""),
        credits=parse_photo_credit(match[1]),
    )


def _single_copy(line: str) -> str:
    """`line` once, when the page repeated it ("A (B) A (B)" -> "A (B)")."""
    half = len(line) // 2
    if len(line) % 2 and line[half] == " " and line[:half] == line[half + 1 :]:
        return line[:half]
    if not len(line) % 2 and line[:half] == line[half:]:
        return line[:half]
    return line


def _byline_names(line: str) -> list[str] | None:
    match = BYLINE.match(line) if len(line) <= 150 else None
    if not match:
        return None
    first, *others = _names(match[1])
    # Only after the first name: "By The Canadian Press" is a byline.
    others = [n for n in others if not (AFFILIATION.search(n) or find_agency(n))]
    names = [first, *others]
    # "By the end of 2023, ..." is a sentence, not a byline.
    return names if all(_looks_like_name(name) for name in names) else None


def _trailer_credits(line: str) -> list[CreditRef] | None:
    match = TRAILER.match(line) if len(line) <= 200 else None
    if not match or not (names := _names(match["names"])):
        return None
    if any(len(name) > 80 or len(name.split()) > 8 for name in names):
        return None
    if match["what"].casefold().startswith("reporting"):
        return [_person(name, CONTRIBUTOR) for name in names]
    return [_organisation(name, CONTRIBUTOR) for name in names]


def _looks_like_name(name: str) -> bool:
    return (
        0 < len(name) <= 60
        and name[0].isupper()
        and len(name.split()) <= 5
        and not any(char.isdigit() for char in name)
    )


def _names(text: str) -> list[str]:
    """ "A, B and C" -> ["A", "B", "C"]."""
    names = (name.strip(" .") for name in NAME_SEPARATORS.split(text))
    return list(dict.fromkeys(name for name in names if name))


def _source_credits(text: str) -> list[CreditRef]:
    parts = [part.strip() for part in text.split("/") if part.strip()]
    if len(parts) == 1:
        if by := PHOTO_BY.match(parts[0]):
            return [_person(by[1], CREATOR)]
        return [_organisation(PHOTO_SUFFIX.sub("", parts[0]), PROVIDER)]
    # "AP Photo/Jane Doe": the agency marked "Photo" distributes her picture.
    distributors = [part for part in parts if PHOTO_SUFFIX.search(part)]
    if distributors:
        creators = [part for part in parts if part not in distributors]
        return [_person(name, CREATOR) for name in creators] + [
            _organisation(PHOTO_SUFFIX.sub("", part), DISTRIBUTOR)
            for part in distributors
        ]
    # "Jane Doe/Reuters", or agency first: "THE CANADIAN PRESS/Sean Kilpatrick".
    if find_agency(parts[0]) and not find_agency(parts[-1]):
        parts = parts[1:] + parts[:1]
    return [_person(parts[0], CREATOR)] + [
        _organisation(name, PROVIDER) for name in parts[1:]
    ]


def _person(name: str, role: str) -> CreditRef:
    return CreditRef(name=name, role=role, kind=PERSON)


def _organisation(name: str, role: str) -> CreditRef:
    return CreditRef(
        name=name, role=role, kind=AGENCY if find_agency(name) else ORGANISATION
    )
