"""Never silently stale (issue 23): an edition whose source has been saved
since it was made or brought up to date is stale, in one query for a list;
its page shows what changed in the source, block by block, with "Mark as up
to date"; the story list badges it and the newsroom home lists it; nothing
rewrites the edition by itself."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from tests.helpers.admin import messages_of
from tests.helpers.editions import ADMIN, change_url, edition_form, english_story
from tests.helpers.newsroom import newsroom_staff


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def edith(staff):
    client = Client()
    client.force_login(staff["edith"])
    return client


def pair(user, relation="translation"):
    english = english_story(user)
    return english, english.make_edition("fr", relation, user=user)


def save_source(english: Article, **fields) -> None:
    for name, value in fields.items():
        setattr(english, name, value)
    english.save()


def test_an_edition_is_stale_once_its_source_is_saved(staff):
    english, french = pair(staff["edith"])
    assert list(Article.objects.stale()) == []
    assert french.is_stale is False

    save_source(english, body="<p>The barrier held.</p><p>Then it broke.</p>")

    french.refresh_from_db()
    assert list(Article.objects.stale()) == [french]
    assert french.is_stale is True
    assert french.body == (
        "<p>The barrier held.</p>" + french.body.split("<p>The barrier held.</p>")[1]
    )
    assert "Then it broke" not in french.body  # nothing copied over by itself

    french.mark_up_to_date(user=staff["edith"])

    french.refresh_from_db()
    assert french.source_revision == english.revision
    assert list(Article.objects.stale()) == []


def test_an_independent_edition_is_never_stale(staff):
    english, french = pair(staff["edith"], relation="independent")

    save_source(english, headline="Harbour barrier breaks")

    french.refresh_from_db()
    assert list(Article.objects.stale()) == []
    assert french.is_stale is False


def test_the_edition_s_page_shows_what_changed_and_marks_it_up_to_date(edith, staff):
    english, french = pair(staff["edith"])
    made_from = english.revision
    edith.post(
        change_url(english),
        edition_form(
            edith,
            english,
            headline="Harbour barrier breaks",
            body=english.body.replace("Water rose.", "Water rose fast."),
        ),
    )
    english.refresh_from_db()

    page = lxml.html.fromstring(edith.get(change_url(french)).content)

    notice = page.xpath('//div[@id="edition-stale"]')[0]
    assert " ".join(notice.xpath("./p")[0].text_content().split()) == (
        "Stale: the English edition has changed since this edition was made or "
        f"last brought up to date (its revision {made_from}, now "
        f"{english.revision}). Nothing here changes by itself: bring the changes "
        "over, save, then mark this edition as up to date."
    )
    rows = notice.xpath('.//table[contains(@class, "edition-stale-changes")]/tbody/tr')
    assert [r.xpath("./th")[0].text for r in rows] == ["Headline", "Body"]
    assert rows[0].xpath(".//del/text()") == ["holds"]
    assert rows[0].xpath(".//ins/text()") == ["breaks"]
    assert rows[1].xpath(".//ins/text()") == ["rose fast."]
    assert rows[1].xpath(".//del/text()") == ["rose."]
    button = notice.xpath('.//button[@name="up_to_date_revision"]')[0]
    assert button.get("value") == str(english.revision)
    assert button.get("formaction") == f"{ADMIN}{french.pk}/editions/up-to-date/"

    response = edith.post(
        button.get("formaction"), {"up_to_date_revision": english.revision}
    )

    assert response.status_code == 302
    assert messages_of(response)[-1:] == [
        "Marked as up to date with the English edition."
    ]
    french.refresh_from_db()
    assert french.source_revision == english.revision
    page = lxml.html.fromstring(edith.get(change_url(french)).content)
    assert page.xpath('//div[@id="edition-stale"]') == []
    comments = [
        v.revision.get_comment() for v in Version.objects.get_for_object(french)
    ]
    assert comments[0] == (
        f"Marked as up to date with the English edition (its revision {english.revision})"
    )


def test_marking_up_to_date_never_goes_past_what_the_editor_saw(edith, staff):
    english, french = pair(staff["edith"])
    save_source(english, headline="Seen")
    seen = english.revision
    save_source(english, headline="Saved after the page was opened")

    edith.post(
        f"{ADMIN}{french.pk}/editions/up-to-date/", {"up_to_date_revision": seen}
    )

    french.refresh_from_db()
    assert french.source_revision == seen
    assert list(Article.objects.stale()) == [french]


def test_a_writer_may_not_mark_someone_else_s_edition(staff):
    english, french = pair(staff["edith"])
    save_source(english, headline="Changed")
    wanda = Client()
    wanda.force_login(staff["wanda"])

    response = wanda.post(
        f"{ADMIN}{french.pk}/editions/up-to-date/", {"up_to_date_revision": 99}
    )

    assert response.status_code == 403
    french.refresh_from_db()
    assert french.is_stale is True


def list_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# The article list's own for an editor (session, user, permissions, the
# filters' choices, the counts, the rows with the source's revision joined,
# credits, the date hierarchy): nothing per row.
EDITION_LIST_QUERIES = 16


@pytest.mark.parametrize("count", [2, 8])
def test_the_list_badges_stale_editions_in_constant_queries(edith, staff, count):
    first, _ = pair(staff["edith"])
    save_source(first, headline="Changed")
    for n in range(1, count):
        english = Article.objects.create(headline=f"Story {n}", slug=f"story-{n}")
        english.make_edition("fr", "translation", user=staff["edith"])
        save_source(english, headline=f"Story {n}, changed")

    queries, page = list_queries(edith, ADMIN)

    assert queries == EDITION_LIST_QUERIES
    html = lxml.html.fromstring(page)
    assert len(html.xpath('//span[contains(@class, "edition-stale-badge")]')) == count
    assert html.xpath('//td[@class="field-status_badge"]/span[@title="French"]/text()')[
        :1
    ] == ["FR"]
    stale_only = lxml.html.fromstring(edith.get(f"{ADMIN}?edition=stale").content)
    assert len(stale_only.xpath('//table[@id="result_list"]/tbody/tr')) == count


def test_the_newsroom_home_lists_stale_editions(edith, staff):
    english, french = pair(staff["edith"])
    save_source(english, headline="Changed")

    page = lxml.html.fromstring(edith.get("/admin/").content)

    panel = page.xpath('//section[@id="panel-stale-editions"]')[0]
    assert panel.xpath('.//span[contains(@class, "newsroom-count")]/text()')[-1] == "1"
    link = panel.xpath(".//ul/li/a")[0]
    assert (link.text, link.get("href")) == (french.headline, change_url(french))
    assert panel.xpath('.//p[@class="newsroom-all"]/a/@href') == [
        f"{ADMIN}?edition=stale"
    ]
