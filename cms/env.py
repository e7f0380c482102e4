"""Typed reads of the environment for cms/settings.py.

Each helper names the variable when its value cannot be read, so a typo
stops the start-up with a message saying which variable to fix. Whether a
value that can be read is a sensible one (a range, a choice, a URL) is the
system checks' business (articles/checks.py); `refuse_bad_settings` runs
them as the settings load, because an app server (gunicorn) runs no checks.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name: str, default: int, *, old_name: str | None = None) -> int:
    """NAME as an integer; with `old_name`, the variable's former name is
    read when only it is set (articles/checks.py warns that it is)."""
    value = os.environ.get(name)
    if (value is None or value.strip() == "") and old_name:
        name, value = old_name, os.environ.get(old_name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer, not {value!r}."
        ) from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name)


def refuse_bad_settings(namespace: dict) -> None:
    """Stop at the first setting the app's system checks refuse, with the
    message `manage.py check` would give."""
    from articles.checks import setting_errors

    if errors := setting_errors(SimpleNamespace(**namespace)):
        raise ImproperlyConfigured(errors[0].msg)
