"""The preview as a page editors read (articles/delivery/preview_page.py):
the story's document laid out, opened by the same signed, expiring token as
the API preview, never cached, never indexed, no inline script or style; a
live story's working draft over it; the admin links to it when there is no
website preview (CMS_PREVIEW_URL)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles.delivery.preview import make_token, preview_urls
from articles.models import Article, ArticleDraft, Correction
from articles.models.drafts import values_of


def page_of(token: str):
    return Client().get(f"/preview/{token}/")


def text_of(response) -> str:
    """The page's words, tags and runs of white space dropped."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


@pytest.fixture
def corrected(article):
    Correction.objects.create(
        article=article,
        kind="correction",
        note="An earlier version gave the wrong number of countries.",
        noted_at=timezone.now() - timedelta(hours=1),
    )
    return article


def test_the_page_reads_as_the_story(corrected):
    response = page_of(make_token(corrected))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    words = text_of(response)
    for expected in (
        "Canada joins countries in condemning Russia, North Korea for alleged "
        "missile transfers",
        "Nearly 50 countries denounce the arms deals.",
        "With files from Reuters",
        # The lead photo's caption and credit line (the fixture's credits).
        "North Korean leader Kim Jong Un looks at a military jet cockpit. "
        "Khabarovsky Krai region government via AP",
        "Canada has joined nearly 50 countries.",
        "Corrections and updates Correction",
        "An earlier version gave the wrong number of countries.",
        "Tags: North Korea",
    ):
        assert expected in words
    page = response.content.decode()
    assert page.count("<h1>") == 1
    assert '<p class="story-section">World</p>' in page


def test_the_page_is_private_and_never_indexed(article):
    response = page_of(make_token(article))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    # The strict CSP holds: nothing inline to allow.
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "<script" not in page and "<style" not in page
    assert " style=" not in page
    assert 'href="/static/articles/preview.css"' in page


def test_any_other_token_opens_nothing(article, db):
    token = make_token(article)
    other = Article.objects.create(headline="Other", slug="other")

    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense", ""):
        if bad:
            assert page_of(bad).status_code == 404
    forged = signing.dumps({"article": article.pk}, salt="another.salt")
    assert page_of(forged).status_code == 404
    assert "Other" in text_of(page_of(make_token(other)))
    other.delete()
    assert page_of(make_token(other)).status_code == 404


def test_an_expired_link_opens_nothing(article, settings, time_machine):
    settings.CMS_PREVIEW_MAX_AGE = 2
    token = make_token(article)
    assert page_of(token).status_code == 200

    time_machine.move_to(timezone.now() + timedelta(seconds=2.1))  # signing's clock

    assert page_of(token).status_code == 404


def test_stored_markup_is_text_on_the_page(db):
    story = Article.objects.create(
        headline='<script>alert("h")</script> Storm',
        slug="storm",
        standfirst="<img src=x onerror=alert(1)>",
        body='<p onclick="alert(1)">Calm <b>now</b>.</p><script>alert(2)</script>',
    )

    page = page_of(make_token(story)).content.decode()

    assert "<script" not in page and "onclick" not in page and "<img" not in page
    assert "<h1>&lt;script&gt;alert(&quot;h&quot;)&lt;/script&gt; Storm</h1>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;</p>" in page
    # The body as the allowlist left it, handler and script gone.
    assert "<p>Calm <b>now</b>.</p>" in page


def test_a_live_story_previews_its_working_draft(published_article):
    live = published_article
    values = values_of(live) | {"headline": "Barrier holds (draft)"}
    ArticleDraft.objects.create(
        article=live, values=values, base_revision=live.revision,
        saved_at=timezone.now(),
    )  # fmt: skip

    words = text_of(page_of(make_token(live)))

    assert "Barrier holds (draft)" in words
    assert Article.objects.get(pk=live.pk).headline == live.headline


def test_the_admin_links_to_the_page_without_a_website_preview(
    admin_client, article, settings
):
    settings.CMS_PREVIEW_URL = ""
    change = f"/admin/articles/article/{article.pk}/change/"

    page = admin_client.get(change).content.decode()

    link = re.search(r'<a href="(/preview/[^"]+/)" target="_blank">Preview</a>', page)
    assert link is not None
    assert "Canada joins countries" in text_of(Client().get(html.unescape(link[1])))
    assert "/api/v1/preview/" in page  # the API document, beside it

    settings.CMS_PREVIEW_URL = "https://news.example.com/preview/?token={token}"
    page = admin_client.get(change).content.decode()
    assert re.search(
        r'<a href="https://news\.example\.com/preview/\?token=[^"]+" '
        r'target="_blank">Preview on the website</a>',
        page,
    )
    assert 'href="/preview/' not in page


def test_the_preview_urls_name_the_page(article):
    urls = preview_urls(article)

    assert urls.page == f"/preview/{urls.token}/"
