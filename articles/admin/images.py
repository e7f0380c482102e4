from __future__ import annotations

import re
from typing import Literal

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from reversion.admin import messages

from articles.admin.credits import ImageCreditInline, with_credits
from articles.admin.display import ADMIN_CSS, WIDE_TEXT_INPUTS, preview, thumbnail
from articles.admin.history import ReadableHistoryAdmin
from articles.admin.lead_photo import CHOOSER_CSS
from articles.admin.photo_chooser import PhotoChooserAdmin
from articles.admin.photo_library import (
    EXPIRY_NOTICE,
    USED_ON_SHOWN,
    rights_status,
    stories_using,
    with_uses,
)
from articles.admin.photo_uploads import FILLED_NOTICE, fill_from_file_metadata
from articles.admin.provenance import (
    PROVENANCE_CSS,
    ProvenanceAdminMixin,
    SourceTypeFields,
)
from articles.models import Image
from articles.photos.uploads import check_new_file

FOCAL_POINT = "Focal point"
# What the colour swatch accepts; anything else is shown as plain text.
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def warn_about_rights(request: HttpRequest, image: Image) -> None:
    """Tell the editor when a photo is withheld, or soon will be, and where
    it is used."""
    if image.rights_expire_at is None:
        return
    used_on = ", ".join(
        image.lead_for.order_by("headline").values_list("headline", flat=True)
    )
    where = f" It is used on: {used_on}." if used_on else ""
    when = timezone.localtime(image.rights_expire_at).strftime("%Y-%m-%d %H:%M")
    if image.rights_expired():
        messages.warning(
            request,
            f"The rights to this photo expired on {when}; it is withheld from "
            f"readers.{where}",
        )
    elif image.rights_expire_at - timezone.now() <= EXPIRY_NOTICE:
        messages.info(
            request,
            f"The rights to this photo expire on {when}; it will then be "
            f"withheld from readers.{where}",
        )


class ImageAdminForm(SourceTypeFields, forms.ModelForm):
    class Meta:
        model = Image
        fields = [
            "file",
            "headline",
            "alt_text",
            "caption",
            "date_created",
            "copyright_notice",
            "credit_line_override",
            "usage_terms",
            "restrictions",
            "rights_expire_at",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
        }

    def clean_file(self) -> UploadedFile | FieldFile | Literal[False] | None:
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file  # no new upload: the stored file, or False for "Clear"
        return check_new_file(file, self.instance)


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


class RightsFilter(admin.SimpleListFilter):
    title = "rights"
    parameter_name = "rights"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [
            ("current", "Current (readers see it)"),
            ("expiring", "Expiring within 7 days"),
            ("expired", "Expired (withheld)"),
            ("none", "No expiry date"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        now = timezone.now()
        if self.value() == "current":
            return queryset.rights_current()
        if self.value() == "expired":
            return queryset.rights_expired()
        if self.value() == "expiring":
            return queryset.filter(
                rights_expire_at__gt=now, rights_expire_at__lte=now + EXPIRY_NOTICE
            )
        if self.value() == "none":
            return queryset.filter(rights_expire_at__isnull=True)
        return queryset


class PhotoChangeList(ChangeList):
    """The photo list's rows with the stories each is used on, for the page
    in two queries; the change form has its own, fuller list."""

    def get_queryset(self, request: HttpRequest, exclude_parameters=None) -> QuerySet:
        return with_uses(super().get_queryset(request, exclude_parameters))


@admin.register(Image)
class ImageAdmin(ProvenanceAdminMixin, PhotoChooserAdmin, ReadableHistoryAdmin):
    form = ImageAdminForm
    formfield_overrides = WIDE_TEXT_INPUTS
    list_display = [
        "list_thumbnail",
        "__str__",
        "dimensions",
        # The rights status and uses before the expiry date, which scrolls
        # out of sight first on a narrow screen.
        "credit",
        "rights",
        "where_used",
        "provenance",
        "rights_expire_at",
    ]
    list_display_links = ["list_thumbnail", "__str__"]
    list_filter = [RightsFilter, "content_type", HasFileFilter]
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
        "place_in_story",
        "provenance_details",
        "width",
        "height",
        "file_size",
        "content_type",
        "sha256",
        "original_filename",
        "colour",
        "placeholder",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "description": "Caption, credits, copyright and usage terms are "
                "filled in from the photo's own IPTC, XMP and EXIF metadata when "
                "it is uploaded, where you have left them empty.",
                "fields": ["file"],
            },
        ),
        (
            FOCAL_POINT,
            {
                "description": "Click the subject in the photo, or type its "
                "position; crops for every size keep that point in frame.",
                "fields": [("focal_x", "focal_y"), "file_preview"],
            },
        ),
        (
            "Description",
            {"fields": ["headline", "caption", "alt_text", "date_created"]},
        ),
        ("Credit", {"fields": ["credit", "copyright_notice", "credit_line_override"]}),
        (
            "Rights",
            {"fields": ["usage_terms", "restrictions", "rights_expire_at"]},
        ),
        ("Use", {"fields": ["used_on", "place_in_story"]}),
        (
            "Provenance",
            {"fields": ["provenance_details", "set_source_type", "source_type_why"]},
        ),
        (
            "File details",
            {
                "fields": [
                    ("width", "height"),
                    ("file_size", "content_type"),
                    "original_filename",
                    "sha256",
                    ("colour", "placeholder"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [ImageCreditInline]

    class Media:
        # A file, not an inline script, so it runs under a strict
        # Content-Security-Policy.
        js = ["articles/admin/focal-point.js"]
        css = {
            "all": [
                ADMIN_CSS,
                "articles/admin/focal-point.css",
                CHOOSER_CSS,
                PROVENANCE_CSS,
            ]
        }

    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        return with_credits(super().get_queryset(request))

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return PhotoChangeList

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if isinstance(form.cleaned_data.get("file"), UploadedFile):
            # After the inlines: credits the editor typed win over the file's.
            for warning in fill_from_file_metadata(form.instance):
                self.message_user(request, warning, messages.WARNING)
            self.message_user(request, FILLED_NOTICE, messages.INFO)

    def get_fieldsets(self, request: HttpRequest, obj: Image | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.file:
            # A focal point needs a photo to point at; until there is one the
            # model's default, the centre, stands.
            return [fieldset for fieldset in fieldsets if fieldset[0] != FOCAL_POINT]
        return fieldsets

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        image = self.get_object(request, object_id)
        if image is not None and request.method == "GET":
            warn_about_rights(request, image)
        return super().change_view(request, object_id, *args, **kwargs)

    @admin.display(description="Colour")
    def colour(self, image: Image) -> SafeString | str:
        if not image.dominant_color:
            # Read-only fields show None as "None", unlike changelist columns.
            return self.get_empty_value_display()
        if not HEX_COLOUR.fullmatch(image.dominant_color):
            return image.dominant_color  # shown as text, escaped
        # An SVG fill, not a style attribute: a strict Content-Security-Policy
        # (style-src without 'unsafe-inline') blocks style attributes.
        return format_html(
            '<svg class="colour-swatch" width="16" height="16" aria-hidden="true">'
            '<rect width="16" height="16" fill="{}" stroke="#999"></rect></svg> {}',
            image.dominant_color,
            image.dominant_color,
        )

    @admin.display(description="Thumbnail")
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

    @admin.display(description="Rights status")
    def rights(self, image: Image) -> SafeString:
        status = rights_status(image)
        return format_html(
            '<span class="rights-badge rights-{}">{}</span>', status.key, status.short
        )

    @admin.display(description="Used on")
    def where_used(self, image: Image) -> SafeString | None:
        # Prefetched for the page by with_uses(): no query per row.
        stories = stories_using(image)
        if not stories:
            return None
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:articles_article_change", args=[s.pk]), s.headline)
                for s in stories[:USED_ON_SHOWN]
            ),
        )
        more = len(stories) - USED_ON_SHOWN
        if more > 0:
            return format_html("{} and {} more", links, more)
        return links

    @admin.display(description="Place in a story")
    def place_in_story(self, image: Image) -> SafeString:
        if not image.file:
            return self.get_empty_value_display()
        from articles.photos.renditions import rendition_url

        return format_html(
            '<code class="place-in-story">{}</code><br><small>In a story, the '
            "editor's Photo button finds this photo by its caption or credit; "
            "this address, pasted in the image dialog, places it too. Readers "
            "get the right size for their screen, with the credit.</small>",
            rendition_url(image, "card", "jpeg"),
        )

    def used_on(self, image: Image) -> SafeString:
        from articles.models import Article

        articles = (
            Article.objects.filter(Q(lead_image=image) | Q(body_images=image))
            .distinct()
            .order_by("-published_at", "-pk")
        )
        if not articles:
            return self.get_empty_value_display()
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.headline)
                for a in articles
            ),
        )
