"""Pillow's warnings about a file ("Corrupt EXIF data", "Possibly corrupt
EXIF data", "Tag data larger than file") as facts about that file.

Pillow reports damage it reads past with `warnings.warn`, which Python
prints on stderr once per place in Pillow's code: in an import of a thousand
photos, a stray line for the first damaged one and silence for the rest.
Collected here, they become the photo's own warnings, for the caller to
count and show with the others.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def pillow_warnings() -> Iterator[list[str]]:
    """Collects the UserWarnings raised inside (Pillow's kind) into the list
    it yields, each once, in order; any other warning goes on as usual."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        yield found
    for warning in caught:
        if issubclass(warning.category, UserWarning):
            message = " ".join(str(warning.message).split())
            if message not in found:
                found.append(message)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
