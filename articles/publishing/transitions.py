"""The one transition: what a write did to what readers can see.

Every write to a story (a save in the admin or anywhere else, a delete, a
revert, an import batch) works out once, here, whether the story was public
before, is public after, and when it goes live if that is still to come, and
sends one `story_changed` signal with a `Transition` per story. Withdrawals,
webhooks, CDN purges, stored documents and the content version listen to it
(articles.publishing.receivers); none of them works visibility out again.

The clock rule: a write decides with the one `now` it takes when it starts,
and every listener is handed that same moment. Queries decide with
`CurrentTime` (the database's clock on PostgreSQL, the app's elsewhere).

Nothing here touches the database, so it is tested without one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from django.dispatch import Signal

# Sent once per write with `transitions` (a list of Transition) and `now`.
story_changed = Signal()

LIVE_STATUSES = ("scheduled", "published")

# `held_until` of an edition gated on a source that is not live (or gone):
# held with no moment set, far enough ahead that the rule's `held_until <=
# now` never passes, and never taken for a moment a story goes live at.
HELD = datetime(9999, 12, 31, tzinfo=UTC)


class Change(StrEnum):
    PUBLISHED = "published"  # readers could not see it, now they can
    UPDATED = "updated"  # readers saw it and still do: what they see changed
    UNPUBLISHED = "unpublished"  # readers saw it, now they cannot
    DELETED = "deleted"  # readers saw it, and it is gone
    SCHEDULED = "scheduled"  # not public yet, but it goes live by itself
    UNSEEN = "unseen"  # a draft's edit, a hidden story deleted: nobody saw


def first_public_moment(published_at, embargo_until) -> datetime | None:
    """A live story's date, or its embargo if that is later."""
    if published_at is None:
        return None
    if embargo_until and embargo_until > published_at:
        return embargo_until
    return published_at


@dataclass(frozen=True)
class Visibility:
    """The facts the visibility rule reads, as stored: the status, the date,
    the embargo and an edition's gate (`held_until`, see
    articles.models.edition_gate; None for every story without one)."""

    status: str
    published_at: datetime | None
    embargo_until: datetime | None
    held_until: datetime | None = None

    def live_at(self) -> datetime | None:
        """When a live story is (or was) first public: its date, or its
        embargo or gate if that is later. None for a story that is not live
        or is held by its gate with no moment set (HELD)."""
        if self.status not in LIVE_STATUSES:
            return None
        moment = first_public_moment(self.published_at, self.embargo_until)
        if moment is None or self.held_until is None:
            return moment
        if self.held_until >= HELD:
            return None
        return max(moment, self.held_until)

    def is_public(self, now: datetime) -> bool:
        """The rule of `ArticleQuerySet.published()` for one story."""
        live_at = self.live_at()
        return live_at is not None and live_at <= now


@dataclass(frozen=True)
class Transition:
    article_id: int
    slug: str
    lead_image_id: int | None
    was_public: bool
    is_public: bool
    # Set when the story goes live later with nobody saving it again.
    goes_live_at: datetime | None
    kind: Change
    # Why readers lost it (a withdrawal's reason): unpublished, archived or
    # deleted; empty when they did not.
    withdrawn_as: str = ""
    # Status, date or embargo changed: the next timed change may have moved.
    times_changed: bool = False

    @property
    def seen(self) -> bool:
        """Readers could see the story before or after the write."""
        return self.was_public or self.is_public


def transition(
    *,
    article_id: int,
    slug: str,
    lead_image_id: int | None,
    before: Visibility | None,
    after: Visibility | None,
    now: datetime,
) -> Transition:
    """The transition from `before` (None: the story is new) to `after`
    (None: the story is deleted), decided at `now`."""
    was_public = before is not None and before.is_public(now)
    is_public = after is not None and after.is_public(now)
    live_at = after.live_at() if after is not None else None
    later = live_at if live_at is not None and live_at > now else None
    withdrawn_as = ""
    if after is None:
        kind = Change.DELETED if was_public else Change.UNSEEN
        withdrawn_as = "deleted" if was_public else ""
    elif is_public:
        kind = Change.UPDATED if was_public else Change.PUBLISHED
    elif was_public:
        kind = Change.UNPUBLISHED
        withdrawn_as = "archived" if after.status == "archived" else "unpublished"
    else:
        kind = Change.SCHEDULED if later else Change.UNSEEN
    return Transition(
        article_id=article_id,
        slug=slug,
        lead_image_id=lead_image_id,
        was_public=was_public,
        is_public=is_public,
        goes_live_at=later,
        kind=kind,
        withdrawn_as=withdrawn_as,
        times_changed=before != after,
    )


def updated(rows) -> list[Transition]:
    """Public stories whose documents changed without their own row changing
    (a credit, a photo's caption, a contributor's name): (id, slug, lead
    image id) rows, each an update readers see."""
    return [
        Transition(
            article_id=pk,
            slug=slug,
            lead_image_id=lead_image_id,
            was_public=True,
            is_public=True,
            goes_live_at=None,
            kind=Change.UPDATED,
        )
        for pk, slug, lead_image_id in rows
    ]


def announce(transitions: list[Transition], now: datetime) -> None:
    """Send the write's transitions to every listener, in the writing
    transaction: a rolled-back write announces nothing."""
    if transitions:
        story_changed.send(sender=Transition, transitions=transitions, now=now)
