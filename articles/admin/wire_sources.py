"""Wire sources: where agency copy comes from, how often it is polled, and
the log of the last polls (written by the task worker, read-only here).
Editors and superusers only: the Editor role holds these permissions
(articles.roles), writers and photo editors do not."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone

from articles.interchange.wire_tasks import poll_now
from articles.models import WirePoll, WireSource


class WirePollInline(admin.TabularInline):
    model = WirePoll
    fields = ["polled_at", "seconds", "files_read", "created", "updated",
              "unchanged", "refused", "skipped", "failed", "error"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "Last polls"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(WireSource)
class WireSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "format", "mode", "enabled", "poll_interval",
                    "last_success_at", "consecutive_failures", "next_poll_at",
                    "health"]  # fmt: skip
    list_filter = ["enabled", "kind", "mode"]
    search_fields = ["name", "location"]
    list_select_related = ["section"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "location", "format", "section", "mode",
                           "poll_interval", "enabled"]}),
        ("State", {"fields": ["last_polled_at", "last_success_at", "last_error",
                              "consecutive_failures", "next_poll_at"]}),
    ]  # fmt: skip
    readonly_fields = ["last_polled_at", "last_success_at", "last_error",
                       "consecutive_failures", "next_poll_at"]  # fmt: skip
    inlines = [WirePollInline]
    actions = ["poll_selected_now"]

    @admin.display(description="Health")
    def health(self, source: WireSource) -> str:
        if not source.enabled:
            return "disabled"
        if source.is_silent(timezone.now()):
            return "silent"
        return "failing" if source.consecutive_failures else "ok"

    def save_model(self, request, obj: WireSource, form, change) -> None:
        if change and {"kind", "location", "format"} & set(form.changed_data):
            # Another place or reading: what was seen there says nothing.
            obj.seen = {}
        super().save_model(request, obj, form, change)
        # Polled at once (a fixed URL is tried now, not after its backoff);
        # its task chain starts here, and a second chain ends at its first run.
        if obj.enabled:
            poll_now(obj)

    @admin.action(description="Poll now", permissions=["change"])
    def poll_selected_now(self, request: HttpRequest, queryset) -> None:
        sources = list(queryset.filter(enabled=True))
        for source in sources:
            poll_now(source)
        self.message_user(
            request,
            f"{len(sources)} sources queued for the task worker to poll now; "
            "disabled ones are left alone.",
            messages.SUCCESS,
        )
