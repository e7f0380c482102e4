"""Webhook endpoints, and the log of what was sent to them."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpRequest

from articles.admin.records import SuperusersOnly
from articles.models import WebhookDelivery, WebhookEndpoint
from articles.models.webhooks import Event


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Event.values),
        help_text="The receiver gets a POST for each of these.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "is_active", "secret"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "is_active", "event_list", "delivered", "failing"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]

    def get_queryset(self, request: HttpRequest):
        # The counts for the list in the same query as the endpoints.
        return (
            super()
            .get_queryset(request)
            .annotate(
                delivered_count=Count(
                    "deliveries", filter=Q(deliveries__status="delivered")
                ),
                failing_count=Count(
                    "deliveries",
                    filter=Q(deliveries__status__in=["failed", "retrying"]),
                ),
            )
        )

    @admin.display(description="Events")
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        labels = dict(Event.choices)
        return ", ".join(labels.get(event, event) for event in endpoint.events)

    @admin.display(description="Delivered", ordering="delivered_count")
    def delivered(self, endpoint) -> int:
        return endpoint.delivered_count

    @admin.display(description="Failed or retrying", ordering="failing_count")
    def failing(self, endpoint) -> int:
        return endpoint.failing_count


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SuperusersOnly, admin.ModelAdmin):
    """Written by the worker, a technical record: superusers read it and may
    send a failed one again. Editors manage the endpoints, whose list counts
    what was delivered and what is failing."""

    list_display = ["event", "slug", "endpoint", "status", "attempts",
                    "response_status", "created_at", "delivered_at"]  # fmt: skip
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["slug", "event_id"]
    date_hierarchy = "created_at"
    readonly_fields = ["endpoint", "event", "event_id", "article_id", "slug",
                       "status", "attempts", "response_status", "response_excerpt",
                       "error", "created_at", "last_attempt_at", "next_attempt_at",
                       "delivered_at", "body"]  # fmt: skip
    fields = readonly_fields
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.change_webhookendpoint")

    @admin.action(description="Send selected deliveries again", permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset) -> None:
        from articles.publishing.webhooks import deliver_webhook

        count = 0
        for delivery in queryset.exclude(status=WebhookDelivery.Status.DELIVERED):
            delivery.status = WebhookDelivery.Status.PENDING
            delivery.attempts = 0
            delivery.save(update_fields=["status", "attempts"])
            deliver_webhook.enqueue(delivery.pk)
            count += 1
        self.message_user(
            request,
            f"{count} deliveries queued to be sent again; delivered ones are "
            "left as they were.",
            messages.SUCCESS,
        )
