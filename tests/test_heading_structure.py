"""Structure in, structure out (issue 16, item 8): the headings of WordPress
blocks and of a ninjs HTML document reach the story as headings, and text
loose in a document's <div>s becomes a paragraph of its own instead of
running into the next one."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from articles.interchange.ninjs_texts import body_html_of
from articles.interchange.story import Story
from articles.interchange.wxr_reader import parse_wxr
from articles.text.sanitize import sanitize_html
from tests.helpers.corpus import CORPUS

THEME_TEST = CORPUS / "wxr" / "theme-test-data" / "themeunittestdata.wordpress.xml"
TT_ITEM = CORPUS / "ninjs" / "examples" / "3.0" / "tt_text_image_3.json"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
CONTAINERS = ("article", "section", "div")


def theme_story(headline: str) -> Story:
    with THEME_TEST.open("rb") as stream:
        (story,) = [
            result
            for result in parse_wxr(stream, THEME_TEST.name)
            if isinstance(result, Story) and result.headline == headline
        ]
    return story


def headings(html: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(tag.name, tag.get_text()) for tag in soup.find_all(HEADINGS)]


def flow(html: str) -> list[tuple[str, str]]:
    """The blocks a reader sees, the <div>s around them taken away."""
    soup = BeautifulSoup(html, "html.parser")
    for container in soup.find_all(CONTAINERS):
        container.unwrap()
    return [
        (node.name, " ".join(node.get_text().split()))
        for node in soup.children
        if node.name is not None
    ]


def test_every_level_of_wordpress_heading_blocks_is_a_heading():
    story = theme_story("WP 6.1 Text category blocks")

    assert headings(story.body_html) == [
        ("h1", "H1 Heading"),
        ("h2", "H2 Heading"),
        ("h3", "H3 Heading"),
        ("h4", "H4 Heading"),
        ("h5", "H5 Heading"),
        ("h6", "H6 Heading"),
    ]


def test_classic_wordpress_headings_keep_their_levels():
    story = theme_story("Markup: HTML Tags and Formatting")

    assert headings(story.body_html)[:6] == [
        ("h1", "Header one"),
        ("h2", "Header two"),
        ("h3", "Header three"),
        ("h4", "Header four"),
        ("h5", "Header five"),
        ("h6", "Header six"),
    ]


def test_a_ninjs_html_document_keeps_its_heading_and_its_labels_apart():
    # TT's html5 body: <h1>, then <div class="dat"> of two <span> labels,
    # then the text in <div class="bodytext">.
    item = json.loads(TT_ITEM.read_text())

    blocks = flow(body_html_of(item))

    assert blocks[:3] == [
        ("h1", "Militärövning i jätteformat hålls 2023"),
        ("p", "Försvar TT"),
        (
            "p",
            "Pandemin satte stopp för den stora internationella militärövningen "
            "Aurora 2020 förra våren. Redan då sade Försvarsmakten att den skulle "
            "genomföras senare och nu står det klart att det blir 2023, "
            "rapporterar Sydöstran.",
        ),
    ]
    assert [name for name, _text in blocks] == [
        "h1", "p", "p", "blockquote", "p", "blockquote", "figure",
    ]  # fmt: skip


def test_the_labels_stay_a_paragraph_once_the_divs_are_cleaned_away():
    item = json.loads(TT_ITEM.read_text())

    cleaned = sanitize_html(body_html_of(item))

    assert "<p>Försvar TT</p>" in cleaned
    assert "TT<p>" not in cleaned and "TTPandemin" not in cleaned
