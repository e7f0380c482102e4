from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Field, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.admin.credits import ArticleCreditInline
from articles.admin.display import WIDE_TEXT_INPUTS, preview, thumbnail
from articles.models import Article, Credit, Section


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


class SectionFilter(admin.RelatedFieldListFilter):
    """Section choices with their parents loaded in the same query; the
    default filter reads each section's parent (for its name) separately."""

    def field_choices(
        self, field: Field, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[int, str]]:
        sections = Section.objects.select_related("parent__parent")
        return sorted(((s.pk, str(s)) for s in sections), key=lambda c: c[1])


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "section",
        "status",
        "is_published",
        "published_at",
        "credit_line",
        "lead_image_thumbnail",
    ]
    list_filter = ["status", ("section", SectionFilter), "published_at", "tags"]
    # Section names include their parent's (and grandparent's), so load them
    # with the row; deeper nesting would cost a query per row.
    list_select_related = ["section__parent__parent", "lead_image"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "standfirst", "body", "slug", "source_id"]
    prepopulated_fields = {"slug": ["headline"]}
    formfield_overrides = WIDE_TEXT_INPUTS
    raw_id_fields = ["lead_image"]
    autocomplete_fields = ["section", "tags"]
    readonly_fields = [
        "credit_line",
        "lead_image_preview",
        "is_published",
        "first_published_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Filing", {"fields": ["section", "tags", "credit_line"]}),
        (
            "Lead image",
            {
                "description": "Pick a photo from the library with the magnifier; "
                "upload new photos under Images first.",
                "fields": ["lead_image", "lead_image_preview", "lead_image_caption"],
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "is_published",
                    "first_published_at",
                    ("created_at", "updated_at"),
                ]
            },
        ),
        (
            "Import and credits override",
            {"classes": ["collapse"], "fields": ["source_id", "credit_line_override"]},
        ),
    ]
    inlines = [ArticleCreditInline]
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The credit-line column reads every row's credits and contributors.
        credits = Credit.objects.select_related("contributor")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("credits", queryset=credits))
        )

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        article = self.get_object(request, object_id)
        image = article.lead_image if article is not None else None
        if request.method == "GET" and image is not None and image.rights_expired():
            when = timezone.localtime(image.rights_expire_at).strftime("%Y-%m-%d %H:%M")
            messages.warning(
                request,
                f"The lead image's rights expired on {when}; readers see this "
                "story without it.",
            )
        return super().change_view(request, object_id, *args, **kwargs)

    @admin.display(description="Credit line")
    def credit_line(self, article: Article) -> str:
        return article.credit_line

    @admin.display(description="Lead image")
    def lead_image_thumbnail(self, article: Article) -> SafeString | None:
        image = article.lead_image  # select_related: no query per row
        if image is not None and image.rights_expired():
            return format_html(
                "{}<br><strong>Rights expired</strong>",
                thumbnail(image) or "",
            )
        return thumbnail(image)

    @admin.display(description="Preview")
    def lead_image_preview(self, article: Article) -> SafeString:
        # Read-only fields show None as "None", unlike changelist columns.
        return preview(article.lead_image) or self.get_empty_value_display()

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = skipped = 0
        for article in queryset:
            if article.is_published():
                skipped += 1
                continue
            article.publish()
            published += 1
        message = f"Published {_articles(published)}."
        if skipped:
            message += f" {_articles(skipped)} already public, left as they were."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["change"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        unpublished = skipped = 0
        for article in queryset:
            # Drafts and archived stories are already off the public surfaces;
            # unpublishing an archived one would turn it into a draft.
            if article.status != Article.Status.PUBLISHED:
                skipped += 1
                continue
            article.unpublish()
            unpublished += 1
        message = f"Unpublished {_articles(unpublished)}; they are drafts now."
        if skipped:
            message += f" {_articles(skipped)} not published, left as they were."
        self.message_user(request, message, messages.SUCCESS)
