"""The lead photo of a ninjs story: its `featuremedia` association, else its
first picture, with the words, credits and focal point the association
gives. Remote renditions are never fetched: the address of the best one
becomes the image's `missing_file`."""

from __future__ import annotations

from typing import Any

from articles.interchange.ninjs_credits import image_credits
from articles.interchange.ninjs_json import (
    fields_of,
    first_datetime,
    number,
    objects,
    string,
)
from articles.interchange.ninjs_texts import (
    ALT_TEXT_ROLES,
    CAPTION_ROLES,
    headline_of,
    prose,
    texts_of,
)
from articles.interchange.story import ImageRef
from articles.text.plain import one_line, plain_text

FEATURED_NAMES = frozenset({"featuremedia", "featuredmedia", "leadimage", "lead-image"})
# When renditions give no size, the names that usually mean the largest.
RENDITION_NAMES = ("original", "highres", "baseimage", "large", "main", "viewimage",
                   "preview", "lowres", "small", "thumbnail")  # fmt: skip


def lead_image(
    item: dict[str, Any], record: str, warnings: list[str]
) -> ImageRef | None:
    pictures = [
        association
        for association in objects(item.get("associations"))
        if _is_picture(association)
    ]
    featured = [
        picture
        for picture in pictures
        if string(picture, "name").lower() in FEATURED_NAMES
        or string(picture, "rel").lower() in FEATURED_NAMES
    ]
    picture = (featured or pictures or [None])[0]
    if picture is None:
        return None
    name = string(picture, "name")
    picture_warnings: list[str] = []
    rendition = _best_rendition(picture)
    focal_x, focal_y = _focal_point(rendition)
    image = ImageRef(
        caption=prose(texts_of(picture, "descriptions", "description"), CAPTION_ROLES)
        or prose(texts_of(picture, "bodies", "body"), CAPTION_ROLES),
        alt_text=_alt_text(picture),
        headline=headline_of(picture),
        credits=image_credits(picture),
        missing_file=string(rendition, "href") if rendition else "",
        date_created=first_datetime(picture, ("contentcreated",), picture_warnings),
        copyright_notice=one_line(string(picture, "copyrightnotice")),
        usage_terms=one_line(string(picture, "usageterms")),
        restrictions=one_line(string(picture, "ednote")),
        focal_x=focal_x,
        focal_y=focal_y,
        record=f'{record} picture "{name}"' if name else f"{record} picture",
    )
    warnings += [f"lead picture: {warning}" for warning in picture_warnings]
    return image


def _is_picture(association: dict[str, Any]) -> bool:
    kind = string(association, "type").lower()
    if kind:
        return kind == "picture"
    return _best_rendition(association) is not None


def _alt_text(picture: dict[str, Any]) -> str:
    texts = [
        text
        for text in texts_of(picture, "descriptions", "description")
        if text.role in ALT_TEXT_ROLES
    ]
    alt_text = string(picture, "alt_text")
    return prose(texts, ALT_TEXT_ROLES, excluded=()) or plain_text(
        alt_text, is_html=False
    )


def _best_rendition(picture: dict[str, Any]) -> dict[str, Any] | None:
    """The largest image rendition with an address; by name when no size."""
    images = [
        rendition
        for rendition in objects(picture.get("renditions"))
        if string(rendition, "href")
        and _is_image_type(string(rendition, "contenttype", "mimetype"))
    ]

    def size(rendition: dict[str, Any]) -> tuple[float, int]:
        area = number(rendition.get("width")) * number(rendition.get("height"))
        name = string(rendition, "name").lower()
        preference = (
            RENDITION_NAMES.index(name)
            if name in RENDITION_NAMES
            else len(RENDITION_NAMES)
        )
        return area, -preference

    return max(images, key=size, default=None)


def _is_image_type(content_type: str) -> bool:
    return not content_type or content_type.lower().startswith("image/")


def _focal_point(rendition: dict[str, Any] | None) -> tuple[float, float]:
    """Superdesk's point of interest, in the rendition's pixels, as the
    0-1 fractions our images use; the centre when there is none."""
    poi = fields_of(rendition.get("poi")) if rendition else {}
    if not rendition or not poi:
        return 0.5, 0.5
    width, height = number(rendition.get("width")), number(rendition.get("height"))
    if width <= 0 or height <= 0:
        return 0.5, 0.5
    return _fraction(number(poi.get("x")) / width), _fraction(
        number(poi.get("y")) / height
    )


def _fraction(value: float) -> float:
    return min(max(value, 0.0), 1.0)
