"""API tokens in the admin, for superusers only: a token acts as its user
with every right of that user's role, so handing one out is an
administrator's act. Adding one shows the token once, on the page that
answers the form (never in a message, which would keep it in the session)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse

from articles.models import ApiToken
from articles.models.api_tokens import SCOPES


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {text}") for name, text in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "key_id", "user", "scope_list", "state", "expires_at",
                    "last_used_at", "created_at"]  # fmt: skip
    list_select_related = ["user"]
    search_fields = ["name", "key_id", "user__username"]
    readonly_fields = ["key_id", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke_selected"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        # Its user and scopes are fixed once issued: revoke and issue anew.
        return self.has_module_permission(request) and obj is None

    @admin.display(description="Scopes")
    def scope_list(self, token: ApiToken) -> str:
        return ", ".join(token.scopes)

    @admin.display(description="State")
    def state(self, token: ApiToken) -> str:
        return token.state

    def save_model(self, request, obj, form, change) -> None:
        token, raw = ApiToken.issue(
            user=obj.user,
            name=obj.name,
            scopes=form.cleaned_data["scopes"],
            expires_at=obj.expires_at,
        )
        obj.pk, obj.key_id = token.pk, token.key_id
        request.issued_token = raw

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "API token created",
            "token": obj,
            "secret": request.issued_token,
        }
        response = TemplateResponse(
            request, "admin/articles/apitoken/created.html", context
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request, queryset) -> None:
        for token in queryset:
            token.revoke()
        self.message_user(request, f"Revoked {queryset.count()} token(s).")
