"""Writes the demo newsroom into the database. Idempotent: stories are keyed
by their demo source id, images by their demo file name and content hash,
everything else by slug or name, so a second run updates in place."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from articles.demo.content import (
    ARTICLES,
    CONTRIBUTORS,
    SECTIONS,
    TAGS,
    DemoArticle,
    DemoImage,
)
from articles.demo.editions import load_editions
from articles.demo.fronts import load_fronts
from articles.demo.pictures import render_jpeg
from articles.models import Article, Contributor, Credit, Image, Section, Tag
from articles.text.sanitize import sanitize_html


@dataclass(frozen=True)
class DemoSummary:
    articles: int
    images: int
    contributors: int


def load_demo_content(*, now: datetime | None = None) -> DemoSummary:
    """Create or update the demo sections, tags, contributors, images and
    articles. `now` anchors the publication times of stories created now."""
    now = now or timezone.now()
    with transaction.atomic():
        sections = _sections()
        tags = {slug: _tag(name, slug) for name, slug in TAGS}
        people = {c.name: _contributor(c.name, c.kind, c.bio) for c in CONTRIBUTORS}
        images: dict[str, Image] = {}
        stories: dict[str, Article] = {}
        for story in ARTICLES:
            images[story.image.filename] = _image(story.image, people)
            stories[story.slug] = _article(
                story, sections, tags, people, images[story.image.filename], now
            )
        editions = load_editions(stories, people)
        load_fronts()
    return DemoSummary(len(ARTICLES) + editions, len(images), len(people))


def ensure_demo_superuser(username: str, password: str) -> str:
    """Make `username` a superuser with `password`. Returns "created",
    "updated" (an existing user's password or rights were changed) or
    "unchanged"."""
    user_model = get_user_model()
    user, created = user_model._default_manager.get_or_create(
        **{user_model.USERNAME_FIELD: username}
    )
    rights = user.is_active and user.is_staff and user.is_superuser
    if not created and rights and user.check_password(password):
        return "unchanged"
    user.is_active = user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return "created" if created else "updated"


# Demo members of each newsroom role, to try the workflow with.
DEMO_MEMBERS = (("writer", "Writer"), ("editor", "Editor"), ("photos", "Photo editor"))


def ensure_demo_members(password: str) -> list[str]:
    """A staff user per role (created once; their groups and password set
    again), so the workflow can be tried as each. Returns the usernames."""
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    for username, group in DEMO_MEMBERS:
        user, _ = user_model._default_manager.get_or_create(
            **{user_model.USERNAME_FIELD: username},
            defaults={"first_name": group},
        )
        user.is_active = user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group)])
    return [username for username, _ in DEMO_MEMBERS]


def _update(obj: models.Model, *, partial: bool = True, **values: object) -> None:
    """Set `values` on `obj` and save it if any changed: only those fields
    when `partial`, otherwise the whole row."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed if partial else None)


def _one_block_per_line(html: str) -> str:
    # The copy is wrapped to fit the source file; readers get one line per
    # paragraph.
    return re.sub(r">\s+<", ">\n<", " ".join(html.split()))


def _sections() -> dict[str, Section]:
    sections: dict[str, Section] = {}
    # Parents come first in SECTIONS, so they exist when a child needs them.
    for name, slug, parent in SECTIONS:
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": sections.get(parent)}
        )
    return sections


def _tag(name: str, slug: str) -> Tag:
    # Names are unique too: an existing "climate" tag under another slug is
    # the same tag.
    found = (
        Tag.objects.filter(slug=slug).first()
        or Tag.objects.filter(name__iexact=name).first()
    )
    return found or Tag.objects.create(name=name, slug=slug)


def _contributor(name: str, kind: str, bio: str) -> Contributor:
    contributor = Contributor.objects.resolve(name, kind=kind)
    if bio and not contributor.bio:
        _update(contributor, bio=bio)
    return contributor


def _sync_credits(
    owner: Article | Image,
    wanted: tuple[tuple[str, str], ...],
    people: dict[str, Contributor],
) -> None:
    """Make `owner`'s credits exactly `wanted`, in order, touching only the
    rows that differ."""
    owner_field = "article" if isinstance(owner, Article) else "image"
    existing = {
        (credit.contributor_id, credit.role): credit
        for credit in Credit.objects.filter(**{owner_field: owner})
    }
    for position, (name, role) in enumerate(wanted):
        contributor = people[name]
        credit = existing.pop((contributor.pk, role), None)
        if credit is None:
            Credit.objects.create(
                **{owner_field: owner},
                contributor=contributor,
                role=role,
                position=position,
            )
        else:
            _update(credit, position=position)
    for credit in existing.values():
        credit.delete()


def _image(spec: DemoImage, people: dict[str, Contributor]) -> Image:
    # Found by file name first: a Pillow upgrade may change the encoded
    # bytes, and the hash alone would then add a second copy of each photo.
    image = Image.objects.filter(original_filename=spec.filename).order_by("pk").first()
    if image is None:
        image, _ = Image.objects.get_or_create_for_file(
            io.BytesIO(render_jpeg(spec.scene)), original_filename=spec.filename
        )
    elif not image.file or not image.file.storage.exists(image.file.name):
        # The database survived but the media directory did not.
        image.set_file(io.BytesIO(render_jpeg(spec.scene)), spec.filename)
        image.save()
    _update(
        image,
        caption=spec.caption,
        alt_text=spec.alt_text,
        copyright_notice=spec.copyright_notice,
        credit_line_override="",
    )
    _sync_credits(image, spec.credits, people)
    return image


def _article(
    spec: DemoArticle,
    sections: dict[str, Section],
    tags: dict[str, Tag],
    people: dict[str, Contributor],
    image: Image,
    now: datetime,
) -> Article:
    article = Article.objects.filter(source_id=spec.source_id).first()
    if article is None:
        # Keep the demo slug unless a real story already has it; then save()
        # derives a free one from the headline.
        taken = Article.objects.filter(slug=spec.slug).exists()
        article = Article(source_id=spec.source_id, slug="" if taken else spec.slug)
    published_at = None
    if spec.hours_ago is not None:
        # Kept from the first run, so re-running does not move stories around.
        published_at = article.published_at or now - timedelta(hours=spec.hours_ago)
    values = {
        "headline": spec.headline,
        "standfirst": spec.standfirst,
        # Compared as stored: save() cleans the body.
        "body": sanitize_html(_one_block_per_line(spec.body)),
        "section": sections[spec.section],
        "lead_image": image,
        "lead_image_caption": "",
        "status": spec.status,
        "published_at": published_at,
        "credit_line_override": "",
    }
    if article.pk is None:
        for name, value in values.items():
            setattr(article, name, value)
        if spec.status == Article.Status.ARCHIVED:
            # Archived stories were public once; save() only sets this when
            # a story is published.
            article.first_published_at = published_at
        article.save()
    else:
        # Whole row: save() derives other fields (publication dates, the
        # cleaned body) from the ones set here.
        _update(article, partial=False, **values)
    article.tags.set([tags[slug] for slug in spec.tags])
    _sync_credits(article, spec.credits, people)
    return article
