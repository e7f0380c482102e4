"""The story's lead photo field: the photo chooser instead of a raw id, and
a refusal of a photo whose rights have expired, checked on the server
whatever the browser sends."""

from __future__ import annotations

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey
from django.urls import reverse
from django.utils import timezone

from articles.admin.credits import with_credits
from articles.admin.display import ADMIN_CSS, admin_rendition_url
from articles.admin.photo_library import rights_status
from articles.admin.provenance import PROVENANCE_CSS, provenance_badges
from articles.models import Image

# The dialog, for the lead photo and for the body editor's toolbar button:
# files, not inline code, so they run under the strict CSP.
CHOOSER_CSS = "articles/admin/photo-chooser.css"
CHOOSER_MEDIA = forms.Media(
    js=["articles/admin/photo-chooser.js"],
    css={"all": [ADMIN_CSS, CHOOSER_CSS, PROVENANCE_CSS]},
)


class LeadPhotoWidget(ForeignKeyRawIdWidget):
    """The chosen photo (thumbnail, caption, credit, rights) and a button
    that opens the chooser; the id travels in a hidden input. The admin's
    library window stays as a second way in (and the way without
    JavaScript)."""

    input_type = "hidden"
    template_name = "admin/articles/widgets/lead_photo.html"
    # The dialog's title, the text without a photo, and the story's caption
    # field the photo's own caption is copied into (the lead photo only).
    texts = {
        "title": "Choose the lead photo",
        "none": "No lead photo.",
        "caption_input": "id_lead_image_caption",
    }

    @property
    def is_hidden(self) -> bool:
        # The id's input is hidden, the field is not: the admin hides the
        # whole row (label, buttons) of a hidden widget.
        return False

    @property
    def media(self) -> forms.Media:
        return CHOOSER_MEDIA

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value:
            photo = with_credits(Image.objects.filter(pk=value)).first()
        context["chooser"] = {
            **self.texts,
            "url": reverse("admin:articles_image_chooser"),
            "upload_url": reverse("admin:articles_image_chooser_upload"),
            "photo": photo,
            "thumbnail": admin_rendition_url(photo, "thumbnail")
            if photo is not None and photo.file
            else "",
            "rights": rights_status(photo) if photo is not None else None,
            # AI labels and the credentials' state, as on the photo list.
            "provenance": provenance_badges(photo) if photo is not None else "",
        }
        return context

    def label_and_url_for_value(self, value):
        # The chooser's own summary names the photo; no second label.
        return "", ""


class LeadPhotoField(forms.ModelChoiceField):
    """Refuses a newly chosen photo whose rights have expired. A story that
    already had the photo when its rights ran out keeps it (readers see the
    story without it, and the form says so): saving an unrelated change to
    the story must not fail."""

    def _clean_bound_field(self, bf):
        # Django's hook with the bound field, which knows the form's initial
        # value: the only place a field can tell "kept" from "chosen".
        photo = super()._clean_bound_field(bf)
        if photo is None or not photo.rights_expired():
            return photo
        if str(photo.pk) == str(bf.initial or ""):
            return photo
        when = timezone.localtime(photo.rights_expire_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(
            "The rights to this photo expired on %(when)s; choose another photo.",
            code="rights_expired",
            params={"when": when},
        )


class SocialImageWidget(LeadPhotoWidget):
    texts = {
        "title": "Choose the social image",
        "none": "No social image: the lead photo is used.",
        "caption_input": "",
    }


def lead_photo_formfield(db_field: ForeignKey, admin_site: AdminSite, **kwargs):
    """The lead photo's (or the social image's) form field, for
    ModelAdmin.formfield_for_dbfield: the chooser, and the rights refusal."""
    kwargs.pop("widget", None)
    widget = SocialImageWidget if db_field.name == "social_image" else LeadPhotoWidget
    return db_field.formfield(
        form_class=LeadPhotoField,
        widget=widget(db_field.remote_field, admin_site),
        **kwargs,
    )
