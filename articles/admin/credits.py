"""Credits are edited inline, on the article or image they belong to; each
inline offers only the roles its target accepts."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Field, Prefetch, QuerySet
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from articles.models import Credit


def with_credits(queryset: QuerySet) -> QuerySet:
    """`queryset` with each row's credits and their contributors, read in
    two queries in all: for changelists that show credit lines."""
    credits = Credit.objects.select_related("contributor")
    return queryset.prefetch_related(Prefetch("credits", queryset=credits))


class CreditFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # The unique constraints only see rows already in the database, so two
        # new rows with the same person and role would fail on insert instead.
        seen: set[tuple[int, str]] = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None) or {}
            contributor, role = data.get("contributor"), data.get("role")
            if contributor is None or not role:
                continue
            if (contributor.pk, role) in seen:
                raise ValidationError(
                    "%(contributor)s is credited twice as %(role)s.",
                    code="duplicate_credit",
                    params={
                        "contributor": contributor,
                        "role": Credit.Role(role).label.lower(),
                    },
                )
            seen.add((contributor.pk, role))


class CreditInline(admin.TabularInline):
    model = Credit
    formset = CreditFormSet
    fields = ["contributor", "role", "position"]
    autocomplete_fields = ["contributor"]
    extra = 0
    roles: tuple[Credit.Role, ...] = ()

    def formfield_for_choice_field(
        self, db_field: Field, request: HttpRequest, **kwargs
    ) -> forms.Field:
        if db_field.name == "role":
            kwargs["choices"] = BLANK_CHOICE_DASH + [
                (role.value, role.label) for role in self.roles
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class ArticleCreditInline(CreditInline):
    fk_name = "article"
    roles = Credit.ARTICLE_ROLES
    verbose_name = "credit"
    verbose_name_plural = "Credits (byline and “with files from”)"


class ImageCreditInline(CreditInline):
    fk_name = "image"
    roles = Credit.IMAGE_ROLES
    verbose_name = "credit"
    verbose_name_plural = "Credits (photographer, source and agency)"
