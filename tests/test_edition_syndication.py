"""Language editions in feeds (one language per feed), sitemaps (reciprocal
hreflang alternates of live editions, x-default, `<news:language>` per
edition) and ninjs (`language`, the siblings as associations, valid against
IPTC's schema)."""

from __future__ import annotations

import json
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.edition_delivery import edition_of, english_story, hold_by_gate

SITE = "https://news.example.com"


@pytest.fixture
def editions(db, settings):
    """English (the original), French (a public translation) and German (a
    draft adaptation) of one story, and a story in English alone."""
    settings.CMS_LANGUAGES = ["en", "fr", "de"]
    settings.CMS_ARTICLE_URL = SITE + "/{language}/{section}/{slug}/"
    english = english_story()
    french = edition_of(english)
    french.publish(at=timezone.now() - timedelta(minutes=30))
    edition_of(
        english,
        language="de",
        slug="deich-haelt",
        headline="canaryedition Deich hält",
        relation=Article.Relation.ADAPTATION,
    )
    english_story(slug="alone", headline="Alone", in_section=False)
    return english, french


def test_the_sitemap_gives_reciprocal_alternates_of_live_editions(client, editions):
    english = f"{SITE}/en/world/barrier-holds/"
    french = f"{SITE}/fr/world/la-digue-tient/"
    alternates = (
        f'<xhtml:link rel="alternate" hreflang="en" href="{english}"/>'
        f'<xhtml:link rel="alternate" hreflang="fr" href="{french}"/>'
        f'<xhtml:link rel="alternate" hreflang="x-default" href="{english}"/>'
    )
    today = f"{timezone.now():%Y-%m-%d}"
    body = client.get("/sitemap.xml").content.decode()
    assert body == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"<url><loc>{french}</loc><lastmod>{today}</lastmod>{alternates}</url>"
        f"<url><loc>{SITE}/en/alone/</loc><lastmod>{today}</lastmod></url>"
        f"<url><loc>{english}</loc><lastmod>{today}</lastmod>{alternates}</url>\n"
        "</urlset>\n"
    )


def test_no_alternates_when_one_edition_is_live(client, editions):
    english, french = editions
    french.unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert "hreflang" not in body
    assert "la-digue-tient" not in body


def test_no_x_default_without_the_default_languages_edition(client, editions):
    english, french = editions
    german = Article.objects.get(language="de")
    german.publish(at=timezone.now() - timedelta(minutes=1))
    english.unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert body.count('hreflang="de"') == 2
    assert body.count('hreflang="fr"') == 2
    assert "x-default" not in body
    assert 'hreflang="en"' not in body


def test_a_gated_edition_has_no_alternate_until_its_gate_opens(client, editions):
    english, french = editions
    hold_by_gate(french, timezone.now() + timedelta(hours=1))
    body = client.get("/sitemap.xml").content.decode()
    assert "hreflang" not in body and "la-digue-tient" not in body


NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_the_news_sitemap_says_each_editions_language(client, editions):
    tree = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    languages = {
        url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"): url.findtext(
            f"{NEWS}news/{NEWS}publication/{NEWS}language"
        )
        for url in tree
    }
    assert languages == {
        f"{SITE}/fr/world/la-digue-tient/": "fr",
        f"{SITE}/en/alone/": "en",
        f"{SITE}/en/world/barrier-holds/": "en",
    }


def feed_titles(client, url: str) -> tuple[str, list[str]]:
    tree = ElementTree.fromstring(client.get(url).content)
    channel = tree.find("channel")
    return channel.findtext("language"), [
        item.findtext("title") for item in channel.iter("item")
    ]


def test_a_feed_per_language(client, editions):
    assert feed_titles(client, "/feeds/rss/") == ("en", ["Alone", "Barrier holds"])
    assert feed_titles(client, "/feeds/rss/?language=fr") == ("fr", ["La digue tient"])
    assert feed_titles(client, "/feeds/rss/world/?language=fr") == (
        "fr",
        ["La digue tient"],
    )
    assert feed_titles(client, "/feeds/rss/?language=de") == ("de", [])


def test_the_atom_feed_says_its_language(client, editions):
    atom = "{http://www.w3.org/2005/Atom}"
    tree = ElementTree.fromstring(client.get("/feeds/atom/?language=fr").content)
    assert tree.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert [entry.findtext(f"{atom}title") for entry in tree.iter(f"{atom}entry")] == [
        "La digue tient"
    ]
    assert [link.get("href") for link in tree.iter(f"{atom}link")][:2] == [
        "http://testserver/api/v1/articles/?language=fr",
        "http://testserver/feeds/atom/?language=fr",
    ]


@pytest.mark.parametrize(
    "query", ["language=es", "language=", "language=fr&language=en"]
)
def test_a_feed_in_no_language_of_ours_is_404(client, editions, query):
    assert client.get(f"/feeds/rss/?{query}").status_code == 404


SCHEMA = json.loads(
    (CORPUS / "ninjs" / "schemas" / "ninjs-schema_3.1.json").read_text()
)


def test_ninjs_gives_the_language_and_the_live_editions(api_client, editions):
    english, french = editions
    document = api_client.get("/api/v1/articles/barrier-holds/ninjs/").json()
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(document)]
    assert errors == []
    assert document["language"] == "en"
    assert document["associations"] == [
        {
            "name": "edition-fr",
            "rel": "translation",
            "uri": f"urn:newsroom-cms:article:{french.pk}",
            "type": "text",
            "representationType": "partial",
            "language": "fr",
            "altIds": [{"role": "slug", "value": "la-digue-tient"}],
            "renditions": [
                {
                    "name": "web",
                    "href": f"{SITE}/fr/world/la-digue-tient/",
                    "contentType": "text/html",
                }
            ],
        }
    ]


def test_ninjs_of_a_story_without_live_siblings_has_no_associations(
    api_client, editions
):
    english, french = editions
    french.unpublish()
    document = api_client.get("/api/v1/articles/barrier-holds/ninjs/").json()
    assert "associations" not in document
    assert document["language"] == "en"


def test_the_ninjs_export_writes_each_edition_under_its_language(editions, tmp_path):
    from articles.interchange.exporting import export_ninjs

    english, french = editions
    assert export_ninjs(tmp_path) == {"articles": 3}
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "alone.json",
        "barrier-holds.json",
        "la-digue-tient.fr.json",
    ]
    exported = json.loads((tmp_path / "la-digue-tient.fr.json").read_text())
    assert exported["language"] == "fr"
    assert [(a["name"], a["rel"]) for a in exported["associations"]] == [
        ("edition-en", "original")
    ]
