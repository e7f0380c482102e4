"""python manage.py poll_wire_sources [--loop] [--schedule]"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.interchange.wire_tasks import poll_due, schedule_poll, summary
from articles.models import WireSource

# The longest sleep of --loop: a source added meanwhile waits no longer.
MAX_SLEEP = 60.0


class Command(BaseCommand):
    help = (
        "Poll the wire sources that are due, in this process (the task worker "
        "polls them too: each source's poll queues its next). --loop keeps "
        "polling; --schedule queues a worker task for every enabled source."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep polling until stopped."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue each enabled source's next poll for the task worker "
            "(db_worker) instead of polling here.",
        )

    def handle(self, *args, loop: bool, schedule: bool, **options) -> None:
        if schedule:
            sources = list(WireSource.objects.filter(enabled=True))
            for source in sources:
                schedule_poll(source)
            self.stdout.write(f"{len(sources)} sources scheduled for the task worker.")
            return
        while True:
            for entry in poll_due():
                style = self.style.ERROR if entry.failed else self.style.SUCCESS
                self.stdout.write(style(summary(entry)))
            if not loop:
                return
            time.sleep(_until_next())


def _until_next() -> float:
    upcoming = (
        WireSource.objects.filter(enabled=True, next_poll_at__isnull=False)
        .order_by("next_poll_at")
        .values_list("next_poll_at", flat=True)
        .first()
    )
    if upcoming is None:
        return MAX_SLEEP
    wait = (upcoming - timezone.now()).total_seconds()
    return min(max(wait, 1.0), MAX_SLEEP)
