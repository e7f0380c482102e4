"""What an edition follows of its source (issue 23): an edition is stale
only when its source changed one of `FOLLOWED_FIELDS` (headline, standfirst,
text, section, photo, caption, embargo) after the revision the edition was
made from or brought up to date with, not when it was saved for its status,
slug or tags.

A story in an edition group keeps `followed_revision`, its revision at the
last change to those fields. Its save works it out from the row it locks
anyway (`Article._lock_stored` reads these columns too, for a story in a
group only): no query more. NULL (a story saved before this was kept, or
just restored) reads as its current revision, so an edition that was stale
stays stale."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Coalesce


def followed_columns(article) -> tuple[str, ...]:
    """What a save reads of the locked row for the editions' sake: the
    followed fields' columns and `followed_revision`; none for a story
    outside an edition group."""
    if article.edition_group_id is None:
        return ()
    fields = [article._meta.get_field(name) for name in article.FOLLOWED_FIELDS]
    return (*(field.attname for field in fields), "followed_revision")


def note_followed_change(article, stored: tuple | None) -> None:
    """On a save that moves `revision` on, given the locked row's
    (revision, `followed_columns()` values): this revision if a followed
    field changed, else the stored revision of the last such change (a
    status change, or a revert to the text it has, stales no edition)."""
    if not stored or not stored[1]:
        return
    stored_revision, (*values, followed) = stored
    columns = followed_columns(article)[:-1]
    if tuple(getattr(article, column) for column in columns) != tuple(values):
        article.followed_revision = article.revision
    else:
        article.followed_revision = stored_revision if followed is None else followed


def followed_revision_now(article) -> int:
    """The revision at which what its editions follow last changed."""
    if article.followed_revision is None:
        return article.revision
    return article.followed_revision


def source_followed():
    """`followed_revision_now` of each row's source, in SQL (one join)."""
    return Coalesce(
        F("edition_source__followed_revision"), F("edition_source__revision")
    )
