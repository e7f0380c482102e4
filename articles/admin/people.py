from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from articles.admin.history import ReadableHistoryAdmin
from articles.models import Contributor


@admin.register(Contributor)
class ContributorAdmin(ReadableHistoryAdmin):
    list_display = ["name", "short_name", "kind", "credit_count"]
    list_filter = ["kind"]
    # Also what the credit inlines' autocomplete searches.
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "short_name", "kind", "url", "bio"]
    # Explicit: Meta.ordering is not applied to the annotated (grouped) query.
    ordering = ["name", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contributor]:
        return super().get_queryset(request).annotate(credit_count=Count("credits"))

    @admin.display(description="Credits", ordering="credit_count")
    def credit_count(self, contributor: Contributor) -> int:
        return contributor.credit_count
