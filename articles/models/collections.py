"""Collections ("fronts"): the ordered lists of stories editors build for a
home page or a section front.

A collection is named by its slug; each `Collection` row is one version of
it, live from `live_from`. The public one is the latest version whose time
has come, decided by the query's clock (`CurrentTime`) exactly as a scheduled
story is: the 6:00 front prepared the night before takes over at 6:00 with no
job. Its slots hold a chosen story (with the front's own headline, standfirst
or photo if the editor gives one) or a rule (the latest public stories of a
section or tag not already on the front). A front is in one language (issue
23): its rules draw only stories in it, and a chosen story in another
language is refused here and never shown (`articles.delivery.fronts.place`).
Which stories a front shows, and in how many queries, is
`articles.delivery.fronts`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from articles.models.edition_desk import language_name
from articles.models.editions import default_language
from articles.models.expressions import CurrentTime

MAX_ITEMS_LIMIT = 100


class CollectionQuerySet(models.QuerySet):
    def live(self) -> CollectionQuerySet:
        """Each collection's version the public sees now: the latest whose
        `live_from` has come, by the query's clock."""
        latest = (
            Collection.objects.filter(
                slug=OuterRef("slug"), live_from__lte=CurrentTime()
            )
            .order_by("-live_from", "-pk")
            .values("pk")[:1]
        )
        return self.filter(live_from__lte=CurrentTime(), pk=Subquery(latest))


class Collection(models.Model):
    slug = models.SlugField(
        max_length=100,
        help_text="The front's address in the API, e.g. top-stories. Versions "
        "of one front share it.",
    )
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=12,
        default=default_language,
        help_text="The language of the front's stories (CMS_LANGUAGES): its "
        "rules fill it with stories in this language only.",
    )
    max_items = models.PositiveSmallIntegerField(
        "maximum length",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEMS_LIMIT)],
        help_text="The most stories the front shows; rules stop filling there.",
    )
    live_from = models.DateTimeField(
        default=timezone.now,
        help_text="When this version takes over the front. A later time "
        "prepares the next edition; it replaces this one at that moment.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Moves on every save: a save over someone else's later one is refused.
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["slug", "-live_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "live_from"], name="collection_version_unique"
            )
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.live_from).strftime("%Y-%m-%d %H:%M")
        return f"{self.name} (from {when})"

    def save_revision(self, opened: int | None, **kwargs) -> bool:
        """Save as a new revision unless someone saved after revision
        `opened` was read; False (nothing written) when they did."""
        if self.pk and opened is not None:
            moved = Collection.objects.filter(pk=self.pk, revision=opened).update(
                revision=F("revision") + 1
            )
            if not moved:
                return False
            self.revision = opened + 1
        self.save(**kwargs)
        return True


class Slot(models.Model):
    class Rule(models.TextChoices):
        SECTION = "section", "Latest in a section"
        TAG = "tag", "Latest with a tag"

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="slots"
    )
    position = models.PositiveSmallIntegerField(default=0)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="slots",
        help_text="The chosen story. Leave empty for a rule.",
    )
    headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="The front's headline, if not the story's.",
    )
    standfirst = models.TextField(
        blank=True, help_text="The front's standfirst, if not the story's."
    )
    photo = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The front's photo, if not the story's lead photo. Shown only "
        "while it is public (on a public story, its rights current).",
    )
    rule = models.CharField(max_length=20, choices=Rule, blank=True)
    section = models.ForeignKey(
        "articles.Section", null=True, blank=True, on_delete=models.CASCADE
    )
    tag = models.ForeignKey(
        "articles.Tag", null=True, blank=True, on_delete=models.CASCADE
    )
    count = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEMS_LIMIT)],
        help_text="How many stories the rule fills in.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "article"], name="slot_story_once"
            )
        ]

    def __str__(self) -> str:
        return f"Slot {self.position + 1}"

    @property
    def rule_key(self) -> tuple[str, int] | None:
        """What the rule draws from: ("section", id) or ("tag", id)."""
        if self.article_id or not self.rule:
            return None
        return (self.rule, self.section_id if self.rule == "section" else self.tag_id)

    def clean(self) -> None:
        if self.article_id and self.rule:
            raise ValidationError(
                "A slot holds a chosen story or a rule, not both.", code="both"
            )
        if not self.article_id and not self.rule:
            raise ValidationError("Choose a story or a rule.", code="empty")
        if self.rule == self.Rule.SECTION and not self.section_id:
            raise ValidationError({"section": "Name the section the rule reads."})
        if self.rule == self.Rule.TAG and not self.tag_id:
            raise ValidationError({"tag": "Name the tag the rule reads."})
        if self.rule and (self.headline or self.standfirst or self.photo_id):
            raise ValidationError(
                "A rule's stories show their own headline, standfirst and photo.",
                code="rule_overrides",
            )
        self._check_language()

    def _check_language(self) -> None:
        """A chosen story is in the front's language: a French edition on an
        English front would be another language presented as this one."""
        # Checked when both are at hand, as in the admin's form (a restore
        # reads no story per slot: it warns instead, jsonl_fronts).
        if not (Slot.article.is_cached(self) and Slot.collection.is_cached(self)):
            return
        story, front = self.article, self.collection
        if story is None or front is None:
            return
        if story.language == front.language:
            return
        raise ValidationError(
            {
                "article": f"“{story.headline}” is the "
                f"{language_name(story.language)} edition; this front is in "
                f"{language_name(front.language)}. Choose a story in "
                f"{language_name(front.language)}, or put this one on a front "
                f"in {language_name(story.language)}."
            },
            code="language",
        )
