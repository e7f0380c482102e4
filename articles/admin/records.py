"""Records the system keeps: renditions made and stories withdrawn."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Rendition, Withdrawal
from articles.photos.renditions import rendition_url


@admin.register(Rendition)
class RenditionAdmin(admin.ModelAdmin):
    """What has been rendered, for the curious and for clearing a bad one.
    Renditions are made on request, never by hand."""

    list_display = ["__str__", "spec", "format", "size", "file_size", "created_at"]
    list_filter = ["spec", "format"]
    list_select_related = ["image"]
    search_fields = ["image__caption", "image__original_filename"]
    readonly_fields = ["image", "spec", "format", "version", "view", "width", "height",
                       "file_size", "created_at"]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="Size")
    def size(self, rendition: Rendition) -> str:
        return f"{rendition.width} × {rendition.height}"

    @admin.display(description="Rendition")
    def view(self, rendition: Rendition) -> SafeString:
        url = rendition_url(rendition.image, rendition.spec, rendition.format)
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(Withdrawal)
class WithdrawalAdmin(admin.ModelAdmin):
    """The record syncing clients read; written by the system, never by hand."""

    list_display = ["slug", "article_id", "reason", "withdrawn_at"]
    list_filter = ["reason", "withdrawn_at"]
    search_fields = ["slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
