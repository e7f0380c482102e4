"""A story's fingerprint: how a re-import tells a changed source from an
unchanged one (see story_writer)."""

from __future__ import annotations

import dataclasses
import hashlib

import orjson

from articles.interchange.photo_writer import sha256_file, story_photos
from articles.interchange.story import Story


def fingerprint(story: Story) -> str:
    """Everything the source said about the story, hashed; photo files by
    their content, so a replaced file is a change."""
    data = _facts(story)
    files = [
        sha256_file(ref) for ref in story_photos(story) if ref.file_path is not None
    ]
    encoded = orjson.dumps(
        [data, files],
        default=str,
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
    )
    return hashlib.sha256(encoded).hexdigest()


# Where a record sits in its file and what was said about it are not what the
# source says: a story that moved down a file is the same story. Nor is the
# id it had before.
NOT_FACTS = frozenset({"record", "warnings", "former_source_id"})
# Facts added later, left out while unset: a source that never gives them
# keeps the fingerprint it had before they existed.
LATER_FACTS = frozenset({"editor_label", "rules", "text_source"})


def _facts(value):
    """A dataclass as plain values for hashing, without NOT_FACTS at any level
    (dataclasses.asdict deep-copies everything, several times slower)."""
    if dataclasses.is_dataclass(value):
        return {
            name: _facts(getattr(value, name))
            for name in value.__dataclass_fields__
            if name not in NOT_FACTS
            and not (name in LATER_FACTS and getattr(value, name) is None)
        }
    if isinstance(value, list):
        return [_facts(item) for item in value]
    if isinstance(value, dict):
        return {key: _facts(item) for key, item in value.items()}
    return value
