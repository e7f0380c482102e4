"""Records the system keeps: renditions made, stories withdrawn, and the
third-party apps' logs (login attempts, task results). They are for whoever
runs the system: superusers see them, the newsroom's roles see neither their
entries on the home page nor their pages (403), whatever permissions a group
was given."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Rendition, Withdrawal
from articles.photos.renditions import rendition_url

# Apps whose every admin page is a technical record (axes: login attempts and
# lockouts; django-tasks: background task results).
TECHNICAL_APPS = ("axes", "django_tasks_database")


class SuperusersOnly:
    """A ModelAdmin mixin: the model is hidden from everyone but superusers,
    in the index and at its URLs alike."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def superusers_only(site: admin.AdminSite, app_labels: tuple[str, ...]) -> None:
    """Register the ModelAdmins of `app_labels` again, for superusers only.
    Their admin modules are imported before ours (INSTALLED_APPS order)."""
    for model in [m for m in site._registry if m._meta.app_label in app_labels]:
        try:
            model_admin = type(site.get_model_admin(model))
        except NotRegistered:
            continue
        if issubclass(model_admin, SuperusersOnly):
            continue
        site.unregister(model)
        name = f"SuperusersOnly{model_admin.__name__}"
        site.register(model, type(name, (SuperusersOnly, model_admin), {}))


superusers_only(admin.site, TECHNICAL_APPS)


@admin.register(Rendition)
class RenditionAdmin(SuperusersOnly, admin.ModelAdmin):
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
class WithdrawalAdmin(SuperusersOnly, admin.ModelAdmin):
    """The record syncing clients read; written by the system, never by hand."""

    list_display = ["slug", "article_id", "reason", "withdrawn_at"]
    list_filter = ["reason", "withdrawn_at"]
    search_fields = ["slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
