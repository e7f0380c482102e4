"""What a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE): the
admin's own look, 429 Too Many Requests, and when to try again."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.contrib import admin
from django.template.response import TemplateResponse


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "minutes": minutes,
    }
    response = TemplateResponse(
        request, "admin/login_locked_out.html", context, status=429
    )
    # At most this long: the lock ends a cool-off after the last failure.
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response.render()
