"""Bylines into people (issue 16, item 9): an affiliation is the writer's
affiliation, not one more writer; a web address is never a name; and a
writer the byline names and the item lists again is one contributor."""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.interchange.ninjs_reader import parse_ninjs
from articles.interchange.story import Story
from articles.models import Article, Contributor, Credit
from articles.text.bylines import byline_credits, without_urls
from articles.text.credits import AUTHOR, PERSON, CreditRef, unique_credits
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_import

NINJS = CORPUS / "ninjs"
TOUR = (
    NINJS / "examples" / "3.0" / "20231008-anti-doping-measures-at-the-tour-down-"
    "under-will-be-the-toughest-ever-addb-ninjs-nitf.json"
)


def story_of(document: dict) -> Story:
    data = io.BytesIO(json.dumps(document).encode())
    [story] = list(parse_ninjs(data, "item.json"))
    assert isinstance(story, Story)
    return story


def writers(byline: str) -> list[tuple[str, str]]:
    return [(c.name, c.affiliation) for c in byline_credits(byline) if c.role == AUTHOR]


# Affiliations


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jane Doe, University of Oslo", [("Jane Doe", "University of Oslo")]),
        (
            "Kari Nordmann, Norwegian University of Science and Technology",
            [("Kari Nordmann", "Norwegian University of Science and Technology")],
        ),
        (
            "By Jane Doe, University of Toronto, and John Roe, McGill University",
            [("Jane Doe", "University of Toronto"), ("John Roe", "McGill University")],
        ),
        # One affiliation for every name before it.
        (
            "By Jane Doe and John Smith, The Associated Press",
            [
                ("Jane Doe", "The Associated Press"),
                ("John Smith", "The Associated Press"),
            ],
        ),
        # Two parts that both say who she is.
        (
            "Jane Roe, Staff Writer, The Globe and Mail",
            [("Jane Roe", "Staff Writer, The Globe and Mail")],
        ),
        ("Jane Roe, Staff Reporter", [("Jane Roe", "Staff Reporter")]),
        # Writers without one are still writers.
        (
            "By Jane Doe, John Smith and Ann Lee",
            [("Jane Doe", ""), ("John Smith", ""), ("Ann Lee", "")],
        ),
        ("Hines, P. J.", [("Hines, P. J.", "")]),
        ("By The Canadian Press", [("The Canadian Press", "")]),
    ],
)
def test_an_affiliation_belongs_to_the_writers_before_it(byline, expected):
    assert writers(byline) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (TOUR, [("Trond Husø", "The Anti-Doping Database")]),
        (NINJS / "examples" / "3.0" / "dpa_text.json", [("Christian Hollmann", "dpa")]),
    ],
)
def test_corpus_bylines_keep_the_affiliation_on_the_writer(path, expected):
    story = story_of(json.loads(path.read_text()))

    assert [(c.name, c.affiliation) for c in story.credits] == expected


# Web addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Photograph by Jane Doe, available at "
            "https://commons.wikimedia.org/wiki/File:Harbour.jpg",
            "Photograph by Jane Doe",
        ),
        ("Jane Doe (www.janedoe.example)", "Jane Doe"),
        ("Jane Doe, from https://example.org/a/b", "Jane Doe"),
        ("Jane Doe", "Jane Doe"),
    ],
)
def test_web_addresses_and_their_lead_in_go(text, expected):
    assert without_urls(text) == expected


def test_a_byline_with_a_web_address_is_the_writer_alone():
    assert byline_credits("By Jane Doe, available at https://example.org/jane") == [
        CreditRef(name="Jane Doe", role=AUTHOR, kind=PERSON)
    ]


# One person, one contributor


def test_a_byline_writer_listed_again_in_authors_is_credited_once():
    item = json.loads((NINJS / "superdesk" / "ninjs2.json").read_text())
    assert item["byline"] == "By Henning Gloystein"
    item["authors"] = [{"name": "Henning Gloystein, Reuters", "role": "writer"}]

    story = story_of(item)

    assert [(c.name, c.role, c.affiliation) for c in story.credits] == [
        ("Henning Gloystein", AUTHOR, "Reuters")
    ]


def test_spellings_of_one_name_are_one_credit():
    credits = [
        CreditRef(name="Élodie Müller", role=AUTHOR),
        CreditRef(name="ELODIE MÜLLER.", role=AUTHOR, affiliation="dpa"),
        CreditRef(name="Elodie  Muller", role=AUTHOR),
    ]

    [kept] = unique_credits(credits)
    assert (kept.name, kept.affiliation) == ("Élodie Müller", "dpa")


# Delivered


def test_the_api_delivers_a_contributors_affiliation(api_client, published_article):
    writer = Contributor.objects.create(
        name="Trond Husø", affiliation="The Anti-Doping Database"
    )
    Credit.objects.create(article=published_article, contributor=writer, role="author")

    data = api_client.get(f"/api/v1/contributors/{writer.slug}/").json()

    assert (data["name"], data["affiliation"]) == (
        "Trond Husø",
        "The Anti-Doping Database",
    )


def test_an_import_stores_the_affiliation_and_an_export_keeps_it(db, tmp_path):
    run_import(TOUR)
    writer = Contributor.objects.get(name="Trond Husø")
    assert writer.affiliation == "The Anti-Doping Database"

    call_command("export_articles", str(tmp_path / "export"), stdout=StringIO())
    Article.objects.all().delete()
    Contributor.objects.all().delete()
    run_import(tmp_path / "export")
    restored = Contributor.objects.get(slug=writer.slug)
    assert restored.affiliation == "The Anti-Doping Database"
