"""What follows a change to content, in the transaction that made it:

- `updated_at` stays honest: a story's delivered document includes its
  credits, tags, section, lead photo and the photo's credits, so a change to
  any of them is a change to the story. Last-Modified, feeds, sitemaps,
  `updated_since` syncing and stored documents all rely on this;
- the content version moves, so cached responses are dropped everywhere;
- webhook events are written for public stories that changed, and CDN
  purges of what they are tagged with (articles.publishing.cdn_purge)."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import (
    Article,
    ContentVersion,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
    Withdrawal,
)
from articles.publishing import cdn_purge, webhooks

# Everything a public surface shows is read from these.
PUBLIC_CONTENT = (
    Article,
    Image,
    Credit,
    Correction,
    Contributor,
    Section,
    Tag,
    Withdrawal,
)


def touch_articles(articles) -> None:
    # update(), not save(): a timestamp, with no signals to set off again.
    articles.update(updated_at=timezone.now())
    webhooks.articles_changed(articles)
    cdn_purge.articles_changed(articles)


def showing(image_id: int):
    """The articles whose documents show this photo."""
    return Article.objects.filter(
        Q(lead_image_id=image_id) | Q(body_images=image_id)
    ).distinct()


def touch_images(images) -> None:
    images.update(updated_at=timezone.now())


def content_changed(sender, **kwargs) -> None:
    ContentVersion.bump()


for model in PUBLIC_CONTENT:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"cv-save-{model}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"cv-del-{model}")


@receiver(pre_save, sender=Article)
def keep_revisions_moving(sender, instance: Article, raw: bool, **kwargs) -> None:
    # Reverting to an old version (django-reversion) saves the old row raw,
    # old revision number included; a number that went back could let a
    # long-stale copy be saved again. It only ever moves forward.
    if raw and instance.pk:
        current = Article.objects.filter(pk=instance.pk).values_list(
            "revision", flat=True
        )
        instance.revision = (current.first() or 0) + 1


@receiver(post_save, sender=Article)
def article_saved(sender, instance: Article, **kwargs) -> None:
    # Article.save() updates _was_public after this signal: here it is still
    # what readers could see before the save.
    was_public = getattr(instance, "_was_public", False)
    webhooks.article_saved(instance, was_public)
    cdn_purge.article_saved(instance, was_public)


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance: Article, **kwargs) -> None:
    # Here rather than in Article.delete(), so bulk deletes in the admin
    # count too.
    if was_public := getattr(instance, "_was_public", False):
        Withdrawal.objects.create(
            article_id=instance.pk, slug=instance.slug, reason="deleted"
        )
    webhooks.article_deleted(instance.pk, instance.slug, was_public)
    cdn_purge.article_deleted(instance, was_public)


@receiver([post_save, post_delete], sender=Credit)
def credit_changed(sender, instance: Credit, **kwargs) -> None:
    if instance.article_id:
        touch_articles(Article.objects.filter(pk=instance.article_id))
    if instance.image_id:
        touch_images(Image.objects.filter(pk=instance.image_id))
        touch_articles(showing(instance.image_id))


@receiver([post_save, post_delete], sender=Correction)
def correction_changed(sender, instance: Correction, **kwargs) -> None:
    touch_articles(Article.objects.filter(pk=instance.article_id))


@receiver(post_save, sender=Image)
def image_changed(sender, instance: Image, created: bool, **kwargs) -> None:
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
    ContentVersion.bump()
