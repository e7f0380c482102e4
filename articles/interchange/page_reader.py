"""Plain-text and HTML news pages, as saved from a browser, into a `Story`.

Pure: bytes in, `Story` out, no database. The page is reduced to lines of
text (for HTML, the text blocks of the article), page furniture is dropped,
and then the same line rules apply to both:

- the first line is the headline (HTML: the <h1>, else the <title>);
- before the body, a line ending in a parenthesised photo credit is the lead
  photo's caption, and a short "By Jane Doe" line is the byline;
- "With files from Reuters" lines anywhere after that are contributor credits;
- every other line is a body paragraph.

Bylines and photo credits read as in every other format
(`articles.text.bylines`, `articles.text.photo_credits`); the bytes are
decoded by `page_decoding`.

The source id, which decides whether a re-import updates an article, is the
page's <link rel="canonical"> or og:url when it has one, otherwise
"page:" + the whole file name ("page:000_73e2e5c0feb7c169.txt"): importing a
file of the same name again updates the same article, and "story.txt" and
"story.html" are two stories. Ids were once the name without its extension,
which made those one story; that old id rides along as `former_source_id`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import PurePath

from bs4 import BeautifulSoup, Tag

from articles.interchange import safe_xml
from articles.interchange.formats import SNIFF_BYTES, refusal
from articles.interchange.page_decoding import decode, starts_like_html
from articles.interchange.sniffing import XML_KINDS, Kind, sniff
from articles.interchange.story import ImageRef, Story, StoryError
from articles.text.bylines import page_byline_credits, trailer_credits
from articles.text.photo_credits import parse_photo_credit, trailing_credit
from articles.text.plain import one_line

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


def parse_page(data: bytes, filename: str) -> Story:
    """The story in a page's bytes. `filename` decides text or HTML (by its
    extension, or when the bytes look like HTML) and gives the fallback
    source id. Anything but text or HTML (XML, a wire text, a photo) is
    refused, named by what it looks like."""
    name = PurePath(filename)
    kind = _page_kind(data)
    is_html = _is_html(data, name.suffix.lower(), kind)
    text = decode(data, is_html=is_html)
    page = _html_page(text) if is_html else _Page(lines=text.splitlines())
    story = _story(page, fallback_source_id=f"page:{name.name}")
    if not page.source_id and name.stem != name.name:
        story.former_source_id = f"page:{name.stem}"
    return story


def _is_html(data: bytes, suffix: str, kind: Kind) -> bool:
    """HTML by its name, or by its content: a .txt only when it is a whole
    HTML document (markup at the top of a text page stays text), any other
    name (.rss, .xml, none) when it looks like HTML at all."""
    if suffix in HTML_SUFFIXES or starts_like_html(data):
        return True
    return suffix != ".txt" and kind in (Kind.HTML, Kind.XHTML)


def _page_kind(data: bytes) -> Kind:
    """What the page is (text, HTML, XHTML, empty); StoryError for anything
    else, and for XML that declares entities, as in every format."""
    sniffed = sniff(data[:SNIFF_BYTES])
    if sniffed.kind in XML_KINDS:
        safe_xml.screen(data)
    if not sniffed.is_page and sniffed.kind is not Kind.EMPTY:
        raise refusal(sniffed, "page")
    return sniffed.kind


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
    return one_line(block.get_text() if isinstance(block, Tag) else block)


def _attribute(tag: object, name: str) -> str:
    value = tag.get(name) if isinstance(tag, Tag) else None
    return one_line(value) if isinstance(value, str) else ""


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
    lead_image, byline = None, []
    # The caption and byline come between the headline and the body.
    while rest:
        if lead_image is None and (caption := _caption(rest[0], page.alt_texts)):
            lead_image = caption
        elif not byline and (credits := page_byline_credits(rest[0])):
            byline = credits
        else:
            break
        rest = rest[1:]
    paragraphs, contributors = [], []
    for line in rest:
        if (credits := trailer_credits(line)) is not None:
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
        credits=byline + [c for c in contributors if c not in byline],
        lead_image=lead_image,
    )


def _content_lines(lines: list[str]) -> list[str]:
    lines = (one_line(line) for line in lines)
    return [
        line
        for line in lines
        if line and line.casefold().strip(CHROME_PUNCTUATION) not in CHROME_LINES
    ]


def _caption(line: str, alt_texts: dict[str, str]) -> ImageRef | None:
    found = trailing_credit(_single_copy(line))
    if found is None:
        return None
    caption, credit = found
    return ImageRef(
        caption=caption,
        alt_text=alt_texts.get(line, ""),
        credits=parse_photo_credit(credit),
    )


def _single_copy(line: str) -> str:
    """`line` once, when the page repeated it ("A (B) A (B)" -> "A (B)")."""
    half = len(line) // 2
    if len(line) % 2 and line[half] == " " and line[:half] == line[half + 1 :]:
        return line[:half]
    if not len(line) % 2 and line[:half] == line[half:]:
        return line[:half]
    return line
