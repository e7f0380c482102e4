"""What each story write does, through the code the admin uses: the role
rules (articles.roles), `Article.save()` / `publish()` / `unpublish()` (the
one transition, sanitising, the revision check), `ArticleDraft.store()` and
`publish()` for live stories (a save of a live story is a working draft,
never the live version). Each runs inside the view's transaction and
django-reversion's revision, so a refusal leaves nothing and every write is
in the story's history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.api.writing.preconditions import Opened, check_opened
from articles.models import Article, ArticleDraft, Credit, EditConflict
from articles.models.drafts import DRAFTED_FIELDS, values_of
from articles.roles import (
    PUBLISHING_FIELDS,
    can_edit,
    can_publish,
    home_language,
    is_live,
    language_refusal,
    works_in,
)

SIMPLE_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "section",
    "lead_image",
    "lead_image_caption",
    "credit_line_override",
    "seo_headline",
    "meta_description",
    "social_headline",
    "social_image",
    "digital_source_type",
    "machine_translated",
    "source_note",
    "published_at",
    "embargo_until",
)


class NotNow(Exception):
    """The action does not apply to the story as it stands (409)."""


def check_may_write(user, article: Article | None, values: dict) -> None:
    """The admin's rules: the add or change permission, a writer's own
    stories only, times only for those who may publish, credits with the
    credit permissions."""
    needed = "articles.add_article" if article is None else "articles.change_article"
    # Another desk's language (articles.roles): a 403 naming it.
    language = article.language if article else values.get("language")
    if not works_in(user, language or home_language(user)):
        raise PermissionDenied(language_refusal(user, language))
    if not user.has_perm(needed) or not can_edit(user, article):
        raise PermissionDenied("Your role may not edit this story.")
    if not can_publish(user) and any(name in values for name in PUBLISHING_FIELDS):
        raise PermissionDenied(
            "Only those who may publish set published_at or embargo_until."
        )
    credit_perms = (
        "articles.add_credit",
        "articles.change_credit",
        "articles.delete_credit",
    )
    if "credits" in values and not user.has_perms(credit_perms):
        raise PermissionDenied("Your role may not change credits.")


def check_may_publish(user, article: Article) -> None:
    if not works_in(user, article.language):
        raise PermissionDenied(language_refusal(user, article.language))
    if not (can_publish(user) and user.has_perm("articles.change_article")):
        raise PermissionDenied("Your role may not publish, schedule or unpublish.")


def apply_values(article: Article, values: dict) -> None:
    for name in SIMPLE_FIELDS:
        if name in values:
            setattr(article, name, values[name])


def write_credits(article: Article, credits: list[dict]) -> None:
    """The story's credits, replaced, each row saved as the admin's inline
    saves it (its listeners move a public story's updated_at)."""
    for credit in Credit.objects.filter(article=article):
        credit.delete()
    for position, credit in enumerate(credits):
        Credit(
            article=article,
            contributor=credit["contributor"],
            role=credit["role"],
            position=position,
        ).save()


def create_story(values: dict, *, user) -> Article:
    check_may_write(user, None, values)
    article = Article(
        status=Article.Status.DRAFT,
        created_by=user,
        updated_by=user,
        language=values.get("language") or home_language(user),
    )
    apply_values(article, values)
    article.save()
    if "tags" in values:
        article.tags.set(values["tags"])
    if "credits" in values:
        write_credits(article, values["credits"])
    return article


def edit_story(
    article: Article, draft: ArticleDraft | None, values: dict, *, user, opened: Opened
) -> Article:
    """A story not live: saved (its save's revision check refuses a stale
    copy). A live one: its working draft, the live version untouched."""
    check_may_write(user, article, values)
    if is_live(article):
        store_draft(article, draft, values, user=user, opened=opened)
        return article
    if (draft.token if draft else "0") != (opened.draft or "0"):
        raise EditConflict(article, draft.saved_by, draft.saved_at)
    article.revision = opened.revision
    apply_values(article, values)
    article.updated_by = user
    article.save()
    if "tags" in values:
        article.tags.set(values["tags"])
    if "credits" in values:
        write_credits(article, values["credits"])
    return article


def store_draft(
    article: Article,
    draft: ArticleDraft | None,
    values: dict,
    *,
    user,
    opened: Opened,
    submitted: bool | None = None,
) -> ArticleDraft:
    if "credits" in values:
        raise ValidationError(
            "Credits of a live story are not kept in a working draft: publish "
            "the draft first, or unpublish the story, then change them.",
            code="not_in_draft",
        )
    working = Article.objects.get(pk=article.pk)
    tags = list(article.tags.values_list("pk", flat=True))
    if draft is not None:
        draft.apply_to(working)
        tags = draft.values.get("tags", tags)
    apply_values(working, values)
    if "tags" in values:
        tags = [tag.pk for tag in values["tags"]]
    stored = values_of(working, DRAFTED_FIELDS, tags=tags)
    if submitted is None:
        submitted = draft.submitted_for_review if draft else False
    return ArticleDraft.store(
        article,
        stored,
        user=user,
        opened_revision=opened.revision,
        opened_draft=opened.draft,
        submitted=submitted,
    )


def submit_story(article: Article, *, user, opened: Opened) -> None:
    """For review: a draft's status, a live story's working draft's flag."""
    check_may_write(user, article, {})
    draft = ArticleDraft.objects.filter(article=article).first()
    if is_live(article):
        store_draft(article, draft, {}, user=user, opened=opened, submitted=True)
        return
    if article.status != Article.Status.DRAFT:
        raise NotNow("Only a draft is submitted for review.")
    check_opened(article, draft, opened)
    article.revision = opened.revision
    article.status = Article.Status.REVIEW
    article.updated_by = user
    article.save()


def publish_story(article: Article, *, user, opened: Opened) -> None:
    """The admin's Publish: a live story's working draft made live in one
    save ("Publish changes"); any other story published now (its embargo
    still holds)."""
    check_may_publish(user, article)
    draft = ArticleDraft.objects.filter(article=article).first()
    check_opened(article, draft, opened)
    article.revision, article.updated_by = opened.revision, user
    if is_live(article) and draft is not None:
        publish_draft(article, draft, draft.values, opened)
    elif article.is_published():
        raise NotNow("The story is public and has no working draft to publish.")
    else:
        article.publish()


def schedule_story(article: Article, at, *, user, opened: Opened) -> None:
    check_may_publish(user, article)
    if is_live(article):
        raise NotNow(
            "The story is already live: change published_at in its working "
            "draft and publish it, or unpublish it first."
        )
    if at <= timezone.now():
        raise ValidationError(
            {"at": "Scheduling needs the time to publish at, still to come."}
        )
    check_opened(article, ArticleDraft.objects.filter(article=article).first(), opened)
    article.revision, article.updated_by = opened.revision, user
    article.publish(at=at)


def unpublish_story(article: Article, *, user, opened: Opened) -> None:
    """Off every public surface, a draft again; a working draft's changes
    go onto it in the same save, as the admin's Unpublish does."""
    check_may_publish(user, article)
    if not is_live(article):
        raise NotNow("The story is not published or scheduled.")
    draft = ArticleDraft.objects.filter(article=article).first()
    check_opened(article, draft, opened)
    article.revision, article.updated_by = opened.revision, user
    if draft is None:
        article.unpublish()
    else:
        publish_draft(article, draft, {**draft.values, "status": "draft"}, opened)


def publish_draft(article, draft: ArticleDraft, values: dict, opened: Opened) -> None:
    """As the admin's "Publish changes" and Unpublish of a live story: the
    draft's values (as seen: `opened`) written in one save."""
    pending = ArticleDraft(
        pk=draft.pk,
        article=article,
        values=values,
        base_revision=opened.revision,
        source=draft.source if values == draft.values else "",
        source_facts=draft.source_facts,
    )
    pending.publish(user=article.updated_by)
