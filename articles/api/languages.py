"""`?language=` on the API (issue 23): which language edition a detail
selects, which language a list holds, and the `Content-Language` they say.

Lists never mix languages unless asked: without the parameter a list holds
the default language (CMS_LANGUAGES' first), so a single-language site's
lists are what they always were; `language=all` asks for every language. A
detail's `language=xx` selects that edition of the slug (none: 404, never
another language); without it, the default language's story with the slug
if it is public, else the public story with that slug in the next language
of CMS_LANGUAGES' order. An unknown language is a 400 naming the known
ones, as for any bad parameter."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from articles.models.editions import default_language, languages
from articles.models.expressions import IsOneOf

PARAMETER = "language"
ALL = "all"


def requested(query_params, *, allow_all: bool) -> str | None:
    """The language asked for: a code of CMS_LANGUAGES, or None for no
    parameter (a detail) or `all` (a list, where `allow_all`); a 400 for
    anything else. A list without it gets `for_list`'s default."""
    value = query_params.get(PARAMETER)
    if value is None or (allow_all and value == ALL):
        return None
    if value not in languages():
        known = [*languages(), ALL] if allow_all else languages()
        raise ValidationError(
            {PARAMETER: [f"Unknown language: {value}. Known: {', '.join(known)}."]}
        )
    return value


def for_list(query_params) -> str | None:
    """The language a list holds: the one asked, the default one without
    the parameter, None (every language) for `language=all`."""
    if PARAMETER not in query_params:
        return default_language()
    return requested(query_params, allow_all=True)


def in_language(queryset: QuerySet, language: str | None) -> QuerySet:
    """The language written into the SQL, not bound: the list's statement
    stays one text with no parameter, planned once per connection
    (docs/internals/scale.md)."""
    if language is None:
        return queryset
    return queryset.filter(IsOneOf("language", [language]))


def by_slug(queryset: QuerySet, slug: str, language: str | None) -> QuerySet:
    """The story a detail URL names, at most one row: the edition in
    `language`, or (None) the default language's first, then the others in
    CMS_LANGUAGES' order."""
    rows = queryset.filter(slug=slug)
    if language is not None:
        return in_language(rows, language)[:1]
    order = Case(
        *(When(language=code, then=Value(n)) for n, code in enumerate(languages())),
        default=Value(len(languages())),
        output_field=IntegerField(),
    )
    return rows.order_by(order, "pk")[:1]


def content_language(language: str | None) -> str:
    """The `Content-Language` of a list: its language, or every language
    the newsroom publishes in for `language=all`."""
    return language or ", ".join(languages())


def list_parameter(listed: str = "stories") -> OpenApiParameter:
    return OpenApiParameter(
        PARAMETER,
        str,
        enum=[*languages(), ALL],
        description=f"The language of the {listed} listed (CMS_LANGUAGES); `all` "
        "for every language. Without it, the default language's only: lists "
        "never mix languages unless asked. The response's `Content-Language` "
        "says which.",
    )


def detail_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        PARAMETER,
        str,
        enum=languages(),
        description="The language edition of the story with this slug "
        "(editions may share a slug). A language with no public edition is a "
        "404, never another language. Without it, the default language's "
        "edition, else the only (or first, in CMS_LANGUAGES' order) public "
        "story with that slug.",
    )
