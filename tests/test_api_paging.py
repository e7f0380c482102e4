"""Every list is paged the same way: `limit` and a cursor, with `next`,
`previous` and `results` (issue 16, item 15). Contributors, sections and tags
go by name; a name two of them share is stepped over by the cursor's offset."""

from __future__ import annotations

from base64 import b64encode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Contributor, Credit, Section, Tag

KEYS = {"next", "previous", "results"}


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0  # every page from the database


@pytest.fixture
def named(published_article, section):
    """Seven of each beside the sample's, two of them sharing a name."""
    names = ["Zed", "Alpha", "Mid", "Mid", "Beta", "Omega", "Gamma"]
    for n, name in enumerate(names):
        Section.objects.create(name=name, slug=f"section-{n}", parent=section)
        person = Contributor.objects.create(name=name, slug=f"person-{n}")
        Credit.objects.create(
            article=published_article, contributor=person, role="author", position=n + 1
        )
        published_article.tags.add(
            Tag.objects.create(name=f"{name} {n}", slug=f"t-{n}")
        )
    return published_article


def walk(api_client, url: str, link: str = "next") -> list[list[str]]:
    pages = []
    while url:
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        assert set(data) == KEYS
        pages.append([item["slug"] for item in data["results"]])
        url = data[link]
    return pages


def by_name(queryset) -> list[str]:
    return list(queryset.order_by("name", "pk").values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("resource", "everything"),
    [
        ("contributors", lambda: by_name(Contributor.objects.public())),
        ("sections", lambda: by_name(Section.objects.all())),
        ("tags", lambda: by_name(Tag.objects.public())),
    ],
)
def test_lists_are_paged_by_limit_and_cursor_like_articles(
    api_client, named, resource, everything
):
    expected = everything()
    assert len(expected) >= 8

    pages = walk(api_client, f"/api/v1/{resource}/?limit=3")

    assert [len(page) for page in pages[:-1]] == [3] * (len(pages) - 1)
    assert sum(pages, []) == expected
    # Back from the last page by `previous`, the same pages in reverse.
    last = api_client.get(f"/api/v1/{resource}/?limit=3").json()
    while last["next"]:
        last = api_client.get(last["next"]).json()
    back = walk(api_client, last["previous"], link="previous")
    assert sum(reversed(back), []) + pages[-1] == expected
    # The same keys as the article list's pages.
    assert set(api_client.get("/api/v1/articles/").json()) == KEYS


@pytest.mark.parametrize("resource", ["contributors", "sections", "tags"])
def test_a_page_costs_one_query_whatever_its_size(api_client, named, resource):
    counts = []
    for limit in (2, 50):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/{resource}/?limit={limit}")
        assert response.status_code == 200
        counts.append(len(queries))

    # The page alone: no count, unlike numbered pages.
    assert counts == [1, 1], counts


@pytest.mark.parametrize(
    "position",
    ["Mid\x00", "\x00"],
)
def test_a_forged_name_cursor_is_a_404(api_client, named, position):
    forged = b64encode(f"p={position}".encode()).decode()

    response = api_client.get("/api/v1/tags/", {"cursor": forged})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_a_page_size_is_a_whole_number_from_one(api_client, named):
    response = api_client.get("/api/v1/sections/?limit=0")

    assert response.status_code == 400
    assert response.json() == {"limit": ["Enter a whole number from 1."]}
    assert len(api_client.get("/api/v1/sections/?limit=500").json()["results"]) == 8


def test_the_schema_s_paging_examples_are_each_list_s_own_urls(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    pages = {
        name: page["properties"]
        for name, page in schema["components"]["schemas"].items()
        if name.startswith("Paginated")
    }

    paths = {
        f"Paginated{name}List": f"{name.lower()}s/"
        for name in ("Article", "Contributor", "Section", "Tag", "Withdrawal")
    } | {"PaginatedStorySummaryList": "manage/articles/"}  # the write API's
    assert set(pages) == set(paths)
    for name, page in pages.items():
        assert "count" not in page, name
        for link in ("next", "previous"):
            assert page[link]["example"].startswith(
                f"https://news.example.com/api/v1/{paths[name]}?cursor="
            ), (name, page[link]["example"])
