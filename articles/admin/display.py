"""Small HTML helpers shared by the admin pages. Everything stored goes
through format_html, so a caption or alt text can never inject markup."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Image

LIST_THUMBNAIL_HEIGHT = 60
PREVIEW_HEIGHT = 300


def thumbnail(
    image: Image | None, *, height: int = LIST_THUMBNAIL_HEIGHT
) -> SafeString | None:
    """An <img> of the image's file, or None (shown as a dash) when there is
    no image or only its caption and credit are known."""
    if image is None or not image.file:
        return None
    return format_html(
        '<img src="{}" alt="{}" loading="lazy" '
        'style="max-height: {}px; max-width: {}px; height: auto; width: auto">',
        image.file.url,
        image.alt_text,
        height,
        height * 2,
    )


def preview(image: Image | None) -> SafeString | None:
    """The larger picture shown on change forms."""
    return thumbnail(image, height=PREVIEW_HEIGHT)


# Headlines, slugs and alt texts run long; the default 20em input hides most
# of them.
WIDE_TEXT_INPUTS = {
    models.CharField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
    models.SlugField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
}
