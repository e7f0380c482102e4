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
- classic content gets paragraphs by a port of WordPress's `wpautop`;
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
from html.entities import html5

from bs4 import BeautifulSoup, Comment

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

# Tags, comments and CDATA sections, from WordPress's get_html_split_regex().
HTML_SPLIT = re.compile(
    r"(<(?:!--.*?(?:-->|\Z)|!\[CDATA\[.*?(?:\]\]>|\Z)|[^>]*>?))", re.S
)
NEWLINE_IN_TAG = "\x00wpnl\x00"

ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)
# A "&" and what follows: a character reference, or a name that may be one.
AMPERSAND = re.compile(r"&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;?)?")
TEXT_BREAKS = ("br", "p", "div", "li", "dt", "dd", "tr", "td", "th", "blockquote",
               "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "hr")  # fmt: skip
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


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (a title, an excerpt, a term name): tags
    stripped, entities decoded, whitespace collapsed."""
    if "<" in fragment:
        soup = BeautifulSoup(_escape_stray_ampersands(fragment), "html.parser")
        # Words in separate blocks stay apart; "Mark<sup>up</sup>" stays one.
        for tag in soup.find_all(TEXT_BREAKS):
            tag.insert_after(" ")
        fragment = soup.get_text()
        return " ".join(fragment.split())
    return " ".join(html.unescape(fragment).split())


def _escape_stray_ampersands(text: str) -> str:
    """ "&" escaped where it starts no HTML character reference: the parser
    would drop the ";" of "&lol1;"."""

    def escape(match: re.Match[str]) -> str:
        reference = match[1]
        if reference and (reference.startswith("#") or reference in html5):
            return match[0]
        return "&amp;" + (reference or "")

    return AMPERSAND.sub(escape, text) if "&" in text else text


def _balanced(text: str, image_source: Callable[[str], str | None]) -> str:
    soup = BeautifulSoup(_escape_stray_ampersands(text), "html.parser")
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
    text = _replace_in_tags(text, "\n", NEWLINE_IN_TAG)
    text = URL_LINE.sub(lambda match: _link(match[2]), text)
    text = URL_PARAGRAPH.sub(lambda m: m[1] + _link(m[2]) + m[3], text)
    return text.replace(NEWLINE_IN_TAG, "\n")


def _replace_in_tags(text: str, old: str, new: str) -> str:
    """`old` replaced inside tags and comments only (wp_replace_in_html_tags)."""
    parts = HTML_SPLIT.split(text)
    # split() with a group: text at even indices, tags at odd ones.
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace(old, new)
    return "".join(parts)


# wpautop


# wpautop's patterns, compiled once: it runs for every classic post.
BLOCK_TAG = r"(</?" + ALLBLOCKS + r"[^>]*>)"
DOUBLE_BREAK = re.compile(r"<br\s*/?>\s*<br\s*/?>")
BLOCK_OPENING = re.compile(r"(<" + ALLBLOCKS + r"[\s/>])")
BLOCK_CLOSING = re.compile(r"(</" + ALLBLOCKS + r">)")
RULE = re.compile(r"(<hr\s*?/?>)")
BLANK_LINES = re.compile(r"\n\n+")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
EMPTY_AUTOP_PARAGRAPH = re.compile(r"<p>\s*</p>")
UNCLOSED_IN_CONTAINER = re.compile(r"<p>([^<]+)</(div|address|form)>")
PARAGRAPH_AROUND_BLOCK = re.compile(r"<p>\s*" + BLOCK_TAG + r"\s*</p>")
PARAGRAPH_AROUND_ITEM = re.compile(r"<p>(<li.+?)</p>")
PARAGRAPH_AROUND_QUOTE = re.compile(r"<p><blockquote([^>]*)>", re.I)
PARAGRAPH_BEFORE_BLOCK = re.compile(r"<p>\s*" + BLOCK_TAG)
PARAGRAPH_AFTER_BLOCK = re.compile(BLOCK_TAG + r"\s*</p>")
BREAK_AFTER_BLOCK = re.compile(BLOCK_TAG + r"\s*<br />")
BREAK_BEFORE_BLOCK = re.compile(
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"
)
LAST_LINE_BREAK = re.compile(r"\n</p>$")
ASCII_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")  # PHP's \s
RAW_OPENING = re.compile(r"<(script|style|svg|math)")
WPAUTOP_PLACEHOLDER = "<WPPreserveNewline />"


def wpautop(text: str) -> str:
    """WordPress's wpautop(): blank lines become paragraphs and single newlines
    <br />, except around and inside block-level elements, <pre>, <script>,
    <style>, <svg> and <math>. A port of WordPress 6's version, step by step."""
    if not text.strip():
        return ""
    text += "\n"
    text, pre_blocks = _hide_pre_blocks(text)
    text = DOUBLE_BREAK.sub("\n\n", text)
    text = BLOCK_OPENING.sub(r"\n\n\1", text)
    text = BLOCK_CLOSING.sub(r"\1\n\n", text)
    text = RULE.sub(r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_in_tags(text, "\n", " <!-- wpnl --> ")
    text = _collapse_around_inline_blocks(text)
    text = BLANK_LINES.sub("\n\n", text)
    paragraphs = [part for part in PARAGRAPH_BREAK.split(text) if part]
    text = "".join(f"<p>{paragraph.strip(chr(10))}</p>\n" for paragraph in paragraphs)
    text = _unwrap_blocks(text)
    text = _line_breaks(text)
    text = BREAK_AFTER_BLOCK.sub(r"\1", text)
    text = BREAK_BEFORE_BLOCK.sub(r"\1", text)
    text = LAST_LINE_BREAK.sub("</p>", text)
    for placeholder, block in pre_blocks.items():
        text = text.replace(placeholder, block)
    return text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")


def _hide_pre_blocks(text: str) -> tuple[str, dict[str, str]]:
    """<pre> blocks swapped for placeholders: wpautop leaves them alone."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    blocks: dict[str, str] = {}
    rebuilt = []
    for part in parts:
        start = part.find("<pre")
        if start < 0:
            rebuilt.append(part)  # a stray </pre>, dropped as WordPress does
            continue
        placeholder = f"<pre wp-pre-tag-{len(blocks)}></pre>"
        blocks[placeholder] = part[start:] + "</pre>"
        rebuilt.append(part[:start] + placeholder)
    return "".join(rebuilt) + last, blocks


def _collapse_around_inline_blocks(text: str) -> str:
    """No paragraphs around <option>, <param>/<embed> in <object>, <source> and
    <track> in <audio>/<video>, and <figcaption>."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return text


def _unwrap_blocks(text: str) -> str:
    """No <p> around block-level tags, nor empty ones."""
    text = EMPTY_AUTOP_PARAGRAPH.sub("", text)
    text = UNCLOSED_IN_CONTAINER.sub(r"<p>\1</p></\2>", text)
    text = PARAGRAPH_AROUND_BLOCK.sub(r"\1", text)
    text = PARAGRAPH_AROUND_ITEM.sub(r"\1", text)
    text = PARAGRAPH_AROUND_QUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = PARAGRAPH_BEFORE_BLOCK.sub(r"\1", text)
    return PARAGRAPH_AFTER_BLOCK.sub(r"\1", text)


def _line_breaks(text: str) -> str:
    """Single newlines outside <script>, <style>, <svg> and <math> as <br />."""
    text = _protect_raw_newlines(text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _newlines_as_breaks(text)
    return text.replace(WPAUTOP_PLACEHOLDER, "\n")


def _newlines_as_breaks(text: str) -> str:
    """WordPress's `(?<!<br />)\\s*\\n` -> "<br />\\n": a run of whitespace up
    to its last newline becomes one break, unless a <br /> ends just before
    it. Done run by run, as the regex itself takes quadratic time on long
    runs of spaces."""

    def replace(match: re.Match[str]) -> str:
        run = match[0]
        last_newline = run.rfind("\n")
        if last_newline < 0:
            return run
        if text.endswith("<br />", 0, match.start()):
            if last_newline == 0:
                return run
            return run[0] + "<br />\n" + run[last_newline + 1 :]
        return "<br />\n" + run[last_newline + 1 :]

    return ASCII_WHITESPACE.sub(replace, text)


def _protect_raw_newlines(text: str) -> str:
    """Newlines from <script> (<style>, <svg>, <math>) to its first </script>
    hidden, as WordPress's `<(script|style|svg|math).*?</\\1>` would, but in
    linear time when elements are left unclosed."""
    closing: dict[str, int] = {}
    parts, copied, search_from = [], 0, 0
    while match := RAW_OPENING.search(text, search_from):
        name = match[1]
        close = closing.get(name, 0)
        if close != -1 and close < match.end():
            close = closing[name] = text.find(f"</{name}>", match.end())
        if close < 0:
            search_from = match.end()  # never closed: left as it is
            continue
        end = close + len(name) + 3
        parts.append(text[copied : match.start()])
        parts.append(text[match.start() : end].replace("\n", WPAUTOP_PLACEHOLDER))
        copied = search_from = end
    return "".join(parts) + text[copied:]
