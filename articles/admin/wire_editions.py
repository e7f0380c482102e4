"""Language in the wire queue (issue 23): each item's language, "French
version of …" when an agency sent the story in two languages, and the
button that groups the two as editions without publishing either
(articles.models.wire_editions). A language desk uses and groups only
items in its languages (articles.roles)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.models import WireItem
from articles.models.edition_desk import language_name
from articles.models.wire_editions import (
    group_as_editions,
    match_for,
    with_edition_match,
)
from articles.roles import can_edit, language_refusal


def version_of(language: str, headline: str) -> str:
    return f"{language_name(language)} version of “{headline}”"


class WireLanguageFilter(admin.SimpleListFilter):
    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).values_list(
            "article__language", flat=True
        )
        return [(code, language_name(code)) for code in sorted(set(codes))]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article__language=self.value())
        return queryset


class WireEditionsAdmin:
    """Mixed into WireItemAdmin, before its ModelAdmin base."""

    def get_queryset(self, request: HttpRequest):
        return with_edition_match(super().get_queryset(request))

    @admin.display(description="Language", ordering="article__language")
    def language(self, item: WireItem) -> str:
        return language_name(item.article.language)

    @admin.display(description="Agency", ordering="agency")
    def agency_and_language(self, item: WireItem) -> str:
        """The agency, the item's language under it and, when the agency
        sent the story in another language too, the way to group them (the
        item's page has the button); short, for the list at 1280 px."""
        name = language_name(item.article.language)
        if getattr(item, "match_pk", None) is None:
            return format_html("{}<br><small>{}</small>", item.agency, name)
        return format_html(
            '{}<br><small>{}: <a href="{}" title="{}">{} version waiting</a></small>',
            item.agency,
            name,
            reverse("admin:articles_wireitem_change", args=[item.pk]),
            version_of(item.article.language, item.match_headline),
            language_name(item.match_language),
        )

    def may_take(self, request: HttpRequest, item: WireItem) -> bool:
        """The change permission, and the item's story in the user's desk."""
        return self.has_change_permission(request, item) and can_edit(
            request.user, item.article
        )

    def refuse_other_desks(self, request: HttpRequest, items: list) -> list:
        """The items the user's desk may take; the others named, left."""
        mine = []
        for item in items:
            if can_edit(request.user, item.article):
                mine.append(item)
            else:
                refusal = language_refusal(request.user, item.article.language)
                self.message_user(
                    request,
                    f"“{item.article.headline}” left: {refusal}",
                    messages.ERROR,
                )
        return mine

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        other = match_for(item) if item is not None else None
        if other is not None:
            extra_context = {
                **(extra_context or {}),
                "edition_match": {
                    "language": language_name(item.article.language),
                    "headline": other.article.headline,
                    "url": reverse(
                        "admin:articles_wireitem_group_editions",
                        args=[item.pk, other.pk],
                    ),
                    "other_url": reverse(
                        "admin:articles_wireitem_change", args=[other.pk]
                    ),
                },
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        group = self.admin_site.admin_view(require_POST(self.group_editions_view))
        return [
            path(
                "<int:pk>/group-editions/<int:other_pk>/",
                group,
                name="articles_wireitem_group_editions",
            ),
            *super().get_urls(),
        ]

    def group_editions_view(self, request: HttpRequest, pk: int, other_pk: int):
        item = get_object_or_404(WireItem.objects.select_related("article"), pk=pk)
        other = get_object_or_404(
            WireItem.objects.select_related("article"), pk=other_pk
        )
        if not (self.may_take(request, item) and self.may_take(request, other)):
            raise PermissionDenied
        back = reverse("admin:articles_wireitem_change", args=[item.pk])
        try:
            source = group_as_editions(item, other, user=request.user)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(
            request,
            f"Grouped “{item.article.headline}” and “{other.article.headline}” "
            f"as editions of one story, the {language_name(source.language)} "
            "one the source. Neither was published; both wait in the queue.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(back)
