"""Source dates onto the article's fields: ninjs firstcreated, firstpublished,
versioncreated and embargoed; feed dates in other languages than English,
read or reported, never replaced by the import time in silence."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from articles.interchange.feed_dates import localized_date
from articles.interchange.feed_reader import parse_feed
from articles.interchange.ninjs_reader import parse_ninjs
from articles.interchange.story import Story
from articles.interchange.story_writer import StoryWriter
from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_import

NINJS = CORPUS / "ninjs"


def ninjs_stories(data: bytes) -> list[Story]:
    return list(parse_ninjs(io.BytesIO(data), "items.json"))


def one_item(**fields: object) -> bytes:
    item = {
        "uri": "urn:test:dates",
        "type": "text",
        "headline": "Dates",
        "body_html": "<p>Text.</p>",
        **fields,
    }
    return json.dumps(item).encode()


# ninjs


def test_a_wire_item_is_created_and_updated_when_its_source_says():
    with open(NINJS / "examples" / "2.1" / "ntb_text.json", "rb") as file:
        [story] = parse_ninjs(file, "ntb_text.json")
    assert story.created_at == datetime(2019, 8, 9, 9, 30, 4, tzinfo=UTC)
    assert story.updated_at == datetime(2019, 8, 9, 9, 46, 53, tzinfo=UTC)
    # No publication date: readers see the first version's, which a later
    # version does not move.
    assert story.published_at == datetime(2019, 8, 9, 9, 30, 4, tzinfo=UTC)
    assert story.first_published_at is None
    assert story.embargo_until is None
    assert story.warnings == ["no body: the description is the story's text"]


def test_superdesk_dates_with_a_colonless_offset():
    with open(NINJS / "superdesk" / "ninjs1.json", "rb") as file:
        [story] = [s for s in parse_ninjs(file, "ninjs1.json") if isinstance(s, Story)]
    assert story.created_at == datetime(2017, 8, 24, 4, 37, 19, tzinfo=UTC)
    assert story.updated_at == datetime(2017, 8, 24, 4, 38, 34, tzinfo=UTC)
    assert story.published_at == datetime(2017, 8, 24, 4, 37, 19, tzinfo=UTC)


def test_each_ninjs_date_goes_to_the_field_of_its_meaning():
    [story] = ninjs_stories(
        one_item(
            firstcreated="2018-09-24T08:00:00Z",
            firstpublished="2018-09-24T10:00:00+02:00",
            versioncreated="2018-09-25T12:30:00Z",
            embargoed="2018-09-24T09:00:00Z",
        )
    )
    assert story.created_at == datetime(2018, 9, 24, 8, 0, tzinfo=UTC)
    assert story.first_published_at == datetime(2018, 9, 24, 8, 0, tzinfo=UTC)
    assert story.published_at == datetime(2018, 9, 24, 8, 0, tzinfo=UTC)
    assert story.updated_at == datetime(2018, 9, 25, 12, 30, tzinfo=UTC)
    assert story.embargo_until == datetime(2018, 9, 24, 9, 0, tzinfo=UTC)


def test_an_unreadable_ninjs_date_is_reported_once():
    [story] = ninjs_stories(
        one_item(firstcreated="24/09/2018", versioncreated="2018-09-25T12:30:00Z")
    )
    assert story.created_at is None
    assert story.published_at == datetime(2018, 9, 25, 12, 30, tzinfo=UTC)
    assert story.warnings == ["unreadable firstcreated '24/09/2018': ignored"]


def test_the_article_keeps_the_sources_dates(db):
    [story] = ninjs_stories(
        one_item(
            firstcreated="2018-09-24T08:00:00Z",
            versioncreated="2018-09-25T12:30:00Z",
            embargoed="2018-09-24T09:00:00Z",
        )
    )
    StoryWriter().write([story])
    article = Article.objects.get(source_id="ninjs:urn:test:dates")
    assert article.created_at == datetime(2018, 9, 24, 8, 0, tzinfo=UTC)
    assert article.updated_at == datetime(2018, 9, 25, 12, 30, tzinfo=UTC)
    assert article.published_at == datetime(2018, 9, 24, 8, 0, tzinfo=UTC)
    # Without firstpublished: first public when the embargo lifted.
    assert article.first_published_at == datetime(2018, 9, 24, 9, 0, tzinfo=UTC)
    assert article.embargo_until == datetime(2018, 9, 24, 9, 0, tzinfo=UTC)


def test_firstpublished_is_the_articles_first_publication(db):
    [story] = ninjs_stories(
        one_item(
            firstcreated="2018-09-24T08:00:00Z",
            firstpublished="2018-09-24T08:30:00Z",
            embargoed="2018-09-24T09:00:00Z",
        )
    )
    StoryWriter().write([story])
    article = Article.objects.get(source_id="ninjs:urn:test:dates")
    assert article.published_at == datetime(2018, 9, 24, 8, 30, tzinfo=UTC)
    assert article.first_published_at == datetime(2018, 9, 24, 8, 30, tzinfo=UTC)
    assert article.created_at == datetime(2018, 9, 24, 8, 0, tzinfo=UTC)


# Feeds

PORTUGUESE_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Notícias</title><link>https://example.com/</link>
<description>Últimas</description>
<item><guid>https://example.com/1</guid><title>Um</title><description>Texto um.</description>
<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item>
<item><guid>https://example.com/2</guid><title>Dois</title><description>Texto dois.</description>
<pubDate>sáb, 01 dez 2018 08:05:00 GMT</pubDate></item>
<item><guid>https://example.com/3</guid><title>Três</title><description>Texto três.</description>
<pubDate>ontem à tarde</pubDate></item>
<item><guid>https://example.com/4</guid><title>Quatro</title><description>Texto.</description>
<pubDate>Mon, 24 Sep 2018 19:42:40 -0300</pubDate></item>
</channel></rss>
"""


def feed_stories(text: str) -> list[Story]:
    return list(parse_feed(io.BytesIO(text.encode()), "noticias.xml"))


def test_portuguese_rss_dates_are_read():
    one, two, _, four = feed_stories(PORTUGUESE_FEED)
    assert one.published_at == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)
    assert two.published_at == datetime(2018, 12, 1, 8, 5, tzinfo=UTC)
    # The same moment in English, read by feedparser itself.
    assert four.published_at == one.published_at
    assert one.warnings == two.warnings == four.warnings == []


def test_an_unreadable_feed_date_is_a_warning_not_a_silent_import_time():
    three = feed_stories(PORTUGUESE_FEED)[2]
    assert three.published_at is None
    assert three.warnings == [
        "unreadable date 'ontem à tarde': the story is dated at its import instead"
    ]


def test_the_import_reports_the_unreadable_date(db, tmp_path):
    path = tmp_path / "noticias.xml"
    path.write_text(PORTUGUESE_FEED, encoding="utf-8")
    stdout, stderr = run_import(path, verbosity=2)
    assert "; 1 warning" in stdout
    assert (
        'entry 3 (id "https://example.com/3"): warning: unreadable date '
        "'ontem à tarde': the story is dated at its import instead"
    ) in stderr
    dated = Article.objects.get(source_id="feed:https://example.com/1")
    assert dated.published_at == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ter, 02 out 2018 08:00:00 GMT", datetime(2018, 10, 2, 8, 0, tzinfo=UTC)),
        ("lun, 10 dic 2018 10:00:00 +0100", datetime(2018, 12, 10, 9, 0, tzinfo=UTC)),
        (
            "mar., 25 sept. 2018 10:00:00 +0200",
            datetime(2018, 9, 25, 8, 0, tzinfo=UTC),
        ),
        (
            "Dienstag, 04 Dezember 2018 10:00:00 +0100",
            datetime(2018, 12, 4, 9, 0, tzinfo=UTC),
        ),
        ("gio, 15 mag 2014 07:30:00 +0200", datetime(2014, 5, 15, 5, 30, tzinfo=UTC)),
        ("di, 05 mrt 2019 12:00:00 +0100", datetime(2019, 3, 5, 11, 0, tzinfo=UTC)),
        ("31 Fev 2018 10:00:00 GMT", None),
        ("", None),
        ("x" * 200, None),
    ],
)
def test_localized_rfc_822_dates(text, expected):
    assert localized_date(text) == expected
