from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from articles.delivery import public_paths
from articles.delivery.feeds import LatestStoriesAtomFeed, LatestStoriesFeed
from articles.delivery.preview_page import preview_page
from articles.delivery.sitemaps import SITEMAPS, news_sitemap, sitemap
from articles.photos.views import rendition
from cms.health import healthz, readyz

lazy_static = lazy(static, str)

admin.site.site_header = "Newsroom CMS"
admin.site.site_title = "Newsroom CMS"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("", RedirectView.as_view(url=public_paths.API_V1, permanent=False)),
    # Browsers ask every site for this; answer rather than log 404s.
    path(
        "favicon.ico",
        # Looked up at the first request, not at import: with hashed names
        # the manifest `collectstatic` writes must not be needed to start.
        RedirectView.as_view(url=lazy_static("articles/favicon.svg"), permanent=True),
    ),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("preview/<str:token>/", preview_page, name="article-preview-page"),
    # The public paths (API, feeds, sitemaps, renditions) are listed once, in
    # articles/delivery/public_paths.py; tests/test_public_paths.py checks
    # that every route below them is one.
    path(public_paths.API_V1.removeprefix("/"), include("articles.api.urls")),
    path("feeds/rss/", LatestStoriesFeed(), name="feed-rss"),
    path("feeds/atom/", LatestStoriesAtomFeed(), name="feed-atom"),
    path("feeds/rss/<slug:section>/", LatestStoriesFeed(), name="feed-rss-section"),
    path(
        "feeds/atom/<slug:section>/", LatestStoriesAtomFeed(), name="feed-atom-section"
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
    path(
        "renditions/<int:pk>/<str:version>/<slug:spec>.<slug:fmt>",
        rendition,
        name="rendition",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static as serve_files

    urlpatterns += serve_files(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
