"""Webhook endpoints configured in the admin, and the delivery log."""

from __future__ import annotations

import pytest

from articles.models import Article, WebhookDelivery, WebhookEndpoint
from articles.models.webhooks import Event


@pytest.fixture
def endpoint(db):
    return WebhookEndpoint.objects.create(
        name="Website", url="https://www.example.com/hooks"
    )


def test_an_endpoint_is_added_with_the_events_it_wants(admin_client):
    response = admin_client.post(
        "/admin/articles/webhookendpoint/add/",
        {
            "name": "Apps",
            "url": "https://apps.example.com/cms-events",
            "events": ["article.published", "article.unpublished"],
            "is_active": "on",
            "secret": "s3cret-value-for-signing",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["article.published", "article.unpublished"]
    assert endpoint.secret == "s3cret-value-for-signing"


def test_an_endpoint_needs_an_event_and_a_url(admin_client):
    response = admin_client.post(
        "/admin/articles/webhookendpoint/add/",
        {"name": "Broken", "url": "not a url", "events": [], "secret": "x"},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"url", "events"}
    assert WebhookEndpoint.objects.count() == 0


def test_a_new_endpoint_gets_a_generated_secret(admin_client, db):
    response = admin_client.get("/admin/articles/webhookendpoint/add/")

    secret = response.context["adminform"].form["secret"].value()
    assert len(secret) >= 40


def test_the_delivery_log_lists_and_shows_deliveries(admin_client, endpoint):
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=Event.PUBLISHED,
        article_id=7,
        slug="kim-visits-russia",
        body='{"event": "article.published"}',
        status="failed",
        attempts=8,
        error="HTTP 500",
    )

    listing = admin_client.get("/admin/articles/webhookdelivery/?status=failed")
    page = admin_client.get(f"/admin/articles/webhookdelivery/{delivery.pk}/change/")
    endpoints = admin_client.get("/admin/articles/webhookendpoint/")

    assert listing.context["cl"].result_count == 1
    assert b"kim-visits-russia" in listing.content
    assert b"HTTP 500" in page.content
    assert b"article.published" in page.content
    assert endpoints.status_code == 200
    assert endpoints.context["cl"].result_list[0].failing_count == 1


def test_a_failed_delivery_can_be_sent_again(admin_client, endpoint):
    from django_tasks_db.models import DBTaskResult

    failed = WebhookDelivery.objects.create(
        endpoint=endpoint, event=Event.UPDATED, article_id=1, slug="a", body="{}",
        status="failed", attempts=8,
    )  # fmt: skip
    delivered = WebhookDelivery.objects.create(
        endpoint=endpoint, event=Event.UPDATED, article_id=2, slug="b", body="{}",
        status="delivered", attempts=1,
    )  # fmt: skip

    admin_client.post(
        "/admin/articles/webhookdelivery/",
        {"action": "send_again", "_selected_action": [failed.pk, delivered.pk]},
    )

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert WebhookDelivery.objects.get(pk=delivered.pk).status == "delivered"
    task = DBTaskResult.objects.get()
    assert task.task_path == "articles.publishing.webhooks.deliver_webhook"
    assert task.args_kwargs == {"args": [failed.pk], "kwargs": {}}


def test_publishing_in_the_admin_queues_one_event(admin_client, endpoint, article):
    admin_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )

    assert Article.objects.get().is_published()
    from articles.models import ArticleEvent

    assert list(ArticleEvent.objects.values_list("kind", "slug")) == [
        ("article.published", article.slug)
    ]
