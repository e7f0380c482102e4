"""What editors set beside the content, in a JSON Lines backup: a section's
rules at publish and a photo's source type label (who set it, why, when).

Both are optional keys (older backups have neither): a missing key leaves
the row as it is, or as the model's defaults for a new one. The label's
editor is named by username; a restore into a database without that user
creates it inactive, with no usable password, so that "who" survives and
nobody can sign in as them until an administrator says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from articles.interchange.story import EditorLabelRef
from articles.models import Image, Section
from articles.models.taxonomy import RULE_CHOICES

RULE_FIELDS = (
    "ai_caption_rule",
    "invalid_credentials_rule",
    "agency_source_type_rule",
    "forbidden_use_rule",
)
SECTION_RULE_FIELDS = (*RULE_FIELDS, "offered_for_ai_training")
RULE_VALUES = frozenset(value for value, _ in RULE_CHOICES)


# Export ------------------------------------------------------------------------


def section_rules(section: Section) -> dict[str, str | bool]:
    return {name: getattr(section, name) for name in SECTION_RULE_FIELDS}


def editor_label(image: Image, usernames: dict[int, str]) -> dict[str, Any] | None:
    """The label, or None when no editor set one; `usernames` by user id."""
    if not (image.source_type_override or image.source_type_set_at):
        return None
    when = image.source_type_set_at
    return {
        "source_type": image.source_type_override,
        "reason": image.source_type_reason,
        "set_by": usernames.get(image.source_type_set_by_id, ""),
        "set_at": when.isoformat() if when else None,
    }


def usernames() -> dict[int, str]:
    """Every labelling editor's username, in one query."""
    ids = Image.objects.exclude(source_type_set_by=None).values("source_type_set_by")
    users = get_user_model().objects.filter(pk__in=ids)
    return dict(users.values_list("pk", get_user_model().USERNAME_FIELD))


# Reading -------------------------------------------------------------------------


def parse_section_rules(value: Any) -> dict[str, str | bool] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError("the section's rules must be a JSON object")
    unknown = sorted(set(value) - set(SECTION_RULE_FIELDS))
    if unknown:
        raise ValueError(f"unknown publish rule {unknown[0]!r}")
    for name in RULE_FIELDS:
        if name in value and value[name] not in RULE_VALUES:
            raise ValueError(f"invalid value {value[name]!r} for {name}")
    training = value.get("offered_for_ai_training", False)
    if not isinstance(training, bool):
        raise ValueError(f"invalid value {training!r} for offered_for_ai_training")
    return dict(value)


def parse_editor_label(record: dict) -> EditorLabelRef | None:
    """None when the record has no "editor_label" key (an older backup);
    an empty label when it says null (no editor set one)."""
    if "editor_label" not in record:
        return None
    value = record["editor_label"]
    if value is None:
        return EditorLabelRef()
    if not isinstance(value, dict):
        raise TypeError("the editor label must be a JSON object")
    when = value.get("set_at")
    moment = datetime.fromisoformat(when) if when is not None else None
    if moment is not None and moment.tzinfo is None:
        raise ValueError(f"the date {when!r} has no time zone")
    texts = [value.get(name, "") for name in ("source_type", "reason", "set_by")]
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("the editor label's values must be text")
    source_type, reason, set_by = texts
    return EditorLabelRef(
        source_type=source_type, reason=reason, set_by=set_by, set_at=moment
    )


# Restoring -----------------------------------------------------------------------


def label_fields(label: EditorLabelRef | None) -> dict[str, object]:
    """The Image fields the label sets; none when the source says nothing."""
    if label is None:
        return {}
    return {
        "source_type_override": label.source_type,
        "source_type_reason": label.reason,
        "source_type_set_by_id": _user_id(label.set_by),
        "source_type_set_at": label.set_at,
    }


def _user_id(username: str) -> int | None:
    if not username:
        return None
    User = get_user_model()
    found = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if found is None:
        found = User(**{User.USERNAME_FIELD: username}, is_active=False)
        found.set_unusable_password()
        found.save()
    return found.pk


def apply_section_rules(section: Section, rules: dict | None) -> bool:
    """Set the rules a backup gives; True when that changed the section."""
    changed = {
        name: value
        for name, value in (rules or {}).items()
        if getattr(section, name) != value
    }
    if not changed:
        return False
    for name, value in changed.items():
        setattr(section, name, value)
    if section.pk:
        section.save(update_fields=list(changed))
    return True
