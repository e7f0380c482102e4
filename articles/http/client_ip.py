"""Who the client is, for API throttling, login lockouts (django-axes) and
the access log.

REMOTE_ADDR, unless CMS_BEHIND_PROXY says a proxy of ours is in front: then
the X-Forwarded-For entry that proxy added, CMS_PROXY_COUNT entries from the
right (Django REST Framework's NUM_PROXIES rule). Entries further left are
whatever the client wrote, so they are never trusted; without a proxy the
whole header is the client's own, so it is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str | None) -> str | None:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR"))
    if not settings.CMS_BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # A proxy that wrote something other than an address is misconfigured;
    # the connection's own address is still a real one.
    return _valid(hops[-min(settings.CMS_PROXY_COUNT, len(hops))]) or remote
