"""Serving queries compiled to SQL once per process and run again with new
values: the public list's first page at each page size (the default
language's), and one article by slug (one statement per `?language=` value,
and one without it).

Compiling a queryset costs Django more than PostgreSQL takes to run these
statements (docs/internals/benchmarks.md). On PostgreSQL the visibility
rule's clock is written into the SQL as the database's own
(`CurrentTime`), so the compiled text and its values hold nothing that
changes between requests, and the same statement is what PostgreSQL has
prepared anyway. Elsewhere (SQLite) the clock is a value sent with the
query: the queryset is then compiled on every request, as before."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections, router
from django.db.models import QuerySet

from articles.delivery import checked_by_use
from articles.models import Article

# Stands for the value a compiled statement is run with (the slug); never
# sent to the database.
SLOT = "compiled-query-slot:9f2b7c"


class CompiledQuery:
    """A values() queryset's SQL and its column names, for rows as dicts."""

    def __init__(self, queryset: QuerySet, slot: str | None):
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        self.vendor = compiler.connection.vendor
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        # Every place the value goes (a UNION may need it in each part).
        self.slots = (
            [at for at, param in enumerate(self.params) if param == slot]
            if slot is not None
            else []
        )
        self.names = [
            *query.extra_select,
            *query.values_select,
            *query.annotation_select,
        ]
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        # Values the backend converts (none on PostgreSQL for these columns)
        # would need the compiler on every run: such a query is not kept.
        self.reusable = not compiler.get_converters(fields)

    def rows(self, alias: str, value) -> list[dict]:
        params = self.params
        if self.slots:
            params = [*params]
            for at in self.slots:
                params[at] = value
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            names = self.names
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


_compiled: dict[tuple, CompiledQuery | None] = {}


def rows(key: tuple, build: Callable[..., QuerySet], value=None) -> list[dict]:
    """The rows of `build(value)`, a values() queryset of articles, run as
    the statement compiled for `key` (`build` is called once per process
    and database, with a stand-in for `value`). Its connection is checked by
    use (`checked_by_use`)."""
    alias = router.db_for_read(Article)
    compiled = _compiled.get((alias, key), False)
    if compiled is False:
        compiled = _compiled[(alias, key)] = _reusable(build, value is not None)
    if compiled is None:
        return checked_by_use.read(alias, lambda: list(build(value)))
    return checked_by_use.read(alias, lambda: compiled.rows(alias, value))


def _reusable(build, has_slot: bool) -> CompiledQuery | None:
    """The statement, if it may be run again: on PostgreSQL only, and only
    if two compilations agree (a value read from the clock, which a change
    elsewhere might add, would differ), with no values to convert."""
    slot = SLOT if has_slot else None
    first = CompiledQuery(build(slot), slot)
    if first.vendor != "postgresql":
        return None
    second = CompiledQuery(build(slot), slot)
    same = (first.sql, first.params) == (second.sql, second.params)
    return first if same and first.reusable else None
