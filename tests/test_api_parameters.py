"""One rule for every query parameter of every endpoint: an empty value (or
one of spaces only) is a 400 naming the parameter, never "absent" (a
frontend's `section=` must not get every story); a parameter given twice is
a 400 naming it, never one of the two picked quietly. `fields` and `expand`
alone are lists, whose repeats add up. The table is checked against the
OpenAPI schema, so a parameter added to the API without a row here fails."""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import urlencode

import pytest

from articles.delivery.preview import make_token
from articles.models import Collection, Slot


def cursor(position: str) -> str:
    # What DRF's CursorPagination makes of a position (the page after it).
    return b64encode(urlencode({"p": position}).encode()).decode()


DATE = "2020-01-01T00:00:00Z"
DATE_CURSOR = cursor("2020-01-01 00:00:00+00:00")
NAME_CURSOR = cursor("A")
FIELDS = {"fields": "id,slug", "expand": "none"}
NAME_LIST = {"limit": "5", "cursor": NAME_CURSOR}

# Path -> each parameter with a valid query that uses it (some parameters
# need another beside them: `page` numbers search results only).
PARAMETERS: dict[str, dict[str, dict[str, str]]] = {
    "/api/v1/articles/": {
        "section": {"section": "world"},
        "tag": {"tag": "north-korea"},
        "contributor": {"contributor": "reuters"},
        "published_after": {"published_after": DATE},
        "published_before": {"published_before": "2100-01-01T00:00:00Z"},
        "updated_since": {"updated_since": DATE},
        "q": {"q": "canada"},
        "page": {"q": "canada", "page": "1"},
        "limit": {"limit": "5"},
        "cursor": {"cursor": DATE_CURSOR},
        "fields": {"fields": "id,slug"},
        "expand": {"expand": "none"},
        "format": {"format": "json"},
        "language": {"language": "all"},
    },
    "/api/v1/articles/{slug}/": {
        **{name: {name: value} for name, value in FIELDS.items()},
        "format": {"format": "ninjs"},
        "language": {"language": "en"},
    },
    "/api/v1/articles/{slug}/ninjs/": {
        "format": {"format": "json"},
        "language": {"language": "en"},
    },
    "/api/v1/images/{id}/": {"format": {"format": "json"}},
    "/api/v1/withdrawals/": {
        "since": {"since": DATE},
        "limit": {"limit": "5"},
        "cursor": {"cursor": DATE_CURSOR},
        "format": {"format": "json"},
    },
    "/api/v1/preview/{token}/": {"format": {"format": "json"}},
}
for resource in ("contributors", "sections", "tags"):
    PARAMETERS[f"/api/v1/{resource}/"] = {
        **{name: {name: value} for name, value in NAME_LIST.items()},
        "format": {"format": "json"},
    }
    PARAMETERS[f"/api/v1/{resource}/{{slug}}/"] = {"format": {"format": "json"}}
PARAMETERS["/api/v1/collections/"] = {
    "format": {"format": "json"},
    "language": {"language": "all"},
}
PARAMETERS["/api/v1/collections/{slug}/"] = {
    **{name: {name: value} for name, value in FIELDS.items()},
    "format": {"format": "json"},
}

# The objects the detail paths name, from the conftest's sample story.
SLUGS = {
    "contributors": "reuters",
    "sections": "world",
    "tags": "north-korea",
    "collections": "top-stories",
}
LISTS = ("fields", "expand")
CASES = [
    (path, name, query)
    for path, parameters in PARAMETERS.items()
    for name, query in parameters.items()
]


def url_of(path: str, story) -> str:
    resource = path.split("/")[3]
    if resource == "collections":  # a front showing the story
        front, _ = Collection.objects.get_or_create(slug="top-stories", name="Top")
        Slot.objects.get_or_create(collection=front, article=story)
    return path.format(
        slug=story.slug if resource == "articles" else SLUGS.get(resource),
        id=story.lead_image_id,
        token=make_token(story) if resource == "preview" else None,
    )


def refused(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()


@pytest.mark.parametrize(("path", "name", "query"), CASES)
def test_a_valid_value_is_answered(api_client, published_article, path, name, query):
    response = api_client.get(url_of(path, published_article), query)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize(("path", "name", "query"), CASES)
def test_an_empty_value_is_a_400_naming_the_parameter(
    api_client, published_article, path, name, query
):
    url = url_of(path, published_article)

    for empty in ("", " ", " \t"):
        assert refused(api_client.get(url, {**query, name: empty})) == {
            name: [f"Empty value: give one, or leave `{name}` out."]
        }, repr(empty)


@pytest.mark.parametrize(("path", "name", "query"), CASES)
def test_a_repeated_parameter_is_a_400_naming_it(
    api_client, published_article, path, name, query
):
    url = url_of(path, published_article)
    twice = {**query, name: [query[name], query[name]]}

    response = api_client.get(url, twice)

    if name in LISTS:  # lists: the names add up
        assert response.status_code == 200, response.content
    else:
        assert refused(response) == {name: ["Given 2 times: give it once."]}


@pytest.mark.parametrize("value", [",", " , ", ",,"])
def test_a_list_of_no_names_is_empty_too(api_client, published_article, value):
    for name in LISTS:
        response = api_client.get("/api/v1/articles/", {name: value})
        assert refused(response) == {
            name: [f"Empty value: give one, or leave `{name}` out."]
        }


def test_the_table_holds_every_parameter_of_the_schema(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    documented = {
        path: {
            p["name"]
            for p in operations["get"].get("parameters", [])
            if p["in"] == "query"
        }
        | {"format"}  # every view takes it, though the schema lists it once
        for path, operations in schema["paths"].items()
        # The write API's list takes tokens only: tests/test_api_writing.py.
        if "get" in operations and not path.startswith("/api/v1/manage/")
    }
    assert {path: set(names) for path, names in PARAMETERS.items()} == documented


def test_no_enum_of_the_schema_offers_an_empty_value(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    for path, operations in schema["paths"].items():
        for parameter in (
            parameter
            for operation in operations.values()
            for parameter in operation.get("parameters", [])
        ):
            values = parameter["schema"].get("items", parameter["schema"])
            assert "" not in values.get("enum", ()), (path, parameter["name"])
