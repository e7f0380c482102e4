"""What a caption or a photo's terms say, for the rules at publish (issue
22): does the caption tell readers the picture was made or changed with AI,
do the photo's terms forbid publishing it, and which caption the body gives
each placed photo.

Pure: strings in, strings out, no models."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from articles.text.body import RENDITION_SRC

# AP's rule: an AI illustration is labelled in its caption. Any of these
# words, in any case, counts as saying so.
AI_DISCLOSURE = re.compile(
    r"\bAI[-\s]?(?:generated|edited|created)\b"
    r"|\b(?:generated|created|edited|made)\s+(?:with|by|using)\s+"
    r"(?:generative\s+)?(?:AI|artificial\s+intelligence)\b"
    r"|\billustration\b",
    re.IGNORECASE,
)

# An agency's "kill" and the common "not on the web" instructions, in the
# photo's restrictions, usage terms or PLUS other constraints.
FORBIDS_PUBLICATION = re.compile(
    r"\bkill(?:ed)?\b"
    r"|\bdo\s+not\s+(?:use|publish)\b"
    r"|\bnot\s+for\s+(?:publication|online|internet|web)\b"
    r"|\bno\s+(?:online|internet|web|digital)(?:\s+(?:use|publication))?\b"
    r"|\bprint\s+only\b",
    re.IGNORECASE,
)


def caption_discloses_ai(caption: str) -> bool:
    """Whether `caption` tells readers AI made or changed the picture."""
    return bool(AI_DISCLOSURE.search(caption or ""))


def terms_forbid_publication(*terms: str) -> str:
    """The first phrase in `terms` that forbids publishing, or ""."""
    for text in terms:
        if match := FORBIDS_PUBLICATION.search(text or ""):
            return match.group(0)
    return ""


def placed_photo_captions(html: str) -> dict[int, str]:
    """Each library photo placed in `html` (by id) with the caption of the
    figure holding it ("" when it has none), the first placement's."""
    captions: dict[int, str] = {}
    for img in BeautifulSoup(html or "", "html.parser").find_all("img"):
        match = RENDITION_SRC.match(img.get("src") or "")
        if not match or int(match.group(1)) in captions:
            continue
        figure = img.find_parent("figure")
        caption = figure.find("figcaption") if figure else None
        captions[int(match.group(1))] = (
            caption.get_text(" ", strip=True) if caption else ""
        )
    return captions
