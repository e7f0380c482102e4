from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Correction(models.Model):
    """A dated note kept with a story and delivered with it: "Correction: an
    earlier version of this story misstated ..." Newsrooms never edit an
    error away silently."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CORRECTION)
    note = models.TextField(
        help_text='As readers will see it, e.g. "An earlier version of this '
        'story gave the wrong date for the summit."'
    )
    noted_at = models.DateTimeField("dated", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["noted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.noted_at:%Y-%m-%d}"
