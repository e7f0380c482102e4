"""WordPress post content (`content:encoded`) into clean HTML.

WordPress stores what the editor typed, not what it shows: the block editor
wraps HTML in `<!-- wp:... -->` comments, the classic editor stores text with
blank lines for paragraphs (WordPress adds the <p> and <br> when it renders,
through `wpautop`), and both use shortcodes (`[caption]`, `[gallery]`,
`[embed]`...). This module does what WordPress's `the_content` filters do, as
far as a page of our own needs:

- block comments and the `<!--more-->`/`<!--nextpage-->` markers go;
- `[caption]` becomes <figure> with a <figcaption>, `[gallery ids=...]` the
  photos it names, `[embed]`, `[audio]`, `[video]` and URLs alone on their
  line a link; any other `[x]...[/x]` or `[x /]` goes, keeping what it wraps;
- classic content gets paragraphs by a port of WordPress's `wpautop`
  (`articles.interchange.wordpress_autop`);
- the result is parsed and written out again, so that broken markup
  (`<strong>x</toto>`) comes out balanced.

Scripts and unknown attributes are left to the writer's sanitiser. Nothing is
fetched: embeds become links to what they embed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment

from articles.interchange.wordpress_autop import replace_in_tags, wpautop
from articles.text.plain import escape_stray_ampersands

# Comments the editors leave: block delimiters (their JSON attributes never
# contain "-->", WordPress escapes it) and the more/next-page markers.
EDITOR_COMMENT = re.compile(r"<!--(?:\s+/?wp:.*|more\b.*|nextpage|noteaser)-->", re.S)
EMPTY_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>\s*</p>")

# The opening tag of WordPress's get_shortcode_regex(), for any name:
# [name attrs] or [name attrs /]; "[[" starts an escaped, literal shortcode.
# The content up to [/name] is found by _NextClosing, in linear time.
SHORTCODE_OPENING = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*+(?:/(?!\])[^\]/]*+)*?)(/?)\]"
)
# Shortcodes nested deeper than this are left as they are.
SHORTCODE_DEPTH = 8
# WordPress's shortcode_parse_atts(): name="v", name='v', name=v, or positional.
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
# An unpaired [word ...] is only a shortcode when it has name="value"
# attributes; "[Public domain via ...]" in a caption is prose.
NAMED_ATTRIBUTE = re.compile(r"""[\w-]+\s*=\s*["']""")
# The image (maybe linked) that starts a [caption]; the rest is the caption.
CAPTIONED_IMAGE = re.compile(
    r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.S | re.I
)
MEDIA_SOURCE_ATTRIBUTES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v",
                           "webm", "ogv", "flv", "url")  # fmt: skip

# WordPress's autoembed(): a URL alone on its line, or alone in a paragraph.
URL_LINE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M | re.I)
URL_PARAGRAPH = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.I)

NEWLINE_IN_TAG = "\x00wpnl\x00"

# Characters that make content more than plain paragraphs of text.
MARKUP_CHARACTERS = re.compile(r"[<>&\[]|https?://", re.I)


@dataclass(frozen=True)
class MediaItem:
    """A library photo as a gallery shows it."""

    url: str
    alt: str = ""
    caption: str = ""


def no_media(_attachment_id: str) -> MediaItem | None:
    return None


def keep_source(_src: str) -> str | None:
    return None


def content_to_html(
    content: str,
    *,
    media: Callable[[str], MediaItem | None] = no_media,
    image_source: Callable[[str], str | None] = keep_source,
) -> str:
    """Clean HTML for WordPress post content.

    `media(attachment_id)` describes a photo a `[gallery ids=...]` names (None:
    unknown, left out). `image_source(src)` gives a new src for an <img> of the
    result (None keeps it): how photos of the library are placed."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    has_blocks = "<!-- wp:" in text
    if not MARKUP_CHARACTERS.search(text):
        # Plain paragraphs of text: nothing to parse, the markup is ours.
        return wpautop(text).replace("<br />", "<br/>").strip()
    text = drop_editor_comments(text)
    text = do_shortcodes(text, media)
    text = link_embeds(text)
    # The block editor stores its own <p>s (and empty placeholder ones, which
    # go); only classic content needs wpautop's.
    text = EMPTY_PARAGRAPH.sub("", text) if has_blocks else wpautop(text)
    return _balanced(text, image_source)


def _balanced(text: str, image_source: Callable[[str], str | None]) -> str:
    soup = BeautifulSoup(escape_stray_ampersands(text), "html.parser")
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for image in soup.find_all("img"):
        src = image.get("src")
        if isinstance(src, str) and (new_src := image_source(src)) is not None:
            image["src"] = new_src
    return str(soup).strip()


def drop_editor_comments(text: str) -> str:
    """`text` without block delimiters and more/next-page markers; other
    comments stay (the final parse drops them). A scan rather than a regex, so
    that unclosed comments cost linear time."""
    kept, position = [], 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after here
        end += 3
        comment = text[start:end]
        kept.append(text[position:start])
        kept.append("" if EDITOR_COMMENT.fullmatch(comment) else comment)
        position = end
    kept.append(text[position:])
    return "".join(kept)


# Shortcodes


class _NextClosing:
    """Where the next "[/name]" is, for each name: each search starts where
    the last one ended, so scanning a text costs linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def after(self, name: str, start: int) -> int:
        at = self.found.get(name, 0)
        if at != -1 and at < start:
            at = self.found[name] = self.text.find(f"[/{name}]", start)
        return at


def do_shortcodes(
    text: str, media: Callable[[str], MediaItem | None] = no_media, depth: int = 0
) -> str:
    """`text` with its shortcodes turned into HTML (see the module docstring),
    as WordPress's do_shortcode() reads them."""
    if "[" not in text or depth > SHORTCODE_DEPTH:
        return text
    closing = _NextClosing(text)
    parts, position = [], 0
    while match := SHORTCODE_OPENING.search(text, position):
        name, end, inner = match[2], match.end(), None
        if not match[4] and (close := closing.after(name, end)) >= 0:
            inner, end = text[end:close], close + len(name) + 3
        parts.append(text[position : match.start()])
        if match[1] and text.startswith("]", end):
            # [[name]]: the shortcode's own text, escaped.
            parts.append(text[match.start() + 1 : end])
            position = end + 1
            continue
        html_ = _shortcode_html(name.lower(), match[3], inner, media, depth)
        if html_ is None:
            if inner is not None:
                html_ = do_shortcodes(inner, media, depth + 1)
            elif match[4] or NAMED_ATTRIBUTE.search(match[3]):
                html_ = ""
            else:
                html_ = match[0][len(match[1]) :]  # prose in brackets
        parts.append(match[1] + html_)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def parse_attributes(text: str) -> dict[str, str]:
    """Shortcode attributes by name; positional ones under "0", "1"..."""
    attributes: dict[str, str] = {}
    position = 0
    for match in SHORTCODE_ATTRIBUTE.finditer(text.replace("\xa0", " ")):
        groups = match.groups()
        for name_at, value_at in ((0, 1), (2, 3), (4, 5)):
            if groups[name_at] is not None:
                attributes.setdefault(groups[name_at].lower(), groups[value_at])
                break
        else:
            value = next(group for group in groups[6:] if group is not None)
            attributes[str(position)] = value
            position += 1
    return attributes


def _shortcode_html(
    name: str,
    attribute_text: str,
    inner: str | None,
    media: Callable[[str], MediaItem | None],
    depth: int,
) -> str | None:
    """The HTML for a shortcode we know, None for any other."""
    if name not in ("caption", "wp_caption", "gallery", "embed", "audio", "video"):
        return None
    attributes = parse_attributes(attribute_text)
    if name in ("caption", "wp_caption"):
        return _caption(attributes, do_shortcodes(inner or "", media, depth + 1))
    if name == "gallery":
        return _gallery(attributes, media)
    if name == "embed":
        return _link((inner or "").strip())
    return _link(_media_source(attributes, inner))  # audio, video


def _caption(attributes: dict[str, str], content: str) -> str:
    caption = attributes.get("caption")
    if caption is None and (match := CAPTIONED_IMAGE.match(content.strip())):
        content, caption = match[1], match[2]
    caption = (caption or "").strip()
    if not caption:
        return content  # as WordPress: no caption, no figure
    return f"<figure>{content.strip()}<figcaption>{caption}</figcaption></figure>"


def _gallery(
    attributes: dict[str, str], media: Callable[[str], MediaItem | None]
) -> str:
    ids = (part.strip() for part in attributes.get("ids", "").split(","))
    items = (media(attachment_id) for attachment_id in ids if attachment_id)
    return "".join(_figure(item) for item in items if item is not None)


def _figure(item: MediaItem) -> str:
    src, alt = html.escape(item.url), html.escape(item.alt)
    caption = html.escape(item.caption, quote=False)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{src}" alt="{alt}">{figcaption}</figure>'


def _media_source(attributes: dict[str, str], inner: str | None) -> str:
    for name in (*MEDIA_SOURCE_ATTRIBUTES, "0"):
        if attributes.get(name, "").startswith(("http://", "https://", "/")):
            return attributes[name]
    return (inner or "").strip()


def _link(url: str) -> str:
    """A link to `url`, inline: the paragraph around it (wpautop's in
    classic content) makes it a block without nesting one <p> in another."""
    if not url:
        return ""
    escaped = html.escape(html.unescape(url))
    return f'<a href="{escaped}">{escaped}</a>'


# Embeds


def link_embeds(text: str) -> str:
    """URLs alone on their line or in their paragraph, as WordPress would
    embed them, become links (never fetched)."""
    if "http" not in text.lower():
        return text
    text = replace_in_tags(text, "\n", NEWLINE_IN_TAG)
    text = URL_LINE.sub(lambda match: _link(match[2]), text)
    text = URL_PARAGRAPH.sub(lambda m: m[1] + _link(m[2]) + m[3], text)
    return text.replace(NEWLINE_IN_TAG, "\n")
