"""Collections (fronts): `/collections/` lists the fronts live now (in the
default language, or `?language=` as for the article lists),
`/collections/{slug}/` gives one with its stories as article documents,
resolved by `articles.delivery.fronts` (the public rule, rules filling in,
the slot's overrides) in a fixed number of queries whatever its length.
Both say their `Content-Language`."""

from __future__ import annotations

import orjson
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from articles.api import languages
from articles.api.caching import HttpCachingMixin
from articles.api.filters import StrictQueryParametersMixin
from articles.api.renderers import ORJSONRenderer
from articles.api.shaping import DocumentShape
from articles.api.views import SHAPING, NoNulLookupMixin
from articles.delivery import cache_tags, fronts
from articles.models import Collection

_STAMP = serializers.DateTimeField()
# What a story shown as stored gets after its last member.
AS_STORED = {
    filled_by: f',"overrides":[],"filled_by":"{filled_by}"}}'
    for filled_by in ("editor", "rule")
}


def summary(front: dict) -> dict:
    """As CollectionSummarySerializer gives it, from the front's columns
    (a serializer's set-up costs more than this whole front's query)."""
    data = {name: front[name] for name in ("slug", "name", "language", "max_items")}
    for name in ("live_from", "updated_at"):
        data[name] = _STAMP.to_representation(front[name])
    return data


def front_document(front: dict, placed, request, shape, as_stored: bool) -> dict:
    """A front and its stories as the API gives them (the view's and the
    hot path's, articles/api/hot_path_fronts.py): each story's document,
    shaped, with the slot's overrides laid over it and marked."""
    items = []
    for text, overrides, filled_by in fronts.front_items(placed, request):
        if as_stored and not overrides:
            # The stored JSON as it is, never parsed and encoded again.
            items.append(orjson.Fragment(text[:-1] + AS_STORED[filled_by]))
            continue
        document = orjson.loads(text)
        document.update(overrides)
        document = shape.apply(document)
        document["overrides"] = list(overrides)
        document["filled_by"] = filled_by
        items.append(document)
    data = summary(front)
    data["items"] = items
    return data


def front_tags(slugs, story_ids) -> list[str]:
    """The cache tags of fronts (by slug) showing these stories."""
    tags = [cache_tags.ARTICLES, cache_tags.COLLECTIONS]
    tags += [cache_tags.collection(slug) for slug in slugs]
    tags += [cache_tags.article(pk) for pk in story_ids]
    return tags


class CollectionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Collection
        fields = ["slug", "name", "language", "max_items", "live_from", "updated_at"]


ITEM_SCHEMA = {
    "description": "An article document, as `/articles/{slug}/` gives it "
    "(shaped by `fields=` and `expand=`), with the front's values in place of "
    "the story's where the slot overrides them.",
    "allOf": [
        {"$ref": "#/components/schemas/Article"},
        {
            "type": "object",
            "properties": {
                "overrides": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(fronts.OVERRIDABLE)},
                    "description": "The fields whose value is the front's, not "
                    "the story's own; empty when none.",
                },
                "filled_by": {
                    "type": "string",
                    "enum": ["editor", "rule"],
                    "description": "`editor`: a chosen story; `rule`: filled in "
                    "by a rule (the latest of a section or tag).",
                },
            },
            "required": ["overrides", "filled_by"],
        },
    ],
}


@extend_schema_field({"type": "array", "items": ITEM_SCHEMA})
class ItemsField(serializers.ListField):
    """The front's stories: made by the view, described here for the schema."""


class CollectionSerializer(CollectionSummarySerializer):
    items = ItemsField(
        read_only=True,
        help_text="The public stories on the front, in order, at most "
        "`max_items`; `fields=` and `expand=` shape each as on `/articles/`.",
    )

    class Meta(CollectionSummarySerializer.Meta):
        fields = [*CollectionSummarySerializer.Meta.fields, "items"]


@extend_schema_view(
    list=extend_schema(
        summary="Fronts live now", parameters=[languages.list_parameter("fronts")]
    ),
    retrieve=extend_schema(summary="A front and its stories", parameters=SHAPING),
)
class CollectionViewSet(
    NoNulLookupMixin,
    HttpCachingMixin,
    StrictQueryParametersMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Curated collections (home page, section fronts), by slug: the version
    live now (a scheduled one takes over at its time). Only public stories
    appear; a story that stops being public leaves its place at once. Each
    front is in one language (`language`), and so are all its stories."""

    queryset = Collection.objects.none()
    serializer_class = CollectionSummarySerializer
    lookup_field = "slug"
    pagination_class = None
    shaping_parameters = frozenset({"fields", "expand"})

    def get_queryset(self):
        return fronts.live_collections()

    def allowed_query_parameters(self) -> set[str]:
        # The list takes its language; a front, shaping (initial()).
        return {*self.always_allowed, languages.PARAMETER}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CollectionSerializer
        return CollectionSummarySerializer

    def list(self, request, *args, **kwargs):
        language = languages.for_list(request.query_params)
        self.content_language = languages.content_language(language)
        collections = list(fronts.live_collections(language))
        self.delivered = [self.delivered_item(c) for c in collections]
        self.slugs = [c.slug for c in collections]
        return Response(CollectionSummarySerializer(collections, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        shape = DocumentShape.from_request(request)
        slug = self.lookup_value()
        front, placed = fronts.resolve_live(slug)
        if front is None:
            raise Http404
        as_stored = shape.is_full and isinstance(
            request.accepted_renderer, ORJSONRenderer
        )
        self.content_language = front["language"]
        self.slugs = [slug]
        self.story_ids = [p.article_id for p in placed]
        return Response(front_document(front, placed, request, shape, as_stored))

    # What the response's Content-Language says, once known.
    content_language = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.content_language and response.status_code == 200:
            response["Content-Language"] = self.content_language
        if response.status_code == 404:
            # A CDN may keep the 404 of a front not live yet: any front's
            # change purges `collections`. (Not the slug asked for: a 404
            # says nothing of what was asked.)
            cache_tags.tag_response(
                response, [cache_tags.ARTICLES, cache_tags.COLLECTIONS]
            )
        return response

    def last_modified(self, response):
        # A story leaving the front changes it without any newer time to
        # show: the ETag alone says whether a copy is current.
        return None

    def response_tags(self) -> list[str]:
        return front_tags(getattr(self, "slugs", ()), getattr(self, "story_ids", ()))
