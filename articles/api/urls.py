from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.api import collections, views
from articles.api.writing import urls as writing_urls

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("images", views.ImageViewSet, basename="image")
router.register("contributors", views.ContributorViewSet, basename="contributor")
router.register("sections", views.SectionViewSet, basename="section")
router.register("tags", views.TagViewSet, basename="tag")
router.register("withdrawals", views.WithdrawalViewSet, basename="withdrawal")
router.register("collections", collections.CollectionViewSet, basename="collection")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's init script as its own request, so
    # the page runs under the Content Security Policy (no inline script).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="articles/api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="article-preview"),
    # The write API, for API tokens (articles/api/writing/).
    *writing_urls.urlpatterns,
    *router.urls,
    # Last: what no route above takes (newlines included), as the API's JSON
    # 404. Only paths ending in a slash, so that a missing slash still
    # redirects (APPEND_SLASH) to the real route.
    re_path(r"^[\s\S]*/$", views.NotFoundView.as_view(), name="not-found"),
]
