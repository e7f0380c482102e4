"""Read-only delivery API. Every queryset starts from a public-visibility
method, so a draft answers 404 exactly like a story that does not exist."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from articles.api.caching import HttpCachingMixin
from articles.api.filters import (
    ArticleFilter,
    StrictQueryParametersMixin,
    WithdrawalFilter,
)
from articles.api.pagination import (
    ArticleCursorPagination,
    SearchPagination,
    WithdrawalCursorPagination,
)
from articles.api.serializers import (
    ArticleSerializer,
    ContributorSerializer,
    ImageSerializer,
    SectionSerializer,
    TagSerializer,
    WithdrawalSerializer,
)
from articles.models import (
    Article,
    Contributor,
    Credit,
    Image,
    Section,
    Tag,
    Withdrawal,
)
from articles.ninjs import article_to_ninjs


class ArticleViewSet(
    HttpCachingMixin, StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet
):
    """Published articles, newest first, paged by cursor (`next`/`previous`
    links; `limit` up to 100)."""

    queryset = Article.objects.none()
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    pagination_class = ArticleCursorPagination
    lookup_field = "slug"

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            searching = self.action == "list" and "q" in self.request.query_params
            self._paginator = (
                SearchPagination if searching else self.pagination_class
            )()
        return self._paginator

    @extend_schema(
        summary="The article as IPTC ninjs 3.1",
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, url_path="ninjs")
    def ninjs(self, request, slug=None):
        return Response(article_to_ninjs(self.get_object(), request))

    def get_queryset(self):
        # Queries per page: articles with section, tags, credits with
        # contributors, lead images, lead-image credits with contributors.
        return Article.objects.for_delivery()


class ImageViewSet(
    StrictQueryParametersMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Images that appear on a published article."""

    queryset = Image.objects.none()
    serializer_class = ImageSerializer

    def get_queryset(self):
        credits = Credit.objects.select_related("contributor")
        return Image.objects.published().prefetch_related(
            Prefetch("credits", queryset=credits)
        )


class ContributorViewSet(
    HttpCachingMixin, StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet
):
    """Contributors credited on published content."""

    queryset = Contributor.objects.none()
    serializer_class = ContributorSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Contributor.objects.public().order_by("name", "pk")


class SectionViewSet(
    HttpCachingMixin, StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Section.objects.none()
    serializer_class = SectionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Section.objects.select_related("parent").order_by("name", "pk")


class TagViewSet(
    HttpCachingMixin, StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet
):
    """Tags on published articles."""

    queryset = Tag.objects.none()
    serializer_class = TagSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Tag.objects.public().order_by("name", "pk")


class WithdrawalViewSet(
    HttpCachingMixin,
    StrictQueryParametersMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Stories that were public and no longer are (unpublished, archived or
    deleted), oldest first. Syncing clients read `/articles/?updated_since=T`
    for what changed and `/withdrawals/?since=T` for what to take down."""

    queryset = Withdrawal.objects.none()
    serializer_class = WithdrawalSerializer
    filterset_class = WithdrawalFilter
    pagination_class = WithdrawalCursorPagination

    def get_queryset(self):
        return Withdrawal.objects.all()
