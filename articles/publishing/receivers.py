"""What follows a change to content, in the transaction that made it.

A story's own writes reach the listeners of `story_changed` as transitions
(articles.publishing.transitions): withdrawals, stored documents, webhook
events, CDN purges and the content version. Changes to what a story's
document contains without its own row changing (its credits, tags,
corrections, section, lead photo and the photo's credits) are turned into
the same transitions here, as updates of the public stories concerned, after
moving their `updated_at`: Last-Modified, feeds, sitemaps, `updated_since`
syncing and stored documents rely on that."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.tasks import task
from django.utils import timezone

from articles.models import (
    Article,
    ArticleDocument,
    ContentVersion,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
    Withdrawal,
)
from articles.models.edition_gate import held_until_for

# fronts, related, due_drafts: their listeners
from articles.publishing import (  # noqa: F401
    cdn_purge,
    due_drafts,
    fronts,
    related,
    webhooks,
)
from articles.publishing.outbox import after_commit_once
from articles.publishing.transitions import (
    Change,
    Transition,
    Visibility,
    announce,
    story_changed,
    updated,
)

# Besides stories, everything a public surface shows is read from these.
PUBLIC_CONTENT = (Image, Credit, Correction, Contributor, Section, Tag, Withdrawal)


# Listeners of the one transition ----------------------------------------------


@receiver(story_changed, dispatch_uid="withdrawals")
def record_withdrawals(sender, transitions: list[Transition], now, **kwargs) -> None:
    Withdrawal.objects.bulk_create(
        Withdrawal(article_id=t.article_id, slug=t.slug, reason=t.withdrawn_as)
        for t in transitions
        if t.withdrawn_as
    )
    # Back in the list: an older withdrawal no longer applies.
    back = [t.article_id for t in transitions if t.kind == Change.PUBLISHED]
    if back:
        Withdrawal.objects.filter(article_id__in=back).delete()


@receiver(story_changed, dispatch_uid="documents")
def drop_documents(sender, transitions: list[Transition], now, **kwargs) -> None:
    # A withdrawn story's text does not stay in the delivery store.
    gone = [t.article_id for t in transitions if t.kind == Change.UNPUBLISHED]
    if gone:
        ArticleDocument.objects.filter(article_id__in=gone).delete()


@receiver(story_changed, dispatch_uid="outbox")
def record_outbound(sender, transitions: list[Transition], now, **kwargs) -> None:
    webhooks.record_transitions(transitions, now)
    cdn_purge.record_transitions(transitions, now)


@receiver(story_changed, dispatch_uid="content-version")
def move_content_version(sender, transitions: list[Transition], now, **kwargs) -> None:
    # Only a story whose times were written can bring a new timed change:
    # saving a scheduled story again queues nothing more.
    later = {t.goes_live_at for t in transitions if t.goes_live_at and t.times_changed}
    if later or any(t.seen for t in transitions):
        ContentVersion.changed(recompute=bool(later))
    for moment in later:
        count_timed_change_at(moment)


@task
def advance_content_version() -> bool:
    """A scheduled story went live or a photo's rights ran out: cached
    responses are made afresh from now (see ContentVersion.current)."""
    return ContentVersion.advance()


def count_timed_change_at(moment) -> None:
    after_commit_once(
        ("content-version", moment),
        lambda: advance_content_version.using(run_after=moment).enqueue(),
    )


# Stories' own rows: saves go through Article.save(); these catch the rest ------


@receiver(pre_save, sender=Article)
def keep_revisions_moving(sender, instance: Article, raw: bool, **kwargs) -> None:
    # Reverting to an old version (django-reversion) saves the old row raw,
    # without Article.save(), old revision number included; a number that
    # went back could let a long-stale copy be saved again. It only ever
    # moves forward. What readers saw before is kept for the transition.
    if raw and instance.pk:
        stored = (
            Article.objects.filter(pk=instance.pk)
            .values_list(
                "revision", "status", "published_at", "embargo_until", "held_until"
            )
            .first()
        )
        instance.revision = (stored[0] if stored else 0) + 1
        instance._stored_visibility = Visibility(*stored[1:]) if stored else None
        # An old version's gate is worked out again from its source as it is.
        if instance.edition_gate or instance.held_until is not None:
            instance.held_until = held_until_for(instance)


@receiver(post_save, sender=Article)
def article_reverted(sender, instance: Article, raw: bool, **kwargs) -> None:
    if raw:
        before = instance.__dict__.pop("_stored_visibility", None)
        instance.announce(before, instance.visibility(), timezone.now())


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance: Article, **kwargs) -> None:
    # Here rather than in Article.delete(), so bulk deletes in the admin
    # count too. What readers saw is the copy as loaded for deletion.
    instance.announce(instance.visibility(), None, timezone.now())


# What stories' documents contain ----------------------------------------------


def touch_articles(articles) -> None:
    # update(), not save(): a timestamp, with no signals to set off again.
    now = timezone.now()
    articles.update(updated_at=now)
    public = articles.published().values_list("pk", "slug", "lead_image_id")
    announce(updated(public), now)


def showing(image_id: int):
    """The articles whose documents show this photo."""
    return Article.objects.filter(
        Q(lead_image_id=image_id)
        | Q(body_images=image_id)
        | Q(social_image_id=image_id)
    ).distinct()


def touch_images(images) -> None:
    images.update(updated_at=timezone.now())


def content_changed(sender, **kwargs) -> None:
    if isinstance(kwargs.get("origin"), Article):
        return  # deleted with a story, whose transition moves the version
    ContentVersion.changed()


for model in PUBLIC_CONTENT:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"cv-save-{model}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"cv-del-{model}")


@receiver([post_save, post_delete], sender=Credit)
def credit_changed(sender, instance: Credit, **kwargs) -> None:
    origin = kwargs.get("origin")
    if isinstance(origin, Article) and origin.pk == instance.article_id:
        return  # deleted with its story, whose transition said so
    if instance.article_id:
        touch_articles(Article.objects.filter(pk=instance.article_id))
    if instance.image_id:
        touch_images(Image.objects.filter(pk=instance.image_id))
        touch_articles(showing(instance.image_id))


@receiver([post_save, post_delete], sender=Correction)
def correction_changed(sender, instance: Correction, **kwargs) -> None:
    origin = kwargs.get("origin")
    if isinstance(origin, Article) and origin.pk == instance.article_id:
        return  # deleted with its story, whose transition said so
    touch_articles(Article.objects.filter(pk=instance.article_id))


@receiver(post_save, sender=Image)
def image_changed(sender, instance: Image, created: bool, **kwargs) -> None:
    expiry = instance.rights_expire_at
    if expiry is not None and expiry > timezone.now():
        # Its rights run out with nobody saving: counted at that moment.
        ContentVersion.changed(recompute=True)
        count_timed_change_at(expiry)
    if not created:
        touch_articles(showing(instance.pk))
        cdn_purge.image_changed(instance.pk)


@receiver(post_save, sender=Contributor)
def contributor_changed(sender, instance: Contributor, created: bool, **kwargs) -> None:
    if created:
        return
    touch_images(Image.objects.filter(credits__contributor=instance))
    touch_articles(
        Article.objects.filter(
            Q(credits__contributor=instance)
            | Q(lead_image__credits__contributor=instance)
            | Q(body_images__credits__contributor=instance)
            | Q(social_image__credits__contributor=instance)
        ).distinct()
    )


@receiver(post_save, sender=Section)
def section_changed(sender, instance: Section, created: bool, **kwargs) -> None:
    if not created:
        touch_articles(Article.objects.filter(section=instance))


@receiver(post_save, sender=Tag)
def tag_changed(sender, instance: Tag, created: bool, **kwargs) -> None:
    if not created:
        touch_articles(Article.objects.filter(tags=instance))


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(
    sender, instance, action: str, reverse: bool, pk_set, **kwargs
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # tag.articles.add(...)
        touch_articles(Article.objects.filter(pk__in=pk_set or []))
    else:
        touch_articles(Article.objects.filter(pk=instance.pk))
