"""The wire queue: agency items waiting for an editor, newest first, with
their agency, time, urgency, slug and how many updates came since. "Use this"
takes an item's story (with its credits) for the editor and opens it; "Merge"
folds several agencies' items into one story, every agency credited."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.admin.display import ARTICLE_LIST_CSS
from articles.admin.wire_editions import WireEditionsAdmin, WireLanguageFilter
from articles.models import Tag, WireItem


class QueueStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "In the queue"), ("used", "Used"), ("all", "All")]

    def choices(self, changelist):
        # "In the queue" is the default, not Django's "All".
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or "waiting") == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        state = self.value() or "waiting"
        if state == "waiting":
            return queryset.filter(used_at__isnull=True)
        if state == "used":
            return queryset.filter(used_at__isnull=False)
        return queryset


class SubjectFilter(admin.SimpleListFilter):
    """Subjects with a scheme's code (IPTC Media Topics, an agency's own)
    that items waiting in the queue carry."""

    title = "subject"
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        tags = (
            Tag.objects.filter(articles__wire_item__used_at__isnull=True, uri__gt="")
            .distinct()
            .order_by("name")[:50]
        )
        return [(str(tag.pk), tag.name) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article__tags=self.value())
        return queryset


@admin.register(WireItem)
class WireItemAdmin(WireEditionsAdmin, admin.ModelAdmin):
    list_display = ["headline", "agency_and_language", "received_at", "filed_at",
                    "urgency", "slugline", "updates", "state"]  # fmt: skip
    list_filter = [QueueStateFilter, "agency", "article__urgency", SubjectFilter,
                   WireLanguageFilter]  # fmt: skip
    list_select_related = ["article", "used_by"]
    search_fields = ["article__headline", "article__slugline", "agency"]
    # Newest arrival first; of one poll, the latest filed first.
    ordering = ["-received_at", "-article__published_at", "-pk"]
    actions = ["use_selected", "merge_selected"]

    class Media:
        # The article list's layout: headlines readable at 1280 px.
        css = {"all": [ARTICLE_LIST_CSS]}

    fields = ["headline", "agency", "source", "origin", "received_at",
              "last_received_at", "updates", "filed_at", "urgency", "slugline",
              "language", "story_link", "credits", "state"]  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/articles/wireitem/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="Headline", ordering="article__headline")
    def headline(self, item: WireItem) -> str:
        return item.article.headline

    @admin.display(description="Filed", ordering="article__published_at")
    def filed_at(self, item: WireItem):
        return item.article.published_at

    @admin.display(description="Urgency", ordering="article__urgency")
    def urgency(self, item: WireItem):
        return item.article.urgency

    @admin.display(description="Slug", ordering="article__slugline")
    def slugline(self, item: WireItem) -> str:
        return item.article.slugline

    @admin.display(description="State")
    def state(self, item: WireItem) -> str:
        if item.merged_into_id:
            url = reverse("admin:articles_article_change", args=[item.merged_into_id])
            return format_html(
                'merged into <a href="{}">story {}</a>', url, item.merged_into_id
            )
        if item.used_at:
            return f"used by {item.used_by or 'someone'}"
        return "in the queue"

    @admin.display(description="Story")
    def story_link(self, item: WireItem) -> str:
        url = reverse("admin:articles_article_change", args=[item.article_id])
        return format_html('<a href="{}">{}</a>', url, item.article.headline)

    @admin.display(description="Credits")
    def credits(self, item: WireItem) -> str:
        names = item.article.credits.select_related("contributor")
        return ", ".join(f"{c.contributor.name} ({c.role})" for c in names) or "-"

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Wire queue", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Read-only: the template's one button is "Use this".
        extra_context = {**(extra_context or {}), "show_save": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        use = self.admin_site.admin_view(require_POST(self.use_view))
        return [
            path("<int:pk>/use/", use, name="articles_wireitem_use"),
            *super().get_urls(),
        ]

    def use_view(self, request: HttpRequest, pk: int):
        item = get_object_or_404(WireItem, pk=pk)
        if not self.may_take(request, item):
            raise PermissionDenied
        item.use(request.user)
        # The way back to the item (its agency, origin, updates) from the story.
        item_url = reverse("admin:articles_wireitem_change", args=[item.pk])
        self.message_user(
            request,
            format_html(
                '“{}” is yours. <a href="{}">The wire item</a>',
                item.article.headline,
                item_url,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[item.article_id])
        )

    @admin.action(description="Use this", permissions=["change"])
    def use_selected(self, request: HttpRequest, queryset):
        items = self.refuse_other_desks(
            request, list(queryset.select_related("article"))
        )
        if not items:
            return None
        for item in items:
            item.use(request.user)
        if len(items) == 1:
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[items[0].article_id])
            )
        self.message_user(request, f"{len(items)} items are yours.", messages.SUCCESS)
        return None

    @admin.action(description="Merge into one story", permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset):
        # The earliest item's story is kept: the first agency to file.
        items = queryset.select_related("article").order_by("received_at", "pk")
        items = self.refuse_other_desks(request, list(items))
        if len(items) < 2:
            self.message_user(
                request, "Select two items or more to merge.", messages.WARNING
            )
            return None
        kept = WireItem.merge(items, request.user)
        self.message_user(
            request,
            f"Merged {len(items)} items into “{kept.article.headline}”, every "
            "agency credited.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[kept.article_id])
        )
