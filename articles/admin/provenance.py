"""Provenance for editors (issue 22): badges on the photo list and the photo
page (AI-generated, AI-edited; credentials trusted, valid, invalid), the
credentials' facts and actions, and an editor's label with its reason, kept
in the photo's history with who set it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.imaging.c2pa_read import INVALID, REMOTE, TRUSTED, VALID
from articles.imaging.source_types import (
    DATA_MINING_NAMES,
    SOURCE_TYPE_NAMES,
    SOURCE_TYPE_PREFIX,
    data_mining_term,
)
from articles.models import Image

PROVENANCE_CSS = "articles/admin/provenance.css"
# "Valid" is never shown as "verified": only trust anchors make it trusted.
CREDENTIAL_BADGES = {
    TRUSTED: "Credentials trusted",
    VALID: "Credentials valid, signer not trusted",
    INVALID: "Credentials invalid: altered after signing or unreadable",
    REMOTE: "Credentials stored elsewhere (not fetched)",
}
SOURCE_NAMES = {
    "editor": "set by an editor",
    "c2pa": "from the content credentials",
    "xmp": "from the file's XMP",
}
CLEAR = "clear"


def badge_list(image: Image) -> list[tuple[str, str]]:
    """The label and the credentials' state as (key, text) pairs, for the
    badges here and the photo chooser's JSON (no query)."""
    badges = []
    kind = image.source_type
    if kind.label:
        badges.append((f"label-{kind.label}", kind.label_name))
    if image.credentials_state in CREDENTIAL_BADGES:
        state = image.credentials_state
        badges.append((f"credentials-{state}", CREDENTIAL_BADGES[state]))
    return badges


def provenance_badges(image: Image) -> SafeString:
    """The label and the credentials' state, as badges (no query)."""
    badges = badge_list(image)
    return format_html_join(
        " ", '<span class="provenance-badge provenance-{}">{}</span>', badges
    )


def provenance_details(image: Image) -> SafeString:
    """Everything known of the photo's making, for its page."""
    kind = image.source_type
    credentials = image.content_credentials or {}
    rows = [
        (
            "Digital source type",
            f"{kind.name or kind.uri} ({SOURCE_NAMES[kind.source]})"
            + ("" if kind.known else " — not in IPTC's vocabulary")
            if kind.uri
            else "Not stated",
        )
    ]
    if image.source_type_override:
        who = image.source_type_set_by or "someone"
        when = f"{timezone.localtime(image.source_type_set_at):%Y-%m-%d %H:%M}"
        rows.append(("Set by", f"{who}, {when}: {image.source_type_reason}"))
    if image.data_mining:
        term = data_mining_term(image.data_mining)
        rows.append(("Data mining", DATA_MINING_NAMES.get(term, image.data_mining)))
    if image.other_constraints:
        rows.append(("Other constraints", image.other_constraints))
    for key, title in (
        ("signer", "Signed by"),
        ("signed_at", "Signed at"),
        ("claim_generator", "Made with"),
        ("remote_url", "Credentials at"),
        ("error", "Problem"),
    ):
        if credentials.get(key):
            rows.append((title, credentials[key]))
    actions = [
        " ".join(
            filter(
                None,
                (
                    action["action"],
                    action["software_agent"] and f"by {action['software_agent']}",
                    action["digital_source_type"]
                    and f"({action['digital_source_type'].rsplit('/', 1)[-1]})",
                ),
            )
        )
        for action in credentials.get("actions") or []
    ]
    if actions:
        rows.append(("Actions", "; ".join(actions)))
    table = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td></tr>", rows)
    return format_html(
        '{}<table class="provenance-details">{}</table>',
        provenance_badges(image),
        table,
    )


class SourceTypeFields(forms.Form):
    """The editor's label on the photo form: a term of IPTC's vocabulary (or
    removing the label an editor set), with the reason why."""

    set_source_type = forms.ChoiceField(
        label="Set the digital source type",
        required=False,
        choices=[
            ("", "— keep as it is —"),
            (CLEAR, "Remove the editor's label (use the file's)"),
            *(
                (SOURCE_TYPE_PREFIX + term, name)
                for term, name in SOURCE_TYPE_NAMES.items()
            ),
        ],
        help_text="Overrides what the file and its credentials say; readers "
        "see it. Trained algorithmic media reads as AI-generated; composites "
        "with generative or synthetic elements as AI-edited.",
    )
    source_type_why = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        help_text="Required when setting the source type; kept in the history.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("set_source_type")
            and not cleaned.get("source_type_why", "").strip()
        ):
            self.add_error("source_type_why", "Say why the source type is set.")
        return cleaned


class ProvenanceAdminMixin:
    """For ImageAdmin: applies the editor's label and says so in the
    history's change message (django-reversion keeps it with the user)."""

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        choice = form.cleaned_data.get("set_source_type")
        if choice:
            uri = "" if choice == CLEAR else choice
            obj.set_source_type(
                uri, form.cleaned_data["source_type_why"], request.user, timezone.now()
            )
        super().save_model(request, obj, form, change)
        if choice:
            # Renditions carry the label in their XMP: made again on request.
            obj.renditions.all().delete()

    def get_fieldsets(self, request: HttpRequest, obj: Image | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read-only viewers get no label form (its fields are not the model's).
        ours = set(SourceTypeFields.base_fields)
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in ours]},
            )
            for name, options in fieldsets
        ]

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        # The two form fields are said once, below, with what was set and why.
        ours = {form.fields[name].label for name in SourceTypeFields.base_fields}
        for entry in message:
            if "changed" in entry:
                fields = entry["changed"]["fields"]
                fields[:] = [field for field in fields if field not in ours]
        message = [e for e in message if "changed" not in e or e["changed"]["fields"]]
        if choice := form.cleaned_data.get("set_source_type"):
            name = "removed" if choice == CLEAR else choice.rsplit("/", 1)[-1]
            why = form.cleaned_data["source_type_why"].strip()
            message.append(
                {"changed": {"fields": [f"digital source type: {name} ({why})"]}}
            )
        return message

    @admin.display(description="Provenance")
    def provenance(self, image: Image) -> SafeString:
        return provenance_badges(image)

    @admin.display(description="Provenance")
    def provenance_details(self, image: Image) -> SafeString:
        return provenance_details(image)
