"""Who is editing a story, and the editor's own unsaved copy of it.

`EditLock` is a soft lock, one per story: whoever opened the change form
last while it was free holds it, and keeps it with a heartbeat from the
page. It refuses nothing (the stale-save check, `Article.conflict`, does
that); it tells the next person who opens the story that someone is there.
A lock without a heartbeat for LOCK_TIMEOUT is free again, decided with the
app's clock when it is read, so no job has to clear it.

`Autosave` is the change form's fields as the browser last posted them, one
per user per story (and one per user for a story not yet saved), offered
back when the form is opened again and removed by a successful save. It is
read by nothing but its owner's change form: never by the story, its
working draft or any public surface."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When

from articles.models.articles import Article

# A page sends a heartbeat every 30 seconds (edit-session.js): a lock
# survives three lost ones, and a closed tab frees the story in two minutes.
LOCK_TIMEOUT = timedelta(minutes=2)


def page_token() -> str:
    """Names one opening of the change form. It begins with the moment it
    was made (fixed-width hex, so newer tokens sort after older ones): a
    page being left can still beat once after its successor opened, and
    must not take the lock's token back, or its closing would free the
    story under the successor (see `claim` and `release`)."""
    return f"{time.time_ns():016x}{secrets.token_hex(8)}"


class EditLockQuerySet(models.QuerySet):
    def claim(
        self, article_id: int, user, token: str, now: datetime, take_over=False
    ) -> EditLock | None:
        """Hold the story's lock for `user` (a heartbeat when they hold it
        already), unless someone else holds a live one and `take_over` is
        false. None when `user` holds it afterwards, else the other's lock.
        Two people claiming a free story at once: the database's unique
        article decides who."""
        cutoff = now - LOCK_TIMEOUT
        rows = self.filter(article_id=article_id)
        if not take_over:
            rows = rows.filter(Q(user=user) | Q(heartbeat_at__lt=cutoff))
        kept = Q(user=user, heartbeat_at__gte=cutoff)
        updated = rows.update(
            user=user,
            # The same person's newer page keeps the lock's token.
            token=Case(
                When(kept & Q(token__gt=token), then=F("token")), default=Value(token)
            ),
            heartbeat_at=now,
            # "Editing since": from the first heartbeat of an unbroken run.
            started_at=Case(When(kept, then=F("started_at")), default=Value(now)),
        )
        if updated:
            return None
        try:
            with transaction.atomic():
                self.create(
                    article_id=article_id,
                    user=user,
                    token=token,
                    started_at=now,
                    heartbeat_at=now,
                )
            return None
        except IntegrityError:  # someone else's live lock
            held = self.select_related("user").filter(article_id=article_id).first()
            return None if held is None or held.user_id == user.pk else held

    def holder(self, article_id: int, now: datetime) -> EditLock | None:
        """The story's live lock, or None."""
        live = self.filter(article_id=article_id, heartbeat_at__gte=now - LOCK_TIMEOUT)
        return live.select_related("user").first()

    def release(self, article_id: int, user, token: str) -> int:
        """Free the story if this page (`token`) holds it: a page that
        closes after its successor claimed the story leaves it held."""
        return self.filter(article_id=article_id, user=user, token=token).delete()[0]


class EditLock(models.Model):
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="edit_lock"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The page that last claimed or beat for it (see `release`).
    token = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()

    objects = EditLockQuerySet.as_manager()

    class Meta:
        verbose_name = "edit lock"

    def __str__(self) -> str:
        return f"Story {self.article_id} edited by {self.user_id}"


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article_id: int | None) -> Autosave | None:
        return self.filter(user=user, article_id=article_id).first()

    def keep(self, user, article_id: int | None, fields: dict, now: datetime):
        """Store `fields` (name: list of posted values) as the user's copy."""
        self.update_or_create(
            user=user,
            article_id=article_id,
            defaults={"fields": fields, "saved_at": now},
        )

    def forget(self, user, article_id: int | None) -> None:
        self.filter(user=user, article_id=article_id).delete()


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # None: a story not saved yet (the add form).
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The form's own fields as posted: {name: [value, ...]}.
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField()

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="one_autosave_per_user_and_story"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="one_new_story_autosave_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Autosave of story {self.article_id} by {self.user_id}"
