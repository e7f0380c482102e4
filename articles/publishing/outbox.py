"""The outbox: what leaves this server after a change (webhook deliveries,
CDN purges) is written as rows in the changing transaction, so a rolled-back
change sends nothing and a crash loses nothing, and sent by the task worker
(`manage.py db_worker`) after the commit.

The pieces both kinds share live here: queueing a drain once per transaction,
claiming due rows without two workers taking the same ones, one backoff, one
timeout (CMS_OUTBOUND_TIMEOUT) and one way of turning a failed request into a
message."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

# Longest wait between two tries, whatever CMS_OUTBOUND_RETRY_BASE says.
MAX_BACKOFF = timedelta(hours=6)


class _Once:
    """A callback that runs at most once, however often it was registered,
    and then leaves the connection's list of queued callbacks."""

    def __init__(self, callback: Callable[[], None], queued: dict, key: tuple):
        self.callback, self.queued, self.key, self.ran = callback, queued, key, False

    def __call__(self) -> None:
        if not self.ran:
            self.ran = True
            if self.queued.get(self.key) is self:
                del self.queued[self.key]
            self.callback()


def after_commit_once(key: tuple, callback: Callable[[], None]) -> None:
    """Run `callback` after this transaction commits, once per transaction
    for each `key` however many changes ask. Each ask registers with
    `transaction.on_commit`, so one made in a savepoint that is rolled back
    goes with it while the others still run."""
    queued = transaction.get_connection().__dict__.setdefault("outbox_queued", {})
    once = queued.get(key)
    if once is None or once.ran:
        once = queued[key] = _Once(callback, queued, key)
    transaction.on_commit(once)


def claim_due(rows: QuerySet, limit: int) -> list:
    """Up to `limit` of `rows`, locked until this transaction ends; rows
    another worker holds are skipped rather than waited for. Call inside
    `transaction.atomic()`."""
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    return list(rows[:limit])


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: base, 2x, 4x ... capped at six hours."""
    seconds = settings.CMS_OUTBOUND_RETRY_BASE * 2 ** (attempts - 1)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


class DeliveryFailed(Exception):
    """A request that did not get a 2xx answer: the HTTP status and the start
    of the answer when there was one."""

    def __init__(self, message: str, *, status: int | None = None, body=b""):
        super().__init__(message)
        self.status, self.body = status, body


def send(
    opener: urllib.request.OpenerDirector,
    request: urllib.request.Request,
    *,
    read: int = 2048,
) -> tuple[int, bytes]:
    """(status, the first `read` bytes of the answer); DeliveryFailed when
    the receiver refused, timed out, answered an error or could not be
    reached."""
    try:
        with opener.open(request, timeout=settings.CMS_OUTBOUND_TIMEOUT) as response:
            return response.status, response.read(read)
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(
            f"HTTP {error.code}", status=error.code, body=error.read(read)
        ) from None
    except (OSError, ValueError) as error:  # refused, timed out, bad URL
        reason = getattr(error, "reason", error)
        raise DeliveryFailed(str(reason) or type(reason).__name__) from None


def excerpt(raw: bytes, size: int = 500) -> str:
    return raw[:size].decode("utf-8", "replace")
