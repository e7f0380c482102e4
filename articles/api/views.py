"""Read-only delivery API. Every queryset starts from a public-visibility
method, so a draft answers 404 exactly like a story that does not exist."""

from __future__ import annotations

import orjson
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

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
from articles.api.renderers import NinjsRenderer, ORJSONRenderer
from articles.api.serializers import (
    ArticleSerializer,
    ContributorSerializer,
    ImageSerializer,
    SectionSerializer,
    TagSerializer,
    WithdrawalSerializer,
)
from articles.api.shaping import ARTICLE_FIELDS, REFERENCES, DocumentShape
from articles.documents import serve_documents, serving_queryset
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

SHAPING = [
    OpenApiParameter(
        "fields",
        str,
        description="Comma-separated top-level fields to return, e.g. "
        f"`id,slug,headline`. One of: {', '.join(f'`{f}`' for f in ARTICLE_FIELDS)}. "
        "Without it, all fields.",
    ),
    OpenApiParameter(
        "expand",
        str,
        description="Comma-separated related objects to embed: "
        f"{', '.join(f'`{f}`' for f in REFERENCES)}. Those not named come as "
        "references: `section` and `tags` as slugs, `credits` with the "
        "contributor's slug, `lead_image` as its id (see `/images/{id}/`). "
        "Without it, everything is embedded; `expand=` (empty) embeds nothing.",
    ),
]


@extend_schema_view(
    list=extend_schema(parameters=SHAPING),
    retrieve=extend_schema(parameters=SHAPING),
)
class ArticleViewSet(
    HttpCachingMixin, StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet
):
    """Published articles, newest first, paged by cursor (`next`/`previous`
    links; `limit` up to 100). Documents are rendered once when a story
    changes and served from storage: one query per page, whatever its size."""

    queryset = Article.objects.none()
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    pagination_class = ArticleCursorPagination
    lookup_field = "slug"
    shaping_parameters = frozenset({"fields", "expand"})

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.documents(page))

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "retrieve":
            renderers.insert(1, NinjsRenderer())
        return renderers

    def retrieve(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, NinjsRenderer):
            return self.ninjs(request, *args, **kwargs)
        documents = self.documents([self.get_object()])
        if not documents:  # unpublished between the two queries
            raise Http404
        return Response(documents[0])

    def documents(self, articles) -> list:
        shape = DocumentShape.from_request(self.request)
        texts = serve_documents(articles, self.request.build_absolute_uri("/"))
        if shape.is_full and isinstance(self.request.accepted_renderer, ORJSONRenderer):
            # Stored JSON goes out as it is, never parsed and encoded again.
            return [orjson.Fragment(text) for text in texts]
        return [shape.apply(orjson.loads(text)) for text in texts]

    def filter_queryset(self, queryset):
        # django-filter builds a form even for no parameters; the unfiltered
        # first page is the most requested of all.
        if self.request.query_params.keys() & self.filterset_class.base_filters.keys():
            return super().filter_queryset(queryset)
        return queryset

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
        if self.action == "ninjs" or isinstance(
            getattr(self.request, "accepted_renderer", None), NinjsRenderer
        ):
            return Article.objects.for_delivery()
        return serving_queryset().all()


class PreviewView(APIView):
    """A draft (or any story not yet public), by the signed, expiring token
    from its admin page: the same document as published articles get. Any
    token that is altered, expired or names a deleted story answers 404."""

    serializer_class = ArticleSerializer

    @extend_schema(responses={200: ArticleSerializer}, summary="Preview a story")
    def get(self, request, token: str):
        from articles.preview import article_id_from

        article_id = article_id_from(token)
        if article_id is None:
            raise Http404
        article = (
            Article.objects.filter(pk=article_id)
            .with_document_parts(Image.objects.rights_current())
            .first()
        )
        if article is None:
            raise Http404
        response = Response(
            ArticleSerializer(article, context={"request": request}).data
        )
        # A draft: never kept by a browser, proxy or CDN.
        response["Cache-Control"] = "private, no-store"
        return response


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
