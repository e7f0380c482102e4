"""gunicorn's own log (workers starting, timeouts, crashes) in the app's
format: `gunicorn --logger-class cms.observability.gunicorn_logger.Logger`.

gunicorn's access log is left off (its default): the app writes one line
per request itself (logger "cms.request"), with the request id."""

from __future__ import annotations

import os

from gunicorn import glogging


def configured_format() -> str:
    # The master process has not set Django up; the settings module says.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from django.conf import settings

    return settings.LOG_FORMAT


class Logger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)  # also on a reload (SIGHUP): formatters set again
        if configured_format() != "json":
            return
        from cms.observability.logs import JsonFormatter

        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())
