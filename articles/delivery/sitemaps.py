"""/sitemap.xml for every published story, and the Google News sitemap of
the last 48 hours.

A story with live editions in other languages lists them all, itself
included, as `<xhtml:link rel="alternate" hreflang>` (so each edition's entry
names the others: reciprocal, as search engines require), and `x-default`:
the default language's edition, when it is live. Which editions are live is
`published()`'s answer at the request (one query per sitemap page), so an
edition appears at its second and a hidden one never does."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from articles.delivery import cache_tags
from articles.models import Article
from articles.models.edition_siblings import LiveEdition, live_editions
from articles.models.editions import default_language

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads no more than this per sitemap


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .order_by("-published_at", "-pk")
        )

    def location(self, article: Article) -> str:
        return article.public_url()

    def lastmod(self, article: Article):
        return article.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        # Locations may already be absolute (CMS_ARTICLE_URL on another host).
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        here = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        editions = live_editions(url["item"].edition_group_id for url in urls)
        for url in urls:
            location = url["item"].public_url()
            if location.startswith(("http://", "https://")):
                url["location"] = location
            group = editions.get(url["item"].edition_group_id, [])
            url["alternates"] = alternates(group, here)
        return urls


def alternates(editions: list[LiveEdition], here: str) -> list[dict]:
    """The hreflang alternates of an edition group's live editions (none for
    a story alone in its language), in Django's sitemap template's terms."""
    if len(editions) < 2:
        return []
    links = [
        {"lang_code": edition.language, "location": absolute(edition.address, here)}
        for edition in editions
    ]
    default = [link for link in links if link["lang_code"] == default_language()]
    if default:
        links.append({"lang_code": "x-default", "location": default[0]["location"]})
    return links


def absolute(address: str, here: str) -> str:
    return address if address.startswith(("http://", "https://")) else here + address


SITEMAPS = {"articles": ArticleSitemap}

# Sitemaps are tagged `articles` only: one tag per story would pass the CDNs'
# header limits (Cloudflare: 16 KB and 1,000 tags), and any public story's
# change purges `articles` anyway.


def sitemap(request: HttpRequest, **kwargs) -> HttpResponse:
    response = django_sitemap(request, **kwargs)
    cache_tags.tag_response(response, [cache_tags.ARTICLES])
    return response


def news_sitemap(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - NEWS_WINDOW
    stories = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .select_related("section")
        .prefetch_related("tags")
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": request.build_absolute_uri(story.public_url()),
            "published_at": story.published_at,
            "headline": story.headline,
            "keywords": ", ".join(tag.name for tag in story.tags.all()),
            "language": story.language or settings.CMS_PUBLICATION_LANGUAGE,
        }
        for story in stories
    ]
    response = TemplateResponse(
        request,
        "articles/sitemap-news.xml",
        {
            "entries": entries,
            "publication": settings.CMS_PUBLICATION_NAME,
        },
        content_type="application/xml",
    )
    cache_tags.tag_response(response, [cache_tags.ARTICLES])
    return response
