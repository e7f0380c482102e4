"""`import_images` as manage.py runs it: its stdout, its stderr and the
error it ends with (None when it succeeds)."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command


def run_import_images(*args: object) -> tuple[str, str, CommandError | None]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command(
            "import_images",
            *map(str, args),
            stdout=stdout,
            stderr=stderr,
            skip_checks=False,
        )
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None
