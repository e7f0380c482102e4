"""What the import commands need of the database before they start."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def require_migrated(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Stop before the first record when migrations are not all applied:
    every write would fail alike, and one error per record hides the cause."""
    executor = MigrationExecutor(connections[alias])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "The database has no tables yet (or misses migrations): "
            "run `manage.py migrate` first."
        )
