"""A story's live editions in the newsroom's other languages, as every
public surface gives them: the article document's `editions`, the sitemap's
`hreflang` alternates, ninjs associations.

Worked out when served, never stored: a sibling that goes live by its clock
(schedule, embargo, edition gate) or is unpublished changes what its
siblings show at that second, with nobody saving them. So whether an edition
is listed is `Article.objects.published()`'s answer at the time of the
request, in one query for a whole page (`live_editions`), and the stored
documents and the per-process memo keep only a placeholder (`"editions":[]`)
that `splice` fills in on the way out."""

from __future__ import annotations

import orjson

from articles.models.edition_siblings import LiveEdition, live_editions, siblings

# What a stored document holds where the editions go: the key comes third,
# after `id` (a number) and `slug`, and before any text an editor wrote, so
# the first occurrence is the document's own key (a string's quotes are
# escaped in JSON, so text can never hold it unescaped).
PLACEHOLDER = '"editions":[]'


def as_json(editions: list[LiveEdition], base_url: str) -> list[dict]:
    base = base_url.rstrip("/")
    return [
        {
            "language": edition.language,
            "id": edition.id,
            "slug": edition.slug,
            "url": base + edition.address
            if edition.address.startswith("/")
            else edition.address,
            "relation": edition.relation,
        }
        for edition in editions
    ]


def splice(text: str, editions: list[dict]) -> str:
    """A document's text (JSON) with its editions in place of the
    placeholder; as it is when there are none."""
    if not editions:
        return text
    at = text.find(PLACEHOLDER)
    if at < 0:  # a document of another shape: nothing to fill
        return text
    filled = '"editions":' + orjson.dumps(editions).decode()
    return text[:at] + filled + text[at + len(PLACEHOLDER) :]


def with_editions(texts: dict[int, str], groups: dict[int, int | None], base_url: str):
    """Fill in, in place, the editions of documents `texts` (JSON text by
    article id), whose edition groups are `groups` (by article id)."""
    found = live_editions(groups.values())
    for story, group in groups.items():
        if story in texts and (listed := siblings(found, story, group)):
            texts[story] = splice(texts[story], as_json(listed, base_url))
