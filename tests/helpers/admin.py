"""Requests to the editors' admin as a browser sends them: the add and change
forms' POST data, and what a changelist or a message shows."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article
from tests.helpers.corpus import CP_PHOTO


def changelist(model: str) -> str:
    return f"/admin/articles/{model}/"


def rows(response) -> list[object]:
    return list(response.context["cl"].result_list)


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def management_form(prefix: str, total: int = 0, initial: int = 0) -> dict:
    """The management form of the inline formset `prefix` ("credits",
    "corrections")."""
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _split(prefix: str, moment) -> dict[str, str]:
    """A datetime as the admin's two inputs (date, time) in local time."""
    if moment is None:
        return {f"{prefix}_0": "", f"{prefix}_1": ""}
    local = timezone.localtime(moment)
    return {f"{prefix}_0": f"{local:%Y-%m-%d}", f"{prefix}_1": f"{local:%H:%M:%S}"}


def article_form(article: Article | None = None, **fields: object) -> dict:
    """The article add or change form's POST data: `article`'s own values
    (with the revision the editor opened), or a new draft's when None; no
    credits, corrections or related stories; then `fields` over them."""
    data: dict[str, object] = {
        "headline": "Harbour barrier holds",
        "slug": "harbour-barrier-holds",
        "standfirst": "",
        "body": "<p>The barrier held.</p>",
        "section": "",
        "lead_image": "",
        "lead_image_caption": "",
        "status": "draft",
        **_split("published_at", None),
        **_split("embargo_until", None),
        "source_id": "",
        "credit_line_override": "",
        **management_form("credits"),
        **management_form("corrections"),
        **management_form("related_links"),
    }
    if article is not None:
        data |= {
            "headline": article.headline,
            "slug": article.slug,
            "body": article.body,
            "status": article.status,
            "opened_revision": article.revision,
            **_split("published_at", article.published_at),
            **_split("embargo_until", article.embargo_until),
        }
    return data | fields


def image_form(upload: SimpleUploadedFile | str, **fields: str) -> dict[str, object]:
    """The image add or change form's POST data: `upload` as the file ("" to
    keep the stored one), every other field empty, then `fields`."""
    data: dict[str, object] = {
        "file": upload,
        "headline": "",
        "alt_text": "",
        "caption": "",
        "date_created_0": "",
        "date_created_1": "",
        "copyright_notice": "",
        "credit_line_override": "",
        "usage_terms": "",
        "restrictions": "",
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **management_form("credits"),
    }
    data.update(fields)
    return data


def upload_cp_photo(admin_client, **fields):
    """Add the Canadian Press photo through the admin; the followed response."""
    upload = SimpleUploadedFile("montreal.jpg", CP_PHOTO.read_bytes(), "image/jpeg")
    return admin_client.post(
        f"{changelist('image')}add/", image_form(upload, **fields), follow=True
    )
