"""Language desks (issue 23): a user, or a group, limited to some of the
newsroom's languages. One row per language; a user's languages are their
own rows and their groups' together. No row anywhere: every language.

What the limit means is decided in `articles.roles` (the one rule, for the
admin and the write API): outside their languages a limited user reads
stories but never writes, publishes, schedules or unpublishes them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from articles.models.editions import languages


class DeskLanguageQuerySet(models.QuerySet):
    def of_user(self, user) -> DeskLanguageQuerySet:
        """The rows that limit `user`: their own and their groups' (one
        query, the groups as a subquery)."""
        return self.filter(Q(user=user) | Q(group__in=user.groups.all()))


class DeskLanguage(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="desk_languages",
    )
    group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="desk_languages",
    )
    language = models.CharField(
        max_length=12, help_text="A language of CMS_LANGUAGES this desk works in."
    )

    objects = DeskLanguageQuerySet.as_manager()

    class Meta:
        verbose_name = "desk language"
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True)
                | Q(user__isnull=True, group__isnull=False),
                name="desk_language_user_or_group",
            ),
            models.UniqueConstraint(
                fields=["user", "language"], name="desk_language_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["group", "language"], name="desk_language_once_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.group}: {self.language}"

    def clean(self) -> None:
        if self.language not in languages():
            raise ValidationError(
                {
                    "language": f"“{self.language}” is not one of the newsroom's "
                    f"languages ({', '.join(languages())})."
                }
            )
