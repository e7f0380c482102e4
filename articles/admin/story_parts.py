"""The story admin's smaller parts: its list filters, the corrections
inline, the bulk actions' loop and where the text came from."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import Field, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from articles.admin.story_form import SIDE
from articles.admin.workflow import can_edit, can_publish
from articles.models import Article, Correction, PublishRefused, Section
from articles.roles import language_refusal


def count_articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


def change_each(
    request: HttpRequest,
    articles: QuerySet[Article],
    change: Callable[[Article], object],
    *,
    skip: Callable[[Article], bool],
) -> tuple[int, int]:
    """`change` each of `articles` that `skip` leaves, as the requesting user:
    how many were changed, and how many skipped."""
    changed = skipped = 0
    for article in articles:
        if not can_publish(request.user, article):
            # Another desk's story (articles.roles): named, left as it was.
            messages.error(
                request,
                f"“{article.headline}” left as it was: "
                f"{language_refusal(request.user, article.language)}",
            )
            continue
        if skip(article):
            skipped += 1
            continue
        article.updated_by = request.user
        try:
            change(article)
        except PublishRefused as refused:
            messages.error(
                request,
                f"“{article.headline}” not published: {' '.join(refused.messages)}",
            )
            continue
        changed += 1
    return changed, skipped


class SectionFilter(admin.RelatedFieldListFilter):
    """Section choices with their parents loaded in the same query; the
    default filter reads each section's parent (for its name) separately."""

    def field_choices(
        self, field: Field, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[int, str]]:
        sections = Section.objects.select_related("parent__parent")
        return sorted(((s.pk, str(s)) for s in sections), key=lambda c: c[1])


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "noted_at", "note"]
    verbose_name_plural = "Corrections and updates (shown to readers with the story)"

    def _editable(self, request, obj) -> bool:
        return can_publish(request.user) and can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(
            request, obj
        )


class ByAuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "byline"

    def lookups(self, request, model_admin):
        from articles.models import Contributor

        authors = Contributor.objects.filter(credits__role="author").distinct()
        return [(c.slug, c.name) for c in authors.order_by("name")[:200]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                credits__role="author", credits__contributor__slug=self.value()
            ).distinct()
        return queryset


# Where the text came from (articles.models.story_source), in the side panel
# by the filing.
TEXT_SOURCE_FIELDSET = (
    "Text source",
    {
        "classes": [SIDE],
        "description": "Say so when a language model drafted or edited the "
        "story, or machine translation drafted it: readers are told.",
        "fields": ["digital_source_type", "machine_translated", "source_note"],
    },
)


def text_source_badges(article: Article) -> SafeString:
    """ "AI-drafted", "Machine-translated"… after the list's status (no
    query; the photo list's badge style)."""
    return format_html_join(
        "",
        ' <span class="provenance-badge provenance-label-ai_generated">{}</span>',
        ((badge,) for badge in article.text_source_badges()),
    )
