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


def record_revisions(entries: Iterable[tuple[Article, str, list]]) -> None:
    """A revision commented `comment` for each (article, comment, followed),
    `followed` being the rows its registration follows (its credits and
    corrections), passed in so that nothing is read back. The article's
    many-to-many values must be in its prefetch cache, for the same reason."""
    entries = list(entries)
    if not entries:
        return
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, comment=comment) for _, comment, _ in entries
    )
    versions = []
    for (article, _, followed), revision in zip(entries, revisions, strict=True):
        versions.append(_version(article, revision))
        versions += [_version(row, revision) for row in followed]
    Version.objects.bulk_create(versions)


def _version(row, revision: Revision) -> Version:
    options = _get_options(type(row))
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(type(row)),
        object_id=str(row.pk),
        db=connection.alias,
        format=options.format,
        serialized_data=_serialize(row, options),
        object_repr=str(row),
    )


_ENCODER = DjangoJSONEncoder()


def _serialize(row, options) -> str:
    """What serializers.serialize("json", ...) writes, a good deal faster:
    the same objects from the "python" serializer, encoded by orjson with
    Django's own rules for dates, decimals and the like."""
    if options.format != "json":
        return serializers.serialize(options.format, (row,), fields=options.fields)
    data = serializers.serialize(
        "python",
        (row,),
        fields=options.fields,
        use_natural_foreign_keys=options.use_natural_foreign_keys,
    )
    return orjson.dumps(
        data, default=_ENCODER.default, option=orjson.OPT_PASSTHROUGH_DATETIME
    ).decode()
