"""History for stories written in bulk: one django-reversion revision per
story, as an edit in the admin would make, in a few inserts per batch.

django-reversion saves a revision and its versions row by row; for a batch of
new stories that would be the slowest part of an import. This builds the same
rows (the story and what its registration follows: credits, corrections) and
inserts them together, using reversion's own serialisation settings.
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from articles.models import Article


def record_revisions(
    entries: Iterable[tuple[Article, str, list, dict[str, list[int]]]],
) -> None:
    """A revision commented `comment` for each (article, comment, followed,
    many): `followed` the rows its registration follows (its credits and
    corrections) and `many` its many-to-many ids by field name, passed in so
    that nothing is read back."""
    entries = list(entries)
    if not entries:
        return
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, comment=comment) for _, comment, _, _ in entries
    )
    rows = [
        (row, revision.pk)
        for (article, _, followed, _), revision in zip(entries, revisions, strict=True)
        for row in (article, *followed)
    ]
    many = {id(article): ids for article, _, _, ids in entries}
    data = _serialized([row for row, _ in rows], many)
    Version.objects.bulk_create(
        Version(
            revision_id=revision_id,
            content_type_id=ContentType.objects.get_for_model(type(row)).pk,
            object_id=str(row.pk),
            db=connection.alias,
            format="json",
            serialized_data=text,
            object_repr=str(row),
        )
        for (row, revision_id), text in zip(rows, data, strict=True)
    )


_ENCODER = DjangoJSONEncoder()


def _serialized(rows: list, many_ids: dict[int, dict[str, list[int]]]) -> list[str]:
    """What serializers.serialize("json", [row]) writes for each row, a good
    deal faster: one "python" serializer pass per model for the whole batch,
    each object encoded by orjson with Django's own rules for dates and the
    like."""
    texts: list[str] = [""] * len(rows)
    by_model: dict[type, list[int]] = {}
    for index, row in enumerate(rows):
        by_model.setdefault(type(row), []).append(index)
    for model, indexes in by_model.items():
        options = _get_options(model)
        if options.format != "json":
            raise ValueError(
                f"{model.__name__} is versioned as {options.format}, not json"
            )
        # Many-to-many values as the writer knows them, not through the
        # serializer, which would build a queryset per row and field.
        many = [
            f.name for f in model._meta.many_to_many if f.name in (options.fields or ())
        ]
        objects = serializers.serialize(
            "python",
            [rows[index] for index in indexes],
            fields=[name for name in options.fields if name not in many],
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
        for index, data in zip(indexes, objects, strict=True):
            for name in many:
                data["fields"][name] = list(many_ids[id(rows[index])][name])
            texts[index] = orjson.dumps(
                [data], default=_ENCODER.default, option=orjson.OPT_PASSTHROUGH_DATETIME
            ).decode()
    return texts
