from __future__ import annotations

from typing import Literal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from articles.admin.credits import ImageCreditInline
from articles.admin.display import WIDE_TEXT_INPUTS, preview, thumbnail
from articles.imaging.inspect import inspect_image
from articles.models import Credit, Image


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "caption",
            "copyright_notice",
            "credit_line_override",
        ]

    def clean_file(self) -> UploadedFile | FieldFile | Literal[False] | None:
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file  # no new upload: the stored file, or False for "Clear"
        facts = inspect_image(file)
        if self.instance.pk and facts.sha256 == self.instance.sha256:
            # The same bytes again: keep the stored file rather than writing
            # a second copy next to it.
            return self.instance.file
        existing = (
            Image.objects.filter(sha256=facts.sha256)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if existing is not None:
            raise ValidationError(
                "This photo is already in the library as “%(image)s” (image #%(pk)s).",
                code="duplicate",
                params={"image": existing, "pk": existing.pk},
            )
        return file


class HasFileFilter(admin.SimpleListFilter):
    title = "file"
    parameter_name = "has_file"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [("yes", "Has a file"), ("no", "Caption and credit only")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(file="")
        if self.value() == "no":
            return queryset.filter(file="")
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    formfield_overrides = WIDE_TEXT_INPUTS
    list_display = [
        "list_thumbnail",
        "__str__",
        "dimensions",
        "content_type",
        "credit",
        "created_at",
    ]
    list_display_links = ["list_thumbnail", "__str__"]
    list_filter = ["content_type", HasFileFilter]
    search_fields = [
        "caption",
        "alt_text",
        "original_filename",
        "copyright_notice",
        "credits__contributor__name",
    ]
    readonly_fields = [
        "file_preview",
        "credit",
        "used_on",
        "width",
        "height",
        "file_size",
        "content_type",
        "sha256",
        "original_filename",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["file", "file_preview", "alt_text", "caption"]}),
        ("Credit", {"fields": ["credit", "copyright_notice", "credit_line_override"]}),
        ("Use", {"fields": ["used_on"]}),
        (
            "File details",
            {
                "fields": [
                    ("width", "height"),
                    ("file_size", "content_type"),
                    "original_filename",
                    "sha256",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [ImageCreditInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        credits = Credit.objects.select_related("contributor")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("credits", queryset=credits))
        )

    @admin.display(description="Image")
    def list_thumbnail(self, image: Image) -> SafeString | None:
        return thumbnail(image)

    @admin.display(description="Preview")
    def file_preview(self, image: Image) -> SafeString | None:
        return preview(image)

    @admin.display(description="Dimensions")
    def dimensions(self, image: Image) -> str | None:
        if image.width is None or image.height is None:
            return None
        return f"{image.width} × {image.height}"

    @admin.display(description="Credit line")
    def credit(self, image: Image) -> str:
        return image.credit_line

    @admin.display(description="Lead image of")
    def used_on(self, image: Image) -> SafeString | None:
        articles = image.lead_for.order_by("-published_at", "-pk")
        if not articles:
            return None
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.headline)
                for a in articles
            ),
        )
