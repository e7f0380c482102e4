"""`CMS_API_THROTTLE_RATE` ("600/minute" and the like, or "off") and
`CMS_API_THROTTLE_EXEMPT` (addresses and networks), read once each. No
imports from the rest of the app: the settings checks use them too."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE)


@lru_cache(maxsize=8)
def parse_rate(value: str) -> tuple[int, int] | None:
    """(requests, seconds), or None when throttling is off."""
    if value.strip().lower() == "off":
        return None
    match = _RATE.match(value)
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(
            "CMS_API_THROTTLE_RATE must be a number of requests per second, "
            f'minute, hour or day, like "600/minute", or "off"; not {value!r}.'
        )
    return int(match[1]), PERIODS[match[2].lower()]


@lru_cache(maxsize=8)
def parse_networks(
    values: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(value, strict=False) for value in values)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"CMS_API_THROTTLE_EXEMPT must list IP addresses or networks: {error}."
        ) from None
