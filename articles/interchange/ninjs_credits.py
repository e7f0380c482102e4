"""Who a ninjs item credits: our own export's `infoSources` as they were;
otherwise the story's byline and the people marked as its authors, and the
photographer and source of a picture."""

from __future__ import annotations

import re
from typing import Any

from articles.interchange.ninjs_json import objects, string
from articles.interchange.ninjs_texts import prose, texts_of
from articles.text.bylines import (
    BYLINE_PREFIX,
    byline_credits,
    without_urls,
    writers,
)
from articles.text.credits import (
    AUTHOR,
    CONTRIBUTOR,
    CREATOR,
    DISTRIBUTOR,
    PROVIDER,
    CreditRef,
    organisation,
    person,
    unique_credits,
)
from articles.text.photo_credits import photo_byline_credits
from articles.text.plain import one_line

# `infoSources` roles our own export writes: the credits as they were.
STORY_CREDIT_ROLES = {"author": AUTHOR, "contributor": CONTRIBUTOR}
IMAGE_CREDIT_ROLES = {
    "creator": CREATOR,
    "provider": PROVIDER,
    "distributor": DISTRIBUTOR,
}
# `people` (`person` in 1.x) and Superdesk `authors` who wrote the story.
AUTHOR_ROLES = frozenset({"author", "writer", "creator", "byline", "reporter",
                          "correspondent", "journalist"})  # fmt: skip


def story_credits(item: dict[str, Any]) -> list[CreditRef]:
    """Our own export's `infoSources` when it has them (its `by` only joins
    their names); otherwise the byline; plus the people marked as authors."""
    credits = _info_source_credits(item, STORY_CREDIT_ROLES)
    if not credits:
        credits = byline_credits(string(item, "by", "byline"))
    for someone in (
        objects(item.get("people"))
        + objects(item.get("person"))
        + objects(item.get("authors"))
    ):
        if _last_word(string(someone, "role", "rel")) in AUTHOR_ROLES:
            credits += _named_author(string(someone, "name"))
    # The byline's writers are often listed again: one person, one credit.
    return unique_credits(credits)


def _named_author(name: str) -> list[CreditRef]:
    """An author entry's name read like a byline ("Jane Doe, Reuters" is
    Jane Doe, of Reuters), so that it meets the byline's own credit."""
    authors = []
    for writer, affiliation in writers(BYLINE_PREFIX.sub("", without_urls(name))):
        author = person(writer, AUTHOR)
        author.affiliation = affiliation
        authors.append(author)
    return authors


def _info_source_credits(
    item: dict[str, Any], roles: dict[str, str]
) -> list[CreditRef]:
    credits = []
    for source in objects(item.get("infosources")) + objects(item.get("infosource")):
        name = one_line(string(source, "name"))
        role = roles.get(string(source, "role").lower())
        if name and role:
            credits.append(CreditRef(name=name, role=role))
    return credits


def image_credits(picture: dict[str, Any]) -> list[CreditRef]:
    """Our own export's `infoSources`; else the photographer from `by` ("Jane
    Doe", or the wire style "Jane Doe/Reuters"), and the credit line or
    copyright holder as the source when nothing else names one."""
    credits = _info_source_credits(picture, IMAGE_CREDIT_ROLES)
    if credits:
        return unique_credits(credits)
    credits = photo_byline_credits(string(picture, "by", "byline"))
    source = _picture_source(picture)
    named = {credit.name.casefold() for credit in credits}
    has_source = any(credit.role in (PROVIDER, DISTRIBUTOR) for credit in credits)
    if source and not has_source and source.casefold() not in named:
        credits.append(organisation(source, PROVIDER))
    return unique_credits(credits)


def _picture_source(picture: dict[str, Any]) -> str:
    """Who a photo comes from when its byline does not say: its credit line
    (a 2.x/3.x description, a Superdesk field), else its copyright holder."""
    descriptions = texts_of(picture, "descriptions", "description")
    credit_lines = [text for text in descriptions if text.role == "creditline"]
    credit_line = prose(credit_lines, ("creditline",), excluded=())
    return credit_line or one_line(string(picture, "creditline", "copyrightholder"))


def _last_word(value: str) -> str:
    """ "author", or the end of a role URI or QCode ("...role/author")."""
    return re.split(r"[/:#]", value.lower().strip())[-1]
