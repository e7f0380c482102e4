"""`{% newsroom_panels as panels %}`: the home page's panels for the user
of the request (articles.admin.dashboard), read where the page is drawn."""

from __future__ import annotations

from django import template

from articles.admin.dashboard import Panel, newsroom_panels

register = template.Library()


@register.simple_tag(takes_context=True, name="newsroom_panels")
def panels_for_request(context) -> list[Panel]:
    return newsroom_panels(context["request"])
