"""Library photos with real files, credits and rights dates, for the photo
chooser's tests (server and browser)."""

from __future__ import annotations

import io
from datetime import datetime

from articles.models import Contributor, Credit, Image
from tests.helpers.images import make_jpeg


def library_photo(
    caption: str,
    *,
    shade: int,
    credits: tuple[str, ...] = (),
    rights_expire_at: datetime | None = None,
    **fields: str,
) -> Image:
    """A 320×200 JPEG of its own colour (`shade`, 0 to 124: colours far
    enough apart that no two JPEGs come out the same bytes), with `caption`,
    credited to `credits` as photographers."""
    colour = (shade % 5 * 60, shade // 5 % 5 * 60, shade // 25 * 60)
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(320, 200, color=colour)),
        original_filename=f"photo-{shade}.jpg",
        caption=caption,
        rights_expire_at=rights_expire_at,
        **fields,
    )
    for position, name in enumerate(credits):
        contributor, _ = Contributor.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )
        Credit.objects.create(
            image=image, contributor=contributor, role="creator", position=position
        )
    return image
