from __future__ import annotations

from datetime import UTC

from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.publishing.transitions import HELD


class ContentVersion(models.Model):
    """One row: a number that moves, in the same transaction, with every
    change to public content, and the next moment public content changes by
    itself (a scheduled story going live, a photo's rights expiring).

    Cached responses are keyed on the number (`articles.delivery.response_cache`), so
    a commit invalidates them in every process at once, whatever the cache
    backend, and a reader can never see the new number with the old data."""

    number = models.PositiveBigIntegerField(default=1)
    next_change_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    _CURRENT_SQL = (
        "SELECT number, next_change_at, changed_at FROM articles_contentversion "
        "WHERE id = 1"
    )

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"Content version {self.number}"

    @classmethod
    def changed(cls, *, recompute: bool = False) -> None:
        """Public content changed in this transaction: the number moves, once
        per transaction however many changes it makes, and the next timed
        change is recomputed when `recompute` (a story going live later was
        written). In the transaction, so that a reader never sees the new
        number with the old data; and again after a reader in this same
        transaction read it (see `current`), since what that reader cached
        may show the earlier change."""
        connection = connections[DEFAULT_DB_ALIAS]
        now = timezone.now()
        mark = connection.__dict__.get("content_version_mark")
        # This transaction moved the number already, if the row still carries
        # the moment it was moved at (a savepoint rolled back undoes it).
        mine = cls.objects.filter(pk=1, changed_at=mark) if mark else None
        if mine is not None and recompute:
            if mine.update(next_change_at=next_timed_change(now)):
                return
        elif mine is not None and mine.exists():
            return
        cls.bump(now, recompute=recompute)
        connection.__dict__["content_version_mark"] = now
        transaction.on_commit(
            lambda: connection.__dict__.pop("content_version_mark", None),
            using=connection.alias,
        )

    @classmethod
    def bump(cls, now=None, *, recompute: bool = True) -> None:
        """A new number, and the next timed change recomputed if asked."""
        now = now or timezone.now()
        fields = {"number": F("number") + 1, "changed_at": now}
        if recompute:
            fields["next_change_at"] = next_timed_change(now)
        if not cls.objects.filter(pk=1).update(**fields):
            cls.objects.get_or_create(
                pk=1,
                defaults={"next_change_at": next_timed_change(now), "changed_at": now},
            )

    @classmethod
    def current(cls) -> str | None:
        """The version as a string for cache keys, or None while a timed
        change (a scheduled story going live, a photo's rights expiring, a
        working draft's "Publish changes at…") has come and not yet been
        counted: the response cache's middleware then carries it out and
        moves the number (`advance`), as the task worker does. Reading
        never writes. The time of the last change is part of the version, so
        a database emptied and started again at number 1 cannot meet old
        entries."""
        # A write after this read, in the same transaction, must move the
        # number again: what this reader caches may already show the first.
        # (The primary's connection, asked directly: asking the router for
        # a write would pin this reader to the primary.)
        connections[DEFAULT_DB_ALIAS].__dict__.pop("content_version_mark", None)
        # Read on every cached request: plain SQL, no ORM compilation. From
        # the database the request's content comes from (a replica, with read
        # replicas), so a response is never stored under a version its
        # content is older than.
        with connections[router.db_for_read(cls)].cursor() as cursor:
            cursor.execute(cls._CURRENT_SQL)
            row = cursor.fetchone()
        if row is None:
            return None
        number, next_change_at, changed_at = row
        next_change_at = parse_stamp(next_change_at)
        if next_change_at is not None and next_change_at <= timezone.now():
            return None
        return f"{number}.{parse_stamp(changed_at).timestamp():.6f}"

    @classmethod
    def advance(cls) -> bool:
        """Count a timed change that has come: a new number and the next one
        found. Conditional, so that racing workers move it once."""
        now = timezone.now()
        return bool(
            cls.objects.filter(pk=1, next_change_at__lte=now).update(
                number=F("number") + 1,
                next_change_at=next_timed_change(now),
                changed_at=now,
            )
        )


def next_timed_change(now):
    """The next moment public content changes with nobody saving anything."""
    from articles.models.articles import Article
    from articles.models.images import Image

    live = Article.objects.live()
    moments = [
        # With the earliest scheduled working draft (articles.models.drafts),
        # due or not: one not carried out yet keeps the version uncountable
        # until it is (articles.models.due_drafts). Same statement.
        live.filter(published_at__gt=now).aggregate(
            at=sooner(models.Min("published_at"), next_scheduled_draft())
        )["at"],
        # Embargoes and edition gates (HELD is no moment) in one statement.
        live.aggregate(
            at=sooner(
                models.Min("embargo_until", filter=models.Q(embargo_until__gt=now)),
                models.Min(
                    "held_until",
                    filter=models.Q(held_until__gt=now, held_until__lt=HELD),
                ),
            )
        )["at"],
        # With a front's next version (articles.models.collections) in the
        # same statement: the write paths' query counts stay as they are.
        Image.objects.filter(rights_expire_at__gt=now).aggregate(
            at=sooner(models.Min("rights_expire_at"), next_front_version(now))
        )["at"],
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def next_scheduled_draft():
    from articles.models.drafts import ArticleDraft

    scheduled = ArticleDraft.objects.filter(publish_at__isnull=False)
    return models.Subquery(scheduled.order_by("publish_at").values("publish_at")[:1])


def next_front_version(now):
    from articles.models.collections import Collection

    later = Collection.objects.filter(live_from__gt=now).order_by("live_from")
    return models.Subquery(later.values("live_from")[:1])


def sooner(a, b):
    """The earlier of two moments, either of which may be NULL (SQLite's
    two-argument MIN is NULL when either is)."""
    from django.db.models.functions import Coalesce, Least

    return Least(Coalesce(a, b), Coalesce(b, a))


def parse_stamp(value):
    """A datetime from a raw query: SQLite hands over naive UTC (or text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
