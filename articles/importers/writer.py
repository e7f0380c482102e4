"""The one writer: a `Story` from any importer into the content model."""

from __future__ import annotations

from typing import Literal

import reversion
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction

from articles.importers.story import CreditRef, ImageRef, Story, StoryError
from articles.models import Article, Contributor, Credit, Image, Section, Tag
from articles.sanitize import sanitize_html

WriteResult = Literal["created", "updated", "unchanged"]

# (contributor id, role) in credit order: what two credit lists are compared by.
CreditKey = tuple[int, str]


def write_story(story: Story, *, publish: bool) -> WriteResult:
    """Create or update the article whose source id is `story.source_id`.

    All or nothing: any failure rolls the whole story back and is raised as a
    StoryError. Nothing is saved, and `updated_at` stays, when the article
    already says what the story says. `publish` publishes a new article;
    without it, new articles are drafts. An existing article keeps the status
    editors gave it: a re-import neither takes a live story down nor brings
    back one that was unpublished (for legal reasons, say).
    """
    try:
        # Each imported story is a version in its history, like an edit.
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment(f"Imported from {story.source_id}")
            return _write(story, publish=publish)
    except ValidationError as error:
        raise StoryError(f"not saved: {_validation_message(error)}") from error
    except (IntegrityError, DataError) as error:
        raise StoryError(f"not saved: {_database_message(error)}") from error


def _write(story: Story, *, publish: bool) -> WriteResult:
    article = (
        Article.objects.select_for_update().filter(source_id=story.source_id).first()
    ) or Article(source_id=story.source_id)
    created = article._state.adding
    # Lookups first: the contributors, section and tags exist before anything
    # is compared, so comparing is by id.
    section = _section(story.section)
    tags = {_tag(name).pk for name in story.tags}
    credits = _credit_keys(story.credits)
    image = _lead_image(article, story.lead_image)
    image_credits = _credit_keys(story.lead_image.credits) if story.lead_image else []

    fields = {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "body": sanitize_html(story.body_html),
        "section": section,
    }
    if story.published_at is not None:
        fields["published_at"] = story.published_at
    article_changed = _differs(article, fields) or article.lead_image != image
    image_changed = image is not None and (
        image._state.adding or _differs(image, _image_fields(story.lead_image))
    )
    image_credits_changed = image is not None and (
        image._state.adding or _current_credits(image) != image_credits
    )
    credits_changed = created or _current_credits(article) != credits
    tags_changed = created or set(article.tags.values_list("pk", flat=True)) != tags
    publishing = publish and created
    changes = (article_changed, image_changed, image_credits_changed)
    changes += (credits_changed, tags_changed, publishing)
    if not created and not any(changes):
        return "unchanged"

    if image_changed:
        _assign(image, _image_fields(story.lead_image))
        image.full_clean(validate_unique=False)
        image.save()
    _assign(article, fields | {"lead_image": image})
    article.full_clean(exclude=["slug"], validate_unique=False)
    if publishing:
        article.publish(at=story.published_at)
    else:
        article.save()
    # Credits after the article and image rows, in one transaction: a refused
    # credit leaves nothing of the story behind.
    if credits_changed:
        _replace_credits(article.credits, credits, article=article)
    if image_credits_changed:
        _replace_credits(image.credits, image_credits, image=image)
    if tags_changed:
        article.tags.set(tags)
    return "created" if created else "updated"


def _differs(instance: models.Model, fields: dict[str, object]) -> bool:
    return any(getattr(instance, name) != value for name, value in fields.items())


def _assign(instance: models.Model, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def _image_fields(ref: ImageRef) -> dict[str, object]:
    return {"caption": ref.caption, "alt_text": ref.alt_text}


def _lead_image(article: Article, ref: ImageRef | None) -> Image | None:
    """The image row for the story's photo: the article's own when it has one,
    so a re-import updates it rather than piling up copies."""
    if ref is None:
        return None
    return article.lead_image or Image()


def _section(name: str | None) -> Section | None:
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    section = Section.objects.filter(name__iexact=name).order_by("pk").first()
    if section is None:
        section = Section(name=name)
        section.save()
    return section


def _tag(name: str) -> Tag:
    name = " ".join(name.split())
    tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    if tag is None:
        tag = Tag(name=name)
        tag.save()
    return tag


def _credit_keys(refs: list[CreditRef]) -> list[CreditKey]:
    keys = (
        (Contributor.objects.resolve(ref.name, kind=ref.kind).pk, ref.role)
        for ref in refs
    )
    # One credit per contributor and role, as the unique constraints want.
    return list(dict.fromkeys(keys))


def _current_credits(target: Article | Image) -> list[CreditKey]:
    return list(
        target.credits.order_by("position", "pk").values_list("contributor_id", "role")
    )


def _replace_credits(
    current: models.Manager, keys: list[CreditKey], **target: Article | Image
) -> None:
    current.all().delete()
    for position, (contributor_id, role) in enumerate(keys):
        Credit(
            contributor_id=contributor_id, role=role, position=position, **target
        ).save()


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _database_message(error: Exception) -> str:
    """The model's own message for a named constraint the database reported
    (same words on every database), else the database's first line."""
    text = str(error)
    for model in (Credit, Article, Image, Contributor, Section, Tag):
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return constraint.get_violation_error_message()
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
