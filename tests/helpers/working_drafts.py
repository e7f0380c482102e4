"""Working drafts of live stories in admin tests: the change form's hidden
edit-conflict fields as a browser would send them back, and an editor's
POST that saves, publishes or discards a draft."""

from __future__ import annotations

import html
import re

from articles.models import Article
from tests.helpers.admin import article_form

ADMIN = "/admin/articles/article/"


def opened(page) -> dict[str, str]:
    """The hidden opened_revision and opened_draft of a change form page
    ("" where the page has none: a read-only page)."""
    text = page.content.decode()
    found = {}
    for name in ("opened_revision", "opened_draft"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', text)
        value = tag and re.search(r'value="([^"]*)"', tag.group(0))
        found[name] = html.unescape(value.group(1)) if value else ""
    return found


def post_change(client, article: Article, button: str | None = None, **fields):
    """GET the change form of `article`, then POST its live values with
    `fields` over them, as `button` (None: the default save)."""
    url = f"{ADMIN}{article.pk}/change/"
    data = article_form(
        article,
        standfirst=article.standfirst,
        section=article.section_id or "",
        lead_image=article.lead_image_id or "",
        tags=list(article.tags.values_list("pk", flat=True)),
        **opened(client.get(url)),
    )
    data |= fields
    if button:
        data[button] = "1"
    return client.post(url, data)
