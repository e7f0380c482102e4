"""Working drafts made live at a chosen time ("Publish changes at…"), with
no job having to run first.

A scheduled draft's `publish_at` is part of the content version's next timed
change (`next_timed_change`), so from that moment `ContentVersion.current()`
is None. The public read path (articles.delivery.response_cache) then calls
`carry_out_due_changes()` before answering, and so does a task queued for
that moment (articles.publishing.due_drafts), for when nobody reads:
webhooks still go out on time. Whoever comes first publishes each due draft
with `ArticleDraft.publish`, one transition as for the editor's own button,
so webhooks, purges, withdrawals, documents and the cache react as for any
publish; the others find it gone.

A draft that cannot be published at its time (the story was saved since:
an EditConflict; the rules at publish refuse it) is kept, unscheduled, with
a note the story's page shows: nothing goes live that an editor did not
schedule as it stands."""

from __future__ import annotations

import reversion
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone

from articles.models.articles import Article
from articles.models.content_version import ContentVersion
from articles.models.drafts import ArticleDraft
from articles.models.edit_conflict import EditConflict


def carry_out_due_changes(now=None) -> list[int]:
    """Publish every working draft due by `now` (the app's clock, as
    `ContentVersion.current` reads it), then count the timed change
    (`ContentVersion.advance`). The ids of the stories published. On the
    primary database: these are writes."""
    now = now or timezone.now()
    # Asked of the router, so that with read replicas the rest of this
    # request (the next timed change, the listeners, the answer) reads the
    # primary it writes to.
    primary = router.db_for_write(ArticleDraft)
    due = list(
        ArticleDraft.objects.using(primary)
        .filter(publish_at__lte=now)
        .order_by("publish_at", "pk")
        .values_list("pk", "article_id")
    )
    published = [story for pk, story in due if carry_out(pk, story, now)]
    ContentVersion.advance()
    return published


def carry_out(pk: int, article_id: int, now) -> bool:
    """One due draft, in its own transaction. Locks the story, then the
    draft (the order of every other write of a live story and its draft),
    so that two requests at the same second publish it once: the second
    waits, then finds the draft gone."""
    # In the story's history like the admin's own publish, by whoever
    # scheduled it.
    with transaction.atomic(using=DEFAULT_DB_ALIAS), reversion.create_revision():
        story = Article.objects.select_for_update(of=("self",)).filter(pk=article_id)
        if not list(story.values_list("pk", flat=True)):
            return False
        draft = (
            ArticleDraft.objects.select_for_update(of=("self",))
            .filter(pk=pk, publish_at__lte=now)
            .select_related("article", "scheduled_by")
            .first()
        )
        if draft is None:
            return False  # published, unscheduled or discarded meanwhile
        at = timezone.localtime(draft.publish_at)
        reversion.set_user(draft.scheduled_by)
        reversion.set_comment(
            f"Published the working draft scheduled for {at:%Y-%m-%d %H:%M}."
        )
        try:
            draft.publish(user=draft.scheduled_by)
        except EditConflict as conflict:
            draft.unschedule(
                f"Not published at its time: {conflict} Check the differences, "
                "then publish or schedule the changes again."
            )
            return False
        except ValidationError as refused:  # the rules at publish
            reasons = " ".join(refused.messages)
            draft.unschedule(f"Not published at its time: {reasons}")
            return False
    return True
