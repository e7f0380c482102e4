"""A save that fails: the suites that check a rolled-back change leaves
nothing behind (no event, no purge, no cache invalidation)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import transaction


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a transaction that then fails, as an editor's save
    failing after it wrote: the rollback takes back all the block did."""
    with pytest.raises(RuntimeError), transaction.atomic():
        yield
        raise RuntimeError("the save failed")
