"""SQL pieces for the visibility rule that keep its statement the same text
on every request, so PostgreSQL can plan it once per connection (prepared
statements, see DATABASES in cms/settings.py) instead of on every request."""

from __future__ import annotations

import re

from django.db import models
from django.utils import timezone


class CurrentTime(models.Expression):
    """The time when the query runs, not when the queryset was built: a
    queryset can then be built once and reused (the delivery API does)
    without its idea of "now" standing still.

    On PostgreSQL it is the database's own clock (the statement's start), so
    the SQL carries no value that changes between requests; elsewhere it is
    `timezone.now()`, sent with the query. `read_once` writes it as a
    sub-select (see `as_postgresql`)."""

    output_field = models.DateTimeField()

    def __init__(self, *, read_once: bool = False):
        super().__init__()
        self.read_once = read_once

    def as_sql(self, compiler, connection):
        return "%s", [connection.ops.adapt_datetimefield_value(timezone.now())]

    def as_postgresql(self, compiler, connection):
        # The planner estimates rows from the function's value, so a bare
        # call where that counts (`published_at <= now`). But it also prices
        # a call per row: a test holding one looks dearer than a text-search
        # match, which PostgreSQL then runs first, reading every passing
        # story's search vector. A sub-select is read once per statement and
        # priced at nothing per row, which keeps cheap tests first.
        if self.read_once:
            return "(SELECT STATEMENT_TIMESTAMP())", []
        return "STATEMENT_TIMESTAMP()", []


# Statuses, and language tags (pt-BR): nothing that could close the quote.
_CONSTANT = re.compile(r"[A-Za-z0-9_-]+")


class IsOneOf(models.Func):
    """`field IN ('a', 'b')` with the (constant) values written into the SQL.
    Bound as parameters, they would hide from the planner of a prepared
    statement that the query matches a partial index's condition, and a
    generic plan could not use the index."""

    output_field = models.BooleanField()

    def __init__(self, field: str, values):
        self.values = tuple(str(value) for value in values)
        if not self.values or not all(map(_CONSTANT.fullmatch, self.values)):
            raise ValueError(f"IsOneOf takes plain constants, not {values!r}")
        super().__init__(models.F(field))

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        literals = ", ".join(f"'{value}'" for value in self.values)
        return f"{column} IN ({literals})", params
