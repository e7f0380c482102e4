"""Read replicas (DATABASE_REPLICA_URLS): which database each query goes to.

Reads go to a replica only while the request is a public read: a GET or HEAD
of the API, feeds, sitemaps or renditions, from a client that has not written
in the last DATABASE_REPLICA_PIN_SECONDS. Everything else uses the primary
("default"): writes, the admin, previews, /readyz, migrations, management
commands and the task worker (no request, so no routing state at all).

One replica is chosen per request, so every read of a response (the content
version the response cache keys on included) comes from one database at one
point of its replay; once the request writes, its later reads go to the
primary. A request that changed something sets a short-lived cookie, and that
client's reads go to the primary until it expires, so an editor who just
saved does not meet the replica's lag (stale reads by anyone else, for as
long as the replica lags, are accepted).

A replica that cannot be reached is left out, in this process, for
DATABASE_REPLICA_RETRY_SECONDS, and its reads go to the primary meanwhile: a dead
replica costs capacity, not availability.

The router is here; the middleware that sets each request's routing is in
cms/middleware/replica_routing.py."""

from __future__ import annotations

import contextlib
import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from articles.delivery import public_paths
from cms.backends import replica_alias

PIN_COOKIE = "cms_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
logger = logging.getLogger(__name__)
_down_until: dict[str, float] = {}


@lru_cache
def _configured_names(urls: tuple[str, ...]) -> dict[str, str]:
    return {
        replica_alias(number): dj_database_url.parse(url)["NAME"]
        for number, url in enumerate(urls, start=1)
    }


def replicas_in_use() -> list[str]:
    """The replica aliases reads may go to. A test run makes each replica a
    mirror of the test database (TEST MIRROR): it is then the primary seen
    through a second connection, which cannot see a test's open transaction,
    so it is not used."""
    names = _configured_names(tuple(settings.DATABASE_REPLICA_URLS))
    return [
        alias
        for alias, name in names.items()
        if alias in connections and connections[alias].settings_dict["NAME"] == name
    ]


@dataclass
class Routing:
    """The routing state of one request."""

    replica: str | None  # where its reads go; None: the primary
    wrote: bool = False  # a write was routed: later reads go to the primary


_current: ContextVar[Routing | None] = ContextVar("cms_db_routing", default=None)


@contextlib.contextmanager
def routing(replica: str | None):
    """Route the queries made inside to `replica` for reads (None: the
    primary) until something writes."""
    state = Routing(replica)
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def is_public_read(request) -> bool:
    """A reader's GET/HEAD of a public surface (never the admin, /readyz or
    a preview)."""
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    # A preview is read by the website's server right after an editor saved,
    # and that server carries no pin cookie: always the primary.
    if public_paths.is_manage(path):  # the write API: token holders, fresh
        return False
    return public_paths.is_public(path) and not public_paths.is_preview(path)


def read_database_for(request, replicas: list[str]) -> str | None:
    """The replica this request's reads go to, or None for the primary."""
    if not replicas or not is_public_read(request) or PIN_COOKIE in request.COOKIES:
        return None
    return random.choice(replicas)


def connectable(alias: str) -> bool:
    """Whether the replica answers: its connection is made (or found
    healthy, CONN_HEALTH_CHECKS) here rather than at the request's first
    query, so that a dead one is left out instead of failing the request."""
    if _down_until.get(alias, 0) > time.monotonic():
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        wait = settings.DATABASE_REPLICA_RETRY_SECONDS
        _down_until[alias] = time.monotonic() + wait
        logger.warning(
            "Replica %s is unreachable; its reads go to the primary for %d s: %s",
            alias,
            wait,
            str(error).strip().splitlines()[0] if str(error).strip() else error,
        )
        return False
    _down_until.pop(alias, None)
    return True


def live_replicas() -> list[str]:
    """The replicas in use that are not known to be down."""
    now = time.monotonic()
    return [alias for alias in replicas_in_use() if _down_until.get(alias, 0) <= now]


def needs_pin(request, state: Routing) -> bool:
    """Whether the client's next reads must go to the primary: it changed
    something. The writes a public read makes (a stored document or
    rendition, a scheduled story's version tick) are derived from what it
    read and change nothing it could see, so they do not pin: a cookie there
    would also keep the response out of every cache."""
    if request.method not in SAFE_METHODS:
        return True
    return state.wrote and not is_public_read(request)


class ReplicaRouter:
    """Reads where the current request's routing says, writes and
    everything outside a request to the primary."""

    def db_for_read(self, model, **hints):
        state = _current.get()
        if state is None or state.replica is None or state.wrote:
            return DEFAULT_DB_ALIAS
        return state.replica

    def db_for_write(self, model, **hints):
        if (state := _current.get()) is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: a story read from a replica may be
        # linked to a photo read from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas get the schema by replication, from the primary.
        return db == DEFAULT_DB_ALIAS
