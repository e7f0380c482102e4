"""Wire items keep their language (issue 23): the readers' language tags
(NewsML-G2 `contentMeta/language` and `xml:lang`, NITF `xml:lang` and
`baselang`, ninjs `language`) onto the story, a language the newsroom does
not publish kept with a warning; and an agency's two languages of one
story suggested, then grouped, as editions without publishing either."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.interchange.story_language import story_language
from articles.models import Article, DeskLanguage, WireItem, WireSource
from articles.roles import EDITOR
from tests.helpers.admin import messages_of
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_import
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.wire import OTHER, SAMPLES, poll_source, wire_folder
from tests.helpers.wire_languages import (
    FRENCH_HEADLINE,
    REUTERS,
    REUTERS_HEADLINE,
    french_version,
)

QUEUE = "/admin/articles/wireitem/"


@pytest.mark.parametrize(
    ("path", "language"),
    [
        (SAMPLES / "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10", "en"),
        (REUTERS, "en"),
        (OTHER / "efe_nitf.xml", "en"),  # baselang="en-US"
        (CORPUS / "ninjs" / "superdesk" / "ninjs1.json", "fr"),
        (OTHER / "IPTC7901.txt", "en"),  # says nothing: the default
    ],
)
def test_an_imported_story_keeps_its_language(db, path, language):
    run_import(path)

    assert list(Article.objects.values_list("language", flat=True)) == [language]


@pytest.mark.parametrize(
    ("path", "language", "tag"),
    [
        (SAMPLES / "dpa.xml", "de", "de"),
        (OTHER / "nitf-ntb.xml", "nb", "nb-NO"),
        (SAMPLES / "stt_newsml_test.xml", "fi", "fi-FI"),
    ],
)
def test_a_language_the_newsroom_does_not_publish_is_kept_with_a_warning(
    db, path, language, tag
):
    _, errors = run_import(path, verbosity=2)

    assert list(Article.objects.values_list("language", flat=True)) == [language]
    assert (
        f"language '{tag}' is not one of the newsroom's languages (en, fr): kept "
        f"as '{language}', not published as another language"
    ) in errors


def test_language_tags_map_to_the_newsrooms_languages(settings):
    settings.CMS_LANGUAGES = ["en", "fr-CA"]

    assert story_language("fr") == ("fr-CA", "")
    assert story_language("FR_ca") == ("fr-CA", "")
    assert story_language("en-GB") == ("en", "")
    assert story_language("") == ("en", "")
    assert story_language("English") == (
        "en",
        "language 'English' is not a language tag: taken as 'en' (the "
        "newsroom's languages: en, fr-CA)",
    )


@pytest.fixture
def both_languages(settings, tmp_path, db):
    settings.CMS_WIRE_ROOT = tmp_path
    folder = wire_folder(tmp_path, "reuters", [REUTERS, OTHER / "IPTC7901.txt"])
    french_version(folder)
    poll_source(WireSource.objects.create(name="Reuters", location="reuters"))
    return {
        language: WireItem.objects.select_related("article").get(
            article__slugline="SOCCER-ENGLAND/CHELSEA-BENITEZ",
            article__language=language,
        )
        for language in ("en", "fr")
    }


@pytest.fixture
def staff(db, django_user_model):
    users = newsroom_staff(django_user_model, {"edith": EDITOR, "fred": EDITOR})
    DeskLanguage.objects.create(user=users["fred"], language="fr")
    return users


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_suggests_an_agencys_two_languages_as_editions(both_languages, staff):
    client = logged_in(staff["edith"])

    page = client.get(QUEUE)
    listed = {item.article.language: item for item in page.context["cl"].result_list
              if item.article.slugline.startswith("SOCCER")}  # fmt: skip
    html = page.content.decode()

    assert (listed["fr"].match_pk, listed["en"].match_pk) == (
        both_languages["en"].pk,
        both_languages["fr"].pk,
    )
    assert f"French version of “{REUTERS_HEADLINE}”" in html
    assert f"English version of “{FRENCH_HEADLINE}”" in html
    assert len(page.context["cl"].result_list) == 3  # and the IPTC 7901 item
    item_page = client.get(f"{QUEUE}{both_languages['fr'].pk}/change/")
    assert b"Group as editions (publishes nothing)" in item_page.content


def test_the_suggestions_cost_no_query_per_row(both_languages, staff, tmp_path):
    client = logged_in(staff["edith"])
    with CaptureQueriesContext(connection) as three_rows:
        client.get(QUEUE)
    wire_folder(tmp_path, "ap", [SAMPLES / "ap.xml"])
    poll_source(WireSource.objects.create(name="AP", location="ap"))

    with CaptureQueriesContext(connection) as six_rows:
        page = client.get(QUEUE)

    assert len(page.context["cl"].result_list) == 6
    assert len(six_rows) == len(three_rows)


def test_grouping_makes_editions_and_publishes_nothing(both_languages, staff):
    client = logged_in(staff["edith"])
    english, french = both_languages["en"], both_languages["fr"]

    response = client.post(
        f"{QUEUE}{french.pk}/group-editions/{english.pk}/", follow=True
    )

    stories = {
        a.language: a for a in Article.objects.filter(slugline__startswith="SOCCER")
    }
    assert stories["en"].edition_group_id == stories["fr"].edition_group_id is not None
    assert (stories["fr"].edition_source_id, stories["fr"].edition_relation) == (
        stories["en"].pk,
        "translation",
    )
    assert stories["fr"].source_revision == stories["en"].revision
    assert (stories["en"].edition_source_id, stories["en"].edition_relation) == (
        None,
        "",
    )
    assert {a.status for a in stories.values()} == {"draft"}
    assert not Article.objects.published().exists()
    assert WireItem.objects.waiting().count() == 3
    assert messages_of(response) == [
        f"Grouped “{FRENCH_HEADLINE}” and “{REUTERS_HEADLINE}” as editions of one "
        "story, the English one the source. Neither was published; both wait in "
        "the queue."
    ]
    # Grouped: no longer suggested.
    page = client.get(QUEUE)
    assert {i.match_pk for i in page.context["cl"].result_list} == {None}


def test_no_suggestion_across_agencies_or_in_one_language(
    settings, tmp_path, db, staff
):
    settings.CMS_WIRE_ROOT = tmp_path
    reuters = wire_folder(tmp_path, "reuters", [REUTERS])
    # Another English item with the same slugline, from the same agency.
    french_version(reuters, language="en", name="en2")
    french_version(wire_folder(tmp_path, "afp", []), agency="AFP")
    poll_source(WireSource.objects.create(name="Reuters", location="reuters"))
    poll_source(WireSource.objects.create(name="AFP", location="afp"))

    page = logged_in(staff["edith"]).get(QUEUE)

    listed = page.context["cl"].result_list
    assert sorted((i.agency, i.article.language) for i in listed) == [
        ("AFP", "fr"), ("Reuters", "en"), ("Reuters", "en"),
    ]  # fmt: skip
    assert {i.match_pk for i in listed} == {None}


def test_no_suggestion_for_a_version_filed_more_than_12_hours_apart(
    settings, tmp_path, db, staff
):
    settings.CMS_WIRE_ROOT = tmp_path
    folder = wire_folder(tmp_path, "reuters", [REUTERS])
    french_version(folder, filed="2013-03-02T03:09:05.000Z")  # 12 h 1 s later
    poll_source(WireSource.objects.create(name="Reuters", location="reuters"))

    page = logged_in(staff["edith"]).get(QUEUE)

    listed = page.context["cl"].result_list
    assert sorted(i.article.language for i in listed) == ["en", "fr"]
    assert {i.match_pk for i in listed} == {None}


def test_a_language_desk_takes_only_its_own_items(both_languages, staff):
    client = logged_in(staff["fred"])
    english, french = both_languages["en"], both_languages["fr"]

    use_english = client.post(f"{QUEUE}{english.pk}/use/")
    group = client.post(f"{QUEUE}{french.pk}/group-editions/{english.pk}/")
    use_french = client.post(f"{QUEUE}{french.pk}/use/")

    assert (use_english.status_code, group.status_code) == (403, 403)
    assert use_french.status_code == 302
    assert list(
        WireItem.objects.filter(used_by=staff["fred"]).values_list(
            "article__language", flat=True
        )
    ) == ["fr"]
    assert Article.objects.filter(edition_group__isnull=False).count() == 0
