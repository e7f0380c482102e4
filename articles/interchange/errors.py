"""Why the writer refused a story, in one line an import report can show.

Whatever stopped a story (a bad value, a database constraint, an unreadable
file, a bug) becomes a StoryError, in the same words on every database.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError

from articles.interchange.story import StoryError
from articles.models import Article, Contributor, Credit, Image, Section, Tag


def story_error(error: Exception) -> StoryError:
    """The one-line reason a story was refused."""
    if isinstance(error, StoryError):
        return error
    if isinstance(error, ValidationError):
        return StoryError(f"not saved: {_validation_message(error)}")
    if isinstance(error, (IntegrityError, DataError)):
        return StoryError(f"not saved: {_database_message(error)}")
    if isinstance(error, OSError):
        return StoryError(f"not saved: {error.strerror or error}")
    # Named, so that a bug can still be told apart from bad input.
    return StoryError(f"not saved: unexpected {type(error).__name__}: {error}")


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _database_message(error: Exception) -> str:
    """The model's own message for a named constraint the database reported
    (same words on every database), else the database's first line."""
    text = str(error)
    for model in (Credit, Article, Image, Contributor, Section, Tag):
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return constraint.get_violation_error_message()
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
