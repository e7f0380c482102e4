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
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api import languages
from articles.api.caching import Delivered, HttpCachingMixin
from articles.api.filters import (
    ArticleFilter,
    StrictQueryParametersMixin,
    WithdrawalFilter,
)
from articles.api.pagination import (
    ArticleCursorPagination,
    NameCursorPagination,
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
from articles.api.shaping import ARTICLE_FIELDS, NONE, REFERENCES, DocumentShape
from articles.delivery import cache_tags
from articles.delivery.documents import Served, serve_documents, serving_queryset
from articles.delivery.editions import as_json
from articles.interchange.ninjs_writer import article_to_ninjs
from articles.models import (
    Article,
    Contributor,
    Credit,
    Image,
    Section,
    Tag,
    Withdrawal,
)
from articles.models.edition_siblings import live_editions, siblings

SHAPING = [
    OpenApiParameter(
        "fields",
        str,
        enum=ARTICLE_FIELDS,
        many=True,
        style="form",
        explode=False,
        description="Comma-separated top-level fields to return, e.g. "
        "`id,slug,headline`. Without it, all fields. An unknown name is a 400 "
        "that lists the allowed ones; so is an empty value, as for every "
        "parameter.",
    ),
    OpenApiParameter(
        "expand",
        str,
        enum=(NONE, *REFERENCES),
        many=True,
        style="form",
        explode=False,
        description="Comma-separated related objects to embed. Those not named "
        "come as references: `section` and `tags` as slugs, `credits` with the "
        "contributor's slug, `lead_image` as its id (see `/images/{id}/`). "
        "Without it, everything is embedded; `expand=none` embeds nothing. "
        "Neither applies to ninjs.",
    ),
]
SEARCH_PAGE = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1},
    description="With `q` only: the page of search results, from 1; follow "
    "`next` and `previous`. A page past the end, or any `page` without `q`, is "
    "a 404 `Invalid page`.",
)


class NoNulLookupMixin:
    """No slug or id holds a NUL character (PostgreSQL cannot even compare
    one): such a URL names nothing, and answers 404 like any other."""

    def lookup_value(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if value is not None and "\x00" in str(value):
            raise Http404
        return value

    def get_object(self):
        self.lookup_value()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(parameters=[*SHAPING, SEARCH_PAGE, languages.list_parameter()]),
    retrieve=extend_schema(parameters=[*SHAPING, languages.detail_parameter()]),
    ninjs=extend_schema(parameters=[languages.detail_parameter()]),
)
class ArticleViewSet(
    NoNulLookupMixin,
    HttpCachingMixin,
    StrictQueryParametersMixin,
    viewsets.ReadOnlyModelViewSet,
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
    # Search results are paged by `page`, the rest by `cursor`; the paginator
    # answers the other one with a 404 (see articles.api.pagination).
    tolerated_list_parameters = frozenset({"page", "cursor"})
    # A story's edition in a language (articles.api.languages).
    detail_parameters = frozenset({languages.PARAMETER})
    # What the response's Content-Language says, once known.
    content_language = None

    # JSON: the stored documents, served from rows of `serving_queryset()`.

    def get_queryset(self):
        """Rows (dicts) with what serving the stored documents reads, not
        articles: see `articles.delivery.documents`."""
        return serving_queryset()

    def delivered_item(self, row) -> Delivered:
        return Delivered(row["id"], row["updated_at"])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        language = languages.for_list(request.query_params)
        self.content_language = languages.content_language(language)
        return self.get_paginated_response(self.documents(page))

    def get_object(self):
        """The story the slug (and `language`) name: see
        articles.api.languages.by_slug."""
        language = languages.requested(self.request.query_params, allow_all=False)
        found = list(
            languages.by_slug(self.get_queryset(), self.lookup_value(), language)
        )
        if not found:
            raise Http404
        self.check_object_permissions(self.request, found[0])
        self.delivered = [self.delivered_item(found[0])]
        self.content_language = found[0]["language"]
        return found[0]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.content_language and response.status_code == 200:
            response["Content-Language"] = self.content_language
        return response

    def retrieve(self, request, *args, **kwargs):
        # `fields` and `expand` shape the JSON document, and are checked
        # whichever representation is asked for.
        DocumentShape.from_request(request)
        if isinstance(request.accepted_renderer, NinjsRenderer):
            return self.ninjs(request, *args, **kwargs)
        row = self.get_object()
        self.edition_group_id = row["edition_group_id"]
        documents = self.documents([row])
        if not documents:  # unpublished between the two queries
            raise Http404
        return Response(documents[0])

    def documents(self, rows) -> list:
        shape = DocumentShape.from_request(self.request)
        texts = serve_documents(rows, self.request.build_absolute_uri("/"))
        self.served = texts  # its related stories: tags and Last-Modified
        if shape.is_full and isinstance(self.request.accepted_renderer, ORJSONRenderer):
            # Stored JSON goes out as it is, never parsed and encoded again.
            return [orjson.Fragment(text) for text in texts]
        return [shape.apply(orjson.loads(text)) for text in texts]

    def filter_queryset(self, queryset):
        # Without `language`, the default language's (the filter's own
        # method handles it when given).
        if languages.PARAMETER not in self.request.query_params:
            queryset = languages.in_language(queryset, languages.for_list({}))
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

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "retrieve":
            renderers.insert(1, NinjsRenderer())
        return renderers

    # ninjs: made from the article itself on each request (it is not stored),
    # by its own lookup rather than `get_queryset()`.

    def get_ninjs_object(self) -> Article:
        language = languages.requested(self.request.query_params, allow_all=False)
        found = languages.by_slug(
            Article.objects.for_delivery(), self.lookup_value(), language
        )
        article = next(iter(found), None)
        if article is None:
            raise Http404
        self.check_object_permissions(self.request, article)
        self.content_language = article.language
        self.delivered = [Delivered(article.pk, article.updated_at)]
        self.edition_group_id = article.edition_group_id
        return article

    @extend_schema(
        summary="The article as IPTC ninjs 3.1",
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, url_path="ninjs")
    def ninjs(self, request, slug=None):
        return Response(article_to_ninjs(self.get_ninjs_object(), request))

    # A story's response lists its live editions (articles.delivery.editions).
    edition_group_id = None

    def response_tags(self) -> list[str]:
        if self.action != "list":
            # Its related stories' too: a change to one purges this page
            # (a list's `articles` tag covers them).
            related = getattr(self, "served", Served()).related_ids
            return [
                *(
                    tag
                    for pk in self.delivered_ids()
                    for tag in cache_tags.story(pk, self.edition_group_id)
                ),
                *(cache_tags.article(pk) for pk in related),
            ]
        stories = [cache_tags.article(pk) for pk in self.delivered_ids()]
        return [cache_tags.ARTICLES, *stories]

    def last_modified(self, response):
        """Also when a related story last changed what the page shows."""
        related = getattr(self, "served", Served()).related_modified
        stamps = [super().last_modified(response), related]
        stamps = [stamp for stamp in stamps if stamp is not None]
        return max(stamps) if stamps else None


class PreviewView(StrictQueryParametersMixin, APIView):
    """A draft (or any story not yet public, or a live story's working
    draft), by the signed, expiring token from its admin page: the same
    document as published articles get. Any token that is altered, expired
    or names a deleted story answers 404."""

    serializer_class = ArticleSerializer

    @extend_schema(responses={200: ArticleSerializer}, summary="Preview a story")
    def get(self, request, token: str):
        from articles.delivery.preview import preview_article
        from articles.delivery.related import for_preview

        article = preview_article(token)
        if article is None:
            raise Http404
        # Its live editions, as the published story's document lists them.
        found = live_editions([article.edition_group_id])
        listed = siblings(found, article.pk, article.edition_group_id)
        editions = as_json(listed, request.build_absolute_uri("/"))
        related = for_preview(article, request.build_absolute_uri("/"))
        context = {"request": request, "editions": editions, "related": related}
        response = Response(ArticleSerializer(article, context=context).data)
        # A draft: never kept by a browser, proxy or CDN.
        response["Cache-Control"] = "private, no-store"
        return response


class ImageViewSet(
    NoNulLookupMixin,
    HttpCachingMixin,
    StrictQueryParametersMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Images that appear on a published article."""

    queryset = Image.objects.none()
    serializer_class = ImageSerializer

    def response_tags(self) -> list[str]:
        return [cache_tags.image(pk) for pk in self.delivered_ids()]

    def get_queryset(self):
        credits = Credit.objects.select_related("contributor")
        return Image.objects.published().prefetch_related(
            Prefetch("credits", queryset=credits)
        )


class ContributorViewSet(
    NoNulLookupMixin,
    HttpCachingMixin,
    StrictQueryParametersMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Contributors credited on published content, by name, paged by cursor
    like the article list."""

    queryset = Contributor.objects.none()
    serializer_class = ContributorSerializer
    lookup_field = "slug"
    pagination_class = NameCursorPagination

    def get_queryset(self):
        return Contributor.objects.public()


class SectionViewSet(
    NoNulLookupMixin,
    HttpCachingMixin,
    StrictQueryParametersMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Every section, with its parent, by name, paged by cursor."""

    queryset = Section.objects.none()
    serializer_class = SectionSerializer
    lookup_field = "slug"
    pagination_class = NameCursorPagination

    def get_queryset(self):
        return Section.objects.select_related("parent")


class TagViewSet(
    NoNulLookupMixin,
    HttpCachingMixin,
    StrictQueryParametersMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Tags on published articles, by name, paged by cursor."""

    queryset = Tag.objects.none()
    serializer_class = TagSerializer
    lookup_field = "slug"
    pagination_class = NameCursorPagination

    def get_queryset(self):
        return Tag.objects.public()


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


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other URL under the API (a slug with a dot, say, which no route
    takes): the API's JSON 404, whatever the method, rather than the site's
    HTML page."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound
