from django.http import JsonResponse
from django.urls import path

from cms.urls import urlpatterns as project_urls

FIXED = {"id": 1, "slug": "fixed", "headline": "A fixed document", "tags": ["a", "b"]}


def bare(request):
    """The ceiling: a Django view that returns fixed JSON through the same
    middleware, with no database and no DRF."""
    return JsonResponse(FIXED)


urlpatterns = [path("bench/bare/", bare), *project_urls]
