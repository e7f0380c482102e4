"""Stored documents keep their photos' URLs relative; each is served with
the host the client asked with (webhooks: the site's). The host goes where
the document's structure has a photo's address, never where its text only
looks like one."""

from __future__ import annotations

import orjson
import pytest

from articles.delivery.documents import absolute_urls
from articles.models import ArticleDocument
from articles.photos.renditions import rendition_url


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0


@pytest.fixture
def src(published_article, jpeg_upload) -> str:
    """The relative address of the story's lead photo (with a file now), as
    the editor's image button gives it."""
    photo = published_article.lead_image
    photo.set_file(jpeg_upload, "kim.jpg")
    photo.save()
    return rendition_url(photo, "card", "jpeg")


@pytest.fixture
def tricky(published_article, src):
    """The photo placed in the text, and its address written out as text
    (a headline, an escaped tag, a caption, an alt text) where it is no
    photo's address."""
    published_article.headline = f'How to write src="{src}" in HTML'
    published_article.standfirst = '"url":"/renditions/ in JSON'
    published_article.lead_image_caption = f'src="{src}"'
    published_article.body = (
        f'<p>Inline <img src="{src}" alt="a src=&quot;{src}&quot; b"> photo.</p>'
        f'<figure><img alt="Kim" src="{src}">'
        f'<figcaption>src="{src}"</figcaption></figure>'
        "<table><tbody><tr>"
        f'<td>Write &lt;img src="{src}"&gt; as text.</td>'
        "</tr></tbody></table>"
        f'<ul><li>A <img src="{src}"> list</li></ul>'
    )
    published_article.save()
    return published_article


def test_the_host_goes_only_where_a_photo_is(api_client, tricky, src):
    served = api_client.get(f"/api/v1/articles/{tricky.slug}/").json()

    photo = f"http://testserver{src}"
    assert served["headline"] == f'How to write src="{src}" in HTML'
    assert served["standfirst"] == '"url":"/renditions/ in JSON'
    assert served["lead_image"]["caption"] == f'src="{src}"'
    assert served["body_html"] == (
        f'<p>Inline <img src="{photo}" alt="a src=&quot;{src}&quot; b"> photo.</p>'
        f'<figure><img alt="Kim" src="{photo}">'
        f'<figcaption>src="{src}"</figcaption></figure>'
        "<table><tbody><tr>"
        f'<td>Write &lt;img src="{src}"&gt; as text.</td>'
        "</tr></tbody></table>"
        f'<ul><li>A <img src="{photo}"> list</li></ul>'
    )
    inline, image, escaped, listed = served["body"]
    assert inline == {
        "type": "paragraph",
        "html": f'Inline <img alt=\'a src="{src}" b\' src="{photo}"/> photo.',
    }
    assert image["image"]["url"] == photo.replace("card", "full")
    assert image["image"]["srcset"][3] == {
        "spec": "card",
        "format": "jpeg",
        "url": photo,
        "width": 64,
        "height": 36,
    }
    assert escaped == {
        "type": "html",
        "html": "<table><tbody><tr>"
        f'<td>Write &lt;img src="{src}"&gt; as text.</td>'
        "</tr></tbody></table>",
    }
    assert listed == {
        "type": "list",
        "ordered": False,
        "items": [f'A <img src="{photo}"/> list'],
    }


def test_webhooks_get_the_site_host(api_client, tricky, src):
    api_client.get(f"/api/v1/articles/{tricky.slug}/")
    stored = ArticleDocument.objects.get().json

    document = orjson.loads(absolute_urls(stored, "https://news.example.com/"))

    assert document["lead_image"]["url"] == (
        f"https://news.example.com{src.replace('card', 'full')}"
    )
    assert document["body"][3]["items"] == [
        f'A <img src="https://news.example.com{src}"/> list'
    ]
    assert document["headline"] == f'How to write src="{src}" in HTML'


def test_a_document_without_photos_is_served_as_stored(api_client, published_article):
    published_article.lead_image = None
    published_article.save()
    served = api_client.get(f"/api/v1/articles/{published_article.slug}/")

    stored = ArticleDocument.objects.get().json
    assert served.content == stored.encode()
    assert absolute_urls(stored, "http://testserver/") == stored
