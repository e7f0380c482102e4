"""Each request's read-replica routing (cms/db_routing.py), and the cookie
that sends a client who just changed something to the primary."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from cms.db_routing import (
    PIN_COOKIE,
    connectable,
    live_replicas,
    needs_pin,
    read_database_for,
    routing,
)


class ReplicaRoutingMiddleware:
    """Sets each request's routing, and the pin cookie after a change. Must
    run before anything that reads the database (the response cache reads
    the content version)."""

    def __init__(self, get_response):
        if not settings.DATABASE_REPLICA_URLS:
            raise MiddlewareNotUsed("no DATABASE_REPLICA_URLS")
        self.get_response = get_response

    def __call__(self, request):
        replica = read_database_for(request, live_replicas())
        if replica is not None and not connectable(replica):
            replica = None
        with routing(replica) as state:
            response = self.get_response(request)
        if needs_pin(request, state):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
