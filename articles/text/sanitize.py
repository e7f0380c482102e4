"""The one HTML allowlist for stored article bodies."""

from __future__ import annotations

import re

import nh3

# A table keeps its whole structure: stripping a wrapper such as <tfoot>
# leaves markup (a bare <tr> in <table>) that the next parse rebuilds
# differently, so a stored body would change on every save or restore.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_PASSES = 4


# Photos in the text come from the library, never from elsewhere (no
# hot-linking, no tracking pixels): an <img> keeps only a rendition address.
LIBRARY_IMAGE = re.compile(
    r"^(?:https?://[^/\s]+)?/renditions/\d+/[\w.-]+/[\w-]+\.\w+$"
)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if LIBRARY_IMAGE.match(value) else None
    return value


# How an editor aligns a placed photo (the photo chooser); any other class
# goes.
ALLOWED_CLASSES = {"figure": {"align-left", "align-right", "align-center"}}


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    ).strip()


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowlist: scripts, styles, event handlers
    and unsafe URL schemes are removed, along with the contents of script and
    style elements; images keep only library rendition addresses.

    Cleaning the result again gives the same text, so a body survives any
    number of saves, exports and restores unchanged."""
    # Removing an element can leave markup that parses differently the next
    # time (a newline that now opens a <pre>, a heading that now sits in a
    # heading): clean until the parser reads back what it wrote.
    cleaned = _clean(html)
    for _ in range(MAX_PASSES):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned
