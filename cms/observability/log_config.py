"""The LOGGING setting, from LOG_FORMAT and LOG_LEVEL. Imported by the
settings, so it imports nothing of Django's but the exception."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

FORMATS = ("json", "text")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(log_format: str, level: str) -> dict:
    """The LOGGING setting for LOG_FORMAT and LOG_LEVEL."""
    if log_format not in FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT must be json or text, not {log_format!r}."
        )
    if level.upper() not in LEVELS:
        raise ImproperlyConfigured(
            f"LOG_LEVEL must be one of {', '.join(LEVELS)}, not {level!r}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {
                "()": "cms.observability.logs.RequestIdFilter",
                "missing": None if log_format == "json" else "-",
            }
        },
        "formatters": {
            "json": {"()": "cms.observability.logs.JsonFormatter"},
            "text": {"format": TEXT_FORMAT},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level.upper()},
        "loggers": {
            # Django's own console handler (DEBUG only) would write each error
            # a second time, in its own format: everything goes to the root.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            # runserver's line per request repeats the access log (cms.request);
            # its warnings and errors stay.
            "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
