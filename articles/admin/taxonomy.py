from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from articles.models import Section, Tag


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "article_count"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    # Explicit: Meta.ordering is not applied to the annotated (grouped) query.
    ordering = ["name", "pk"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "parent"]}),
        (
            "Rules at publish",
            {
                "description": "What publishing one of this section's stories "
                "checks of its photos (docs/guides/photos.md, Rules at publish).",
                "fields": [
                    "ai_caption_rule",
                    "invalid_credentials_rule",
                    "agency_source_type_rule",
                    "forbidden_use_rule",
                    "offered_for_ai_training",
                ],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        # Names include the parent's, which includes the grandparent's; the
        # autocomplete for article sections goes through here too.
        return (
            super()
            .get_queryset(request)
            .select_related("parent__parent__parent")
            .annotate(article_count=Count("articles"))
        )

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, section: Section) -> int:
        return section.article_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, tag: Tag) -> int:
        return tag.article_count
