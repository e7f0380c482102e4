"""`import_articles` as the import suites call it: what it wrote to stdout
and stderr, and its error when it fails."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run_import(*args: object, **options: object) -> tuple[str, str]:
    """`import_articles ARGS`: its stdout and stderr."""
    stdout, stderr = StringIO(), StringIO()
    call_command(
        "import_articles", *map(str, args), stdout=stdout, stderr=stderr, **options
    )
    return stdout.getvalue(), stderr.getvalue()


def run_failing_import(*args: object, **options: object) -> tuple[str, str, str]:
    """`import_articles ARGS`, which must fail: its stdout, its stderr and
    the error it ends with."""
    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_articles", *map(str, args), stdout=stdout, stderr=stderr, **options
        )
    return stdout.getvalue(), stderr.getvalue(), str(error.value)
