"""The demo's fronts: "top-stories" (the home page: chosen stories, one
with the front's own headline, a draft waiting in its slot, and a slot a
rule fills), "local-spotlight", and the French home page "a-la-une" (its
rule draws French stories only: none yet beyond those chosen). Idempotent:
each front's first version is found by slug and its slots written again only
when they differ."""

from __future__ import annotations

from articles.models import Article, Collection, Section, Slot, Tag
from articles.models.editions import default_language

# (slug, name, language ("": the default one, the demo stories'), max items,
# slots); a slot is a story's demo slug,
# optionally with overrides, or a rule ("section" or "tag", its slug, how
# many).
FRONTS = (
    (
        "top-stories",
        "Top Stories",
        "",
        8,
        (
            {
                "story": "coastal-cities-trial-floating-flood-barriers",
                "headline": "Cities test floating barriers against the tide",
            },
            {"story": "rail-safety-hearings-stretch-into-second-week"},
            # A draft: it shows from the moment it is published.
            {"story": "port-authority-weighs-container-terminal-expansion"},
            {
                "story": "regional-grocer-profit-rises-as-shoppers-switch-to-store-brands"
            },
            {"story": "libraries-lend-laptops-and-hotspots-to-close-rural-gap"},
            {"story": "night-trains-return-with-new-sleeper-routes"},
            {"rule": ("section", "canada", 1)},
        ),
    ),
    (
        "local-spotlight",
        "Local Spotlight",
        "",
        4,
        (
            {"story": "northern-community-opens-new-health-centre"},
            {"story": "wet-september-leaves-prairie-farmers-racing-late-harvest"},
            {"rule": ("tag", "cities", 2)},
        ),
    ),
    (
        "a-la-une",
        "À la une",
        "fr",
        6,
        (
            {
                "story": "recoltes-en-retard-dans-les-prairies-apres-un-septembre-pluvieux"
            },
            # Scheduled three hours after its English source: it waits here.
            {"story": "des-villes-cotieres-testent-des-barrages-flottants"},
            {"rule": ("section", "canada", 2)},
        ),
    ),
)


def load_fronts() -> int:
    for slug, name, language, max_items, slots in FRONTS:
        collection = Collection.objects.filter(slug=slug).order_by(
            "live_from"
        ).first() or Collection(slug=slug)
        wanted_front = (name, language or default_language(), max_items)
        if (collection.name, collection.language, collection.max_items) != wanted_front:
            collection.name, collection.language, collection.max_items = wanted_front
            collection.save()
        wanted = [_slot_values(position, slot) for position, slot in enumerate(slots)]
        if _stored(collection) != wanted:
            collection.slots.all().delete()
            Slot.objects.bulk_create(Slot(collection=collection, **v) for v in wanted)
            collection.save()  # the front changed: its caches go
    return len(FRONTS)


FIELDS = ("position", "article_id", "headline", "rule", "section_id", "tag_id", "count")


def _slot_values(position: int, slot: dict) -> dict:
    values = dict.fromkeys(FIELDS[1:])
    values.update(position=position, headline="", rule="", count=1)
    if "story" in slot:
        values["article_id"] = Article.objects.get(source_id=f"demo:{slot['story']}").pk
        values["headline"] = slot.get("headline", "")
    else:
        kind, slug, count = slot["rule"]
        model = Section if kind == "section" else Tag
        values.update(rule=kind, count=count)
        values[f"{kind}_id"] = model.objects.get(slug=slug).pk
    return values


def _stored(collection: Collection) -> list[dict]:
    if collection.pk is None:
        return []
    return list(collection.slots.order_by("position").values(*FIELDS))
