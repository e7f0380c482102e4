"""WordPress's `wpautop`, ported: what turns the classic editor's text,
with blank lines for paragraphs, into the HTML WordPress shows."""

from __future__ import annotations

import re

# Tags, comments and CDATA sections, from WordPress's get_html_split_regex().
HTML_SPLIT = re.compile(
    r"(<(?:!--.*?(?:-->|\Z)|!\[CDATA\[.*?(?:\]\]>|\Z)|[^>]*>?))", re.S
)
ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)

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
    text = replace_in_tags(text, "\n", " <!-- wpnl --> ")
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


def replace_in_tags(text: str, old: str, new: str) -> str:
    """`old` replaced inside tags and comments only (wp_replace_in_html_tags)."""
    parts = HTML_SPLIT.split(text)
    # split() with a group: text at even indices, tags at odd ones.
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace(old, new)
    return "".join(parts)
