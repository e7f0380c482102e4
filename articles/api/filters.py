"""Query parameters of the API. Unknown parameters are refused, so a typo (or
a try at `status=draft`) gets a 400 instead of a silently unfiltered answer;
so are empty values (`section=`, or only spaces) and a parameter given twice
(`section=a&section=b`), which a frontend's bug sends and which must not widen
the list or quietly pick one: `fields` and `expand` alone are lists, and may
be repeated (their names add up)."""

from __future__ import annotations

from datetime import UTC

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters.fields import IsoDateTimeField
from rest_framework.exceptions import ValidationError

from articles.api import languages
from articles.delivery.search import search_articles
from articles.delivery.tag_links import tagged
from articles.models import Article, Credit, Section, Tag, Withdrawal


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, in UTC: PostgreSQL takes offsets up to 15:59
    only (ISO 8601 goes to 23:59), and one with no UTC equivalent (year 1 at
    +01:00) is no date-time. (An empty value never gets here: the views
    refuse it, where django-filter would leave the list unfiltered.)"""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(
        method="filter_section",
        help_text="Section slug; stories in its subsections are included.",
    )
    tag = django_filters.CharFilter(method="filter_tag", help_text="Tag slug.")
    contributor = django_filters.CharFilter(
        method="filter_contributor",
        help_text="Contributor slug, in any role: byline, files, or the lead photo's "
        "creator, provider or distributor.",
    )
    published_after = IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="ISO 8601 date-time; stories published at or after it.",
    )
    published_before = IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="lt",
        help_text="ISO 8601 date-time; stories published before it.",
    )
    q = django_filters.CharFilter(
        method="filter_search",
        help_text="Full-text search, best matches first (headline weighs more "
        'than standfirst, which weighs more than body). Accepts "quoted phrases", '
        "OR and -excluded words. Results are paged by page number.",
    )
    updated_since = IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="ISO 8601 date-time; stories changed at or after it (for syncing).",
    )
    # Without it the list holds the default language (the views and the hot
    # path filter then: django-filter skips an absent parameter).
    language = django_filters.CharFilter(
        method="filter_language",
        help_text="Language code of CMS_LANGUAGES, or `all`; without it, the "
        "default language only.",
    )

    class Meta:
        model = Article
        fields = [
            "section",
            "tag",
            "contributor",
            "published_after",
            "published_before",
            "updated_since",
            "q",
            "language",
        ]

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return languages.in_language(queryset, languages.for_list(self.data))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_articles(queryset, value)

    def filter_tag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The tag's id first (a query of its own), then its links walked in
        # the list's order on their own (tag, published_at) index, so a page
        # costs the same for a tag on 200 stories or 200,000 (docs/scale.md).
        tag = Tag.objects.filter(slug=value).values_list("pk", flat=True).first()
        return queryset.none() if tag is None else tagged(queryset, tag)

    def filter_section(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A subquery of section ids rather than OR-ed joins: the planner can
        # then walk the published_at index and test each story's section.
        sections = Section.objects.filter(Q(slug=value) | Q(parent__slug=value))
        return queryset.filter(section__in=sections.values("pk"))

    def filter_contributor(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Exists rather than joins: a story credited twice appears once.
        on_story = Credit.objects.filter(
            article=OuterRef("pk"), contributor__slug=value
        )
        on_photo = Credit.objects.filter(
            image=OuterRef("lead_image"), contributor__slug=value
        )
        return queryset.filter(Exists(on_story) | Exists(on_photo))


class WithdrawalFilter(django_filters.FilterSet):
    since = IsoDateTimeFilter(
        field_name="withdrawn_at",
        lookup_expr="gte",
        help_text="ISO 8601 date-time; withdrawals at or after it.",
    )

    class Meta:
        model = Withdrawal
        fields = ["since"]


class StrictQueryParametersMixin:
    """Refuses query parameters the view does not understand."""

    always_allowed = {"format"}
    # Understood by every action of the view (lists and single objects).
    shaping_parameters: frozenset[str] = frozenset()
    # Lists of names, which may come in several parts; all others, once.
    repeatable_parameters = frozenset({"fields", "expand"})
    # Not refused as unknown on lists, but not listed as allowed either: the
    # paginator answers them (the article list's other way of paging).
    tolerated_list_parameters: frozenset[str] = frozenset()
    # Understood by every action on one object (a story's `language`).
    detail_parameters: frozenset[str] = frozenset()

    def allowed_query_parameters(self) -> set[str]:
        allowed = self.always_allowed | self.shaping_parameters
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            allowed |= {
                name
                for name in (
                    getattr(paginator, "cursor_query_param", None),
                    getattr(paginator, "page_query_param", None),
                    getattr(paginator, "page_size_query_param", None),
                )
                if name
            }
        return allowed

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if not hasattr(self, request.method.lower()):
            return  # a method the view does not have: DRF answers 405
        action = getattr(self, "action", None)  # None on a plain APIView
        allowed = self.allowed_query_parameters()
        if action != "list":
            allowed = set(self.always_allowed) | self.detail_parameters
            if action == "retrieve":
                allowed |= self.shaping_parameters
        tolerated = self.tolerated_list_parameters if action == "list" else set()
        unknown = sorted(set(request.query_params) - allowed - tolerated)
        if unknown:
            raise ValidationError(
                {
                    "detail": f"Unknown query parameter(s): {', '.join(unknown)}. "
                    f"Allowed: {', '.join(sorted(allowed)) or 'none'}."
                }
            )
        self.refuse_empty_and_repeated(request.query_params)

    def refuse_empty_and_repeated(self, query_params) -> None:
        errors = {}
        for name, values in query_params.lists():
            if len(values) > 1 and name not in self.repeatable_parameters:
                errors[name] = [repeated_value_message(len(values))]
            elif any(not value.strip() for value in values):
                errors[name] = [empty_value_message(name)]
        if errors:
            raise ValidationError(errors)


def empty_value_message(name: str) -> str:
    return f"Empty value: give one, or leave `{name}` out."


def repeated_value_message(count: int) -> str:
    return f"Given {count} times: give it once."
