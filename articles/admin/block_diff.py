"""A story body's changes block by block, for the history and the working
draft's diff: the paragraphs, headings, lists, quotes and photos of the two
versions matched in order, the words changed inside a changed block marked
(<del>, <ins>), whole blocks that came or went marked as such, and long runs
of unchanged blocks folded. Everything shown is text from the stored HTML,
escaped here: the body's own markup never reaches the page."""

from __future__ import annotations

import difflib

from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
KINDS = {
    "p": "Paragraph",
    "ul": "List",
    "ol": "List",
    "blockquote": "Quote",
    "figure": "Photo",
    "table": "Table",
    "hr": "Rule",
    "pre": "Code",
}
# Unchanged blocks shown around a change; longer runs are folded.
CONTEXT = 1


def blocks(html: str) -> list[tuple[str, str]]:
    """(kind, text) of each top-level block of `html`."""
    found = []
    for node in BeautifulSoup(html or "", "html.parser").children:
        if isinstance(node, NavigableString):
            if node.strip():
                found.append(("Paragraph", " ".join(node.split())))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name in HEADINGS:
            kind = f"Heading {node.name[1]}"
        else:
            kind = KINDS.get(node.name, "Block")
        text = node.get_text(" ", strip=True)
        if kind == "Photo" or (not text and node.find("img")):
            image = node.find("img")
            kind, text = "Photo", text or (image.get("alt") or image.get("src") or "")
        found.append((kind, " ".join(text.split())))
    return found


def word_marks(old: str, new: str) -> str:
    """`new`'s words with those removed from `old` in <del> and those
    added in <ins>, escaped."""
    before, after = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(before[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(after[b1:b2]))}</ins>")
    return " ".join(parts)


def _block(kind: str, state: str, content: str) -> str:
    labels = {"added": "added", "removed": "removed", "changed": "changed"}
    note = f" ({labels[state]})" if state in labels else ""
    return str(
        format_html(
            '<div class="diff-block diff-{}"><span class="diff-kind">{}{}</span> {}</div>',
            state,
            kind,
            note,
            mark_safe(content),  # escaped by the callers
        )
    )


def _folded(count: int) -> str:
    noun = "block" if count == 1 else "blocks"
    return f'<div class="diff-block diff-folded">… {count} unchanged {noun} …</div>'


def _same_run(run: list[tuple[str, str]], first: bool, last: bool) -> list[str]:
    """Unchanged blocks: CONTEXT of them beside each change, the rest
    folded into a count."""
    head = [] if first else run[:CONTEXT]
    tail = [] if last else run[len(head) :][-CONTEXT:]
    hidden = len(run) - len(head) - len(tail)
    out = [_block(kind, "same", escape(text)) for kind, text in head]
    if hidden:
        out.append(_folded(hidden))
    return out + [_block(kind, "same", escape(text)) for kind, text in tail]


def block_diff(old_html: str, new_html: str) -> SafeString:
    """The body's changes, block by block (see the module's docstring)."""
    old, new = blocks(old_html), blocks(new_html)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    parts: list[str] = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            first, last = index == 0, index == len(opcodes) - 1
            parts += _same_run(old[a1:a2], first, last)
            continue
        removed, added = old[a1:a2], new[b1:b2]
        # Blocks replaced one for one, of the same kind: the words changed.
        while removed and added and removed[0][0] == added[0][0]:
            (kind, before), (_, after) = removed.pop(0), added.pop(0)
            parts.append(_block(kind, "changed", word_marks(before, after)))
        for kind, text in removed:
            parts.append(_block(kind, "removed", f"<del>{escape(text)}</del>"))
        for kind, text in added:
            parts.append(_block(kind, "added", f"<ins>{escape(text)}</ins>"))
    return mark_safe(f'<div class="block-diff">{"".join(parts)}</div>')
