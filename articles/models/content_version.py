from __future__ import annotations

from datetime import UTC

from django.db import connections, models, router
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime


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
    def bump(cls) -> None:
        """Public content changed (or may have): a new number, and the next
        timed change recomputed."""
        now = timezone.now()
        updated = cls.objects.filter(pk=1).update(
            number=F("number") + 1,
            next_change_at=next_timed_change(now),
            changed_at=now,
        )
        if not updated:
            cls.objects.get_or_create(
                pk=1, defaults={"next_change_at": next_timed_change(now)}
            )

    @classmethod
    def current(cls) -> str:
        """The version as a string for cache keys. A timed change that has
        come is turned into a new number here, by the first reader after it.
        The time of the last change is part of it, so a database that was
        emptied and started again at number 1 cannot meet old entries."""
        now = timezone.now()
        # Read on every cached request: plain SQL, no ORM compilation. From
        # the database the request's content comes from (a replica, with read
        # replicas), so a response is never stored under a version its
        # content is older than.
        with connections[router.db_for_read(cls)].cursor() as cursor:
            cursor.execute(cls._CURRENT_SQL)
            row = cursor.fetchone()
        if row is None:
            cls.bump()
            return cls.current()
        number, next_change_at, changed_at = row
        next_change_at, changed_at = (
            parse_stamp(next_change_at),
            parse_stamp(changed_at),
        )
        if next_change_at is not None and next_change_at <= now:
            # Conditional, so that racing readers bump it once.
            cls.objects.filter(pk=1, number=number).update(
                number=F("number") + 1,
                next_change_at=next_timed_change(now),
                changed_at=now,
            )
            return cls.current()
        return f"{number}.{changed_at.timestamp():.6f}"


def next_timed_change(now):
    """The next moment public content changes with nobody saving anything."""
    from articles.models.articles import Article
    from articles.models.images import Image

    live = Article.objects.live()
    moments = [
        live.filter(published_at__gt=now).aggregate(at=models.Min("published_at"))[
            "at"
        ],
        live.filter(embargo_until__gt=now).aggregate(at=models.Min("embargo_until"))[
            "at"
        ],
        Image.objects.filter(rights_expire_at__gt=now).aggregate(
            at=models.Min("rights_expire_at")
        )["at"],
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def parse_stamp(value):
    """A datetime from a raw query: SQLite hands over naive UTC (or text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
