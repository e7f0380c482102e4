"""Language desks in the admin (issue 23). Superusers limit a user or a
group to languages on the user's or group's page; a limited user's story
list marks the stories that are not theirs ("Read only") and filters by desk,
new stories start in their desk's language, and a story in another language
opens read-only (articles.roles decides, for the admin and the write API)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import DeskLanguage
from articles.models.edition_desk import language_name
from articles.models.editions import languages
from articles.roles import desk_languages, home_language, language_refusal, works_in


class DeskLanguageForm(forms.ModelForm):
    language = forms.ChoiceField(choices=())

    class Meta:
        model = DeskLanguage
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, f"{language_name(code)} ({code})") for code in languages()
        ]


class DeskLanguageInline(admin.TabularInline):
    """The languages a user or group works in; none: every language. Only
    superusers see or change them."""

    model = DeskLanguage
    form = DeskLanguageForm
    extra = 0
    verbose_name = "desk language"
    verbose_name_plural = (
        "Desk languages (none: every language; otherwise stories in other "
        "languages are read-only)"
    )

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class UserDeskLanguageInline(DeskLanguageInline):
    fk_name = "user"


class GroupDeskLanguageInline(DeskLanguageInline):
    fk_name = "group"


def add_inline(model, inline) -> None:
    """Register `model`'s admin again with `inline` after its own."""
    registered = type(admin.site.get_model_admin(model))
    if inline in registered.inlines:
        return
    admin.site.unregister(model)
    inlines = [*registered.inlines, inline]
    admin.site.register(
        model, type(registered.__name__, (registered,), {"inlines": inlines})
    )


add_inline(get_user_model(), UserDeskLanguageInline)
add_inline(Group, GroupDeskLanguageInline)


class DeskFilter(admin.SimpleListFilter):
    """For a limited user: the stories of their desk, or the others."""

    title = "desk"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [("mine", "My desk's languages"), ("others", "Other languages")]

    def queryset(self, request, queryset):
        desk = desk_languages(request.user) or ()
        if self.value() == "mine":
            return queryset.filter(language__in=desk)
        if self.value() == "others":
            return queryset.exclude(language__in=desk)
        return queryset


def desk_badge(article) -> SafeString:
    """After a story's status in a limited user's list: "Read only" on
    another desk's story (`in_my_desk`, annotated by the list's queryset)."""
    if getattr(article, "in_my_desk", True):
        return SafeString("")
    return format_html(
        ' <span class="status-badge status-archived" title="{}">Read only</span>',
        f"In {language_name(article.language)}: another desk's story. You may "
        "read it, not edit or publish it.",
    )


class LanguageDeskAdmin:
    """Mixed into ArticleAdmin, before its ModelAdmin bases."""

    def get_list_filter(self, request: HttpRequest):
        filters = list(super().get_list_filter(request))
        if desk_languages(request.user) is not None:
            filters.insert(0, DeskFilter)
        return filters

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        desk = desk_languages(request.user)
        if desk is None:
            return queryset
        return queryset.annotate(
            in_my_desk=ExpressionWrapper(
                Q(language__in=desk), output_field=BooleanField()
            )
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("language", home_language(request.user))
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user
        if desk_languages(user) is None or "language" not in form.base_fields:
            return form

        def clean_language(self):
            # Not sent: a new story starts in the desk's language.
            language = self.cleaned_data["language"] or (
                self.instance.language if self.instance.pk else home_language(user)
            )
            if not works_in(user, language):
                raise ValidationError(language_refusal(user, language))
            return language

        return type(form.__name__, (form,), {"clean_language": clean_language})

    def save_model(self, request, obj, form, change) -> None:
        if not change and "language" not in form.base_fields:
            obj.language = home_language(request.user)
        super().save_model(request, obj, form, change)
