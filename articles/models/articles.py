from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone

from articles.models.edit_conflict import EditConflict
from articles.models.edition_followed import followed_columns, note_followed_change
from articles.models.edition_gate import gate_open, gated_transitions, held_until_for
from articles.models.editions import Edition, EditionQuerySet
from articles.models.expressions import CurrentTime, IsOneOf
from articles.models.publish_rules import PublishRules
from articles.models.search_social import SearchAndSocial, photo_prefetches
from articles.models.slugs import unique_slug
from articles.models.story_source import StorySourceType
from articles.models.story_urls import StoryAddresses
from articles.publishing.transitions import (
    LIVE_STATUSES,
    Visibility,
    announce,
    transition,
)
from articles.text.credit_lines import article_credit_line
from articles.text.sanitize import sanitize_html


class ArticleQuerySet(EditionQuerySet, models.QuerySet):
    def live(self) -> ArticleQuerySet:
        """Published or scheduled: public now or at their time."""
        return self.filter(IsOneOf("status", Article.LIVE_STATUSES))

    def published(self) -> ArticleQuerySet:
        """What the public may see. Every public surface (API, feeds, sitemaps,
        images, search, webhooks) starts here: published or scheduled, its time
        come, and no embargo or edition gate still holding it. No job has to
        run at the time: the rule reads the clock when the query runs."""
        embargo_lifted = models.Q(embargo_until__isnull=True) | models.Q(
            embargo_until__lte=CurrentTime(read_once=True)
        )
        return self.filter(
            embargo_lifted,
            gate_open(),  # an edition gated on its source (edition_gate)
            IsOneOf("status", Article.LIVE_STATUSES),
            published_at__lte=CurrentTime(),
        )

    def for_delivery(self) -> ArticleQuerySet:
        """Published articles with everything the API reads, in a fixed number
        of queries whatever the number of rows."""
        from articles.models.images import Image

        # A lead image withheld by its rights comes back as None.
        return self.published().with_document_parts(Image.objects.published())

    def with_document_parts(self, images) -> ArticleQuerySet:
        """Everything an article's document is made of, prefetched; the lead
        photo from `images` (public ones for delivery, for previews those
        whose rights hold)."""
        from articles.models.credits import Credit

        credits = Credit.objects.select_related("contributor")
        with_credits = images.prefetch_related(
            models.Prefetch("credits", queryset=credits)
        )
        return (
            self.select_related("section")
            .prefetch_related(
                "tags",
                "corrections",
                models.Prefetch("credits", queryset=credits),
                models.Prefetch("body_images", queryset=with_credits),
                *photo_prefetches(images, credits),
            )
            .order_by("-published_at", "-pk")
        )


class Article(
    PublishRules,
    SearchAndSocial,
    StorySourceType,
    Edition,
    StoryAddresses,
    models.Model,
):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    LIVE_STATUSES = LIVE_STATUSES

    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=255,
        help_text="The story's address, unique in its language. Filled in "
        "from the headline.",
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
    body_images = models.ManyToManyField(
        "articles.Image",
        blank=True,
        related_name="in_bodies",
        editable=False,
        help_text="Library photos placed in the body; kept in step on save.",
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
        "or scheduled story hidden until then.",
    )
    embargo_until = models.DateTimeField(
        "embargo until",
        null=True,
        blank=True,
        db_index=True,
        help_text="Not public before this moment, whatever the status and date "
        "say; not in the API, feeds, sitemaps or webhooks a second earlier.",
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
    # A hash of what the source said at the last import: a re-import of an
    # unchanged source is recognised without comparing the story field by field.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    credit_line_override = models.CharField(
        max_length=255,
        blank=True,
        help_text="Replaces the credit line built from the credits; for odd cases.",
    )
    # Wire copy's facts as the agency sent them (the slugline desks call it
    # by, where it was filed, urgency 1 flash to 9, the agency's version of
    # the text; articles.interchange.agency_updates), and a hash of the words
    # as the last import wrote them (articles.models.imported_copy).
    slugline = models.CharField(max_length=255, blank=True, editable=False)
    dateline = models.CharField(max_length=255, blank=True, editable=False)
    urgency = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    source_version = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False
    )
    imported_copy = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Moves with every save; a save of an older copy is refused (EditConflict).
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # The public list, newest first: walked in order, a page at a
            # time, however many stories there are (docs/internals/scale.md).
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status__in=["scheduled", "published"]),
                name="article_live_newest_first",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                # The slug first: a lookup by slug alone uses it too.
                fields=["slug", "language"],
                name="article_slug_per_language",
            ),
            models.UniqueConstraint(
                fields=["edition_group", "language"],
                condition=models.Q(edition_group__isnull=False),
                name="one_edition_per_language",
            ),
        ]
        permissions = [
            ("publish_article", "Can schedule, publish and unpublish articles"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        now = timezone.now()
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, self.headline)
        if self.edition_gate or self.held_until is not None:  # gated editions only
            self.held_until = held_until_for(self)
        if self.status in self.LIVE_STATUSES:
            self.published_at = self.published_at or now
            self.first_published_at = self.first_published_at or self.goes_live_at()
        if self.source_id == "":
            self.source_id = None
        with transaction.atomic():
            adding = self._state.adding
            checked = not adding and kwargs.get("update_fields") is None
            before = None if adding else self._lock_stored(check=checked)
            override = self.check_publish_rules(before, kwargs.get("update_fields"))
            if checked:
                self.revision += 1
                note_followed_change(self, self._stored_followed)
            try:
                super().save(*args, **kwargs)
            except BaseException:
                if checked:
                    self.revision -= 1
                raise
            self._place_body_images(adding)
            self.record_override(override)
            self.announce(before, self.visibility(), now)

    def _lock_stored(self, *, check: bool) -> Visibility | None:
        """Lock the stored row until this save commits and return what
        readers could see of it (None if it is gone). With `check`, no silent
        overwrite: a copy loaded before someone else's save may not be saved
        over it (EditConflict).

        What readers could see is taken from the locked row, not from the
        instance: a copy whose earlier save was rolled back would otherwise
        believe a story public that never was."""
        row = (
            Article.objects.select_for_update()
            .filter(pk=self.pk)
            .values_list(
                "revision",
                "updated_by",
                "updated_at",
                "status",
                "published_at",
                "embargo_until",
                "held_until",
                *followed_columns(self),  # none outside an edition group
            )
            .first()
        )
        if check and (conflict := self.conflict(self.revision, row and row[:3])):
            raise conflict
        self._stored_followed = (row[0], row[7:]) if row else None
        return Visibility(*row[3:7]) if row else None

    def saved_state(self, *, lock: bool = False) -> tuple | None:
        """(revision, updated_by id, updated_at) as stored, or None."""
        rows = Article.objects.select_for_update() if lock else Article.objects
        return (
            rows.filter(pk=self.pk)
            .values_list("revision", "updated_by", "updated_at")
            .first()
        )

    def conflict(self, opened: int, state: tuple | None) -> EditConflict | None:
        """The conflict of saving a copy opened at revision `opened` over
        `state` (from `saved_state`), or None when there is none."""
        if state is None or state[0] == opened:
            return None
        from django.contrib.auth import get_user_model

        saved_by = get_user_model().objects.filter(pk=state[1]).first()
        return EditConflict(self, saved_by, state[2])

    def _place_body_images(self, adding: bool) -> None:
        from articles.models.images import Image
        from articles.text.body import image_ids

        ids = image_ids(self.body)
        if not ids and adding:  # most stories: no photo in the text, none before
            return
        known = list(Image.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if set(known) != set(self.body_images.values_list("pk", flat=True)):
            self.body_images.set(known)

    def visibility(self) -> Visibility:
        return Visibility(
            self.status, self.published_at, self.embargo_until, self.held_until
        )

    def announce(
        self, before: Visibility | None, after: Visibility | None, now
    ) -> None:
        """Tell every listener what this write did for readers (see
        articles.publishing.transitions), and what it did to the editions
        gated on this one (articles.models.edition_gate), in one signal."""
        change = transition(
            article_id=self.pk,
            slug=self.slug,
            lead_image_id=self.lead_image_id,
            before=before,
            after=after,
            now=now,
        )
        announce([change, *gated_transitions(self, before, after, now)], now)

    def goes_live_at(self):
        """When a published or scheduled story is (or was) first public: its
        date, or its embargo or edition gate if that is later; None while
        its gate holds it with no moment set (its source is not live)."""
        return Visibility(
            LIVE_STATUSES[0], self.published_at, self.embargo_until, self.held_until
        ).live_at()

    def is_published(self) -> bool:
        """The instance's answer to `published()`, the same rule."""
        return self.visibility().is_public(timezone.now())

    is_published.boolean = True
    is_published.short_description = "Public"

    def publish(self, *, at=None) -> None:
        """Make the story public now (published), or at `at` if that is to come
        (scheduled); `at` is also the date readers see. An embargo still
        holds either way."""
        now = timezone.now()
        if at is not None:
            self.published_at = at
        elif self.published_at is None or self.published_at > now:
            self.published_at = now
        self.go_live(now)
        self.save()

    def go_live(self, now) -> None:
        """Published if its date has come, scheduled if it is to come (no
        date: now), unsaved; every writer that makes stories live uses it."""
        self.published_at = self.published_at or now
        self.status = (
            self.Status.SCHEDULED if self.published_at > now else self.Status.PUBLISHED
        )
        self.first_published_at = self.first_published_at or self.goes_live_at()

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
