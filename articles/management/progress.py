"""Progress and summaries for long-running management commands."""

from __future__ import annotations

from django.core.management.base import OutputWrapper


def progress_bar(current: int, total: int, width: int = 30) -> str:
    """ "[###############---------------] 5/10"."""
    done = width if total <= 0 else width * min(max(current, 0), total) // total
    return f"[{'#' * done}{'-' * (width - done)}] {current}/{total}"


def percent_bar(current: int, total: int, note: str = "", width: int = 30) -> str:
    """ "[###############---------------] 50% 1,200 records": for work measured
    in bytes read, where a count of the whole is not known ahead."""
    done = width if total <= 0 else width * min(max(current, 0), total) // total
    percent = 100 if total <= 0 else 100 * min(max(current, 0), total) // total
    bar = f"[{'#' * done}{'-' * (width - done)}] {percent}%"
    return f"{bar} {note}" if note else bar


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class TerminalProgress:
    """A progress bar redrawn in place, only for a person watching: "\\r"
    redraws would litter logs and pipes."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout
        self.width = 0

    def draw(self, current: int, total: int, *, note: str | None = None) -> None:
        """A bar of `current` out of `total`; with a `note`, shown in percent
        and followed by the note."""
        if self.stdout.isatty():
            if note is None:
                bar = progress_bar(current, total)
            else:
                bar = percent_bar(current, total, note)
            self.width = max(self.width, len(bar))
            bar = bar.ljust(self.width)
            self.stdout.write(bar, ending="\r")
            self.stdout.flush()

    def clear(self) -> None:
        if self.width:
            self.stdout.write(" " * self.width, ending="\r")
            self.width = 0
