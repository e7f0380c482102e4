"""The newsroom home's "Stale editions" panel (issue 23): editions whose
source has changed since they were made or brought up to date, the longest
waiting first, in one query like every panel (articles.admin.dashboard)."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from articles.admin.dashboard import Panel, Row, _changelist, _local, first_rows
from articles.models import Article
from articles.models.edition_desk import language_name


def stale_note(row: dict) -> str:
    return (
        f"{language_name(row['language'])}; the "
        f"{language_name(row['source_language'])} edition changed "
        f"{_local(row['source_updated_at'])}"
    )


def stale_editions_panel() -> Panel:
    stale = (
        Article.objects.stale()
        .annotate(
            source_language=F("edition_source__language"),
            source_updated_at=F("edition_source__updated_at"),
        )
        .order_by("source_updated_at", "pk")
    )
    count, rows = first_rows(
        stale, "headline", "language", "source_language", "source_updated_at"
    )
    return Panel(
        key="stale-editions",
        title="Stale editions",
        count=count,
        rows=[
            Row(
                row["headline"],
                reverse("admin:articles_article_change", args=[row["pk"]]),
                stale_note(row),
            )
            for row in rows
        ],
        list_url=_changelist("article", edition="stale"),
        empty="Every edition is up to date with its source.",
    )
