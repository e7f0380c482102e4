"""Backups for restore tests: export, empty the database, read the lines."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from reversion.models import Revision

from articles.models import (
    Article,
    ArticleDocument,
    Collection,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
    TrustBundle,
    Withdrawal,
)


def export_backup(directory: Path) -> str:
    out = StringIO()
    call_command("export_articles", str(directory), stdout=out)
    return out.getvalue()


def empty_database(*, users: bool = True, trust: bool = True) -> None:
    """Everything a backup holds gone, files too; users and the trust
    anchors as asked (a backup holds neither)."""
    for image in Image.objects.exclude(file=""):
        image.file.delete(save=False)
    Article.objects.all().delete()
    Collection.objects.all().delete()
    for model in (Credit, Correction, Image, Contributor, Tag, Withdrawal):
        model.objects.all().delete()
    Section.objects.filter(parent__isnull=False).delete()
    Section.objects.all().delete()
    Revision.objects.all().delete()
    ArticleDocument.objects.all().delete()
    if users:
        get_user_model().objects.all().delete()
    if trust:
        TrustBundle.objects.all().delete()


def backup_lines(directory: Path) -> list[dict]:
    """The backup's records, header first."""
    return [json.loads(line) for line in (directory / "content.jsonl").open()]


def write_backup_lines(directory: Path, lines: list[dict]) -> None:
    (directory / "content.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines)
    )
