from __future__ import annotations

from django.db import models

from articles.text.slugs import headline_slug


def unique_slug(instance: models.Model, text: str, *, field: str = "slug") -> str:
    """A slug for `text` that no other row of the instance's model uses yet:
    "headline", then "headline-2", "headline-3" ... Within the instance's
    language for a model that has one (a story's editions: the English and
    the French may share an address). Accents go ("Élection à Montréal":
    "election-a-montreal", articles.text.slugs)."""
    max_length = instance._meta.get_field(field).max_length
    base = (headline_slug(text) or "item")[: max_length - 6].strip("-") or "item"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    if field == "slug" and hasattr(instance, "language"):
        others = others.filter(language=instance.language)
    taken = set(
        others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
