"""Building fronts (collections) for tests: stories, a front of chosen
stories and rules, and reading it back from the API."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Collection, Section, Slot


def story(headline: str, *, section: Section | None = None, hours_ago: float = 1,
          tags=(), **fields) -> Article:  # fmt: skip
    fields.setdefault("body", f"<p>{headline}.</p>")
    article = Article.objects.create(headline=headline, section=section, **fields)
    if tags:
        article.tags.add(*tags)
    article.publish(at=timezone.now() - timedelta(hours=hours_ago))
    return article


def front(slug: str, slots: list, *, name: str = "", **fields) -> Collection:
    """A front whose slots are stories (chosen), dicts (a slot's fields:
    overrides, or a rule) or sections (a rule filling one story)."""
    collection = Collection.objects.create(
        slug=slug, name=name or slug.replace("-", " ").title(), **fields
    )
    for position, slot in enumerate(slots):
        if isinstance(slot, Article):
            slot = {"article": slot}
        elif isinstance(slot, Section):
            slot = {"rule": Slot.Rule.SECTION, "section": slot}
        Slot.objects.create(collection=collection, position=position, **slot)
    return collection


def items(client, slug: str, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/collections/{slug}/{query}")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def headlines(client, slug: str) -> list[str]:
    return [item["headline"] for item in items(client, slug)]


def public_front(section: Section) -> Collection:
    """The leak probes' front: two chosen public stories and a rule."""
    chosen = Article.objects.filter(slug__in=["public-0", "public-1"]).order_by("slug")
    return front("front", [*chosen, {"rule": "section", "section": section}])


def hide_on_front(collection: Collection, stories: dict, photos: list, word) -> None:
    """Every hidden story chosen on the public front, with overrides; rules
    on the hidden stories' tags; the hidden photos as the front's photos of
    a public story; and a later version of the front, and a front not live
    yet, whose names (`word(state, field)`, a canary) must show nowhere."""
    position = 100
    for state, article in stories.items():
        if not isinstance(article, Article):
            continue
        hidden = Article.objects.filter(pk=article.pk)
        if not hidden.exclude(pk__in=Article.objects.published()).exists():
            continue  # deleted (its slot went with it), public or a photo
        position += 1
        Slot.objects.get_or_create(
            collection=collection,
            article=article,
            defaults={"position": position, "headline": word(state, "frontheadline")},
        )
        for tag in article.tags.all():
            position += 1
            Slot.objects.create(
                collection=collection, position=position, rule="tag", tag=tag
            )
    public = Article.objects.get(slug="public-2")
    for image in photos:
        one = front(f"photo-{image.pk}", [{"article": public, "photo": image}])
        assert one.slots.count() == 1
    later = timezone.now() + timedelta(days=1)
    front("front", [], name=word("scheduled", "frontname"), live_from=later)
    front(word("scheduled", "frontslug"), [public], name=word("scheduled", "front"),
          live_from=later)  # fmt: skip
