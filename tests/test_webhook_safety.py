"""Webhooks cannot be pointed inside the network: private, loopback,
link-local and IPv4-mapped addresses are refused when connecting (and when
an endpoint is saved), redirects are not followed. Only local servers are
used here."""

from __future__ import annotations

import time

import pytest

from articles.models import WebhookDelivery, WebhookEndpoint
from articles.models.webhooks import Event
from articles.publishing.webhooks import deliver_webhook
from tests.helpers.safety import record


def deliver_to(url: str) -> WebhookDelivery:
    endpoint = WebhookEndpoint.objects.create(name="Target", url=url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=Event.PUBLISHED, article_id=1, slug="s", body="{}"
    )
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    return delivery


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "10.0.0.7",
     "192.168.1.10", "169.254.169.254", "0.0.0.0"],
)  # fmt: skip
def test_private_destinations_are_refused_before_connecting(
    db, receiver, settings, host
):
    settings.CMS_WEBHOOK_MAX_ATTEMPTS = 1
    port = receiver.server.server_port

    started = time.monotonic()
    delivery = deliver_to(f"http://{host}:{port}/hooks")

    assert time.monotonic() - started < 1
    assert delivery.status == "failed"
    assert delivery.error.startswith("refused: ")
    assert "private, loopback, link-local or reserved" in delivery.error
    assert receiver.requests == []
    record("outbound requests", "SSRF attempts")
    record("outbound requests", "connections made", len(receiver.requests))


def test_redirects_are_not_followed(db, receiver, settings):
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = True  # the receiver is local
    settings.CMS_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.redirect_to = "http://169.254.169.254/latest/meta-data/"

    delivery = deliver_to(receiver.url)

    assert (delivery.status, delivery.response_status) == ("failed", 302)
    assert len(receiver.requests) == 1
    record("outbound requests", "SSRF attempts")  # the redirect, not followed


def test_an_endpoint_for_a_private_address_cannot_be_saved(admin_client):
    response = admin_client.post(
        "/admin/articles/webhookendpoint/add/",
        {
            "name": "Inside",
            "url": "http://127.0.0.1:6379/",
            "events": ["article.published"],
            "is_active": "on",
            "secret": "s",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["url"]
    assert errors[0].startswith("Not a public address: refused: 127.0.0.1 is a ")
    assert WebhookEndpoint.objects.count() == 0
