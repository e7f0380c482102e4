from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(instance: models.Model, text: str, *, field: str = "slug") -> str:
    """A slug for `text` that no other row of the instance's model uses yet:
    "headline", then "headline-2", "headline-3" ..."""
    max_length = instance._meta.get_field(field).max_length
    base = (slugify(text) or "item")[: max_length - 6].strip("-") or "item"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(
        others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
