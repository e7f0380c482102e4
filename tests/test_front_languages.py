"""Fronts by language (issue 23): a front is in one language; its rules draw
only stories in it, a chosen story in another language is refused in the
admin and never shown even if stored, `/collections/` lists the default
language's fronts unless `?language=` asks (as the article lists do), both
answers say their `Content-Language`, and backups carry the front's
language (older ones restore in the default)."""

from __future__ import annotations

import pytest

from articles.delivery.documents import memo
from articles.models import Collection, Section, Slot
from tests.helpers.backups import (
    backup_lines,
    empty_database,
    export_backup,
    write_backup_lines,
)
from tests.helpers.front_admin import URL, front_form
from tests.helpers.fronts import front, headlines, items, story
from tests.helpers.imports import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return Section.objects.get_or_create(name="World", slug="world")[0]


@pytest.fixture
def stories(world):
    """Two English stories and two French ones in World, newest French."""
    return {
        "en-old": story("Summit opens", section=world, hours_ago=4),
        "en-new": story("Summit closes", section=world, hours_ago=3),
        "fr-old": story(
            "canaryfr Le sommet s’ouvre",
            section=world,
            hours_ago=2,
            language="fr",
            slug="summit-opens",
        ),  # fmt: skip
        "fr-new": story(
            "canaryfr Le sommet se termine", section=world, hours_ago=1, language="fr"
        ),  # fmt: skip
    }


def test_a_french_story_never_appears_on_an_english_front(api_client, world, stories):
    # Stored as an older version of the code could have: a French story
    # chosen on the English front, above a rule on their common section.
    home = front("home", [stories["en-old"], world])
    Slot.objects.create(collection=home, position=5, article=stories["fr-new"])
    Slot.objects.create(collection=home, position=6, rule="section",
                        section=world, count=10)  # fmt: skip

    response = api_client.get("/api/v1/collections/home/")

    assert [i["headline"] for i in response.json()["items"]] == [
        "Summit opens", "Summit closes"
    ]  # fmt: skip
    assert b"canaryfr" not in response.content
    assert response["Content-Language"] == "en"
    assert response.json()["language"] == "en"


def test_a_french_front_draws_french_stories_only(api_client, world, stories):
    front("a-la-une", [stories["fr-old"], {"rule": "section", "section": world,
                                           "count": 5}], language="fr")  # fmt: skip

    response = api_client.get("/api/v1/collections/a-la-une/")

    assert [(i["id"], i["filled_by"]) for i in response.json()["items"]] == [
        (stories["fr-old"].pk, "editor"),
        (stories["fr-new"].pk, "rule"),
    ]
    assert response["Content-Language"] == "fr"
    # The admin's preview decides the same way.
    placed = [p.article_id for p in _preview("a-la-une")]
    assert placed == [stories["fr-old"].pk, stories["fr-new"].pk]


def _preview(slug):
    from articles.delivery.fronts import resolve

    return resolve(Collection.objects.get(slug=slug))


def test_the_list_holds_the_default_language_unless_asked(api_client, world):
    front("home", [], name="Home")
    front("a-la-une", [], name="À la une", language="fr")

    def listed(query=""):
        response = api_client.get(f"/api/v1/collections/{query}")
        assert response.status_code == 200, response.content
        pairs = [(c["slug"], c["language"]) for c in response.json()]
        return pairs, response["Content-Language"]

    assert listed() == ([("home", "en")], "en")
    assert listed("?language=en") == ([("home", "en")], "en")
    assert listed("?language=fr") == ([("a-la-une", "fr")], "fr")
    assert listed("?language=all") == (
        [("a-la-une", "fr"), ("home", "en")], "en, fr"
    )  # fmt: skip
    bad = api_client.get("/api/v1/collections/?language=de")
    assert (bad.status_code, bad.json()) == (
        400, {"language": ["Unknown language: de. Known: en, fr, all."]}
    )  # fmt: skip
    # The article lists answer the same.
    assert api_client.get("/api/v1/articles/?language=de").json() == bad.json()
    # A front is named by its slug alone: its detail takes no language.
    detail = api_client.get("/api/v1/collections/home/?language=en")
    assert detail.status_code == 400


def test_the_schema_documents_the_language(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()

    parameters = schema["paths"]["/api/v1/collections/"]["get"]["parameters"]
    [language] = [p for p in parameters if p["name"] == "language"]
    assert sorted(language["schema"]["enum"]) == ["all", "en", "fr"]
    assert "fronts listed" in language["description"]
    summary = schema["components"]["schemas"]["CollectionSummary"]
    assert "language" in summary["properties"]


def test_a_french_front_costs_the_queries_of_an_english_one(
    api_client, world, settings, django_assert_num_queries
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0  # every request reaches the view
    english = [story(f"Story {n}", section=world, hours_ago=n + 1) for n in range(6)]
    french = [story(f"Histoire {n}", section=world, hours_ago=n + 1, language="fr",
                    slug=f"histoire-{n}") for n in range(6)]  # fmt: skip
    front("home", [*english[:3], world])
    front("a-la-une", [*french[:3], world], language="fr")

    for slug in ("home", "a-la-une"):
        items(api_client, slug)
        memo.clear()
        # As pinned in test_collections.py: the front, the rule's newest
        # (one kind of rule: one statement on either database), their
        # serving rows, the stored documents, their related stories.
        with django_assert_num_queries(5):
            assert len(items(api_client, slug)) == 4
    assert headlines(api_client, "a-la-une") == [
        "Histoire 0", "Histoire 1", "Histoire 2", "Histoire 3"
    ]  # fmt: skip


def test_the_admin_refuses_a_story_in_another_language(admin_client, stories):
    french = stories["fr-new"]

    response = admin_client.post(
        f"{URL}add/", front_form(slots=[{"article": french.pk}])
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors == [
        {
            "article": [
                f"“{french.headline}” is the French edition; this front is in "
                "English. Choose a story in English, or put this one on a "
                "front in French."
            ]
        }
    ]
    assert not Collection.objects.exists()
    # The same story on a French front is taken.
    response = admin_client.post(
        f"{URL}add/",
        front_form(slots=[{"article": french.pk}], slug="a-la-une", language="fr"),
    )
    assert response.status_code == 302
    saved = Collection.objects.get(slug="a-la-une")
    assert (saved.language, [s.article_id for s in saved.slots.all()]) == (
        "fr", [french.pk]
    )  # fmt: skip


def test_changing_a_front_s_language_refuses_its_stories_in_the_old_one(
    admin_client, stories
):
    home = front("home", [stories["en-old"]])
    slot = home.slots.get()

    response = admin_client.post(
        f"{URL}{home.pk}/change/",
        front_form(
            home,
            slots=[{"id": slot.pk, "article": stories["en-old"].pk}],
            language="fr",
        ),  # fmt: skip
    )

    assert response.status_code == 200
    [errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert errors["article"] == [
        "“Summit opens” is the English edition; this front is in French. Choose "
        "a story in French, or put this one on a front in English."
    ]
    home.refresh_from_db()
    assert home.language == "en"


def test_backups_carry_the_front_s_language(api_client, world, stories, tmp_path):
    front("home", [stories["en-old"], world])
    front("a-la-une", [stories["fr-old"], world], name="À la une", language="fr")
    before = api_client.get("/api/v1/collections/a-la-une/").json()
    export_backup(tmp_path / "backup")
    lines = backup_lines(tmp_path / "backup")
    fronts = {line["slug"]: line for line in lines if line["type"] == "front"}
    assert (fronts["home"]["language"], fronts["a-la-une"]["language"]) == ("en", "fr")

    empty_database()
    stdout, stderr = run_import(tmp_path / "backup")

    assert stderr == ""
    assert dict(Collection.objects.values_list("slug", "language")) == {
        "home": "en", "a-la-une": "fr"
    }  # fmt: skip
    assert api_client.get("/api/v1/collections/a-la-une/").json() == before

    # An older backup's fronts have no language: a new front gets the
    # default one; a language the newsroom does not publish in is kept,
    # with a warning, never relabelled.
    for line in lines:
        if line["type"] == "front":
            if line["slug"] == "home":
                line["language"] = "de"
            else:
                del line["language"]
    write_backup_lines(tmp_path / "backup", lines)
    empty_database()
    stdout, stderr = run_import(tmp_path / "backup", verbosity=2)

    assert dict(Collection.objects.values_list("slug", "language")) == {
        "home": "de", "a-la-une": "en"
    }  # fmt: skip
    assert "language 'de' is not one of the newsroom's languages (en, fr)" in stderr
    # Its French story, now on an English front, is kept and never shown.
    assert 'the story "export:article:' in stderr
    assert "is in fr, the front in en: kept, but never shown on it" in stderr
    shown = items(api_client, "a-la-une")
    assert {i["language"] for i in shown} == {"en"}
    assert stories["fr-old"].headline not in str(shown)
