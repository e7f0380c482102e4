"""RSS 2.0 and Atom feeds of the latest published stories, overall and per
section, with the lead photo (Media RSS) and credits.

One language per feed: the default one (the first of CMS_LANGUAGES), or the
one `?language=` names (any other value is a 404), said in the feed's own
language element (RSS `<language>`, Atom `xml:lang`)."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.delivery import cache_tags
from articles.imaging.specs import FORMATS
from articles.models import Article, Section
from articles.models.editions import default_language, languages
from articles.photos.renditions import primary_rendition

MEDIA_NS = "http://search.yahoo.com/mrss/"
FEED_LENGTH = 50


class MediaMixin:
    """Adds Media RSS: <media:content> for the lead photo, with its caption
    and credits. Shared by the RSS and Atom generators."""

    def add_root_elements_namespace(self) -> dict[str, str]:
        return {"xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        photo = item.get("photo")
        if not photo:
            return
        handler.startElement(
            "media:content",
            {
                "url": photo["url"],
                "medium": "image",
                "type": photo["type"],
                "width": str(photo["width"]),
                "height": str(photo["height"]),
            },
        )
        if photo["caption"]:
            handler.addQuickElement("media:description", photo["caption"])
        for role, name in photo["credits"]:
            handler.addQuickElement("media:credit", name, {"role": role})
        if photo["copyright"]:
            handler.addQuickElement("media:copyright", photo["copyright"])
        handler.endElement("media:content")


class MediaRssFeed(MediaMixin, Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return super().rss_attributes() | self.add_root_elements_namespace()


class MediaAtomFeed(MediaMixin, Atom1Feed):
    def root_attributes(self) -> dict[str, str]:
        return super().root_attributes() | self.add_root_elements_namespace()


class LatestStoriesFeed(Feed):
    feed_type = MediaRssFeed

    def __call__(self, request: HttpRequest, *args, **kwargs):
        # One view object serves every request, threads included: the
        # request goes on a copy of it, for the photo URLs' host.
        feed = copy.copy(self)
        feed.request = request
        feed.language = feed_language(request)
        response = Feed.__call__(feed, request, *args, **kwargs)
        cache_tags.tag_response(response, getattr(request, "_cache_tags", ()))
        return response

    def get_feed(self, obj, request: HttpRequest):
        feed = super().get_feed(obj, request)
        # On the request: this view object serves every request at once.
        request._cache_tags = [
            cache_tags.ARTICLES,
            *(cache_tags.article(item["article_id"]) for item in feed.items),
        ]
        return feed

    def get_object(self, request: HttpRequest, section: str | None = None):
        return get_object_or_404(Section, slug=section) if section else None

    def title(self, section: Section | None) -> str:
        name = settings.CMS_PUBLICATION_NAME
        return f"{name}: {section.name}" if section else name

    def description(self, section: Section | None) -> str:
        return f"The latest stories from {self.title(section)}."

    def link(self, section: Section | None) -> str:
        # Where the API is mounted (articles/delivery/public_paths.py): the
        # same stories, in the same language.
        articles = reverse("api:article-list")
        query = [f"section={section.slug}"] if section else []
        if self.language != default_language():
            query.append(f"language={self.language}")
        return articles + (f"?{'&'.join(query)}" if query else "")

    def feed_url(self, section: Section | None) -> str:
        # Atom's rel="self": this feed, in its language.
        path = self.request.path
        if self.language == default_language():
            return path
        return f"{path}?language={self.language}"

    def items(self, section: Section | None):
        stories = Article.objects.for_delivery().filter(language=self.language)
        if section is not None:
            stories = stories.filter(Q(section=section) | Q(section__parent=section))
        return stories[:FEED_LENGTH]

    def item_title(self, article: Article) -> str:
        return article.headline

    def item_description(self, article: Article) -> str:
        return article.standfirst or article.body

    def item_link(self, article: Article) -> str:
        return article.public_url()

    def item_guid(self, article: Article) -> str:
        return f"urn:newsroom-cms:article:{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        return article.credit_line or None

    def item_categories(self, article: Article) -> list[str]:
        names = [article.section.name] if article.section_id else []
        return names + [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article: Article) -> dict:
        # The lead image was prefetched through Image.objects.published(), so
        # a photo whose rights expired is simply absent here too.
        extra = {"article_id": article.pk}  # for the cache tags
        image = article.lead_image
        if image is None or not image.file:
            return extra
        rendition = primary_rendition(image)
        if rendition is None:
            return extra
        return extra | {
            "photo": {
                "url": self.request.build_absolute_uri(rendition.url),
                "type": FORMATS[rendition.format][0],
                "width": rendition.width,
                "height": rendition.height,
                "caption": article.lead_image_display_caption,
                "credits": [(c.role, c.contributor.name) for c in image.credits.all()],
                "copyright": image.copyright_notice,
            }
        }


def feed_language(request: HttpRequest) -> str:
    """The language `?language=` names, else the default one; a language
    the newsroom does not publish in, or the parameter given twice, is 404."""
    asked = request.GET.getlist("language")
    if not asked:
        return default_language()
    if len(asked) > 1 or asked[0] not in languages():
        raise Http404("No feed in that language.")
    return asked[0]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = MediaAtomFeed
    subtitle = LatestStoriesFeed.description
