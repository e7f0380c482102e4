"""A collection (front) as the public sees it: its slots resolved to public
stories, in a fixed number of queries whatever its length.

The public rule is `Article.objects.published()`, asked once for every story
the front could show: a chosen story that is not public (a draft, scheduled
for later, embargoed, unpublished) leaves its slot, and the stories after it,
rule-filled ones included, move up. A rule fills its slot with the latest
public stories of its section or tag that are not on the front already.
A front's own photo is shown while `Image.objects.published()` allows it (on
a public story, its rights current); otherwise the story's own lead photo
is, by the documents' rule. A front is in one language (issue 23): its rules
draw only stories in it, and `place` shows no story in another language,
chosen ones included (the admin refuses those, but a row may predate that).

Queries, for the API: the live version, its slots and their chosen stories'
serving rows in one statement, compiled once per process
(`compiled_queries`, the slug its one value); with rules, their candidates
(one per kind of rule used: section, tag) and the serving rows of the
stories they drew (1); the documents (0 to 6, as for the article list); the
front's own photos (2, when it has any)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import orjson
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value, Window
from django.db.models.functions import RowNumber

from articles.delivery import compiled_queries
from articles.delivery.documents import SERVING_COLUMNS, for_serving, serve_documents
from articles.models import Article, Collection, Credit, Image, Slot
from articles.models.expressions import CurrentTime, IsOneOf

# What a slot may override, by the document's field names.
OVERRIDABLE = ("headline", "standfirst", "lead_image")


@dataclass
class Placed:
    """A story in its place on the front: chosen by an editor (with the
    slot, for its overrides) or filled in by a rule."""

    article_id: int
    slot: Slot | SlotValues | None = None
    row: dict = field(default_factory=dict)

    @property
    def filled_by(self) -> str:
        return "editor" if self.slot is not None else "rule"


def live_collections(language: str | None = None):
    """The fronts live now, in `language` (None: every language)."""
    live = Collection.objects.live().order_by("slug")
    if language is None:
        return live
    # Written into the SQL, as the article lists' language (api/languages).
    return live.filter(IsOneOf("language", [language]))


# What the API reads of a front and its slots, in one statement.
FRONT_COLUMNS = ("id", "slug", "name", "language", "max_items", "live_from",
                 "updated_at")  # fmt: skip
SLOT_COLUMNS = ("id", "position", "article_id", "headline", "standfirst",
                "photo_id", "rule", "section_id", "tag_id", "count")  # fmt: skip
STORY = "article__"
SERVED = (*(STORY + column for column in SERVING_COLUMNS),
          "lead_image_shown", "social_image_shown", "document_expired")  # fmt: skip


def resolve_live(slug: str) -> tuple[dict | None, list[Placed]]:
    """The front live now under `slug` (its columns) and the stories it
    shows now. Its slots come with their chosen stories' serving rows in
    one statement, compiled once per process (`compiled_queries`): a slot
    whose story is not public comes without it; a rule's, as a rule."""

    def build(slug):
        # Per slot, by the story's key: `IN (published)` would hash them all.
        public = Article.objects.published().filter(pk=OuterRef("article_id"))
        shown = Q(article__isnull=True) | Exists(public)
        slots = Slot.objects.filter(shown, collection=live_version(slug))
        # Columns before annotations (SERVED ends with three), the order in
        # which `compiled_queries` reads rows.
        return for_serving(slots.order_by("position", "pk"), prefix=STORY).values(
            *(f"collection__{name}" for name in FRONT_COLUMNS),
            *SLOT_COLUMNS,
            *SERVED,
        )

    rows = compiled_queries.rows(("front",), build, slug)
    if rows:
        front = {name: rows[0][f"collection__{name}"] for name in FRONT_COLUMNS}
    else:  # no slot, or none public: is there a front at all?
        front = (
            Collection.objects.filter(pk=live_version(slug))
            .values(*FRONT_COLUMNS)
            .first()
        )
        if front is None:
            return None, []
    slots, stories = [], {}
    for row in rows:
        slot = SlotValues(*(row[name] for name in SLOT_COLUMNS))
        slots.append(slot)
        if slot.article_id is not None:
            stories[slot.article_id] = {
                name.removeprefix(STORY): row[name] for name in SERVED
            }
    return front, place(
        slots, front["max_items"], lambda ids: stories.values(), front["language"]
    )


def live_version(slug):
    """The pk of the version of `slug` live now, as a subquery: the latest
    whose time has come, by the query's clock."""
    versions = Collection.objects.filter(slug=slug, live_from__lte=CurrentTime())
    return Subquery(versions.order_by("-live_from", "-pk").values("pk")[:1])


class SlotValues(NamedTuple):
    """A slot as read for the API: its columns, without a model instance."""

    id: int
    position: int
    article_id: int | None
    headline: str
    standfirst: str
    photo_id: int | None
    rule: str
    section_id: int | None
    tag_id: int | None
    count: int

    rule_key = Slot.rule_key


def resolve(collection: Collection) -> list[Placed]:
    """The stories a version of a front shows now (the admin's preview)."""

    def chosen_rows(ids):
        return for_serving(Article.objects.published().filter(pk__in=ids))

    return place(
        list(collection.slots.all()),
        collection.max_items,
        chosen_rows,
        collection.language,
    )


def place(
    slots: list[Slot], max_items: int, chosen_rows, language: str
) -> list[Placed]:
    """The stories the slots show now, in order, at most `max_items`, all
    in the front's `language`: `chosen_rows(ids)` gives the public ones of
    the chosen stories (a chosen story in another language is left out
    here, where every front's stories are decided)."""
    chosen = [slot.article_id for slot in slots if slot.article_id]
    rules = [slot for slot in slots if slot.rule_key]
    rows = {}
    if chosen:
        rows = {
            row["id"]: row for row in chosen_rows(chosen) if row["language"] == language
        }
    candidates = {}
    if rules:
        # Enough for every rule even when the stories chosen anywhere on the
        # front, and those the rules before it drew, are its newest.
        enough = sum(s.count for s in rules) + len(chosen)
        candidates = rule_candidates(rules, enough, language)
        drawn = {pk for ids in candidates.values() for pk in ids} - set(chosen)
        if drawn:
            published = Article.objects.published().filter(pk__in=drawn)
            rows.update((row["id"], row) for row in for_serving(published))

    placed, taken = [], set(chosen)
    for slot in slots:
        if slot.article_id:
            if slot.article_id in rows:
                placed.append(Placed(slot.article_id, slot, rows[slot.article_id]))
            continue
        fresh = [pk for pk in candidates.get(slot.rule_key, ()) if pk not in taken]
        for pk in fresh[: slot.count]:
            if pk in rows:
                taken.add(pk)
                placed.append(Placed(pk, None, rows[pk]))
    return placed[:max_items]


def rule_candidates(
    rules: list[Slot], enough: int, language: str | None = None
) -> dict[tuple, list[int]]:
    """For each rule, its newest public stories in `language` (None: any;
    at most `enough`), newest first. On PostgreSQL one statement, each
    rule's stories read from the newest down and stopped at `enough` (a
    UNION ALL of one LIMIT per rule): a rule on a section of a million
    stories reads a few. SQLite cannot limit the members of a UNION: there,
    one ranking per kind of rule."""
    keys = sorted({slot.rule_key for slot in rules})
    if connection.features.supports_slicing_ordering_in_compound:
        parts = [_newest(kind, key, enough, language) for kind, key in keys]
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        # A UNION promises no order: each rule's stories sorted here.
        newest_first = sorted(rows, key=lambda row: (row[3], row[2]), reverse=True)
        found: dict[tuple, list[int]] = defaultdict(list)
        for kind, key, pk, _ in newest_first:
            found[(kind, key)].append(pk)
        return found
    return _ranked(keys, enough, language)


def in_front_language(language: str | None):
    """The public stories a front in `language` may draw (the language
    written into the SQL, so the statement's text does not vary)."""
    if language is None:
        return Article.objects.published()
    return Article.objects.published().filter(IsOneOf("language", [language]))


def _newest(kind: str, key: int, enough: int, language: str | None):
    """One rule's newest public stories: (kind, key, story, its time)."""
    published = in_front_language(language)
    if kind == Slot.Rule.SECTION:
        stories = published.filter(section_id=key).order_by("-published_at", "-pk")
    else:
        stories = published.filter(tags=key).order_by("-published_at", "-pk")
    marked = stories.annotate(kind=Value(kind), key=Value(key))
    # A member of a UNION is ordered by columns it selects.
    return marked.values_list("kind", "key", "pk", "published_at")[:enough]


def _ranked(
    keys: list[tuple], enough: int, language: str | None
) -> dict[tuple, list[int]]:
    found: dict[tuple, list[int]] = defaultdict(list)
    newest = [F("published_at").desc(), F("pk").desc()]
    sections = {key for kind, key in keys if kind == Slot.Rule.SECTION}
    if sections:
        ranked = (
            in_front_language(language)
            .filter(section_id__in=sections)
            .annotate(
                rank=Window(RowNumber(), partition_by="section_id", order_by=newest)
            )
            .filter(rank__lte=enough)
            .order_by("-published_at", "-pk")
            .values_list("section_id", "pk")
        )
        for section_id, pk in ranked:
            found[("section", section_id)].append(pk)
    tags = {key for kind, key in keys if kind == Slot.Rule.TAG}
    if tags:
        links = Article.tags.through.objects.filter(
            tag_id__in=tags, article__in=in_front_language(language)
        )
        by_story = [F("article__published_at").desc(), F("article_id").desc()]
        ranked = (
            links.annotate(
                rank=Window(RowNumber(), partition_by="tag_id", order_by=by_story)
            )
            .filter(rank__lte=enough)
            .order_by("-article__published_at", "-article_id")
            .values_list("tag_id", "article_id")
        )
        for tag_id, pk in ranked:
            found[("tag", tag_id)].append(pk)
    return found


def front_photos(placed: list[Placed]) -> dict[int, Image]:
    """The front's own photos that may be shown now (two queries, or none)."""
    ids = {p.slot.photo_id for p in placed if p.slot is not None and p.slot.photo_id}
    if not ids:
        return {}
    credits = Credit.objects.select_related("contributor")
    photos = Image.objects.published().filter(pk__in=ids)
    return {
        image.pk: image
        for image in photos.prefetch_related(Prefetch("credits", queryset=credits))
    }


def front_items(placed: list[Placed], request) -> list[tuple[str, dict, str]]:
    """Each story's article document (JSON text), the slot's overrides to
    lay over it (field: the front's value) and whether an editor or a rule
    put it there."""
    from articles.api.serializers import ImageSerializer

    photos = front_photos(placed)
    rows = [p.row for p in placed]
    texts = serve_documents(rows, request.build_absolute_uri("/"))
    if len(texts) != len(rows):  # some unpublished between the queries
        by_id = {orjson.loads(text)["id"]: text for text in texts}
        texts = [by_id.get(p.article_id) for p in placed]
    items = []
    for p, text in zip(placed, texts, strict=True):
        if text is None:
            continue
        overrides = {}
        if (slot := p.slot) is not None:
            overrides = {
                name: getattr(slot, name)
                for name in ("headline", "standfirst")
                if getattr(slot, name)
            }
            if (image := photos.get(slot.photo_id)) is not None:
                overrides["lead_image"] = ImageSerializer(
                    image, context={"request": request}
                ).data
        items.append((text, overrides, p.filled_by))
    return items
