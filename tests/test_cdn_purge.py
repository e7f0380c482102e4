"""CDN cache tags and purges: every public surface says what it shows, and a
public change makes the real task worker (`manage.py db_worker --batch`) ask
the CDN, a real HTTP server on 127.0.0.1 here, to drop exactly that."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.interchange.story import Story
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, Contributor, Credit, PendingPurge
from articles.publishing import cdn_purge
from tests.helpers.images import make_jpeg
from tests.helpers.servers import manage_check
from tests.helpers.transactions import rolled_back
from tests.helpers.webhooks import (
    Receiver,
    agency_on_stories,
    rescheduled_story,
    run_worker,
    story,
)


class CdnReceiver(Receiver):
    """The webhook tests' receiver, also taking Varnish's PURGE requests, and
    noting each request's method."""

    def __init__(self):
        super().__init__()
        self.methods: list[str] = []
        handler = self.server.RequestHandlerClass
        answer = handler.do_POST
        receiver = self

        def record(request):
            receiver.methods.append(request.command)  # before it is answered
            answer(request)

        handler.do_POST = handler.do_PURGE = record
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def purges(self) -> list[dict]:
        # Header names as sent vary in case; HTTP says they do not matter.
        return [
            {
                "method": method,
                "path": r["path"],
                "headers": {k.lower(): v for k, v in r["headers"].items()},
                "body": r["body"],
            }
            for method, r in zip(self.methods, self.requests, strict=True)
        ]

    def clear(self) -> None:
        self.methods.clear()
        self.requests.clear()

    def tags(self) -> list[list[str]]:
        """The tags of each purge, whichever backend sent it."""
        out = []
        for purge in self.purges():
            if purge["body"]:
                out.append(json.loads(purge["body"])["tags"])
            else:
                out.append(purge["headers"]["surrogate-key"].split(" "))
        return out


@pytest.fixture
def cdn_server():
    server = CdnReceiver()
    yield server
    server.close()


BACKENDS = {
    "cloudflare": lambda base: {
        "CMS_CDN_ZONE_ID": "023e105f4ecef8ad9ca31a8372d0c353",
        "CMS_CDN_API_TOKEN": "cf-token",
        "CMS_CDN_API_BASE": f"{base}/client/v4",
    },
    "fastly": lambda base: {
        "CMS_CDN_SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY",
        "CMS_CDN_API_TOKEN": "fastly-token",
        "CMS_CDN_API_BASE": base,
    },
    "url": lambda base: {"CMS_CDN_PURGE_URL": f"{base}/varnish"},
}


def use_cdn(settings, server: CdnReceiver, backend: str) -> None:
    settings.CMS_CDN_PURGE = backend
    settings.CMS_OUTBOUND_RETRY_BASE = 0  # retries are due at once
    for name, value in BACKENDS[backend](server.base).items():
        setattr(settings, name, value)


@pytest.fixture
def cloudflare(settings, cdn_server):
    use_cdn(settings, cdn_server, "cloudflare")
    return cdn_server


# Tags on every public surface ------------------------------------------------


@pytest.fixture
def front_page(published_article, photo):
    photo.set_file(io.BytesIO(make_jpeg(1200, 800)), "kim.jpg")
    photo.save()
    newer = Article.objects.create(
        headline="Later story",
        slug="later-story",
        body="<p>Later.</p>",
        status="published",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    return published_article, newer, photo


def tags_of(response) -> tuple[str, str]:
    return response["Cache-Tag"], response["Surrogate-Key"]


@pytest.mark.django_db
def test_every_public_surface_carries_its_cache_tags(client, front_page):
    older, newer, photo = front_page
    both = [f"article-{newer.pk}", f"article-{older.pk}"]
    listing = ("articles," + ",".join(both), "articles " + " ".join(both))
    expected = {
        "/api/v1/articles/": listing,
        "/api/v1/articles/?section=world": (
            f"articles,article-{older.pk}",
            f"articles article-{older.pk}",
        ),
        f"/api/v1/articles/{older.slug}/": (
            f"article-{older.pk}",
            f"article-{older.pk}",
        ),
        f"/api/v1/articles/{older.slug}/ninjs/": (
            f"article-{older.pk}",
            f"article-{older.pk}",
        ),
        f"/api/v1/images/{photo.pk}/": (f"image-{photo.pk}", f"image-{photo.pk}"),
        "/api/v1/contributors/": ("articles", "articles"),
        "/api/v1/sections/world/": ("articles", "articles"),
        "/api/v1/withdrawals/": ("articles", "articles"),
        "/feeds/rss/": listing,
        "/feeds/atom/world/": (
            f"articles,article-{older.pk}",
            f"articles article-{older.pk}",
        ),
        "/sitemap.xml": ("articles", "articles"),
        "/sitemap-news.xml": ("articles", "articles"),
        f"/renditions/{photo.pk}/{photo.rendition_version}/card.webp": (
            f"image-{photo.pk}",
            f"image-{photo.pk}",
        ),
        # Not published yet: dropped from the CDN when something is.
        "/api/v1/articles/not-yet/": ("articles", "articles"),
    }
    for url, tags in expected.items():
        response = client.get(url)
        assert tags_of(response) == tags, url


@pytest.mark.django_db
def test_responses_from_the_server_side_cache_keep_their_tags(
    client, published_article
):
    url = f"/api/v1/articles/{published_article.slug}/"
    first = client.get(url)
    again = client.get(url)

    assert (first["X-Cache"], again["X-Cache"]) == ("MISS", "HIT")
    tag = f"article-{published_article.pk}"
    assert tags_of(again) == tags_of(first) == (tag, tag)
    for url in ("/api/v1/articles/", "/feeds/rss/", "/sitemap.xml"):
        client.get(url)
        cached = client.get(url)
        assert cached["X-Cache"] == "HIT", url
        assert cached["Cache-Tag"].startswith("articles"), url


@pytest.mark.django_db
def test_tags_cost_no_query(client, published_article, django_assert_num_queries):
    client.get("/api/v1/articles/")  # documents built and in memory
    with django_assert_num_queries(1):  # the content version: a cache hit
        assert client.get("/api/v1/articles/")["Cache-Tag"] == (
            f"articles,article-{published_article.pk}"
        )


@pytest.mark.django_db
def test_drafts_and_previews_carry_no_tags(admin_client, article):
    from articles.delivery.preview import make_token

    response = admin_client.get(f"/api/v1/preview/{make_token(article)}/")

    assert response.status_code == 200
    assert "Cache-Tag" not in response and "Surrogate-Key" not in response


# Purges, through the real worker ---------------------------------------------

# The worker commits: transactional tests, on a real database.
with_worker = pytest.mark.django_db(transaction=True)


@with_worker
@pytest.mark.parametrize("backend", ["cloudflare", "fastly", "url"])
def test_publishing_makes_one_purge_request(settings, cdn_server, backend):
    use_cdn(settings, cdn_server, backend)
    article = story("Kim visits Russia", slug="kim-visits-russia")
    run_worker()
    assert cdn_server.requests == []  # a draft is on no CDN

    article.publish()
    assert cdn_server.requests == []  # sent by the worker, not the save
    run_worker()

    [purge] = cdn_server.purges()
    assert purge["method"] == ("PURGE" if backend == "url" else "POST")
    tags = [f"article-{article.pk}", "articles"]
    headers = purge["headers"]
    if backend == "cloudflare":
        assert purge["path"] == (
            "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
        )
        assert headers["authorization"] == "Bearer cf-token"
        assert headers["content-type"] == "application/json"
        assert json.loads(purge["body"]) == {"tags": tags}
    elif backend == "fastly":
        assert purge["path"] == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
        assert headers["fastly-key"] == "fastly-token"
        assert headers["surrogate-key"] == " ".join(tags)
        assert purge["body"] == b""
    else:
        assert purge["path"] == "/varnish"
        assert headers["xkey"] == headers["surrogate-key"] == " ".join(tags)
        assert purge["body"] == b""
    assert PendingPurge.objects.count() == 0


@with_worker
def test_update_unpublish_and_delete_each_purge_the_story(cloudflare, photo):
    article = story("First", slug="first", status="published", lead_image=photo)
    run_worker()
    article.headline = "First, corrected"
    article.save()
    run_worker()
    article.unpublish()
    run_worker()
    other = story("Second", slug="second", status="published")
    second = f"article-{other.pk}"
    run_worker()
    other.delete()
    run_worker()

    first = f"article-{article.pk}"
    assert cloudflare.tags() == [
        [first, "articles"],  # published
        [first, "articles"],  # updated
        [first, "articles", f"image-{photo.pk}"],  # unpublished: its photo too
        [second, "articles"],  # published
        [second, "articles"],  # deleted
    ]


@with_worker
def test_a_rolled_back_publish_purges_nothing(cloudflare):
    article = story("Embargoed scoop", slug="scoop")

    with rolled_back():
        article.publish()
    run_worker()

    assert cloudflare.requests == []
    assert PendingPurge.objects.count() == 0


@with_worker
def test_editing_a_draft_purges_nothing(cloudflare):
    article = story("Draft", slug="draft")
    article.headline = "Draft, rewritten"
    article.save()
    run_worker()

    assert cloudflare.requests == []
    assert PendingPurge.objects.count() == 0


@with_worker
def test_with_purging_off_nothing_is_recorded(cdn_server):
    story("Live", slug="live", status="published").delete()
    run_worker()

    assert cdn_server.requests == []
    assert PendingPurge.objects.count() == 0


@with_worker
def test_changes_in_one_transaction_make_one_purge(cloudflare):
    article = story("Flood", slug="flood", status="published")
    run_worker()
    cloudflare.clear()

    with transaction.atomic():  # an admin save: the story, then its credits
        article.standfirst = "Rivers rise."
        article.save()
        Credit.objects.create(
            article=article,
            contributor=Contributor.objects.create(name="AP", slug="ap"),
            role="contributor",
        )
    run_worker()

    assert cloudflare.tags() == [[f"article-{article.pk}", "articles"]]


@with_worker
def test_renaming_a_contributor_purges_its_public_stories_at_once(cloudflare):
    agency, stories = agency_on_stories()
    cloudflare.clear()

    agency.name = "Thomson Reuters"
    agency.save()
    run_worker()

    [tags] = cloudflare.tags()
    assert sorted(tags) == sorted([*(f"article-{a.pk}" for a in stories), "articles"])


@with_worker
def test_an_import_of_many_stories_is_purged_in_a_few_batched_calls(cloudflare):
    published = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    StoryWriter().write(
        Story(
            source_id=f"wire:{n}",
            headline=f"Story {n}",
            body_html=f"<p>Text {n}.</p>",
            published_at=published,
        )
        for n in range(250)
    )
    run_worker()

    # 251 tags, at most 100 a call (Cloudflare's limit): 3 calls, not 250.
    batches = cloudflare.tags()
    assert [len(batch) for batch in batches] == [100, 100, 51]
    ids = Article.objects.values_list("pk", flat=True)
    everything = [tag for batch in batches for tag in batch]
    assert sorted(everything) == sorted(["articles", *(f"article-{pk}" for pk in ids)])
    drains = DBTaskResult.objects.filter(task_path=cdn_purge.drain_purges.module_path)
    assert drains.count() == 1  # one transaction, one drain queued


@with_worker
def test_a_failing_cdn_is_retried_until_it_answers(cloudflare, caplog):
    cloudflare.failures = 2
    article = story("Retry me", slug="retry-me", status="published")

    with caplog.at_level(logging.INFO, logger="articles.cdn"):
        run_worker()

    tags = [f"article-{article.pk}", "articles"]
    assert cloudflare.tags() == [tags, tags, tags]
    messages = [r.getMessage() for r in caplog.records if r.name == "articles.cdn"]
    assert messages[0] == (
        "CDN purge (cloudflare) failed, try 1 of 5, next in 0s: "
        "HTTP 500 receiver is down"
    )
    assert messages[-1] == (
        f"CDN purge (cloudflare) of 2 tags: article-{article.pk} articles"
    )


@with_worker
def test_a_cdn_that_never_answers_is_given_up_and_logged(cloudflare, settings, caplog):
    settings.CMS_CDN_PURGE_MAX_ATTEMPTS = 3
    cloudflare.failures = 100
    article = story("Nobody home", slug="nobody-home", status="published")

    with caplog.at_level(logging.WARNING, logger="articles.cdn"):
        run_worker()

    assert len(cloudflare.requests) == 3
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "CDN purge (cloudflare) gave up after 3 tries: HTTP 500 receiver is down; "
        f"tags: article-{article.pk} articles"
    ]
    article.refresh_from_db()
    assert article.headline == "Nobody home"  # the save stood


@with_worker
def test_an_unreachable_cdn_is_logged(settings, caplog):
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "http://127.0.0.1:9/nothing-listens-here"
    settings.CMS_CDN_PURGE_MAX_ATTEMPTS = 1
    story("Unheard", slug="unheard", status="published")

    with caplog.at_level(logging.ERROR, logger="articles.cdn"):
        run_worker()

    [error] = [r.getMessage() for r in caplog.records if r.name == "articles.cdn"]
    assert error.startswith("CDN purge (url) gave up after 1 tries: ")
    assert "refused" in error.lower()


@with_worker
def test_a_scheduled_story_is_purged_when_it_goes_live(cloudflare):
    at = timezone.now() + timedelta(seconds=1.5)
    article = Article.objects.create(
        headline="At noon", slug="at-noon", status="published", published_at=at
    )

    run_worker()
    assert cloudflare.requests == []  # not yet public

    # The purge's time is this process's clock (not the database's).
    with time_machine.travel(at + timedelta(seconds=0.1), tick=True):
        run_worker()
    assert cloudflare.tags() == [[f"article-{article.pk}", "articles"]]


@with_worker
def test_a_rescheduled_story_is_purged_at_its_new_time_only(cloudflare):
    article = rescheduled_story()

    assert cloudflare.requests == []
    assert list(PendingPurge.objects.values_list("tags", "due_at")) == [
        (f"article-{article.pk} articles", article.published_at)
    ]


@with_worker
def test_a_purge_delay_holds_the_purge_back(cloudflare, settings):
    # With read replicas: a CDN refetching at once could read the old story.
    settings.CMS_CDN_PURGE_DELAY = 60
    article = story("Live", slug="live", status="published")

    run_worker()

    assert cloudflare.requests == []
    [(tags,)] = PendingPurge.objects.values_list("tags")
    assert tags == f"article-{article.pk} articles"
    [drain] = DBTaskResult.objects.filter(task_path=cdn_purge.drain_purges.module_path)
    assert 59 < (drain.run_after - timezone.now()).total_seconds() <= 60


# Configuration ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "values", "named"),
    [
        ("cloudflare", {"CMS_CDN_API_TOKEN": "t"}, "CMS_CDN_ZONE_ID"),
        ("cloudflare", {"CMS_CDN_ZONE_ID": "z"}, "CMS_CDN_API_TOKEN"),
        ("fastly", {"CMS_CDN_API_TOKEN": "t"}, "CMS_CDN_SERVICE_ID"),
        ("url", {}, "CMS_CDN_PURGE_URL"),
        ("url", {"CMS_CDN_PURGE_URL": "varnish:6081"}, "CMS_CDN_PURGE_URL"),
        ("akamai", {}, "CMS_CDN_PURGE"),
    ],
)
def test_bad_configuration_names_the_variable(settings, backend, values, named):
    settings.CMS_CDN_PURGE = backend
    for name in ("CMS_CDN_ZONE_ID", "CMS_CDN_SERVICE_ID", "CMS_CDN_API_TOKEN"):
        setattr(settings, name, "")
    settings.CMS_CDN_PURGE_URL = ""
    for name, value in values.items():
        setattr(settings, name, value)

    with pytest.raises(ImproperlyConfigured, match=f"^{named} must "):
        cdn_purge.backend()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CMS_CDN_PURGE": "cloudflare", "CMS_CDN_API_TOKEN": "t"},
            "CMS_CDN_ZONE_ID must be set when CMS_CDN_PURGE=cloudflare.",
        ),
        (
            {"CMS_CDN_PURGE": "akamai"},
            "CMS_CDN_PURGE must be one of off, cloudflare, fastly, url, not 'akamai'.",
        ),
    ],
)
def test_a_process_with_bad_configuration_does_not_start(tmp_path, env, message):
    result = manage_check(**env, DATABASE_URL=f"sqlite:///{tmp_path / 'db'}")

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr
