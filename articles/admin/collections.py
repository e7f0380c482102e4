"""Fronts in the admin: a collection's version with its slots inline, in
order (drag a row by its handle, or type the order), the story found by
search, the rule's settings, a preview of what the public sees now, history
and revert (django-reversion), and the edit-conflict refusal: a save over
someone else's later one is refused with the editor's changes on screen.
A front has a language; a chosen story in another one is refused on its
row (`Slot.clean`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from articles.delivery import fronts
from articles.models import Article, Collection, Slot
from articles.models.edition_desk import language_name
from articles.models.editions import default_language, languages

SLOT_ORDER_JS = "articles/admin/slot-order.js"
SLOT_ORDER_CSS = "articles/admin/slot-order.css"


class CollectionForm(forms.ModelForm):
    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # On the revert and recover pages the old version is already written
    # (raw, its old revision number) when the form is made: the revision to
    # compare with is the one stored before it (set per request).
    before_revert: int | None = None

    class Meta:
        model = Collection
        fields = ["name", "slug", "language", "max_items", "live_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            choices=[(code, f"{language_name(code)} ({code})") for code in languages()],
            initial=self.instance.language or default_language(),
            label="Language",
            help_text=Collection._meta.get_field("language").help_text,
        )
        self.fields["opened_revision"].initial = (
            self.instance.revision if self.before_revert is None else self.before_revert
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Locked until the admin's transaction ends: no save slips in
        # between this check and ours.
        stored = (
            Collection.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("revision", "updated_at")
            .first()
        )
        opened = cleaned.get("opened_revision")
        if stored is not None and self.before_revert is not None:
            stored = (self.before_revert, stored[1])
        if stored is not None and opened is not None and opened != stored[0]:
            when = timezone.localtime(stored[1]).strftime("%Y-%m-%d %H:%M:%S %Z")
            raise ValidationError(
                f"Someone saved this front at {when}, after this copy was "
                "opened. Nothing was overwritten: open it again to see their "
                "changes, then make yours.",
                code="edit_conflict",
            )
        return cleaned


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 1
    fields = [
        "position",
        "article",
        "headline",
        "standfirst",
        "photo",
        "rule",
        "section",
        "tag",
        "count",
    ]
    autocomplete_fields = ["article", "section", "tag"]
    raw_id_fields = ["photo"]
    ordering = ["position", "pk"]
    classes = ["front-slots"]
    formfield_overrides = {
        Slot._meta.get_field("standfirst").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 30})
        }
    }


@admin.register(Collection)
class CollectionAdmin(VersionAdmin):
    form = CollectionForm
    list_display = [
        "name", "slug", "language", "live_from", "is_live", "max_items", "updated_at"
    ]  # fmt: skip
    list_filter = ["language", "slug"]
    search_fields = ["name", "slug"]
    ordering = ["slug", "-live_from"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["preview"]
    fieldsets = [
        (
            None,
            {"fields": [*CollectionForm.Meta.fields, "opened_revision"]},
        ),
        ("What readers see now", {"fields": ["preview"]}),
    ]
    inlines = [SlotInline]
    history_latest_first = True

    class Media:
        css = {"all": [SLOT_ORDER_CSS]}
        js = [SLOT_ORDER_JS]

    def get_queryset(self, request):
        # Which version of its front each row is live now: one subquery,
        # not a query per row.
        live = fronts.live_version(OuterRef("slug"))
        return super().get_queryset(request).annotate(live_pk=live)

    @admin.display(boolean=True, description="live now")
    def is_live(self, collection: Collection) -> bool:
        return collection.pk == getattr(collection, "live_pk", None)

    @admin.display(description="preview")
    def preview(self, collection: Collection):
        """The stories this version shows now (public ones only), in order,
        with where each came from."""
        if collection.pk is None:
            return "Save the front to see its stories."
        placed = fronts.resolve(collection)
        if not placed:
            return "No public story yet."
        ids = [p.article_id for p in placed]
        headlines = dict(
            Article.objects.filter(pk__in=ids).values_list("pk", "headline")
        )
        rows = [
            (
                p.slot.headline
                if p.slot and p.slot.headline
                else headlines[p.article_id],
                "chosen" if p.slot else "filled by a rule",
            )
            for p in placed
        ]
        return format_html(
            '<ol class="front-preview">{}</ol>',
            format_html_join("", "<li>{} <small>({})</small></li>", rows),
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.front_before_revert = self._stored_revision(object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def _stored_revision(self, object_id) -> int | None:
        return (
            Collection.objects.filter(pk=unquote(object_id))
            .values_list("revision", flat=True)
            .first()
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        before = getattr(request, "front_before_revert", None)
        return type(form.__name__, (form,), {"before_revert": before})

    def save_model(self, request, obj, form, change):
        if change:
            obj.revision += 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Each slot's save said so already; this moves the front's own
        # `updated_at` for its list and history.
        form.instance.save(update_fields=["updated_at"])
