"""Preview links for drafts: a signed, expiring token that opens one
article's document, in the same shape the API gives published ones, and the
same document as a page editors read (articles.delivery.preview_page). An
altered, expired or other article's token opens nothing (404). A live story
with a working draft (articles.models.drafts) previews the draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "articles.delivery.preview"
PAGE_URL_NAME = "article-preview-page"


@dataclass(frozen=True)
class PreviewUrls:
    token: str
    api: str
    page: str  # the reading page (the project mounts it: PAGE_URL_NAME)
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
        page=reverse(PAGE_URL_NAME, kwargs={"token": token}),
        frontend=template.format(token=token, slug=article.slug) if template else "",
        expires_at=timezone.now() + timedelta(seconds=settings.CMS_PREVIEW_MAX_AGE),
    )


def preview_article(token: str):
    """The story `token` opens, with everything its document reads (photos
    whose rights hold), or None. With a working draft, the draft's fields
    over the live story's, unsaved."""
    from articles.models import Article, ArticleDraft, Image

    article_id = article_id_from(token)
    if article_id is None:
        return None
    images = Image.objects.rights_current()
    article = Article.objects.filter(pk=article_id).with_document_parts(images).first()
    draft = ArticleDraft.objects.filter(article_id=article_id).first()
    if article is not None and draft is not None:
        show_draft(article, draft, images)
    return article


def show_draft(article, draft, images) -> None:
    """`draft` onto `article` in memory, its related rows loaded as
    `with_document_parts` loads them."""
    from django.db.models import Prefetch

    from articles.models import Credit, Tag
    from articles.text.body import image_ids

    draft.apply_to(article)
    credits = Credit.objects.select_related("contributor")
    with_credits = images.prefetch_related(Prefetch("credits", queryset=credits))
    lead_id = article.lead_image_id
    article.lead_image = with_credits.filter(pk=lead_id).first() if lead_id else None
    cache = article._prefetched_objects_cache
    cache["body_images"] = with_credits.filter(pk__in=image_ids(article.body))
    if "tags" in draft.values:
        cache["tags"] = Tag.objects.filter(pk__in=draft.values["tags"])
    for related in ("body_images", "tags"):
        list(cache[related])  # read now, like a prefetch
