"""Readable history: beside django-reversion's list of versions (each one
revertible), what each version changed, field by field, with the words that
went and came marked in long texts, and the body's changes block by block
(articles.admin.block_diff)."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.admin.block_diff import block_diff, word_marks

# Bookkeeping that changes with every save and says nothing to an editor.
IGNORED = {"revision", "updated_at", "updated_by"}
CHANGES_CSS = "articles/admin/changes.css"
# HTML fields shown block by block, whatever was there before.
BLOCK_FIELDS = {"body"}


def word_diff(old: str, new: str) -> SafeString:
    """`new` with removed words struck through and added ones marked."""
    # word_marks escapes every piece it joins.
    return mark_safe(word_marks(strip_tags(old), strip_tags(new)))


def display(field: models.Field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value} (deleted)"
    if isinstance(field, models.ManyToManyField):
        names = field.related_model.objects.filter(pk__in=value)
        return ", ".join(sorted(str(n) for n in names)) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes(
    model, older: dict | None, newer: dict, word_diffs=(models.TextField,)
) -> list[dict]:
    """The fields that differ, labelled, with `word_diffs` fields' words
    marked (the history: long texts; a working draft: every text)."""
    rows = []
    for name, value in newer.items():
        try:
            field = model._meta.get_field(name)
        except Exception:  # an attname such as section_id
            field = next(
                (f for f in model._meta.concrete_fields if f.attname == name), None
            )
        if field is None or field.name in IGNORED:
            continue
        before = older.get(name) if older is not None else None
        if older is not None and before == value:
            continue
        old_text, new_text = display(field, before), display(field, value)
        # Words marked only where there were words before and after.
        long_text = (
            isinstance(field, word_diffs)
            and not field.choices
            and before not in (None, "")
            and value not in (None, "")
        )
        if field.name in BLOCK_FIELDS:
            diff = block_diff(str(before or ""), str(value or ""))
        else:
            diff = word_diff(old_text, new_text) if long_text else None
        rows.append(
            {
                "label": str(field.verbose_name).capitalize(),
                "old": old_text,
                "new": new_text,
                "diff": diff,
            }
        )
    return rows


class ReadableHistoryAdmin(VersionAdmin):
    object_history_template = "admin/articles/object_history.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.version_changes_view),
                name=f"{opts.app_label}_{opts.model_name}_version_changes",
            ),
            *super().get_urls(),
        ]

    def version_changes_view(self, request, object_id, version_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        version = get_object_or_404(Version, pk=version_id, object_id=object_id)
        older = (
            Version.objects.get_for_object_reference(self.model, object_id)
            .filter(pk__lt=version.pk)
            .order_by("-pk")
            .first()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Changes in the version of {version.revision.date_created:%Y-%m-%d %H:%M}",
            "version": version,
            "object_id": object_id,
            # For the breadcrumbs: None once the story is deleted.
            "original": self.model.objects.filter(pk=object_id).first(),
            "rows": changes(
                self.model, older.field_dict if older else None, version.field_dict
            ),
            "first": older is None,
        }
        return TemplateResponse(request, "admin/articles/version_changes.html", context)
