"""Syncing clients learn which public stories went away, and nothing about
stories that never were public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Withdrawal


def withdrawals(api_client, **params) -> list[tuple[str, str]]:
    response = api_client.get("/api/v1/withdrawals/", params)
    assert response.status_code == 200, response.content
    return [(w["slug"], w["reason"]) for w in response.json()["results"]]


@pytest.mark.parametrize(
    ("action", "reason"),
    [("unpublish", "unpublished"), ("archive", "archived"), ("delete", "deleted")],
)
def test_a_public_story_that_goes_away_is_listed(
    api_client, published_article, action, reason
):
    pk = published_article.pk
    if action == "unpublish":
        published_article.unpublish()
    elif action == "archive":
        published_article.status = Article.Status.ARCHIVED
        published_article.save()
    else:
        Article.objects.get(pk=pk).delete()

    response = api_client.get("/api/v1/withdrawals/").json()

    assert [(w["id"], w["slug"], w["reason"]) for w in response["results"]] == [
        (pk, "canada-condemns-missile-transfers", reason)
    ]


def test_stories_that_were_never_public_leave_no_trace(api_client, article):
    scheduled = Article.objects.create(
        headline="SECRET scheduled",
        status="published",
        published_at=timezone.now() + timedelta(days=1),
    )
    scheduled = Article.objects.get(pk=scheduled.pk)
    scheduled.unpublish()
    Article.objects.get(pk=article.pk).delete()

    assert withdrawals(api_client) == []
    assert Withdrawal.objects.count() == 0


def test_republishing_clears_the_withdrawal(api_client, published_article):
    published_article.unpublish()
    published_article.publish()

    assert withdrawals(api_client) == []


def test_since_filters_by_time(api_client, published_article, db):
    published_article.unpublish()
    mark = timezone.now()
    other = Article.objects.create(
        headline="Other",
        status="published",
        published_at=timezone.now() - timedelta(hours=1),
    )
    Article.objects.get(pk=other.pk).delete()

    assert withdrawals(api_client, since=mark.isoformat()) == [("other", "deleted")]
    assert api_client.get("/api/v1/withdrawals/?status=x").status_code == 400


def test_a_bulk_delete_in_the_admin_records_each_public_story(
    admin_client, api_client, published_article
):
    draft = Article.objects.create(headline="Never public", slug="never-public")

    admin_client.post(
        "/admin/articles/article/",
        {
            "action": "delete_selected",
            "_selected_action": [published_article.pk, draft.pk],
            "post": "yes",
        },
    )

    assert Article.objects.count() == 0
    assert withdrawals(api_client) == [(published_article.slug, "deleted")]
