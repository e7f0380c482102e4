"""The wire queue: agency items a source in queue mode brought in, as draft
stories, waiting for an editor. An entry is the item's story plus what the
desk sorts by (agency, arrival, updates); "Use this" takes the story out of
the queue for the editor, "Merge" folds other agencies' items into one story,
their credits kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


class WireItemQuerySet(models.QuerySet):
    def waiting(self) -> WireItemQuerySet:
        return self.filter(used_at__isnull=True)


class WireItem(models.Model):
    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="wire_item"
    )
    source = models.ForeignKey(
        "articles.WireSource",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    agency = models.CharField(max_length=200, blank=True, db_index=True)
    # Where the latest version came from: the file's name or the URL.
    origin = models.CharField(max_length=1000, blank=True)
    received_at = models.DateTimeField(db_index=True)
    last_received_at = models.DateTimeField()
    # Versions received after the first.
    updates = models.PositiveIntegerField(default=0)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set when this item's credits were folded into another story.
    merged_into = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_wire_items",
    )

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "wire item"
        verbose_name_plural = "wire queue"

    def __str__(self) -> str:
        return self.article.headline

    def use(self, user) -> None:
        """Out of the queue, the editor's: the story keeps the credits the
        agency sent, gains "With files from" its agency when none names it,
        and this entry links the two."""
        from articles.models import Article

        with transaction.atomic():
            credit_agency(self.article, self.agency)
            self.used_by, self.used_at = user, timezone.now()
            self.save(update_fields=["used_by", "used_at"])
            # The story is a draft the worker wrote: it has no owner yet.
            Article.objects.filter(pk=self.article_id, created_by=None).update(
                created_by=user
            )

    @classmethod
    def merge(cls, items: list[WireItem], user) -> WireItem:
        """One story from several agencies' items: the first item's story,
        with every other item's credits and agency added after its own (each
        agency keeps its "With files from"); the others leave the queue."""
        from articles.models import Credit

        kept, others = items[0], items[1:]
        with transaction.atomic():
            credit_agency(kept.article, kept.agency)
            have = set(kept.article.credits.values_list("contributor_id", "role"))
            position = kept.article.credits.count()
            added = 0
            for credit in Credit.objects.filter(
                article__in=[item.article_id for item in others]
            ).order_by("article_id", "position", "pk"):
                if (credit.contributor_id, credit.role) in have:
                    continue
                have.add((credit.contributor_id, credit.role))
                # One by one, as the admin saves credits: a credit changes
                # what a story shows, and its save says so.
                Credit.objects.create(
                    article_id=kept.article_id,
                    contributor_id=credit.contributor_id,
                    role=credit.role,
                    position=position + added,
                )
                added += 1
            for item in others:
                credit_agency(kept.article, item.agency)
            now = timezone.now()
            cls.objects.filter(pk__in=[item.pk for item in others]).update(
                used_by=user, used_at=now, merged_into=kept.article_id
            )
            kept.use(user)
        return kept


def credit_agency(article, agency: str) -> None:
    """ "With files from `agency`" on the story, unless a credit already
    names it (a byline of dpa's own, say)."""
    from articles.models import Contributor, Credit

    credits = list(article.credits.select_related("contributor"))
    named = {
        name.casefold()
        for credit in credits
        for name in (credit.contributor.name, credit.contributor.short_name)
        if name
    }
    if not agency or agency.casefold() in named:
        return
    contributor = Contributor.objects.filter(
        Q(name__iexact=agency) | Q(short_name__iexact=agency)
    ).order_by("pk").first() or Contributor.objects.create(
        name=agency, kind=Contributor.Kind.AGENCY
    )
    Credit.objects.create(
        article=article,
        contributor=contributor,
        role=Credit.Role.CONTRIBUTOR,
        position=len(credits),
    )
