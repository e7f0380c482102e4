"""The text rules every importer shares (`articles.text`): one byline, one
photo credit or one fragment of HTML reads the same whichever format it came
in. Parsing only, no database."""

from __future__ import annotations

import io
import json
from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.interchange.feed_reader import parse_feed
from articles.interchange.ninjs_reader import parse_ninjs
from articles.interchange.page_reader import parse_page
from articles.interchange.story import Story
from articles.interchange.wxr_reader import parse_wxr
from articles.text.bylines import (
    byline_credits,
    page_byline_credits,
    split_names,
    trailer_credits,
)
from articles.text.credit_lines import join_names
from articles.text.credits import (
    AGENCY,
    AUTHOR,
    CONTRIBUTOR,
    CREATOR,
    DISTRIBUTOR,
    ORGANISATION,
    PERSON,
    PROVIDER,
    CreditRef,
)
from articles.text.photo_credits import photo_byline_credits, trailing_credit
from articles.text.plain import plain_text


def author(name: str, kind: str = PERSON) -> CreditRef:
    return CreditRef(name=name, role=AUTHOR, kind=kind)


def the_story(results: list) -> Story:
    [story] = [result for result in results if isinstance(result, Story)]
    return story


def from_page(byline: str) -> Story:
    page = f"Headline\n\n{byline}\n\nThe body.\n"
    return parse_page(page.encode(), "byline.txt")


def from_feed(byline: str) -> Story:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Feed</title><item><guid>g1</guid><title>Headline</title>"
        f"<description>The body.</description><dc:creator>{escape(byline)}"
        "</dc:creator></item></channel></rss>"
    )
    return the_story(list(parse_feed(io.BytesIO(feed.encode()), "feed.xml")))


def from_ninjs(byline: str) -> Story:
    item = {
        "uri": "urn:test:1",
        "type": "text",
        "headline": "Headline",
        "body_html": "<p>The body.</p>",
        "by": byline,
    }
    data = json.dumps(item).encode()
    return the_story(list(parse_ninjs(io.BytesIO(data), "item.json")))


def from_wxr(byline: str) -> Story:
    wp = "http://wordpress.org/export/1.2/"
    export = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">'
        "<channel><title>Site</title><link>https://example.com/</link>"
        "<wp:author><wp:author_login>desk</wp:author_login>"
        f"<wp:author_display_name>{escape(byline)}</wp:author_display_name>"
        "</wp:author><item><title>Headline</title><wp:post_id>1</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        "<dc:creator>desk</dc:creator>"
        "<content:encoded><![CDATA[The body.]]></content:encoded></item>"
        "</channel></rss>"
    )
    return the_story(list(parse_wxr(io.BytesIO(export.encode()), "export.xml")))


@pytest.mark.parametrize(
    ("byline", "credits"),
    [
        (
            "By Jane Doe and John Smith, The Associated Press",
            [author("Jane Doe"), author("John Smith")],
        ),
        (
            "By Jane Doe, John Smith and Ann Lee",
            [author("Jane Doe"), author("John Smith"), author("Ann Lee")],
        ),
        ("By Staff", [author("Staff")]),
        ("By Reuters", [author("Reuters", AGENCY)]),
        (
            "By Jane Roe. With files from Reuters",
            [
                author("Jane Roe"),
                CreditRef(name="Reuters", role=CONTRIBUTOR, kind=AGENCY),
            ],
        ),
    ],
)
def test_a_byline_gives_the_same_credits_in_every_format(byline, credits):
    found = {
        "page": from_page(byline).credits,
        "feed": from_feed(byline).credits,
        "ninjs": from_ninjs(byline).credits,
        "wxr": from_wxr(byline).credits,
    }
    assert found == dict.fromkeys(found, credits)


@pytest.mark.parametrize(
    ("byline", "credits"),
    [
        ("Jane Doe", [author("Jane Doe")]),
        ("by jane doe and john roe", [author("jane doe"), author("john roe")]),
        ("Jane Roe, Staff Reporter", [author("Jane Roe")]),
        (
            "Jane Roe; John Doe & Ann Lee",
            [author(n) for n in ("Jane Roe", "John Doe", "Ann Lee")],
        ),
        ("Von Christian Hollmann, dpa", [author("Christian Hollmann")]),
        (
            "Par Jean Dupont et Marie Curie",
            [author("Jean Dupont"), author("Marie Curie")],
        ),
        # Portuguese surnames joined by "e" are one name.
        ("Maria da Silva e Sousa", [author("Maria da Silva e Sousa")]),
        # "Surname, Initials" is one author, and keeps its full stop.
        ("Hines, P. J.", [author("Hines, P. J.")]),
        ("John Smith Jr.", [author("John Smith Jr.")]),
        ("By Jane Roe.", [author("Jane Roe")]),
        ("The Canadian Press", [author("The Canadian Press", AGENCY)]),
        ("Jane Roe and JANE ROE", [author("Jane Roe")]),
        (
            "By Ann Lee; with reporting by Bo Chen",
            [
                author("Ann Lee"),
                CreditRef(name="Bo Chen", role=CONTRIBUTOR, kind=PERSON),
            ],
        ),
        (
            "By Ann Lee. With files from The Associated Press and Acme Wire",
            [
                author("Ann Lee"),
                CreditRef(name="The Associated Press", role=CONTRIBUTOR, kind=AGENCY),
                CreditRef(name="Acme Wire", role=CONTRIBUTOR, kind=ORGANISATION),
            ],
        ),
        ("", []),
    ],
)
def test_byline_credits(byline, credits):
    assert byline_credits(byline) == credits


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("By Jane Doe", [author("Jane Doe")]),
        ("By the end of 2023, the plant had built 20 jets.", None),
        ("By then it was too late", None),
        ("Jane Doe", None),  # on a page, only "By" says a line is a byline
        ("Von Berlin nach Hamburg", None),
    ],
)
def test_a_page_line_is_a_byline_only_when_it_reads_as_one(line, credits):
    assert page_byline_credits(line) == credits


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        (
            "With files from Reuters",
            [CreditRef(name="Reuters", role=CONTRIBUTOR, kind=AGENCY)],
        ),
        (
            "— With a file from Acme Wire.",
            [CreditRef(name="Acme Wire", role=CONTRIBUTOR, kind=ORGANISATION)],
        ),
        (
            "With reporting by Ann Poe and Bo Chen",
            [
                CreditRef(name="Ann Poe", role=CONTRIBUTOR, kind=PERSON),
                CreditRef(name="Bo Chen", role=CONTRIBUTOR, kind=PERSON),
            ],
        ),
        (
            "With files from the archive we kept in the basement for nine long years",
            None,
        ),
        ("Reuters contributed to this story.", None),
    ],
)
def test_trailer_credits(line, credits):
    assert trailer_credits(line) == credits


GIVEN = ("Jane", "John", "Ann", "Bo", "Maria", "Kwame", "Élodie")
FAMILY = ("Doe", "Smith", "Lee", "Chen", "da Silva", "O'Brien", "Müller-Lüdenscheid")
NAMES = st.builds(lambda given, family: f"{given} {family}", st.sampled_from(GIVEN),
                  st.sampled_from(FAMILY))  # fmt: skip


@given(st.lists(NAMES, min_size=1, max_size=5, unique=True))
def test_a_byline_we_print_reads_back_as_its_names(names):
    # The credit line's own "A, B and C" is what the splitter undoes.
    assert split_names(join_names(names)) == names
    assert byline_credits(f"By {join_names(names)}") == [author(n) for n in names]


@pytest.mark.parametrize(
    ("byline", "credits"),
    [
        ("Jane Doe/Reuters", [
            CreditRef(name="Jane Doe", role=CREATOR, kind=PERSON),
            CreditRef(name="Reuters", role=PROVIDER, kind=AGENCY),
        ]),
        ("Photograph: Khabarovsky Krai region government via AP", [
            CreditRef(name="Khabarovsky Krai region government", role=PROVIDER,
                      kind=ORGANISATION),
            CreditRef(name="AP", role=DISTRIBUTOR, kind=AGENCY),
        ]),
        ("By Jane Doe and Getty Images", [
            CreditRef(name="Jane Doe", role=CREATOR, kind=PERSON),
            CreditRef(name="Getty Images", role=PROVIDER, kind=AGENCY),
        ]),
        ("Photo:", []),
    ],
)  # fmt: skip
def test_photo_byline_credits(byline, credits):
    assert photo_byline_credits(byline) == credits


@pytest.mark.parametrize(
    ("caption", "found"),
    [
        (
            "Kim Jong Un at the plant. (Khabarovsky Krai region government via AP)",
            ("Kim Jong Un at the plant.", "Khabarovsky Krai region government via AP"),
        ),
        ("About 6,200 kilometres from Moscow (3,900 miles)", None),
        ("No credit at all", None),
    ],
)
def test_trailing_credit(caption, found):
    assert trailing_credit(caption) == found


@pytest.mark.parametrize(
    ("value", "is_html", "text"),
    [
        ("Fish &amp; chips <em>today</em>", True, "Fish & chips today"),
        ("<p>One</p><p>Two</p>", True, "One Two"),
        ("Mark<sup>up</sup> stays one word", True, "Markup stays one word"),
        ("Line<br>break", True, "Line break"),
        ("AT&T &lol1; rates", True, "AT&T &lol1; rates"),
        ("  spread \n over\tlines ", False, "spread over lines"),
        ("a < b and c > d", False, "a < b and c > d"),
        # Text with markup or entities in it was escaped once too often.
        ("Fish &amp;amp; chips", False, "Fish &amp; chips"),
        ("Breaking: <b>news</b>", False, "Breaking: news"),
    ],
)
def test_plain_text(value, is_html, text):
    assert plain_text(value, is_html=is_html) == text
