"""Preview links for drafts: a signed, expiring token that opens one
article's document, in the same shape the API gives published ones. An
altered, expired or other article's token opens nothing (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "articles.delivery.preview"


@dataclass(frozen=True)
class PreviewUrls:
    token: str
    api: str
    frontend: str
    expires_at: datetime


def make_token(article) -> str:
    return signing.dumps({"article": article.pk}, salt=SALT, compress=False)


def article_id_from(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CMS_PREVIEW_MAX_AGE)
    except signing.BadSignature:  # altered, or expired (SignatureExpired)
        return None
    article_id = data.get("article") if isinstance(data, dict) else None
    return article_id if isinstance(article_id, int) else None


def preview_urls(article) -> PreviewUrls:
    token = make_token(article)
    api = reverse("api:article-preview", kwargs={"token": token})
    template = settings.CMS_PREVIEW_URL
    return PreviewUrls(
        token=token,
        api=api,
        frontend=template.format(token=token, slug=article.slug) if template else "",
        expires_at=timezone.now() + timedelta(seconds=settings.CMS_PREVIEW_MAX_AGE),
    )
