"""Requests per client to the API (`CMS_API_THROTTLE_RATE`), counted in the
shared cache so every app server agrees (Redis in production).

This is a middleware in front of the response cache rather than a DRF
throttle, so it counts cached hits too: a client's allowance then does not
depend on what other readers happened to ask for first, which it could
neither see nor predict, and a scraper walking cached pages still takes up
app-server workers that other clients are waiting for. Counting costs one
increment in the cache per request: two Redis round trips (Django checks
that the key exists first), against the lookup's one.

Each client's window starts with its first request (not on the clock's
minute, so clients are not all let go at once) and lasts the rate's period.
"""

from __future__ import annotations

import ipaddress
import json
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from rest_framework.exceptions import Throttled

from articles.api.throttle_rates import parse_networks, parse_rate
from articles.delivery import public_paths
from articles.http.client_ip import client_ip


def client_key(address: str) -> str:
    ip = ipaddress.ip_address(address)
    # One IPv6 subscriber usually gets a whole /64: counted as one client,
    # else every address in it would get its own allowance.
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def is_exempt(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    networks = parse_networks(tuple(settings.CMS_API_THROTTLE_EXEMPT))
    return any(ip in network for network in networks)


def _increment(key: str) -> int | None:
    try:
        # Atomic in Redis (INCR) and in local memory (under its lock).
        return cache.incr(key)
    except ValueError:  # no window yet, or it has just ended
        return None


def count_request(key: str, period: int) -> int:
    """This request's number in the client's current window."""
    count = _increment(key)
    if count is None:  # open a window, unless another app server just did
        count = 1 if cache.add(key, 1, timeout=period) else _increment(key) or 1
    if count == 1:
        # A new window. Redis's INCR also makes a key that expired between
        # Django's EXISTS and INCR, but without an expiry: give it one.
        cache.touch(key, period)
        cache.set(f"{key}:ends", time.time() + period, timeout=period)
    return count


def throttled_response(wait: int) -> HttpResponse:
    # The API's error body: {"detail": "..."}, as DRF words a throttle.
    body = {"detail": str(Throttled(wait=wait).detail)}
    response = HttpResponse(
        json.dumps(body), status=429, content_type="application/json"
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


class ApiThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rate = parse_rate(settings.CMS_API_THROTTLE_RATE)
        if rate is None or not public_paths.is_api(request.path_info):
            return self.get_response(request)
        address = client_ip(request)
        if address is None or is_exempt(address):
            return self.get_response(request)
        limit, period = rate
        key = f"throttle:api:{client_key(address)}"
        if count_request(key, period) > limit:
            ends = cache.get(f"{key}:ends") or time.time() + period
            return throttled_response(max(1, math.ceil(ends - time.time())))
        return self.get_response(request)
