"""Log records: the request id (and, in the task worker, the task id) on
every record, and the two formats, JSON lines for a log shipper and text for
a terminal (log_config.py puts them in the LOGGING setting).

JSON records have timestamp (ISO 8601, UTC), level, logger, message and
request_id (null outside a request), then exc_info with the traceback when
there is one, task_id in a task, and whatever the caller passed as `extra`
(the access log's method, path, status, duration_ms, client)."""

from __future__ import annotations

import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime

from pythonjsonlogger import json
from pythonjsonlogger.core import RESERVED_ATTRS

from cms.middleware.request_ids import request_id

# Set while the task worker runs a task. The signal that says a task started
# is sent before django.tasks logs it, so its "state=RUNNING" line goes
# without (its message names the task); every later line of the run has it.
task_id: ContextVar[str | None] = ContextVar("task_id", default=None)


def _task_started(sender, task_result, **kwargs) -> None:
    task_id.set(task_result.id)


def _task_finished(sender, task_result, **kwargs) -> None:
    task_id.set(None)


def follow_tasks() -> None:
    # Here, not at import: django.tasks pulls in the ORM, which gunicorn's
    # master process (it only needs the formatter) has no use for.
    from django.tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="cms.observability.task_id")
    task_finished.connect(_task_finished, dispatch_uid="cms.observability.task_id")


class RequestIdFilter(logging.Filter):
    """On the handler, so it sees every record, whichever logger made it."""

    def __init__(self, missing: str | None = None) -> None:
        super().__init__()
        self.missing = missing
        follow_tasks()

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or self.missing
        if (current_task := task_id.get()) is not None:
            record.task_id = current_task
        return True


class JsonFormatter(json.JsonFormatter):
    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message", "request_id"],
            rename_fields={"levelname": "level", "name": "logger"},
            # Django passes the request object along: its text is not data
            # (and runserver's `server_time` repeats the timestamp).
            reserved_attrs=[*RESERVED_ATTRS, "request", "server_time"],
        )

    def add_fields(self, log_data, record, message_dict) -> None:
        # First on the line, where people and log shippers look for it.
        log_data["timestamp"] = (
            datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z")
        )
        super().add_fields(log_data, record, message_dict)


def configure(config: dict) -> None:
    """LOGGING_CONFIG: the LOGGING setting, and Python's warnings as log
    records, so that every line the app writes is in the one format."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)
