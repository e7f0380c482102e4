"""Source text cut to the length its column holds, with a warning, so that
one over-long field never costs the whole story.

Sources put anything in anything: a 400-character headline, a category that
is a sentence, a credit line that is a paragraph. The long free texts of a
photo (caption, copyright notice, usage terms, restrictions, credit line)
are kept whole in unlimited columns; what has a limit (headlines, names,
slugs, alt text) is cut here, at a word boundary, and the story says so.
Fitting twice changes nothing and warns once.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from articles.interchange.story import ImageRef, SectionRef, Story, TagRef
from articles.models import Article, Contributor, Image, Section, Tag
from articles.text.credits import CreditRef

ELLIPSIS = "…"

# Story attribute -> the model field it is saved in.
STORY_FIELDS = {
    "headline": (Article, "headline"),
    "credit_line_override": (Article, "credit_line_override"),
    "slugline": (Article, "slugline"),
    "dateline": (Article, "dateline"),
}
IMAGE_FIELDS = {
    name: (Image, name)
    for name in (
        "caption",
        "alt_text",
        "headline",
        "copyright_notice",
        "usage_terms",
        "restrictions",
        "credit_line_override",
        "original_filename",
    )
}
CREDIT_FIELDS = {
    name: (Contributor, name)
    for name in ("name", "slug", "short_name", "bio", "affiliation")
    if name in CreditRef.__dataclass_fields__
}


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: whole words, then an ellipsis."""
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS)]
    head = room.rsplit(None, 1)[0] if " " in room.strip() else room
    # A word boundary far back would lose too much: cut inside the word.
    if len(head) < limit // 2:
        head = room
    return head.rstrip(" ,;:-") + ELLIPSIS


def fit_story(story: Story) -> None:
    """Cut what the story's columns cannot hold; each cut is a warning."""
    _fit(story, STORY_FIELDS, story.warnings, "")
    if len(story.slug) > (limit := _limit(Article, "slug")):
        story.warnings.append(_message("slug", limit, len(story.slug)))
        story.slug = story.slug[:limit].rstrip("-")
    story.section = _fit_section(story.section, story.warnings)
    story.tags = [_fit_tag(tag, story.warnings) for tag in story.tags]
    story.credits = [fit_credit(ref, story.warnings) for ref in story.credits]
    photos = ([story.lead_image] if story.lead_image else []) + list(
        story.images.values()
    )
    for ref in photos:
        fit_image(ref, story.warnings)


def fit_image(ref: ImageRef, warnings: list[str]) -> None:
    _fit(ref, IMAGE_FIELDS, warnings, "photo ")
    ref.credits = [fit_credit(credit, warnings) for credit in ref.credits]


def fit_credit(ref: CreditRef, warnings: list[str]) -> CreditRef:
    changes = _cuts(ref, CREDIT_FIELDS, warnings, "contributor ")
    limit = _limit(Contributor, "url")
    if limit and len(ref.url) > limit:
        warnings.append(f"contributor url longer than {limit} characters: left out")
        changes["url"] = ""
    return replace(ref, **changes) if changes else ref


def _fit_section(
    section: str | SectionRef | None, warnings: list[str]
) -> str | SectionRef | None:
    if section is None:
        return None
    limit = _limit(Section, "name")
    name = section if isinstance(section, str) else section.name
    if len(name) <= limit:
        return section
    warnings.append(_message("section", limit, len(name)))
    if isinstance(section, str):
        return cut(name, limit)
    return replace(section, name=cut(name, limit))


def _fit_tag(tag: str | TagRef, warnings: list[str]) -> str | TagRef:
    limit = _limit(Tag, "name")
    name = tag if isinstance(tag, str) else tag.name
    if len(name) <= limit:
        return tag
    warnings.append(_message("tag", limit, len(name)))
    return (
        cut(name, limit)
        if isinstance(tag, str)
        else replace(tag, name=cut(name, limit))
    )


def _fit(target, fields: dict, warnings: list[str], prefix: str) -> None:
    for name, value in _cuts(target, fields, warnings, prefix).items():
        setattr(target, name, value)


def _cuts(target, fields: dict, warnings: list[str], prefix: str) -> dict[str, str]:
    changes = {}
    for name, (model, field) in fields.items():
        value = getattr(target, name)
        limit = _limit(model, field)
        if limit and isinstance(value, str) and len(value) > limit:
            warnings.append(
                _message(f"{prefix}{name.replace('_', ' ')}", limit, len(value))
            )
            changes[name] = cut(value, limit)
    return changes


def _limit(model: type[models.Model], field: str) -> int | None:
    try:
        return model._meta.get_field(field).max_length
    except FieldDoesNotExist:  # a detail this version does not store
        return None


def _message(what: str, limit: int, length: int) -> str:
    return f"{what} cut to {limit} characters (it had {length})"
