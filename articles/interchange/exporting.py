"""Exports: everything the CMS holds, as JSON Lines and photo files, to
restore from (`import_articles DIR/content.jsonl`); or the published stories
as IPTC ninjs, one file each, for other newsroom systems.

The JSON Lines shape is read back by `articles.interchange.jsonl_reader`; the two
modules change together, and the version in the header says which shape a
file has.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import batched
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import orjson
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from articles.interchange.jsonl_editions import edition_records
from articles.interchange.jsonl_fronts import fronts
from articles.interchange.jsonl_reader import CONTENT_FILE, FORMAT, VERSION
from articles.interchange.jsonl_related import related_records
from articles.interchange.jsonl_rules import editor_label, section_rules, usernames
from articles.interchange.rows import exported_story
from articles.models import Article, Contributor, Credit, Image, Section, Tag
from articles.models.edition_siblings import live_editions
from articles.models.editions import default_language

CHUNK = 500
Progress = Callable[[int, int], None]


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class JsonlExport:
    """Writes DIR/content.jsonl and DIR/images/…; `since` limits the export
    to articles and photos changed from then on (sections, tags,
    contributors and fronts always go whole: they are few and stories refer
    to them, or they to stories)."""

    def __init__(self, directory: Path, *, since: datetime | None = None) -> None:
        self.directory = directory
        self.since = since
        self.counts = {"articles": 0, "images": 0, "files": 0, "fronts": 0}

    @cached_property
    def usernames(self) -> dict[int, str]:
        return usernames()

    def articles(self):
        rows = Article.objects.with_document_parts(Image.objects.all())
        if self.since:
            rows = rows.filter(updated_at__gte=self.since)
        return rows.order_by("pk")

    def library_images(self):
        """Photos no article shows: exported on lines of their own."""
        images = Image.objects.filter(
            lead_for=None, in_bodies=None, social_for=None
        ).prefetch_related("credits__contributor")
        if self.since:
            images = images.filter(updated_at__gte=self.since)
        return images.order_by("pk")

    def run(self, progress: Progress | None = None) -> dict[str, int]:
        self.directory.mkdir(parents=True, exist_ok=True)
        articles, images = self.articles(), self.library_images()
        total = articles.count() + images.count()
        done = 0
        partial = self.directory / f".{CONTENT_FILE}.partial"
        with open(partial, "wb") as out:
            out.write(_line(self.header()))
            for record in self.taxonomy():
                out.write(_line(record))
            for image in images.iterator(chunk_size=CHUNK):
                out.write(_line({"type": "image", **self.image(image)}))
                self.counts["images"] += 1
                done += 1
                if progress:
                    progress(done, total)
            for article in articles.iterator(chunk_size=CHUNK):
                out.write(_line(self.article(article)))
                self.counts["articles"] += 1
                done += 1
                if progress:
                    progress(done, total)
            # Last: a front's slots name the stories above.
            for record in fronts():
                out.write(_line(record))
                self.counts["fronts"] += 1
            # Stories' related stories name each other: after all of them.
            for record in related_records():
                out.write(_line(record))
            # Edition groups name their stories and sources: after them too.
            for record in edition_records():
                out.write(_line(record))
        # Only a finished export takes the name a restore looks for.
        partial.replace(self.directory / CONTENT_FILE)
        return self.counts

    def header(self) -> dict[str, Any]:
        return {
            "type": "export",
            "format": FORMAT,
            "version": VERSION,
            "exported_at": _when(timezone.now()),
            "since": _when(self.since),
            "publication": settings.CMS_PUBLICATION_NAME,
        }

    def taxonomy(self) -> Iterator[dict[str, Any]]:
        # Parents before children, so a restore can link them.
        for section in _parents_first(Section.objects.select_related("parent")):
            yield {
                "type": "section",
                **_section(section),
                "rules": section_rules(section),
            }
        for tag in Tag.objects.order_by("pk"):
            yield {"type": "tag", **_tag(tag)}
        for contributor in Contributor.objects.order_by("pk"):
            yield {"type": "contributor", **_contributor(contributor)}

    def article(self, article: Article) -> dict[str, Any]:
        return {
            "type": "article",
            **exported_story(article),
            "slug": article.slug,
            # A slug is unique within its language (issue 23).
            "language": article.language,
            "headline": article.headline,
            "standfirst": article.standfirst,
            "body_html": article.body,
            "status": article.status,
            "published_at": _when(article.published_at),
            "first_published_at": _when(article.first_published_at),
            "embargo_until": _when(article.embargo_until),
            # An edition's gate (articles.interchange.jsonl_editions).
            "held_until": _when(article.held_until),
            "created_at": _when(article.created_at),
            "updated_at": _when(article.updated_at),
            "section": _section(article.section) if article.section else None,
            "tags": [_tag(t) for t in article.tags.all()],
            "credits": _credits(article.credits.all()),
            "credit_line_override": article.credit_line_override,
            # Wire copy's facts (articles.interchange.agency_updates).
            "slugline": article.slugline,
            "dateline": article.dateline,
            "urgency": article.urgency,
            "version": article.source_version,
            "lead_image": self.image(article.lead_image)
            if article.lead_image
            else None,
            "lead_image_caption": article.lead_image_caption,
            "seo_headline": article.seo_headline,
            "meta_description": article.meta_description,
            "social_headline": article.social_headline,
            "social_image": self.image(article.social_image)
            if article.social_image
            else None,
            # Where the text came from (articles.models.story_source).
            "digital_source_type": article.digital_source_type,
            "machine_translated": article.machine_translated,
            "source_note": article.source_note,
            "body_images": [self.image(image) for image in article.body_images.all()],
            "corrections": [
                {"kind": c.kind, "note": c.note, "noted_at": _when(c.noted_at)}
                for c in article.corrections.all()
            ],
        }

    def image(self, image: Image) -> dict[str, Any]:
        return {
            "id": image.pk,
            "file": self.copy_file(image),
            "original_filename": image.original_filename,
            "headline": image.headline,
            "caption": image.caption,
            "alt_text": image.alt_text,
            "credits": _credits(image.credits.all()),
            "credit_line_override": image.credit_line_override,
            "date_created": _when(image.date_created),
            "copyright_notice": image.copyright_notice,
            "usage_terms": image.usage_terms,
            "restrictions": image.restrictions,
            "rights_expire_at": _when(image.rights_expire_at),
            "focal_x": image.focal_x,
            "focal_y": image.focal_y,
            "editor_label": editor_label(image, self.usernames),
            "created_at": _when(image.created_at),
            "updated_at": _when(image.updated_at),
        }

    def copy_file(self, image: Image) -> str:
        """The photo's original bytes under images/, named by their hash, once."""
        if not image.file:
            return ""
        name = f"images/{image.sha256[:2]}/{image.sha256}.{image.extension}"
        target = self.directory / name
        if not target.exists() or target.stat().st_size != image.file_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            with image.file.open("rb") as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            self.counts["files"] += 1
        return name


def _line(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record) + b"\n"


def _section(section: Section) -> dict[str, Any]:
    parent = section.parent
    return {
        "name": section.name,
        "slug": section.slug,
        "parent": _section(parent) if parent else None,
    }


def _tag(tag: Tag) -> dict[str, Any]:
    return {"name": tag.name, "slug": tag.slug, "uri": tag.uri}


def _parents_first(sections) -> list[Section]:
    by_pk = {section.pk: section for section in sections}
    ordered, placed = [], set()

    def place(section: Section) -> None:
        if section.pk in placed:
            return
        placed.add(section.pk)
        if section.parent_id in by_pk:
            place(by_pk[section.parent_id])
        ordered.append(section)

    for section in sorted(by_pk.values(), key=lambda s: s.pk):
        place(section)
    return ordered


def _contributor(contributor: Contributor) -> dict[str, Any]:
    return {
        "name": contributor.name,
        "slug": contributor.slug,
        "kind": contributor.kind,
        "short_name": contributor.short_name,
        "url": contributor.url,
        "bio": contributor.bio,
        "affiliation": contributor.affiliation,
    }


def _credits(credits: list[Credit]) -> list[dict[str, Any]]:
    return [
        {"role": credit.role, "contributor": _contributor(credit.contributor)}
        for credit in credits
    ]


class _SiteRequest:
    """What ninjs needs of a request, outside one: absolute addresses on the
    site's own URL (CMS_SITE_URL)."""

    def build_absolute_uri(self, location: str) -> str:
        return urljoin(settings.CMS_SITE_URL, location)


def export_ninjs(
    directory: Path, *, since: datetime | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """The published stories as ninjs, DIR/<slug>.json each: the public
    format, so only what the public may see."""
    from articles.interchange.ninjs_writer import article_to_ninjs

    directory.mkdir(parents=True, exist_ok=True)
    articles = Article.objects.for_delivery()
    if since:
        articles = articles.filter(Q(updated_at__gte=since))
    total, done = articles.count(), 0
    request = _SiteRequest()
    for chunk in batched(articles.iterator(chunk_size=CHUNK), CHUNK):
        # Their live editions in other languages: one query per chunk.
        editions = live_editions(article.edition_group_id for article in chunk)
        for article in chunk:
            document = article_to_ninjs(article, request, editions)
            (directory / ninjs_file_name(article)).write_bytes(
                orjson.dumps(document, option=orjson.OPT_INDENT_2)
            )
            done += 1
            if progress:
                progress(done, total)
    return {"articles": done}


def ninjs_file_name(article: Article) -> str:
    """DIR/<slug>.json; another language's edition (a slug is unique within
    its language only) DIR/<slug>.<language>.json."""
    if article.language in ("", default_language()):
        return f"{article.slug}.json"
    return f"{article.slug}.{article.language}.json"
