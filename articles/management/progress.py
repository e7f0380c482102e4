"""Progress and summaries for long-running management commands."""

from __future__ import annotations

from django.core.management.base import OutputWrapper


def progress_bar(current: int, total: int, width: int = 30) -> str:
    """ "[###############---------------] 5/10"."""
    done = width if total <= 0 else width * min(max(current, 0), total) // total
    return f"[{'#' * done}{'-' * (width - done)}] {current}/{total}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class TerminalProgress:
    """A progress bar redrawn in place, only for a person watching: "\\r"
    redraws would litter logs and pipes."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout
        self.width = 0

    def draw(self, current: int, total: int) -> None:
        if self.stdout.isatty():
            bar = progress_bar(current, total)
            self.width = len(bar)
            self.stdout.write(bar, ending="\r")
            self.stdout.flush()

    def clear(self) -> None:
        if self.width:
            self.stdout.write(" " * self.width, ending="\r")
            self.width = 0
