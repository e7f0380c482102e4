from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q

from articles.models.slugs import unique_slug
from articles.text.agencies import find_agency


class ContributorQuerySet(models.QuerySet):
    def public(self) -> ContributorQuerySet:
        """Contributors credited on a published article or on its lead image."""
        from articles.models.articles import Article
        from articles.models.credits import Credit
        from articles.models.images import Image

        public_credits = Credit.objects.filter(contributor=OuterRef("pk")).filter(
            Q(article__in=Article.objects.published())
            | Q(image__in=Image.objects.published())
        )
        return self.filter(Exists(public_credits))

    def named(self, name: str) -> Contributor | None:
        """The contributor whose name or short name is `name`, in any case."""
        name = name.strip()
        return (
            self.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
            .order_by("pk")
            .first()
        )

    def resolve(
        self, name: str, *, kind: str | None = None, affiliation: str = ""
    ) -> Contributor:
        """The contributor called `name`, created if there is none yet.

        Known agencies are matched by full and short name both ways, so "AP"
        and "The Associated Press" give one contributor.
        """
        name = " ".join(name.split())
        agency = find_agency(name)
        candidates = [name] + ([agency.name, agency.short_name] if agency else [])
        for candidate in filter(None, candidates):
            if found := self.named(candidate):
                return found
        if agency:
            return self.create(
                name=agency.name,
                short_name=agency.short_name,
                kind=Contributor.Kind.AGENCY,
            )
        return self.create(
            name=name,
            kind=kind or Contributor.Kind.PERSON,
            affiliation=affiliation[:200],
        )


class Contributor(models.Model):
    """Anyone who gets credit: a writer, a photographer, an organisation that
    supplied a photo, or a news agency."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        AGENCY = "agency", "News agency"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    short_name = models.CharField(
        max_length=50,
        blank=True,
        help_text='Used in photo credit lines, e.g. "AP" for The Associated Press.',
    )
    url = models.URLField(blank=True)
    bio = models.TextField(blank=True)
    affiliation = models.CharField(
        max_length=200,
        blank=True,
        help_text='Who they are with, as a byline says: "University of Oslo", "dpa".',
    )

    objects = ContributorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    @property
    def credit_name(self) -> str:
        """The name used in a photo credit line: the short one when there is one."""
        return self.short_name or self.name
