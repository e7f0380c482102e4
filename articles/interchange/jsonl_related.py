"""An editor's related stories in a JSON Lines backup: one "related" record
per story that has any, written after every story (they name each other)
and restored after them, as fronts are (articles.interchange.jsonl_fronts).

Stories are named as the backup names them: the source id, with the
export's id beside it. A record replaces the story's choices, in its order,
in one transaction; a related story that is not in the database after the
stories were restored is skipped with a warning naming it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from articles.interchange.rows import Result, exported_story
from articles.models import Article, ArticleDocument, RelatedStory


@dataclass(kw_only=True)
class RelatedRef:
    story: str  # source ids, as the backup gives them
    related: list[str] = field(default_factory=list)
    record: str = ""
    warnings: list[str] = field(default_factory=list)


def related_records() -> Iterator[dict[str, Any]]:
    """Every story's choices, in order: one query for all of them."""
    links = RelatedStory.objects.select_related("source", "target").order_by(
        "source_id", "position", "pk"
    )
    current, chosen = None, []
    for link in links:
        if current is not None and link.source_id != current.pk:
            yield {
                "type": "related",
                "story": exported_story(current),
                "related": chosen,
            }
            chosen = []
        current = link.source
        chosen.append(exported_story(link.target))
    if current is not None:
        yield {"type": "related", "story": exported_story(current), "related": chosen}


def parse_related(record: dict, label: str) -> RelatedRef:
    def source_id(named) -> str:
        if not isinstance(named, dict) or not isinstance(named.get("source_id"), str):
            raise ValueError("a related story is named by its source_id")
        return named["source_id"]

    chosen = record.get("related")
    if not isinstance(chosen, list):
        raise ValueError("related must be a list")
    return RelatedRef(
        story=source_id(record.get("story")),
        related=[source_id(named) for named in chosen],
        record=label,
    )


def write_related(ref: RelatedRef) -> Result:
    """The story's choices as the backup has them, or "unchanged"."""
    with transaction.atomic():
        ids = dict(
            Article.objects.filter(source_id__in={ref.story, *ref.related}).values_list(
                "source_id", "pk"
            )
        )
        if ref.story not in ids:
            raise ValueError(f'the story "{ref.story}" is not in this database')
        wanted = []
        for name in ref.related:
            if name in ids:
                wanted.append(ids[name])
            else:
                ref.warnings.append(
                    f'related story "{name}" skipped: not in this database'
                )
        source = ids[ref.story]
        stored = list(
            RelatedStory.objects.filter(source_id=source).values_list(
                "target_id", flat=True
            )
        )
        if stored == wanted:
            return "unchanged"
        story = Article.objects.filter(pk=source)
        updated_at = story.values_list("updated_at", flat=True).get()
        RelatedStory.objects.filter(source_id=source).delete()
        RelatedStory.objects.bulk_create(
            RelatedStory(source_id=source, target_id=target, position=position)
            for position, target in enumerate(wanted)
        )
        # The backup's time, which the delete's listener moved; its stored
        # document (made with the old choices) goes.
        story.update(updated_at=updated_at)
        ArticleDocument.objects.filter(article_id=source).delete()
    return "updated"
