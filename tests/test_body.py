"""The body as typed blocks, and library photos placed in the text."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Image
from articles.photos.renditions import rendition_url
from articles.text.body import blocks
from tests.helpers.clock import let_pass
from tests.helpers.images import make_jpeg


@pytest.fixture
def library_photo(db, ap):
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(1200, 800)),
        original_filename="summit.jpg",
        caption="Leaders at the summit.",
    )
    Credit.objects.create(
        image=image,
        contributor=Contributor.objects.create(name="Jane Doe", slug="jane-doe"),
        role="creator",
    )
    Credit.objects.create(image=image, contributor=ap, role="distributor", position=1)
    return image


def body_with(photo) -> str:
    src = rendition_url(photo, "card", "jpeg")
    return (
        "<h2>What happened</h2>"
        "<p>Canada has <strong>joined</strong> nearly 50 countries.</p>"
        "<ul><li>Russia</li><li>North <em>Korea</em></li></ul>"
        "<ol><li>First</li></ol>"
        "<blockquote><p>We condemn it.</p></blockquote>"
        f'<figure><img src="{src}" alt="The leaders"><figcaption>At the table.</figcaption></figure>'
        '<p><img src="https://tracker.example.com/pixel.gif"></p>'
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )


def test_the_body_is_delivered_as_typed_blocks(api_client, library_photo):
    article = Article.objects.create(
        headline="Blocks", slug="blocks", body=body_with(library_photo)
    )
    article.publish()

    data = api_client.get("/api/v1/articles/blocks/").json()
    blocks = data["body"]

    assert [b["type"] for b in blocks] == [
        "heading", "paragraph", "list", "list", "quote", "image", "html",
    ]  # fmt: skip
    assert blocks[0] == {"type": "heading", "level": 2, "text": "What happened"}
    assert blocks[1] == {
        "type": "paragraph",
        "html": "Canada has <strong>joined</strong> nearly 50 countries.",
    }
    assert blocks[2] == {
        "type": "list",
        "ordered": False,
        "items": ["Russia", "North <em>Korea</em>"],
    }
    assert blocks[3]["ordered"] is True
    assert blocks[4] == {"type": "quote", "html": "We condemn it."}
    image = blocks[5]
    assert image["caption"] == "At the table."
    assert image["image"]["id"] == library_photo.pk
    assert image["image"]["alt_text"] == "The leaders"
    assert image["image"]["credit_line"] == "Jane Doe via AP"
    assert len(image["image"]["srcset"]) == 15
    assert image["image"]["srcset"][0]["url"].startswith(
        "http://testserver/renditions/"
    )
    assert blocks[6]["type"] == "html" and "<table>" in blocks[6]["html"]
    # Only library photos stay in the text; the tracking pixel lost its src.
    assert "tracker.example.com" not in data["body_html"]
    assert f'src="http://testserver/renditions/{library_photo.pk}/' in data["body_html"]


def test_a_photo_in_the_text_is_public_with_its_story(api_client, library_photo):
    article = Article.objects.create(
        headline="Blocks", slug="blocks", body=body_with(library_photo)
    )
    assert list(article.body_images.all()) == [library_photo]
    url = f"/api/v1/images/{library_photo.pk}/"
    assert api_client.get(url).status_code == 404  # only drafts use it

    article.publish()

    assert api_client.get(url).status_code == 200
    assert Image.objects.published().filter(pk=library_photo.pk).exists()


def test_editing_the_photo_updates_the_story_that_shows_it(api_client, library_photo):
    article = Article.objects.create(
        headline="Blocks", slug="blocks", body=body_with(library_photo)
    )
    article.publish()
    api_client.get("/api/v1/articles/blocks/")

    library_photo.caption = "New caption."
    library_photo.save()
    Credit.objects.filter(image=library_photo, role="creator").delete()

    image = api_client.get("/api/v1/articles/blocks/").json()["body"][5]["image"]
    assert image["caption"] == "New caption."
    assert image["credit_line"] == "AP"


def test_a_photo_whose_rights_expire_leaves_the_text_at_that_moment(
    api_client, library_photo, settings, time_machine
):
    library_photo.rights_expire_at = timezone.now() + timedelta(seconds=1)
    library_photo.save()
    article = Article.objects.create(
        headline="Blocks", slug="blocks", body=body_with(library_photo)
    )
    article.publish()
    types = [
        b["type"] for b in api_client.get("/api/v1/articles/blocks/").json()["body"]
    ]
    assert "image" in types

    # Rights are judged by the query's clock, as stories are: on PostgreSQL
    # the database's, which this waits for.
    let_pass(library_photo.rights_expire_at, time_machine)

    data = api_client.get("/api/v1/articles/blocks/").json()
    assert "image" not in [b["type"] for b in data["body"]]


def test_text_that_spells_a_tag_stays_text_in_every_block():
    html = (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T</p>"
        "<ul><li>&lt;b&gt;bold&lt;/b&gt;</li></ul>"
        "<blockquote>5 &lt; 6</blockquote>"
    )

    assert blocks(html, lambda *photo: None) == [
        {
            "type": "paragraph",
            "html": "&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T",
        },
        {"type": "list", "ordered": False, "items": ["&lt;b&gt;bold&lt;/b&gt;"]},
        {"type": "quote", "html": "5 &lt; 6"},
    ]


def test_list_items_and_quotes_are_inline_html_like_paragraphs():
    html = (
        "<ul><li><p>Russia</p></li><li><p>North</p><p><em>Korea</em></p></li>"
        "<li>Allies <ol><li>Canada</li></ol></li></ul>"
        "<blockquote><p>We condemn it.</p><p>All of us.</p>— A minister</blockquote>"
    )

    assert blocks(html, lambda *photo: None) == [
        {
            "type": "list",
            "ordered": False,
            "items": [
                "Russia",
                "North<br><em>Korea</em>",
                "Allies <ol><li>Canada</li></ol>",
            ],
        },
        {"type": "quote", "html": "We condemn it.<br>All of us.<br>— A minister"},
    ]


def test_every_heading_level_is_a_heading_block():
    html = "".join(f"<h{n}>Level <em>{n}</em></h{n}>" for n in range(1, 7))

    assert blocks(html, lambda *photo: None) == [
        {"type": "heading", "level": n, "text": f"Level {n}"} for n in range(1, 7)
    ]
