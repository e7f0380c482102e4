"""The one HTML allowlist for stored article bodies."""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "figcaption",
    "figure", "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Photos in the text come from the library, never from elsewhere (no
# hot-linking, no tracking pixels): an <img> keeps only a rendition address.
LIBRARY_IMAGE = re.compile(
    r"^(?:https?://[^/\s]+)?/renditions/\d+/[\w.-]+/[\w-]+\.\w+$"
)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if LIBRARY_IMAGE.match(value) else None
    return value


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowlist: scripts, styles, event handlers
    and unsafe URL schemes are removed, along with the contents of script and
    style elements; images keep only library rendition addresses."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    ).strip()
