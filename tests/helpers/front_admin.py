"""The front's admin form as POSTed: the collection's fields, the revision
the editor opened and its slots inline."""

from __future__ import annotations

from django.utils import timezone

from articles.models import Collection
from articles.models.editions import default_language
from tests.helpers.admin import management_form

URL = "/admin/articles/collection/"


def front_form(collection: Collection | None = None, slots=(), **fields) -> dict:
    """`slots`: dicts of a slot's fields (with `id` for a stored one)."""
    live_from = timezone.localtime(
        collection.live_from if collection else timezone.now()
    )
    data = {
        "name": collection.name if collection else "Top Stories",
        "slug": collection.slug if collection else "top-stories",
        "language": collection.language if collection else default_language(),
        "max_items": collection.max_items if collection else 20,
        "live_from_0": f"{live_from:%Y-%m-%d}",
        "live_from_1": f"{live_from:%H:%M:%S}",
        "opened_revision": collection.revision if collection else "",
        **management_form(
            "slots",
            total=len(slots),
            initial=sum(1 for slot in slots if slot.get("id")),
        ),
    }
    for n, slot in enumerate(slots):
        values = {
            "position": n,
            "count": 1,
            "collection": collection.pk if collection else "",
        }
        values.update(slot)
        for name, value in values.items():
            data[f"slots-{n}-{name}"] = "" if value is None else value
    data.update(fields)
    return data
