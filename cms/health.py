"""For load balancers and orchestrators.

`/healthz`: the process is up and answering; touches nothing, so a database
outage does not make every app server look dead and get restarted.
`/readyz`: this server can do its work: the database answers, the cache
stores and returns a value, media storage is reachable. 503 otherwise, naming
what failed, so a balancer stops sending traffic until it recovers. A read
replica that is down is reported but does not fail the check: its reads go
to the primary (cms/db_routing.py), and a 503 from every app server would
take the whole site out for the loss of one copy. A wire source silent for
three of its polling intervals is reported by name ("degraded"), likewise.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cms.db_routing import replicas_in_use


def _answer(payload: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def healthz(request):
    return _answer({"status": "ok"})


def _select_one(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _database() -> None:
    _select_one("default")


def _cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", str(time.time())
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def _storage() -> None:
    if isinstance(default_storage, FileSystemStorage):
        root = Path(default_storage.location)
        # As the storage itself would at its first upload.
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".readyz-{uuid.uuid4().hex}"
        probe.write_bytes(b"")  # writable, not just present
        probe.unlink()
    else:
        # Object storage: a listing is a request to the service that fails
        # on a missing bucket or refused credentials (a lookup of one name
        # would only say "not there").
        default_storage.listdir("")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


def _failure(error: Exception) -> str:
    return f"failed: {type(error).__name__}: {error}"[:300]


@require_GET
def readyz(request):
    results, failed = {}, False
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure means "not ready", said why
            results[name] = _failure(error)
            failed = True
    payload = {"status": "unavailable" if failed else "ok", "checks": results}
    if replicas := replicas_in_use():
        payload["replicas"] = {}
        for alias in replicas:
            try:
                _select_one(alias)
                payload["replicas"][alias] = "ok"
            except Exception as error:  # reported; its reads go to the primary
                payload["replicas"][alias] = _failure(error)
                if not failed:
                    payload["status"] = "degraded"
    if results["database"] == "ok" and (silent := _silent_wire_sources()):
        # Reported, not failed: the site serves without news coming in.
        payload["wire_sources"] = silent
        if not failed:
            payload["status"] = "degraded"
    return _answer(payload, status=503 if failed else 200)


def _silent_wire_sources() -> dict[str, str]:
    """Wire sources not heard from for three of their intervals, by name."""
    from articles.models import WireSource

    return {
        source.name: (
            f"silent since {source.last_success_at:%Y-%m-%d %H:%M:%S} UTC"
            if source.last_success_at
            else "never polled successfully"
        )
        + (f": {source.last_error[:200]}" if source.last_error else "")
        for source in WireSource.objects.silent(timezone.now())
    }
