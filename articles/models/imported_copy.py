"""Has an editor changed a story since an import last wrote it?

An import records a hash of the story's words and what an editor would
change about them (headline, standfirst, body, section, tags, lead photo and
its caption, credit line, embargo) as it wrote them. A story whose hash no
longer matches was changed since, by a person: an agency's next version is
then offered to the editors as a working draft, not written over their
change (articles.interchange.agency_updates). Status and date are not in it:
publishing or unpublishing a story is not a change of its words."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

import orjson

COPY_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "section_id",
    "lead_image_id",
    "lead_image_caption",
    "credit_line_override",
    "embargo_until",
)


def copy_hash(article, tag_ids: Iterable[int]) -> str:
    """The hash of `article`'s words as they are on the instance, with the
    tags `tag_ids` (passed in: nothing is read)."""
    values = [_plain(getattr(article, name)) for name in COPY_FIELDS]
    encoded = orjson.dumps([values, sorted(set(tag_ids))])
    return hashlib.sha256(encoded).hexdigest()


def _plain(value):
    # The same moment hashes the same whatever its time zone.
    return value.timestamp() if isinstance(value, datetime) else value
