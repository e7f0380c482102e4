"""Language editions in a JSON Lines backup (issue 23): one "editions"
record per edition group, written after every story (editions name each
other) and restored after them, as related stories are
(articles.interchange.jsonl_related). A story's language is on its own
article line.

Each edition is named as the backup names stories (its source id), with its
source, relation, gate and delay. Revisions are not in a backup and restart
on restore, so staleness travels as how many revisions of its source an
edition is behind (`revisions_behind`, 0: up to date, null: not made from
one): an up-to-date edition comes back up to date, a stale one stale. A
source restored with fewer revisions than that gets that many, the counter
only (its history is not in a backup, so a stale edition's diff is not
either). `held_until` is not carried: it is worked out again from the
restored source by the gate's own rule (articles.models.edition_gate)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from articles.interchange.rows import Result, exported_story, keep_ids, reset_sequence
from articles.models import Article, ArticleDocument, EditionGroup
from articles.models.edition_followed import followed_revision_now
from articles.models.edition_gate import VISIBILITY_COLUMNS, gate_opens_at
from articles.models.editions import EditionGate, EditionRelation
from articles.publishing.transitions import Visibility, announce, transition


@dataclass(kw_only=True)
class EditionRef:
    story: str  # source ids, as the backup gives them
    source: str | None = None
    relation: str = ""
    revisions_behind: int | None = None
    gate: str = ""
    gate_delay_minutes: int | None = None


@dataclass(kw_only=True)
class EditionsRef:
    group: str
    id: int | None = None  # the group's id in the export, kept when free
    editions: list[EditionRef] = field(default_factory=list)
    record: str = ""
    warnings: list[str] = field(default_factory=list)


def _behind(edition: Article) -> int | None:
    source = edition.edition_source
    if source is None or edition.source_revision is None:
        return None
    # Behind what it follows: an edition whose source changed only its
    # status since is up to date after a restore too.
    return max(followed_revision_now(source) - edition.source_revision, 0)


def edition_records() -> Iterator[dict[str, Any]]:
    """Every edition group with its editions, in one query."""
    editions = (
        Article.objects.filter(edition_group__isnull=False)
        .select_related("edition_source")
        .order_by("edition_group_id", "pk")
    )
    group, listed = None, []
    for edition in editions:
        if group is not None and edition.edition_group_id != group:
            yield _group_record(group, listed)
            listed = []
        group = edition.edition_group_id
        source = edition.edition_source
        listed.append(
            {
                "story": exported_story(edition),
                "source": exported_story(source) if source else None,
                "relation": edition.edition_relation,
                "revisions_behind": _behind(edition),
                "gate": edition.edition_gate,
                "gate_delay_minutes": edition.gate_delay_minutes,
            }
        )
    if group is not None:
        yield _group_record(group, listed)


def _group_record(pk: int, editions: list[dict]) -> dict[str, Any]:
    return {
        "type": "editions",
        "group": f"export:edition-group:{pk}",
        "id": pk,
        "editions": editions,
    }


def parse_editions(record: dict, label: str) -> EditionsRef:
    def source_id(named) -> str:
        if not isinstance(named, dict) or not isinstance(named.get("source_id"), str):
            raise ValueError("an edition is named by its source_id")
        return named["source_id"]

    def whole(value, name) -> int | None:
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            raise ValueError(f"invalid {name} {value!r}")
        return value

    listed = record.get("editions")
    if not isinstance(listed, list) or not isinstance(record.get("group"), str):
        raise ValueError("an editions record has a group and a list of editions")
    editions = []
    for item in listed:
        relation, gate = item.get("relation", ""), item.get("gate", "")
        if relation not in EditionRelation.values or gate not in EditionGate.values:
            raise ValueError(f"unknown relation {relation!r} or gate {gate!r}")
        source = item.get("source")
        editions.append(
            EditionRef(
                story=source_id(item.get("story")),
                source=source_id(source) if source is not None else None,
                relation=relation,
                revisions_behind=whole(item.get("revisions_behind"), "revisions"),
                gate=gate,
                gate_delay_minutes=whole(item.get("gate_delay_minutes"), "delay"),
            )
        )
    return EditionsRef(
        group=record["group"],
        id=whole(record.get("id"), "id"),
        editions=editions,
        record=label,
    )


def _sources_first(editions: list[EditionRef]) -> list[EditionRef]:
    # A gated edition's moment is read from its source's restored row.
    by_story = {edition.story: edition for edition in editions}
    ordered, placed = [], set()

    def place(edition: EditionRef) -> None:
        if edition.story in placed:
            return
        placed.add(edition.story)
        if edition.source in by_story:
            place(by_story[edition.source])
        ordered.append(edition)

    for edition in editions:
        place(edition)
    return ordered


COLUMNS = (
    "pk",
    "slug",
    "lead_image_id",
    "revision",
    "edition_group_id",
    "edition_source_id",
    "edition_relation",
    "source_revision",
    "edition_gate",
    "gate_delay_minutes",
    *VISIBILITY_COLUMNS,
)


def write_editions(ref: EditionsRef) -> Result:
    """The group as the backup has it: "created" (a group new to this
    database), "updated", or "unchanged"."""
    now = timezone.now()
    with transaction.atomic():
        names = {e.story for e in ref.editions} | {e.source for e in ref.editions}
        rows = {
            row[0]: dict(zip(COLUMNS, row[1:], strict=True))
            for row in Article.objects.filter(source_id__in=names - {None})
            .select_for_update()
            .values_list("source_id", *COLUMNS)
        }
        present = [e for e in ref.editions if e.story in rows]
        for missing in (e for e in ref.editions if e.story not in rows):
            ref.warnings.append(
                f'edition "{missing.story}" skipped: not in this database'
            )
        if not present:
            raise ValueError(f"no story of {ref.group} is in this database")
        groups = {rows[e.story]["edition_group_id"] for e in present} - {None}
        created = not groups
        group_id = min(groups) if groups else _new_group(ref.id)
        changed, transitions = [], []
        for edition in _sources_first(present):
            row = rows[edition.story]
            wanted = _wanted(edition, rows, group_id, ref.warnings)
            was = Visibility(*(row[c] for c in VISIBILITY_COLUMNS))
            will = Visibility(*(wanted.get(c, row[c]) for c in VISIBILITY_COLUMNS))
            if all(row[name] == value for name, value in wanted.items()):
                continue
            Article.objects.filter(pk=row["pk"]).update(**wanted)
            row.update(wanted)
            changed.append(row["pk"])
            if was != will:
                transitions.append(
                    transition(
                        article_id=row["pk"],
                        slug=row["slug"],
                        lead_image_id=row["lead_image_id"],
                        before=was,
                        after=will,
                        now=now,
                    )
                )
        if not changed:
            return "unchanged"
        # Every edition's document lists its siblings: made again on read.
        ArticleDocument.objects.filter(article__edition_group_id=group_id).delete()
        announce(transitions, now)
    return "created" if created else "updated"


def _new_group(wanted_id: int | None) -> int:
    """A group under the export's id when it is free (a restore into an
    empty database exports again line by line), else a new one. A group
    left without editions (its stories deleted) is free."""
    if wanted_id is not None:
        empty = EditionGroup.objects.filter(pk=wanted_id, editions__isnull=True)
        if empty.exists():
            return wanted_id
    group = EditionGroup()
    if keep_ids(EditionGroup, [group], [wanted_id]):
        group.save(force_insert=True)
        reset_sequence(EditionGroup)
    else:
        group.save()
    return group.pk


def _wanted(
    edition: EditionRef, rows: dict[str, dict], group_id: int, warnings: list[str]
) -> dict[str, Any]:
    """The edition's row values; a source restored with fewer revisions than
    the edition is behind gets that many (its counter only)."""
    source = rows.get(edition.source) if edition.source else None
    if edition.source and source is None:
        warnings.append(
            f'the source "{edition.source}" of "{edition.story}" is not in '
            "this database: restored without a source"
        )
    source_revision = None
    if source is not None and edition.revisions_behind is not None:
        if source["revision"] < edition.revisions_behind:
            Article.objects.filter(pk=source["pk"]).update(
                revision=edition.revisions_behind
            )
            source["revision"] = edition.revisions_behind
        source_revision = source["revision"] - edition.revisions_behind
    held_until = None
    if edition.gate == EditionGate.WITH_SOURCE:
        visibility = (
            Visibility(*(source[c] for c in VISIBILITY_COLUMNS)) if source else None
        )
        held_until = gate_opens_at(visibility, edition.gate_delay_minutes)
    return {
        "edition_group_id": group_id,
        "edition_source_id": source["pk"] if source else None,
        "edition_relation": edition.relation,
        "source_revision": source_revision,
        "edition_gate": edition.gate,
        "gate_delay_minutes": edition.gate_delay_minutes,
        "held_until": held_until,
    }
