"""A request's first query as its connection's health check.

With `CONN_HEALTH_CHECKS`, Django sends `SELECT 1` before the first query of
each request on a reused connection, so that a connection the server has
dropped (a PostgreSQL restart, an idle timeout) is replaced rather than
failing the request. For the public API's cheapest answers (a cached hit
reads one row; a page one statement) that check is half the database round
trips. Here the request's own first query is the check instead: it is a
read, outside any transaction, so when it fails on a connection that turns
out unusable, the connection is closed and the query run once more on a new
one, which is what the check would have done, paid only when it fails."""

from __future__ import annotations

from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections


def read[T](alias: str, query: Callable[[], T]) -> T:
    """`query()` (reads only, on `alias`), checking the connection by use."""
    connection = connections[alias]
    pending = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
        and not getattr(connection, "pool", None)
    )
    if not pending:
        return query()
    connection.health_check_done = True
    try:
        return query()
    except (OperationalError, InterfaceError):
        if connection.is_usable():
            raise  # the query's own failure, not the connection's
        connection.close()
        return query()
