"""Language editions (issue 23): each language's edition of a story is its
own Article (own slug, text, status, schedule and embargo) in an
`EditionGroup`, at most one per language, related to the edition it was made
from: a translation, an adaptation, or independent of it.

An edition made from a source records the source's `revision` it was made
from; a source saved since then makes the edition stale, and nothing ever
overwrites an edition by itself. An edition may be gated on its source: not
public before the source is, optionally plus a delay. The gate is kept as
`held_until` on the edition's row (recomputed whenever the source's
visibility or the gate changes, in the same transaction) so the public rule
reads it at query time like an embargo, with no job and no join."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from articles.models.edition_desk import EditionDesk, EditionQuerySet  # noqa: F401


def languages() -> list[str]:
    """The newsroom's languages (CMS_LANGUAGES), the default one first."""
    return list(dict.fromkeys(getattr(settings, "CMS_LANGUAGES", None) or ["en"]))


def default_language() -> str:
    return languages()[0]


class EditionGroup(models.Model):
    """The editions of one story in every language the newsroom publishes."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "edition group"

    def __str__(self) -> str:
        return f"Edition group {self.pk}"


class EditionRelation(models.TextChoices):
    ORIGINAL = "", "Original"
    TRANSLATION = "translation", "Translation"
    ADAPTATION = "adaptation", "Adaptation"
    INDEPENDENT = "independent", "Independent"


class EditionGate(models.TextChoices):
    OWN_CLOCK = "", "Its own clock"
    WITH_SOURCE = "with_source", "Not before its source"


class Edition(EditionDesk, models.Model):
    """The edition fields of a story (mixed into Article)."""

    Relation = EditionRelation
    Gate = EditionGate

    language = models.CharField(
        max_length=12,
        default=default_language,
        db_index=True,
        help_text="The language of this edition (CMS_LANGUAGES).",
    )
    edition_group = models.ForeignKey(
        "articles.EditionGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions",
        editable=False,
    )
    edition_source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_editions",
        editable=False,
        help_text="The edition this one was made from.",
    )
    edition_relation = models.CharField(
        "relation to its source",
        max_length=20,
        choices=EditionRelation,
        blank=True,
        default=EditionRelation.ORIGINAL,
    )
    # The source's `revision` this edition was made from, or brought up to
    # date with: a source whose followed fields changed after it makes it
    # stale.
    source_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # This story's revision at which the fields its editions follow
    # (FOLLOWED_FIELDS) last changed; NULL: take `revision` (set by the save
    # of a story in a group: articles.models.edition_followed).
    followed_revision = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    edition_gate = models.CharField(
        "go live",
        max_length=20,
        choices=EditionGate,
        blank=True,
        default=EditionGate.OWN_CLOCK,
    )
    gate_delay_minutes = models.PositiveIntegerField(
        "minutes after its source",
        null=True,
        blank=True,
        help_text="With the gate: not public until this many minutes after "
        "its source is.",
    )
    # Not public before this moment (the gate worked out from the source;
    # far in the future while the source is not live). Empty: no gate.
    held_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
