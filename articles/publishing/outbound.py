"""Outbound HTTP that cannot be pointed inside the network. Webhook URLs are
typed by editors; without this, one could make the server POST to its own
database, Redis or a cloud metadata service. Every address a host resolves
to is checked when connecting (so a DNS answer that changes after the URL
was saved changes nothing), redirects are not followed, and no proxy from
the environment is used."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeDestination(OSError):
    """The destination is a private, loopback, link-local or reserved address."""


def check_ip(address: str) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if not ip.is_global or ip.is_multicast:
        raise UnsafeDestination(
            f"refused: {ip} is a private, loopback, link-local or reserved address"
        )


def safe_address(host: str, port: int) -> str:
    """An address of `host` to connect to, every one of them checked."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    if not settings.CMS_WEBHOOK_ALLOW_PRIVATE:
        for address in addresses:
            check_ip(address)
    return addresses[0]


def check_url(url: str) -> None:
    """For forms: refuse a URL whose host is (or resolves to) an address that
    deliveries would refuse. A host that does not resolve yet is let through;
    the check at delivery still applies."""
    if settings.CMS_WEBHOOK_ALLOW_PRIVATE:
        return
    host = urlsplit(url).hostname or ""
    try:
        safe_address(host, 80)
    except socket.gaierror:
        return


class _SafeHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        address = safe_address(self.host, self.port)
        self.sock = socket.create_connection((address, self.port), self.timeout)


class _SafeHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        address = safe_address(self.host, self.port)
        sock = socket.create_connection((address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _SafeHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_SafeHTTPConnection, req)


class _SafeHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_SafeHTTPSConnection, req)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A receiver that moved says so with a failure the log shows, rather than
    # the signed body going somewhere nobody configured.
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _SafeHTTPHandler, _SafeHTTPSHandler, _NoRedirects
)
