"""Imported stories have a history, as edits do: the bulk writer makes the
same versions django-reversion would, and the admin reads and reverts them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.core import serializers
from reversion.models import Version
from reversion.revisions import _get_options

from articles.interchange.story import (
    AUTHOR,
    CONTRIBUTOR,
    CorrectionRef,
    CreditRef,
    Story,
)
from articles.interchange.story_writer import StoryWriter
from articles.models import Article

NOTED = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)


def stories() -> list[Story]:
    return [
        Story(
            source_id=f"wire:{n}",
            headline=f"Story {n}",
            body_html=f"<p>Text {n}.</p>",
            tags=["Energy", f"Tag {n}"],
            credits=[
                CreditRef(name="Jane Roe", role=AUTHOR),
                CreditRef(name="Reuters", role=CONTRIBUTOR),
            ],
            corrections=[
                CorrectionRef(kind="correction", note=f"Fixed {n}.", noted_at=NOTED)
            ],
            published_at=datetime(2026, 3, 4, 9, 0, 0, 123456, tzinfo=UTC),
        )
        for n in range(3)
    ]


def test_each_imported_story_is_one_revision_holding_what_reversion_would(db):
    StoryWriter().write(stories())

    for article in Article.objects.order_by("pk"):
        versions = Version.objects.get_for_object(article)
        assert [v.revision.comment for v in versions] == [
            f"Imported from {article.source_id}"
        ]
        revision = versions[0].revision
        kept = {
            (v.content_type.model, v.object_id): json.loads(v.serialized_data)
            for v in revision.version_set.all()
        }
        rows = [article, *article.credits.all(), *article.corrections.all()]
        expected = {
            (row._meta.model_name, str(row.pk)): json.loads(
                serializers.serialize(
                    "json", [row], fields=_get_options(type(row)).fields
                )
            )
            for row in rows
        }
        assert kept == expected
        assert {v.object_repr for v in revision.version_set.all()} == {
            article.headline,
            "Author (byline): Jane Roe",
            "Contributor (with files from): Reuters",
            "Correction, 2026-03-04",
        }


def test_the_admin_shows_and_reverts_an_imported_version(admin_client):
    StoryWriter().write(stories()[:1])
    article = Article.objects.get()
    article.headline = "Edited after the import"
    article.save()
    url = f"/admin/articles/article/{article.pk}/"

    history = admin_client.get(f"{url}history/")

    actions = history.context["action_list"]
    assert [a["revision"].comment for a in actions][-1] == "Imported from wire:0"
    imported = actions[-1]["url"]
    page = admin_client.get(imported)
    assert page.status_code == 200
    assert 'value="Story 0"' in page.content.decode()
