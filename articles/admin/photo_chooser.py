"""The photo chooser's two admin URLs, on the photo admin: a page of the
library as JSON (searched, paged) and an upload from inside a story. The
dialog that calls them is articles/static/articles/admin/photo-chooser.js,
opened from the body editor's toolbar and from the lead photo field."""

from __future__ import annotations

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import modelform_factory
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone

from articles.admin.credits import with_credits
from articles.admin.photo_library import (
    body_sizes,
    chooser_page,
    kept_alignments,
    photo_json,
)
from articles.admin.photo_uploads import FILLED_NOTICE, fill_from_file_metadata
from articles.models import Image

UPLOAD_FIELDS = ["file", "caption", "alt_text"]
MAX_SEARCH = 200  # characters; longer text is cut, never refused


def _refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


class PhotoChooserAdmin:
    """Mixed into the photo admin: its permissions decide who may list
    (view) and upload (add), as on its own pages."""

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "chooser/",
                self.admin_site.admin_view(self.chooser_view),
                name=f"{prefix}_chooser",
            ),
            path(
                "chooser/upload/",
                self.admin_site.admin_view(self.chooser_upload_view),
                name=f"{prefix}_chooser_upload",
            ),
            *super().get_urls(),
        ]

    def chooser_view(self, request: HttpRequest) -> JsonResponse:
        if not self.has_view_permission(request):
            return _refused("You may not see the photo library.", 403)
        text = request.GET.get("q", "")[:MAX_SEARCH]
        page = _page_number(request.GET.get("page"))
        photos, more = chooser_page(text, page)
        now = timezone.now()
        return JsonResponse(
            {
                "query": text,
                "page": page,
                "next_page": page + 1 if more else None,
                "photos": [photo_json(photo, now) for photo in photos],
                "sizes": body_sizes(),
                "alignments": kept_alignments(),
                "can_upload": self.has_add_permission(request),
            }
        )

    def chooser_upload_view(self, request: HttpRequest) -> JsonResponse:
        if request.method != "POST":
            return _refused("Upload with POST.", 405)
        if not self.has_add_permission(request):
            return _refused("You may not add photos to the library.", 403)
        if "file" not in request.FILES:
            return _refused("Choose a photo file to upload.", 400)
        # The photo admin's own form: the same checks as its add page (what
        # the file is, its size, a photo already in the library).
        form_class = modelform_factory(Image, form=self.form, fields=UPLOAD_FIELDS)
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_refused(form)
        try:
            with transaction.atomic(), reversion.create_revision():
                image = form.save()
                warnings = fill_from_file_metadata(image)
                reversion.set_user(request.user)
                reversion.set_comment("Uploaded from a story's photo chooser.")
        except ValidationError as error:
            return _refused(" ".join(error.messages), 400)
        self.log_addition(request, image, [{"added": {}}])
        image = with_credits(Image.objects.filter(pk=image.pk)).get()
        return JsonResponse(
            {
                "photo": photo_json(image, timezone.now()),
                "messages": [FILLED_NOTICE, *warnings],
            },
            status=201,
        )

    def _upload_refused(self, form) -> JsonResponse:
        body: dict = {"error": " ".join(m for ms in form.errors.values() for m in ms)}
        for error in form.errors.as_data().get("file", []):
            if error.code == "duplicate":
                # Offer the copy already in the library rather than a dead end.
                existing = with_credits(Image.objects.filter(pk=error.params["pk"]))
                body["existing"] = photo_json(existing.get(), timezone.now())
        return JsonResponse(body, status=409 if "existing" in body else 400)
