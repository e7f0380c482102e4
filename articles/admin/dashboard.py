"""The newsroom's home page at /admin/: what needs doing now, for the roles
that do it. Each panel is one query (its first rows and, by a window, how
many there are in all), so the page costs the same with ten stories or ten
thousand. Times are the query's clock (CurrentTime), as on every public
surface: a story the panel calls scheduled is one readers cannot see yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from articles.admin.workflow import can_publish
from articles.models import Article, Image
from articles.models.expressions import CurrentTime

# The admin's own index.html comes first in the template search (the admin
# app is listed before ours), so the home page has a name of its own.
admin.site.index_template = "admin/newsroom_index.html"

PANEL_ROWS = 5
SOON = timedelta(hours=24)
RECENT = timedelta(hours=24)
RIGHTS_WARNING = timedelta(days=7)


@dataclass(frozen=True)
class Row:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    count: int
    rows: list[Row]
    list_url: str
    empty: str


def moment(offset: timedelta = timedelta(0)) -> models.Expression:
    """The query's clock plus `offset` (negative for the past)."""
    if not offset:
        return CurrentTime(read_once=True)
    return models.ExpressionWrapper(
        CurrentTime(read_once=True) + models.Value(offset),
        output_field=models.DateTimeField(),
    )


def _iso(when) -> str:
    return when.isoformat(timespec="seconds")


def _changelist(model: str, **params) -> str:
    url = reverse(f"admin:articles_{model}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _local(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else ""


def first_rows(queryset: QuerySet, *fields: str) -> tuple[int, list[dict]]:
    """The first PANEL_ROWS rows' `fields` and the count of all, in one
    query: the window counts every row that matches before the limit."""
    rows = list(
        queryset.annotate(panel_total=Window(Count("pk"))).values(
            "pk", "panel_total", *fields
        )[:PANEL_ROWS]
    )
    return (rows[0]["panel_total"] if rows else 0), rows


def _story_panel(
    key: str, title: str, queryset: QuerySet, list_url: str, empty: str, note
) -> Panel:
    count, rows = first_rows(
        queryset, "headline", "status", "published_at", "embargo_until", "updated_at"
    )
    return Panel(
        key=key,
        title=title,
        count=count,
        rows=[
            Row(
                row["headline"],
                reverse("admin:articles_article_change", args=[row["pk"]]),
                note(row),
            )
            for row in rows
        ],
        list_url=list_url,
        empty=empty,
    )


def working_draft_model():
    """The working-draft model (articles.models.drafts), or None in a project
    without it: the panel waits for the model, the page works without it."""
    try:
        return apps.get_model("articles", "ArticleDraft")
    except LookupError:
        return None


LIVE = ",".join(Article.LIVE_STATUSES)


def updated(row: dict) -> str:
    return f"updated {_local(row['updated_at'])}"


def publishes(row: dict) -> str:
    return f"public at {_local(row['published_at'])}"


def lifts(row: dict) -> str:
    return f"embargo lifts {_local(row['embargo_until'])}"


def article_panels(user, now) -> list[Panel]:
    stories = Article.objects.order_by("-updated_at", "-pk")
    live = Article.objects.live()

    review = stories.filter(status=Article.Status.REVIEW)
    review_params = {"status__exact": "review"}
    review_title, review_empty = "Waiting for review", "Nothing waits for review."
    if not can_publish(user):
        review = review.filter(created_by=user)
        review_params["created_by__exact"] = user.pk
        review_title = "My stories waiting for review"
        review_empty = "None of your stories waits for review."
    panels = []
    if user.has_perm("articles.add_article"):  # photo editors write none
        panels.append(
            _story_panel(
                "my-drafts",
                "My drafts",
                stories.filter(status=Article.Status.DRAFT, created_by=user),
                _changelist(
                    "article", status__exact="draft", created_by__exact=user.pk
                ),
                "No drafts of yours.",
                updated,
            )
        )
    panels += [
        _story_panel(
            "review",
            review_title,
            review,
            _changelist("article", **review_params),
            review_empty,
            updated,
        ),
        _story_panel(
            "scheduled",
            "Scheduled in the next 24 hours",
            live.filter(published_at__gt=moment())
            .filter(published_at__lte=moment(SOON))
            .order_by("published_at", "pk"),
            _changelist(
                "article",
                status__in=LIVE,
                published_at__gt=_iso(now),
                published_at__lte=_iso(now + SOON),
            ),
            "Nothing goes public in the next 24 hours.",
            publishes,
        ),
        _story_panel(
            "embargoes",
            "Embargoes lifting in the next 24 hours",
            live.filter(embargo_until__gt=moment())
            .filter(embargo_until__lte=moment(SOON))
            .order_by("embargo_until", "pk"),
            _changelist(
                "article",
                status__in=LIVE,
                embargo_until__gt=_iso(now),
                embargo_until__lte=_iso(now + SOON),
            ),
            "No embargo lifts in the next 24 hours.",
            lifts,
        ),
        _story_panel(
            "published",
            "Published in the last 24 hours",
            Article.objects.published()
            .filter(published_at__gte=moment(-RECENT))
            .order_by("-published_at", "-pk"),
            _changelist(
                "article",
                status__in=LIVE,
                published_at__gte=_iso(now - RECENT),
                published_at__lte=_iso(now),
            ),
            "Nothing published in the last 24 hours.",
            publishes,
        ),
    ]
    if pending := pending_drafts_panel(live):
        panels.append(pending)
    from articles.admin.stale_editions import stale_editions_panel  # issue 23

    panels.append(stale_editions_panel())
    return panels


def draft_saved(row: dict) -> str:
    note = f"draft saved {_local(row['draft_saved_at'])}"
    return note + (", submitted for review" if row["draft_submitted"] else "")


def pending_drafts_panel(live: QuerySet) -> Panel | None:
    """Live stories with a working draft not yet published over them."""
    if working_draft_model() is None:
        return None
    with_draft = live.filter(working_draft__isnull=False).annotate(
        draft_saved_at=models.F("working_draft__saved_at"),
        draft_submitted=models.F("working_draft__submitted_for_review"),
    )
    count, rows = first_rows(
        with_draft.order_by("-draft_saved_at", "-pk"),
        "headline",
        "draft_saved_at",
        "draft_submitted",
    )
    return Panel(
        key="pending-drafts",
        title="Live stories with pending drafts",
        count=count,
        rows=[
            Row(
                row["headline"],
                reverse("admin:articles_article_change", args=[row["pk"]]),
                draft_saved(row),
            )
            for row in rows
        ],
        list_url=_changelist("article", status__in=LIVE, working_draft__isnull="false"),
        empty="No live story has a pending draft.",
    )


def photo_panel(now) -> Panel:
    count, rows = first_rows(
        Image.objects.filter(rights_expire_at__gt=moment())
        .filter(rights_expire_at__lte=moment(RIGHTS_WARNING))
        .order_by("rights_expire_at", "pk"),
        "caption",
        "alt_text",
        "headline",
        "original_filename",
        "rights_expire_at",
    )
    return Panel(
        key="rights",
        title="Photos whose rights end within 7 days",
        count=count,
        rows=[
            Row(
                row["headline"]
                or row["caption"]
                or row["alt_text"]
                or row["original_filename"]
                or f"Image #{row['pk']}",
                reverse("admin:articles_image_change", args=[row["pk"]]),
                f"rights end {_local(row['rights_expire_at'])}",
            )
            for row in rows
        ],
        list_url=_changelist(
            "image",
            rights_expire_at__gt=_iso(now),
            rights_expire_at__lte=_iso(now + RIGHTS_WARNING),
        ),
        empty="No photo's rights end within 7 days.",
    )


def newsroom_panels(request: HttpRequest) -> list[Panel]:
    """The panels `request.user` may read, in the order of the page."""
    user, now = request.user, timezone.now()
    panels = []
    if user.has_perm("articles.view_article"):
        panels += article_panels(user, now)
    if user.has_perm("articles.view_image"):
        panels.append(photo_panel(now))
    return panels
