"""A request id for every request, in its logs and its response.

The id comes from the `X-Request-ID` header when it is a plain token (a proxy,
CDN or the website's server passing its own id on, so one id follows a reader's
request through every tier), else a new one is made. It is only a label for
finding log lines, never trusted for anything else, so any client may choose
its own; the charset and length stop it from forging or bloating log lines.

The middleware is the outermost: it sets the header on the way out, after the
response cache, so a cached response never carries another request's id, and
a 500 carries the id of the error's log record. It also writes the access log,
one line per request (logger "cms.request")."""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.utils.functional import empty

from articles.delivery import public_paths
from articles.http.client_ip import client_ip

HEADER = "X-Request-ID"
# Heroku's ids are up to 200 characters; nginx's, Envoy's and ours are 32-36.
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
access_log = logging.getLogger("cms.request")


def forget_request_id(**kwargs) -> None:
    # Sent when the server closes the response: records between requests
    # (a worker restarting, say) belong to none.
    request_id.set(None)


request_finished.connect(forget_request_id, dispatch_uid="cms.request_id")


def chosen_id(incoming: str | None) -> str:
    if incoming and SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def logged_path(request) -> str:
    # The full path, query included (filters and pages matter when reading a
    # log); escaped, so a %0A in the URL stays "%0A" in a text log.
    # Preview links are secrets valid for days: not written to logs.
    if prefix := public_paths.preview_prefix(request.path_info):
        return prefix + "[token]/"
    return request.get_full_path()


def known_user_id(request) -> int | None:
    """The staff member's id when the request already looked them up (the
    admin); never loads a session just to write a log line."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)  # still lazy: nobody asked
    if user is None or user is empty or not user.is_authenticated:
        return None
    return user.pk


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        current = chosen_id(request.META.get("HTTP_X_REQUEST_ID"))
        # Kept until the request is finished (below), not just until this
        # returns: Django logs 4xx responses ("Not Found: ...") after the
        # middleware, and those records need the id too.
        request_id.set(current)
        response = self.get_response(request)
        response[HEADER] = current
        if access_log.isEnabledFor(logging.INFO):
            self.log(request, response, started)
        return response

    def log(self, request, response, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = logged_path(request)
        fields = {
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            # As lockouts and throttling see it (CMS_BEHIND_PROXY).
            "client": client_ip(request),
        }
        if (user_id := known_user_id(request)) is not None:
            fields["user_id"] = user_id
        access_log.info(
            "%s %s %s %sms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra=fields,
        )
