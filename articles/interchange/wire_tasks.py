"""The task worker's side of wire sources: one task per source that polls
it when due and queues its own next run.

Every run first claims its source (`wire_polling.claim`, one UPDATE that
only succeeds while the source is due): a second chain of tasks for the same
source (a save, "Poll now") finds it not due and ends, so the chains never
multiply. `manage.py poll_wire_sources` polls in its own process the same
way, and `--schedule` restarts the chains (after the task queue was
emptied, say)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from articles.interchange.wire_polling import claim, poll
from articles.models import WirePoll, WireSource


@task
def poll_wire_source(source_id: int) -> str:
    source = claim(source_id, timezone.now())
    if source is None:
        return "not due"  # polled by another run, or disabled
    entry = poll(source)
    schedule_poll(source)
    return summary(entry)


def schedule_poll(source: WireSource) -> None:
    """Queue the source's next poll, at its next poll time (now when it has
    none); nothing for a disabled source."""
    if source.enabled:
        poll_wire_source.using(run_after=source.next_poll_at).enqueue(source.pk)


def poll_now(source: WireSource) -> None:
    """Due now, and a run queued now (the admin's "Poll now")."""
    WireSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    poll_wire_source.enqueue(source.pk)


def poll_due() -> list[WirePoll]:
    """Poll every due source in this process."""
    now = timezone.now()
    polls = []
    for source_id in WireSource.objects.due(now).values_list("pk", flat=True):
        source = claim(source_id, now)
        if source is not None:
            polls.append(poll(source))
    return polls


def summary(entry: WirePoll) -> str:
    if entry.failed:
        return f"{entry.source.name}: failed: {entry.error}"
    return (
        f"{entry.source.name}: {entry.files_read} read, {entry.created} created, "
        f"{entry.updated} updated, {entry.unchanged} unchanged, "
        f"{entry.refused} refused"
    )
