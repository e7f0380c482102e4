from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef

from articles.models.slugs import unique_slug


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Optional: the section this one sits under, e.g. World for Europe.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # A loop would make every section name in it recurse forever.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": "A section cannot sit under itself or one of "
                        "its subsections."
                    },
                    code="parent_loop",
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class TagQuerySet(models.QuerySet):
    def public(self) -> TagQuerySet:
        """Tags on at least one published article; a tag used only on drafts
        could give an unpublished story away."""
        from articles.models.articles import Article

        return self.filter(
            Exists(Article.objects.published().filter(tags=OuterRef("pk")))
        )


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # A controlled vocabulary's code with its scheme, as a URI
    # ("http://cv.iptc.org/newscodes/mediatopic/20000002"), when a source
    # gave one: the same code is the same tag, whatever name it came with.
    uri = models.CharField(max_length=255, blank=True, db_index=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)
