from __future__ import annotations

import re

from django.db import models
from django.utils import timezone

from articles.credit_lines import article_credit_line
from articles.sanitize import sanitize_html
from articles.slugs import unique_slug


class CurrentTime(models.Expression):
    """`timezone.now()`, taken when the query runs rather than when the
    queryset is built: a queryset can then be built once and reused (the
    delivery API does) without its idea of "now" standing still."""

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        return "%s", [connection.ops.adapt_datetimefield_value(timezone.now())]


class ArticleQuerySet(models.QuerySet):
    def live(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED)

    def released(self) -> ArticleQuerySet:
        return self.filter(published_at__lte=timezone.now())

    def published(self) -> ArticleQuerySet:
        """What the public may see. Every public surface (API, feeds, sitemaps,
        images, search) starts here; new rules such as embargoes go inside."""
        # One filter() rather than live().released(): the same rows, and the
        # busiest queryset of all is built once per request.
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=CurrentTime()
        )

    def for_delivery(self) -> ArticleQuerySet:
        """Published articles with everything the API reads, in a fixed number
        of queries whatever the number of rows."""
        from articles.models.credits import Credit
        from articles.models.images import Image

        credits = Credit.objects.select_related("contributor")
        return (
            self.published()
            .select_related("section")
            .prefetch_related(
                "tags",
                models.Prefetch("credits", queryset=credits),
                # A lead image withheld by its rights comes back as None.
                models.Prefetch(
                    "lead_image",
                    queryset=Image.objects.published().prefetch_related(
                        models.Prefetch("credits", queryset=credits)
                    ),
                ),
            )
            .order_by("-published_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="The story's address. Filled in from the headline.",
    )
    standfirst = models.TextField(
        blank=True, help_text="The summary shown under the headline and in lists."
    )
    body = models.TextField(
        blank=True,
        help_text="HTML. Cleaned on save: scripts, styles and unknown tags go.",
    )
    section = models.ForeignKey(
        "articles.Section",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = models.ManyToManyField("articles.Tag", blank=True, related_name="articles")
    lead_image = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_for",
    )
    lead_image_caption = models.TextField(
        blank=True,
        help_text="Caption for this story only; empty uses the image's own caption.",
    )
    status = models.CharField(
        max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The date shown to readers. A future time keeps a published "
        "story hidden until then.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_id = models.CharField(
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        help_text="Where an imported story came from; a re-import of the same "
        "source updates this article.",
    )
    credit_line_override = models.CharField(
        max_length=255,
        blank=True,
        help_text="Replaces the credit line built from the credits; for odd cases.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, self.headline)
        if self.status == self.Status.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
            self.first_published_at = self.first_published_at or self.published_at
        if self.source_id == "":
            self.source_id = None
        super().save(*args, **kwargs)
        self._record_visibility_change()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("api:article-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        article = super().from_db(db, field_names, values, *args, **kwargs)
        # What readers could see as loaded, to notice a withdrawal on save
        # (not for partial loads: reading deferred fields costs a query each).
        if {"status", "published_at"} <= set(field_names):
            article._was_public = article.is_published()
        return article

    def _record_visibility_change(self) -> None:
        from articles.models.withdrawals import Withdrawal

        was_public = getattr(self, "_was_public", False)
        self._was_public = public = self.is_published()
        if was_public and not public:
            reason = (
                "archived" if self.status == self.Status.ARCHIVED else "unpublished"
            )
            Withdrawal.objects.create(article_id=self.pk, slug=self.slug, reason=reason)
        elif public and not was_public:
            # Back in the list: an older withdrawal no longer applies.
            Withdrawal.objects.filter(article_id=self.pk).delete()

    def public_url(self) -> str:
        """Where readers find the story: the website (CMS_ARTICLE_URL) or,
        without one, its API document. May be relative to this site."""
        from django.conf import settings

        template = settings.CMS_ARTICLE_URL
        if not template:
            return self.get_absolute_url()
        section = self.section.slug if self.section_id else ""
        url = template.format(slug=self.slug, section=section)
        # A story without a section leaves "//" where the section would be.
        return re.sub(r"(?<!:)//+", "/", url)

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = "Public"

    def publish(self, *, at=None) -> None:
        """Make the story public now, or at `at` (the date readers see)."""
        self.status = self.Status.PUBLISHED
        if at is not None:
            self.published_at = at
        elif self.published_at is None or self.published_at > timezone.now():
            self.published_at = timezone.now()
        self.save()

    def unpublish(self) -> None:
        """Take the story off every public surface; it goes back to draft."""
        self.status = self.Status.DRAFT
        self.save()

    @property
    def credit_line(self) -> str:
        """E.g. "With files from Reuters". Reads the credits, a query unless
        they were prefetched."""
        return self.credit_line_override or article_credit_line(self.credits.all())

    @property
    def lead_image_display_caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""
