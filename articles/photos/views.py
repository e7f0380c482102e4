"""Views outside the JSON API: rendition files."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.delivery import cache_tags
from articles.imaging.source_types import forbids_ai_training
from articles.imaging.specs import FORMATS
from articles.models import Image
from articles.photos.renditions import get_rendition


@require_safe
def rendition(
    request: HttpRequest, pk: int, version: str, spec: str, fmt: str
) -> FileResponse:
    """A rendition of a public photo. Only named specs in configured formats
    exist, so clients cannot make the server render arbitrary variants. A
    stale version is answered with the current one: old pages keep working.

    Staff who may view images also get those not (or no longer) public, for
    the admin, and such responses are never stored by shared caches."""
    public = Image.objects.published()
    staff = request.user.has_perm("articles.view_image")
    images = Image.objects.all() if staff else public
    image = get_object_or_404(images.exclude(file=""), pk=pk)
    is_public = not staff or public.filter(pk=pk).exists()
    try:
        stored = get_rendition(image, spec, fmt)
    except KeyError:
        raise Http404("No such rendition.") from None
    response = FileResponse(stored.file.open("rb"), content_type=FORMATS[fmt][0])
    response["Content-Length"] = stored.file_size
    response["ETag"] = f'"{stored.version}-{spec}-{fmt}"'
    if forbids_ai_training(image.data_mining):
        # The W3C TDM Reservation Protocol: text and data mining reserved.
        response["TDM-Reservation"] = "1"
    if is_public:
        patch_cache_control(
            response, public=True, max_age=settings.CMS_RENDITION_MAX_AGE
        )
        cache_tags.tag_response(response, [cache_tags.image(image.pk)])
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
