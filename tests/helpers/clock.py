"""Letting a moment pass without waiting for it, where that can be done."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.utils import timezone

from tests.helpers.servers import on_postgresql


def let_pass(moment: datetime, time_machine) -> None:
    """Bring the clock just past `moment` (`time_machine` is the pytest
    fixture). On PostgreSQL the visibility rule reads the database server's
    clock (STATEMENT_TIMESTAMP()), which time-machine cannot move: there a
    test that asks the database what is public really waits."""
    after = moment + timedelta(milliseconds=50)
    if on_postgresql():
        time.sleep(max(0.0, (after - timezone.now()).total_seconds()))
    else:
        time_machine.move_to(after, tick=True)
