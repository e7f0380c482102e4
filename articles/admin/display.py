"""Small HTML helpers shared by the admin pages. Everything stored goes
through format_html, so a caption or alt text can never inject markup."""

from __future__ import annotations

from django import forms
from django.db import models
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
