"""Related stories in the story form: the editor's choices, found by the
story search (as on fronts) and put in order by dragging a row or with its
Up and Down buttons (the fronts' script). Rows of their own, like credits:
on a live story they change with "Publish changes", not in a draft."""

from __future__ import annotations

from django.contrib import admin

from articles.admin.collections import SLOT_ORDER_CSS, SLOT_ORDER_JS
from articles.models import RelatedStory


class RelatedStoryInline(admin.TabularInline):
    model = RelatedStory
    fk_name = "source"
    extra = 1
    fields = ["position", "target"]
    autocomplete_fields = ["target"]
    ordering = ["position", "pk"]
    # `front-slots`: ordered by the fronts' script and styles.
    classes = ["front-slots", "related-stories"]
    verbose_name = "related story"
    verbose_name_plural = "related stories"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target")

    class Media:
        css = {"all": [SLOT_ORDER_CSS]}
        js = [SLOT_ORDER_JS]
