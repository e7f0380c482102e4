"""Read-only delivery API. Every queryset starts from a public-visibility
method, so a draft answers 404 exactly like a story that does not exist."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import mixins, viewsets

from articles.api.filters import ArticleFilter
from articles.api.serializers import (
    ArticleSerializer,
    ContributorSerializer,
    ImageSerializer,
    SectionSerializer,
    TagSerializer,
)
from articles.models import Article, Contributor, Credit, Image, Section, Tag


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first."""

    queryset = Article.objects.none()
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    lookup_field = "slug"

    def get_queryset(self):
        # Queries per page: count, articles with section, tags, credits with
        # contributors, lead images, lead-image credits with contributors.
        return Article.objects.for_delivery()


class ImageViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Images that appear on a published article."""

    queryset = Image.objects.none()
    serializer_class = ImageSerializer

    def get_queryset(self):
        credits = Credit.objects.select_related("contributor")
        return Image.objects.published().prefetch_related(
            Prefetch("credits", queryset=credits)
        )


class ContributorViewSet(viewsets.ReadOnlyModelViewSet):
    """Contributors credited on published content."""

    queryset = Contributor.objects.none()
    serializer_class = ContributorSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Contributor.objects.public().order_by("name", "pk")


class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Section.objects.none()
    serializer_class = SectionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Section.objects.select_related("parent").order_by("name", "pk")


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    """Tags on published articles."""

    queryset = Tag.objects.none()
    serializer_class = TagSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Tag.objects.public().order_by("name", "pk")
