"""Small HTML helpers shared by the admin pages. Everything stored goes
through format_html, so a caption or alt text can never inject markup."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.imaging.specs import get_specs
from articles.models import Image
from articles.photos.renditions import (
    primary_rendition_url,
    rendition_formats,
    rendition_url,
)

# Sizes are in articles/static/articles/admin/photos.css: a strict
# Content-Security-Policy (style-src without 'unsafe-inline') blocks style
# attributes, so the markup carries classes only.
ADMIN_CSS = "articles/admin/photos.css"
# The working-draft notice, its diff and the "pending changes" badge.
DRAFTS_CSS = "articles/admin/drafts.css"
# The story form's action buttons, their confirmation and the state badge.
STORY_ACTIONS_CSS = "articles/admin/story-actions.css"
STORY_ACTIONS_JS = "articles/admin/story-actions.js"
# The article list's columns at 1280 px.
ARTICLE_LIST_CSS = "articles/admin/article-list.css"


def thumbnail(image: Image | None) -> SafeString | None:
    """An <img> of the image's thumbnail rendition, or None (shown as a dash)
    when there is no image or only its caption and credit are known. The
    admin never links the original: it keeps the photographer's private
    metadata (GPS position, camera serials)."""
    if image is None or not image.file:
        return None
    return format_html(
        '<img src="{}" alt="{}" loading="lazy" class="admin-thumbnail">',
        admin_rendition_url(image, "thumbnail"),
        image.alt_text,
    )


def preview(image: Image | None) -> SafeString | None:
    """The whole photo, uncropped, as shown on change forms; the focal-point
    picker works on it."""
    if image is None or not image.file:
        return None
    return format_html(
        '<img src="{}" alt="{}" class="admin-preview focal-point-preview" '
        'data-focal-x="{}" data-focal-y="{}">',
        primary_rendition_url(image),
        image.alt_text,
        image.focal_x,
        image.focal_y,
    )


def admin_rendition_url(image: Image, spec: str) -> str:
    formats = rendition_formats()
    if spec in get_specs():
        return rendition_url(image, spec, "webp" if "webp" in formats else formats[0])
    return primary_rendition_url(image)


# Headlines, slugs and alt texts run long; the default 20em input hides most
# of them.
WIDE_TEXT_INPUTS = {
    models.CharField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
    models.SlugField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
}


def status_label(article, now) -> tuple[str, str]:
    """(label, colour class) of a story's status as readers see it at
    `now`: a published or scheduled story is "Scheduled for …" before its
    date, "Embargoed until …" before an embargo that is later than its date,
    and "Live" after, by the rule of `published()`; others are "Draft", "In
    review" or "Archived"; a waiting working draft is said too."""
    if article.status in article.LIVE_STATUSES:
        at = article.goes_live_at()
        if article.visibility().is_public(now):
            label, colour = "Live", "published"
        elif at is None:  # an edition's gate, its source not live
            label, colour = "Held until its source is live", "scheduled"
        elif article.held_until is not None and at == article.held_until:
            label = f"Held until {timezone.localtime(at):%Y-%m-%d %H:%M}"
            colour = "scheduled"
        elif article.embargo_until is not None and at == article.embargo_until:
            # The embargo is what holds it, not its date.
            label = f"Embargoed until {timezone.localtime(at):%Y-%m-%d %H:%M}"
            colour = "embargoed"
        else:
            at = timezone.localtime(at)
            label, colour = f"Scheduled for {at:%Y-%m-%d %H:%M}", "scheduled"
    else:
        label, colour = article.get_status_display(), article.status
    # Annotated by the admin's queryset: None, or whether it is in review.
    pending = getattr(article, "pending_draft", None)
    at = getattr(article, "draft_publish_at", None)  # "Publish changes at…"
    if at is not None:
        label += f", changes scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M}"
    elif pending is not None:
        label += " with changes in review" if pending else " with pending changes"
    return label, colour


def status_badge(article) -> SafeString:
    label, colour = status_label(article, timezone.now())
    pending = getattr(article, "pending_draft", None) is not None
    # Colours in ADMIN_CSS, by class: no style attribute under the CSP.
    return format_html(
        '<span class="status-badge status-{}{}">{}</span>',
        colour,
        " status-pending" if pending else "",
        label,
    )


def last_change(article) -> SafeString:
    """When a story was last saved, in the site's time zone, and by whom
    (`updated_by` selected with the row: no query per row)."""
    when = timezone.localtime(article.updated_at).strftime("%Y-%m-%d %H:%M")
    by = article.updated_by
    if by is None:
        return format_html('<span class="last-change">{}</span>', when)
    return format_html(
        '<span class="last-change">{}<br><small>by {}</small></span>',
        when,
        by.get_full_name() or by.get_username(),
    )


def story_links(article) -> SafeString:
    """A live story's API document, or a draft's preview: the website's
    (CMS_PREVIEW_URL) when there is one, else the reading page, and the API
    document either way."""
    from articles.delivery.preview import preview_urls

    if article.is_published():
        api = article.get_absolute_url()  # with its language if not the default
        return format_html('<a href="{}" target="_blank">View in API</a>', api)
    urls = preview_urls(article)
    return format_html(
        '<a href="{}" target="_blank">{}</a> · <a href="{}" target="_blank">'
        "Preview (API)</a><br><small>Valid until {}; anyone with the link can "
        "read this draft.</small>",
        urls.frontend or urls.page,
        "Preview on the website" if urls.frontend else "Preview",
        urls.api,
        timezone.localtime(urls.expires_at).strftime("%Y-%m-%d %H:%M"),
    )
