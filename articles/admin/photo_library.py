"""The photo library as the editors' chooser and photo list read it: a search
over what an editor remembers of a photo, each photo's rights status, and
the stories it is used on, all in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from articles.admin.credits import with_credits
from articles.admin.display import admin_rendition_url
from articles.admin.provenance import badge_list
from articles.imaging.specs import get_specs
from articles.models import Article, Credit, Image
from articles.photos.renditions import rendition_formats, rendition_url

EXPIRY_NOTICE = timedelta(days=7)
PAGE_SIZE = 24
# Sizes an editor may give a photo in the text, widest last; each is a named
# rendition, so the choice lives in the stored address itself.
BODY_SIZES = {"card": "Column width", "hero": "Wide", "full": "Full photo"}
# How a photo may sit beside the text: a class on its <figure>.
ALIGNMENTS = {
    "align-center": "Centred, text above and below",
    "align-left": "Left, text beside it",
    "align-right": "Right, text beside it",
}
# Stories named per photo on the photo list; the rest are counted.
USED_ON_SHOWN = 3


@dataclass(frozen=True)
class RightsStatus:
    key: str  # current | expiring | expired | none
    label: str

    @property
    def choosable(self) -> bool:
        return self.key != "expired"

    @property
    def short(self) -> str:
        """For the photo list, beside its own expiry column."""
        return SHORT_LABELS[self.key]


SHORT_LABELS = {
    "current": "Current",
    "expiring": "Expires within 7 days",
    "expired": "Expired: withheld",
    "none": "No expiry",
}


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def rights_status(image: Image, now: datetime | None = None) -> RightsStatus:
    """Where the photo's rights stand at `now`, for the admin's eyes; public
    surfaces ask the query's clock (`rights_hold`)."""
    now = now or timezone.now()
    expiry = image.rights_expire_at
    if expiry is None:
        return RightsStatus("none", "No expiry")
    if expiry <= now:
        return RightsStatus("expired", f"Rights expired {_when(expiry)}")
    if expiry - now <= EXPIRY_NOTICE:
        return RightsStatus("expiring", f"Rights expire {_when(expiry)}")
    return RightsStatus("current", f"Rights until {_when(expiry)}")


def search_photos(queryset: QuerySet[Image], text: str) -> QuerySet[Image]:
    """Photos matching every word of `text` in their caption, headline, alt
    text, file name, credit line or notice, or a credited contributor's
    name. The photo model keeps no separate keywords: the file's keywords
    arrive in the caption and headline. Exists(), not a join, so a photo
    with two matching credits is listed once with no DISTINCT."""
    for word in text.split():
        credited = Credit.objects.filter(
            image=OuterRef("pk"), contributor__name__icontains=word
        )
        queryset = queryset.filter(
            Q(caption__icontains=word)
            | Q(headline__icontains=word)
            | Q(alt_text__icontains=word)
            | Q(original_filename__icontains=word)
            | Q(credit_line_override__icontains=word)
            | Q(copyright_notice__icontains=word)
            | Exists(credited)
        )
    return queryset


def chooser_page(text: str, page: int) -> tuple[list[Image], bool]:
    """One page of photos with files (newest first) matching `text`, credits
    loaded, and whether another page follows. One row more than a page is
    read to know that, so no COUNT query runs."""
    photos = with_credits(search_photos(Image.objects.exclude(file=""), text))
    start = (page - 1) * PAGE_SIZE
    rows = list(photos.order_by("-created_at", "-pk")[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def body_sizes() -> dict[str, str]:
    """The text's sizes that this deployment's renditions define."""
    specs = get_specs()
    return {name: label for name, label in BODY_SIZES.items() if name in specs}


def kept_alignments() -> dict[str, str]:
    """The alignments the stored-HTML allowlist keeps: offered only when a
    save would not strip them (none while <figure> may carry no class)."""
    from articles.text.sanitize import sanitize_html

    return {
        name: label
        for name, label in ALIGNMENTS.items()
        if name
        in sanitize_html(f'<figure class="{name}"><figcaption>x</figcaption></figure>')
    }


def photo_json(image: Image, now: datetime) -> dict:
    """What the chooser shows and inserts for one photo (credits prefetched)."""
    status = rights_status(image, now)
    fmt = "jpeg" if "jpeg" in rendition_formats() else rendition_formats()[0]
    return {
        "id": image.pk,
        "caption": image.caption,
        "headline": image.headline,
        "alt": image.alt_text,
        "credit": image.credit_line,
        "width": image.width,
        "height": image.height,
        "thumbnail": admin_rendition_url(image, "thumbnail"),
        "sizes": {name: rendition_url(image, name, fmt) for name in body_sizes()},
        "rights": {"status": status.key, "label": status.label},
        "provenance": [{"key": k, "label": text} for k, text in badge_list(image)],
        "choosable": status.choosable,
        "change_url": reverse("admin:articles_image_change", args=[image.pk]),
    }


def with_uses(queryset: QuerySet[Image]) -> QuerySet[Image]:
    """`queryset` with the stories each photo leads and appears in, read in
    two queries in all: the photo list's "used on" column."""
    stories = Article.objects.only("pk", "headline", "lead_image_id")
    return queryset.prefetch_related(
        Prefetch("lead_for", queryset=stories.order_by("-pk"), to_attr="led"),
        Prefetch("in_bodies", queryset=stories.order_by("-pk"), to_attr="placed_in"),
    )


def stories_using(image: Image) -> list[Article]:
    """The stories `image` leads or appears in (prefetched by with_uses),
    newest first, each once."""
    seen: dict[int, Article] = {}
    for story in [*image.led, *image.placed_in]:
        seen.setdefault(story.pk, story)
    return sorted(seen.values(), key=lambda story: -story.pk)
