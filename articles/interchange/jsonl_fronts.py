"""Fronts (collections) in a JSON Lines backup: every version of every
front with its slots, written after the stories and restored after them.

A slot names its story as the backup names stories (the source id, with the
export's id beside it), its photo by the file's hash (the id when the photo
has no file), its rule's section or tag by slug. A version is one record,
restored in one transaction: the version and all its slots, or nothing.
A slot whose story, section or tag is not in the database after the stories
were restored is skipped, and the restore warns, naming it; a photo that is
missing drops only the slot's photo override, with a warning too.
A version carries its front's "language" (issue 23); a record without one
(an older backup) restores a new front in the default language and leaves
an existing one's as it is. A language the newsroom does not publish in is
kept, with a warning, as for stories (`story_language`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q

from articles.interchange.rows import Result, exported_story
from articles.interchange.story_language import story_language
from articles.models import Article, Collection, Image, Section, Slot, Tag
from articles.models.editions import default_language

FOREIGN_KEYS = ["collection", "article", "photo", "section", "tag"]
SLOT_FIELDS = ("position", "article_id", "headline", "standfirst", "photo_id",
               "rule", "section_id", "tag_id", "count")  # fmt: skip


@dataclass(kw_only=True)
class SlotRef:
    position: int
    story: str = ""  # the story's source id as the backup gives it
    headline: str = ""
    standfirst: str = ""
    photo_sha256: str = ""
    photo_id: int | None = None
    rule: str = ""
    section: str = ""  # slugs
    tag: str = ""
    count: int = 1


@dataclass(kw_only=True)
class FrontRef:
    """One version of a front, as the backup has it."""

    slug: str
    name: str
    max_items: int
    language: str | None = None  # None: the record has none (older backups)
    live_from: datetime
    updated_at: datetime | None = None
    revision: int = 0
    slots: list[SlotRef] = field(default_factory=list)
    record: str = ""
    warnings: list[str] = field(default_factory=list)


# Export ------------------------------------------------------------------------


def fronts() -> Iterator[dict[str, Any]]:
    """Every version of every front, oldest first, with its slots in order."""
    slots = Slot.objects.select_related("article", "photo", "section", "tag")
    versions = Collection.objects.order_by("slug", "live_from", "pk").prefetch_related(
        Prefetch("slots", queryset=slots.order_by("position", "pk"))
    )
    for version in versions:
        yield {
            "type": "front",
            "slug": version.slug,
            "name": version.name,
            "language": version.language,
            "max_items": version.max_items,
            "live_from": version.live_from.isoformat(),
            "updated_at": version.updated_at.isoformat(),
            "revision": version.revision,
            "slots": [_slot(slot) for slot in version.slots.all()],
        }


def _slot(slot: Slot) -> dict[str, Any]:
    story, photo = slot.article, slot.photo
    return {
        "position": slot.position,
        "story": exported_story(story) if story else None,
        "headline": slot.headline,
        "standfirst": slot.standfirst,
        "photo": {"id": photo.pk, "sha256": photo.sha256 or None} if photo else None,
        "rule": slot.rule,
        "section": slot.section.slug if slot.section else None,
        "tag": slot.tag.slug if slot.tag else None,
        "count": slot.count,
    }


# Reading -------------------------------------------------------------------------


def parse_front(record: dict, label: str, text, date, number) -> FrontRef:
    """A "front" record; `text`, `date` and `number` are the reader's checks."""
    live_from = date(record["live_from"])
    if live_from is None:
        raise ValueError("the front has no live_from")
    slug = text(record["slug"])
    ref = FrontRef(
        slug=slug,
        name=text(record["name"]),
        max_items=number(record["max_items"]),
        live_from=live_from,
        updated_at=date(record.get("updated_at")),
        revision=number(record.get("revision", 0)),
        slots=[_parse_slot(slot, text, number) for slot in record.get("slots", [])],
        record=f'{label} (front "{slug}" from {live_from.isoformat()})',
    )
    if record.get("language") is not None:
        ref.language, warning = story_language(text(record["language"]))
        if warning:
            ref.warnings.append(warning)
    return ref


def _parse_slot(record: dict, text, number) -> SlotRef:
    story, photo = record.get("story"), record.get("photo")
    return SlotRef(
        position=number(record["position"]),
        story=text(story["source_id"]) if story else "",
        headline=text(record.get("headline", "")),
        standfirst=text(record.get("standfirst", "")),
        photo_sha256=text(photo.get("sha256") or "") if photo else "",
        photo_id=number(photo.get("id")) if photo else None,
        rule=text(record.get("rule", "")),
        section=text(record.get("section") or ""),
        tag=text(record.get("tag") or ""),
        count=number(record.get("count", 1)),
    )


# Restoring -----------------------------------------------------------------------


def write_front(ref: FrontRef) -> Result:
    """The version restored exactly (its slots replaced), or "unchanged"
    when it already is; all or nothing. Warnings go to `ref.warnings`."""
    with transaction.atomic():
        slots = _resolved(ref)
        existing = (
            Collection.objects.select_for_update()
            .filter(slug=ref.slug, live_from=ref.live_from)
            .first()
        )
        if existing is not None and _same(existing, ref, slots):
            return "unchanged"
        front = existing or Collection(slug=ref.slug, live_from=ref.live_from)
        front.name, front.max_items = ref.name, ref.max_items
        if ref.language is not None:
            front.language = ref.language
        front.full_clean(validate_unique=False, validate_constraints=False)
        if existing is not None:
            existing.slots.all().delete()
        front.save()
        for slot in slots:
            slot.collection = front
            # Its story, photo, section and tag were just read from here.
            slot.full_clean(exclude=FOREIGN_KEYS, validate_constraints=False)
        Slot.objects.bulk_create(slots)
        # The backup's own times and revision, which saving replaced.
        Collection.objects.filter(pk=front.pk).update(
            updated_at=ref.updated_at or front.updated_at, revision=ref.revision
        )
    return "created" if existing is None else "updated"


def _resolved(ref: FrontRef) -> list[Slot]:
    """The slots as rows of this database, each named thing looked up once."""
    found = Article.objects.filter(source_id__in={s.story for s in ref.slots})
    stories, story_languages = {}, {}
    for source_id, pk, language in found.values_list("source_id", "pk", "language"):
        stories[source_id], story_languages[source_id] = pk, language
    # Stories exported without a source id were restored under their
    # export:article:N, which is their source id here.
    sections = _by_slug(Section, {s.section for s in ref.slots})
    tags = _by_slug(Tag, {s.tag for s in ref.slots})
    photos = _photos(ref.slots)
    slots = []
    for number, slot in enumerate(ref.slots, start=1):
        missing = (
            f'the story "{slot.story}"' if slot.story and slot.story not in stories
            else f'the section "{slot.section}"'
            if slot.section and slot.section not in sections
            else f'the tag "{slot.tag}"' if slot.tag and slot.tag not in tags
            else ""
        )  # fmt: skip
        if missing:
            ref.warnings.append(
                f"slot {number} skipped: {missing} is not in this database"
            )
            continue
        front_language = ref.language or default_language()
        if slot.story and story_languages[slot.story] != front_language:
            ref.warnings.append(
                f'slot {number}: the story "{slot.story}" is in '
                f"{story_languages[slot.story]}, the front in {front_language}: "
                "kept, but never shown on it"
            )
        slots.append(
            Slot(
                position=slot.position,
                article_id=stories.get(slot.story),
                headline=slot.headline,
                standfirst=slot.standfirst,
                photo_id=_photo_id(slot, photos, number, ref.warnings),
                rule=slot.rule,
                section_id=sections.get(slot.section),
                tag_id=tags.get(slot.tag),
                count=slot.count,
            )
        )
    return slots


def _by_slug(model, slugs: set[str]) -> dict[str, int]:
    slugs -= {""}
    if not slugs:
        return {}
    return dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))


def _photos(slots: list[SlotRef]) -> dict[str | int, int]:
    """The slots' photos here, by the file's hash or (no file) the id: one
    query whatever the number of slots."""
    hashes = {slot.photo_sha256 for slot in slots} - {""}
    ids = {slot.photo_id for slot in slots if slot.photo_id and not slot.photo_sha256}
    if not (hashes or ids):
        return {}
    rows = Image.objects.filter(
        Q(sha256__in=hashes) | Q(pk__in=ids, file="")
    ).values_list("pk", "sha256")
    found: dict[str | int, int] = {}
    for pk, sha256 in rows.order_by("pk"):
        found.setdefault(sha256 or pk, pk)
    return found


def _photo_id(
    slot: SlotRef, photos: dict, number: int, warnings: list[str]
) -> int | None:
    key = slot.photo_sha256 or slot.photo_id
    if not key:
        return None
    if key not in photos:
        warnings.append(
            f"slot {number}: its photo ({key}) is not in this database: the "
            "slot shows the story's own"
        )
    return photos.get(key)


def _same(front: Collection, ref: FrontRef, slots: list[Slot]) -> bool:
    stored = list(front.slots.order_by("position", "pk").values_list(*SLOT_FIELDS))
    wanted = [tuple(getattr(slot, name) for name in SLOT_FIELDS) for slot in slots]
    return (
        (front.name, front.max_items, front.revision) == (ref.name, ref.max_items, ref.revision)
        and ref.language in (None, front.language)
        and (ref.updated_at is None or front.updated_at == ref.updated_at)
        and stored == wanted
    )  # fmt: skip
