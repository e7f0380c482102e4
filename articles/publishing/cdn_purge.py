"""CDN purge on publish: when a public story is published, updated,
unpublished or deleted (the changes webhooks hear of), the CDN is asked to
drop the responses tagged `article-<id>` and `articles` (see
`articles.delivery.cache_tags`), so readers see the change at once rather than when
`max-age` runs out.

Like webhooks: the change writes a `PendingPurge` row in its own transaction
(a rolled-back change purges nothing, a draft's edit writes none); after the
commit the task worker (`manage.py db_worker`) drains every due row into as
few purge requests as the CDN allows (an import of a thousand stories is a
handful of calls, not a thousand), each retried with the webhooks' backoff
and given up, logged, after CMS_CDN_PURGE_MAX_ATTEMPTS tries. A scheduled or
embargoed story's row is due at its time, when it goes live with nobody
saving. Nothing here can fail an editor's save: requests are the worker's."""

from __future__ import annotations

import logging
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

import orjson
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.delivery import cache_tags
from articles.models import PendingPurge
from articles.publishing.outbox import (
    DeliveryFailed,
    after_commit_once,
    backoff,
    claim_due,
    excerpt,
    send,
)
from articles.publishing.transitions import Transition

logger = logging.getLogger("articles.cdn")

# What each backend needs; settings.py checks the same at start-up.
REQUIRED = {
    "cloudflare": ("CMS_CDN_ZONE_ID", "CMS_CDN_API_TOKEN"),
    "fastly": ("CMS_CDN_SERVICE_ID", "CMS_CDN_API_TOKEN"),
    "url": ("CMS_CDN_PURGE_URL",),
}
# Tags per purge request, the most each API documents:
# - Cloudflare, "Max operations per request: 100" on every plan
#   (https://developers.cloudflare.com/cache/how-to/purge-cache/, purge
#   limits; older docs said 30 tags per call);
# - Fastly, "Up to 256 surrogate keys can be purged in one batch request"
#   (https://www.fastly.com/documentation/reference/api/purging/);
# - a PURGE with an xkey header: as many as Fastly's, about 4 kB of header,
#   well inside Varnish's default 8 kB request header limit.
BATCH_SIZE = {"cloudflare": 100, "fastly": 256, "url": 256}
DEFAULT_API_BASE = {
    "cloudflare": "https://api.cloudflare.com/client/v4",
    "fastly": "https://api.fastly.com",
}
# Rows one drain takes; more are left to the next drain, queued at once.
DRAIN_LIMIT = 5000


def enabled() -> bool:
    return settings.CMS_CDN_PURGE != "off"


def backend() -> str:
    """The configured backend, its settings checked; ImproperlyConfigured
    naming the variable that is missing or wrong."""
    name = settings.CMS_CDN_PURGE
    if name not in REQUIRED:
        raise ImproperlyConfigured(
            f"CMS_CDN_PURGE must be one of off, {', '.join(REQUIRED)}, not {name!r}."
        )
    for variable in REQUIRED[name]:
        if not getattr(settings, variable, ""):
            raise ImproperlyConfigured(
                f"{variable} must be set when CMS_CDN_PURGE={name}."
            )
    if name == "url" and not settings.CMS_CDN_PURGE_URL.startswith(
        ("http://", "https://")
    ):
        raise ImproperlyConfigured(
            "CMS_CDN_PURGE_URL must be an http:// or https:// URL, not "
            f"{settings.CMS_CDN_PURGE_URL!r}."
        )
    return name


# Recording (inside the writing transaction) ----------------------------------


def story_tags(article_id: int) -> list[str]:
    return [cache_tags.article(article_id), cache_tags.ARTICLES]


def record_transitions(transitions: list[Transition], now) -> None:
    """Purges for the stories readers saw change: one row now for all of
    them, and one per story going live later, due at its time."""
    if not enabled():
        return
    moved = [t.article_id for t in transitions if t.times_changed or t.goes_live_at]
    if moved:
        # A scheduled publication not yet due is superseded by this write.
        PendingPurge.objects.filter(article_id__in=moved, due_at__gt=now).delete()
    tags = []
    for t in (t for t in transitions if t.seen):
        tags += story_tags(t.article_id)
        if t.was_public and not t.is_public and t.lead_image_id:
            # Its photo may now answer 404 (shown on no public story).
            tags.append(cache_tags.image(t.lead_image_id))
    rows = [
        PendingPurge(
            article_id=t.article_id,
            tags=" ".join(story_tags(t.article_id)),
            due_at=t.goes_live_at,
        )
        for t in transitions
        if t.goes_live_at
    ]
    if tags:
        only = transitions[0].article_id if len(transitions) == 1 else None
        rows.append(
            PendingPurge(
                article_id=only, tags=" ".join(dict.fromkeys(tags)), due_at=now
            )
        )
    PendingPurge.objects.bulk_create(rows)
    for due in sorted({row.due_at for row in rows}):
        _drain_after_commit(at=due if due > now else None)


def image_changed(image_id: int) -> None:
    """A photo's caption, credits or rights changed: its own responses and
    renditions (the stories showing it are purged as they are touched)."""
    if enabled():
        record([cache_tags.image(image_id)])


def record(tags: list[str], *, article_id: int | None = None, due_at=None) -> None:
    now = timezone.now()
    due_at = due_at or now
    PendingPurge.objects.create(
        article_id=article_id, tags=" ".join(tags), due_at=due_at
    )
    _drain_after_commit(at=due_at if due_at > now else None)


def _drain_after_commit(at=None) -> None:
    def enqueue():
        run_after = (at or timezone.now()) + timedelta(
            seconds=settings.CMS_CDN_PURGE_DELAY
        )
        drain_purges.using(run_after=run_after).enqueue()

    # One drain per transaction and moment, however many stories it changes.
    after_commit_once(("cdn", at), enqueue)


# Draining and purging (in the task worker) -----------------------------------


@task
def drain_purges() -> int:
    """Turn every due row into purge requests; returns how many were queued."""
    if not enabled():
        return 0
    size = BATCH_SIZE[backend()]
    now = timezone.now()
    with transaction.atomic():
        rows = claim_due(
            PendingPurge.objects.filter(due_at__lte=now).order_by("due_at", "pk"),
            DRAIN_LIMIT,
        )
        if not rows:
            return 0
        # Each tag once, in the order the changes came.
        tags = list(dict.fromkeys(tag for row in rows for tag in row.tags.split()))
        PendingPurge.objects.filter(pk__in=[row.pk for row in rows]).delete()
        # In this transaction: the task rows commit with the deletions (the
        # task backend is this database), so neither exists without the other.
        batches = [tags[i : i + size] for i in range(0, len(tags), size)]
        for batch in batches:
            send_purge.enqueue(batch)
        if len(rows) == DRAIN_LIMIT:
            drain_purges.enqueue()
    return len(batches)


@task
def send_purge(tags: list[str], attempt: int = 1) -> str:
    if not enabled():
        return "skipped"
    name = backend()
    try:
        _send(PURGE_REQUESTS[name](tags))
    except PurgeFailed as error:
        if attempt >= settings.CMS_CDN_PURGE_MAX_ATTEMPTS:
            logger.error(
                "CDN purge (%s) gave up after %d tries: %s; tags: %s",
                name,
                attempt,
                error,
                " ".join(tags),
            )
            return "failed"
        wait = backoff(attempt)
        logger.warning(
            "CDN purge (%s) failed, try %d of %d, next in %ds: %s",
            name,
            attempt,
            settings.CMS_CDN_PURGE_MAX_ATTEMPTS,
            wait.total_seconds(),
            error,
        )
        send_purge.using(run_after=timezone.now() + wait).enqueue(tags, attempt + 1)
        return "retrying"
    logger.info("CDN purge (%s) of %d tags: %s", name, len(tags), " ".join(tags))
    return "purged"


# The requests, one kind per backend ------------------------------------------


class PurgeFailed(Exception):
    pass


@dataclass
class PurgeRequest:
    url: str
    method: str
    headers: dict[str, str]
    body: bytes | None = None


def cloudflare(tags: list[str]) -> PurgeRequest:
    # POST /zones/{zone_id}/purge_cache with {"tags": [...]} and a Bearer API
    # token (https://developers.cloudflare.com/api/resources/cache/methods/purge/,
    # "Purge Cached Content by Tag, Host or Prefix").
    base = settings.CMS_CDN_API_BASE or DEFAULT_API_BASE["cloudflare"]
    return PurgeRequest(
        url=f"{base.rstrip('/')}/zones/{settings.CMS_CDN_ZONE_ID}/purge_cache",
        method="POST",
        headers={
            "Authorization": f"Bearer {settings.CMS_CDN_API_TOKEN}",
            "Content-Type": "application/json",
        },
        body=orjson.dumps({"tags": tags}),
    )


def fastly(tags: list[str]) -> PurgeRequest:
    # POST /service/{service_id}/purge, the keys in a Surrogate-Key header,
    # space-separated, and the API token in Fastly-Key ("Purge multiple
    # surrogate key tags", https://www.fastly.com/documentation/reference/api/purging/).
    # A hard purge: an unpublished story must not be served stale.
    base = settings.CMS_CDN_API_BASE or DEFAULT_API_BASE["fastly"]
    return PurgeRequest(
        url=f"{base.rstrip('/')}/service/{settings.CMS_CDN_SERVICE_ID}/purge",
        method="POST",
        headers={
            "Fastly-Key": settings.CMS_CDN_API_TOKEN,
            "Surrogate-Key": " ".join(tags),
            "Accept": "application/json",
        },
    )


def purge_url(tags: list[str]) -> PurgeRequest:
    # Varnish with vmod_xkey: its example VCL takes `PURGE` requests and
    # purges the space-separated keys in `req.http.xkey`
    # (https://github.com/varnish/varnish-modules/blob/master/src/vmod_xkey.vcc).
    # Surrogate-Key too, for proxies that read that name.
    keys = " ".join(tags)
    return PurgeRequest(
        url=settings.CMS_CDN_PURGE_URL,
        method="PURGE",
        headers={"xkey": keys, "Surrogate-Key": keys, "Content-Length": "0"},
    )


PURGE_REQUESTS = {"cloudflare": cloudflare, "fastly": fastly, "url": purge_url}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A purge that is redirected did not happen: say so, and retry.
    def redirect_request(self, *args, **kwargs):
        return None


# Not the webhooks' opener, which refuses private addresses: these URLs are
# the operator's settings, not typed by editors, and a Varnish is usually on
# the private network. Proxies from the environment apply.
opener = urllib.request.build_opener(_NoRedirects)


def _send(purge: PurgeRequest) -> None:
    request = urllib.request.Request(
        purge.url,
        data=purge.body,
        method=purge.method,
        headers={"User-Agent": "NewsroomCMS-CDN/1", **purge.headers},
    )
    try:
        _, answer = send(opener, request, read=4096)
    except DeliveryFailed as failure:
        raise PurgeFailed(f"{failure} {excerpt(failure.body, 300)}".strip()) from None
    # Cloudflare answers {"success": false, "errors": [...]} on a refusal.
    if answer[:1] == b"{":
        try:
            success = orjson.loads(answer).get("success", True)
        except orjson.JSONDecodeError:
            success = True
        if success is False:
            raise PurgeFailed(excerpt(answer, 300))
