"""Put what a photo file says (its IPTC, XMP and EXIF) onto an Image: the
editor's starting point, never overriding what an editor already wrote."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from articles.imaging.metadata import PhotoMetadata
from articles.models import Contributor, Credit, Image
from articles.text.agencies import find_agency
from articles.text.bylines import without_urls
from articles.text.credits import AGENCY, ORGANISATION, PERSON
from articles.text.photo_credits import (
    PHOTO_BY,
    parse_photo_credit,
    trailing_credit,
    without_label,
)

ROLE_ORDER = {"creator": 0, "provider": 1, "distributor": 2}
# Reuters' "X00227", AP's "TXDL102": a photographer's or desk's code, not a name.
SOURCE_CODE = re.compile(r"[A-Z]*\d[\w-]*")
MAX_NAME = Contributor._meta.get_field("name").max_length

# PhotoMetadata field -> Image field
TEXT_FIELDS = {
    "headline": "headline",
    "caption": "caption",
    "alt_text": "alt_text",
    "copyright_notice": "copyright_notice",
    "usage_terms": "usage_terms",
    "instructions": "restrictions",
}


def credits_from_metadata(meta: PhotoMetadata) -> list[tuple[str, str, str]]:
    """(name, role, kind), creators first, then providers, then distributors.

    The by-line names the creators, the photographers. The credit line
    names whom the picture is credited to, read like a caption credit: a
    bare name ("The Canadian Press", "Reuters") is the provider, so a
    photographer and her agency read "Paul Chiasson/CP"; "X via AP" is a
    handout, provider X passed on by distributor AP. Without a credit line,
    or when the caption's closing credit says whose picture the credit
    line's agency passes on ("(Khabarovsky Krai region government via
    AP)"), the caption's credit stands in. The source is the provider when
    nothing else names one and it is not credited already.
    """
    found: list[tuple[str, str, str]] = []
    for name in meta.creators:
        name = without_label(name)  # "Photograph by X, available at https://…"
        if "/" in name or " via " in name:
            # A by-line that is a whole credit: "JHPhoto / ČEF / Profimedia".
            found += _parsed(name)
        elif name:
            found.append((name, "creator", PERSON))
    found += _credit_line_credits(meta.credit_line, _caption_credit(meta.caption))
    has_provider = any(role == "provider" for _name, role, _kind in found)
    if (
        meta.source
        and not has_provider
        and not SOURCE_CODE.fullmatch(meta.source)
        and not any(_same(name, meta.source) for name, _role, _kind in found)
    ):
        found.append(
            (
                meta.source,
                "provider",
                AGENCY if find_agency(meta.source) else ORGANISATION,
            )
        )
    return sorted(_distinct(found), key=lambda credit: ROLE_ORDER[credit[1]])


def _credit_line_credits(
    credit_line: str, caption_credit: str
) -> list[tuple[str, str, str]]:
    if not credit_line or _passed_on_by(caption_credit, credit_line):
        credit_line = caption_credit
    if agency := find_agency(credit_line):
        # The agency the photographer works for, under its own name.
        return [(agency.name, "provider", AGENCY)]
    return _parsed(credit_line) if credit_line else []


def _passed_on_by(caption_credit: str, credit_line: str) -> bool:
    """Whether the caption's credit is a handout ("X via AP") distributed by
    the credit line's agency ("AP"): it says more than the credit line."""
    return " via " in caption_credit.lower() and any(
        role == "distributor" and _same(name, credit_line)
        for name, role, _kind in _parsed(caption_credit)
    )


def _parsed(text: str) -> list[tuple[str, str, str]]:
    text = without_urls(text)
    # "Photo by Jane Doe/Getty Images": the "Photo by" only marks the creator.
    if (by := PHOTO_BY.match(text)) and "/" in by[1]:
        text = by[1]
    return [
        (ref.name, ref.role, ref.kind or ORGANISATION)
        for ref in parse_photo_credit(text)
    ]


def _caption_credit(caption: str) -> str:
    """ "(AP Photo/Jane Doe)" at the end of a caption, the wire convention."""
    found = trailing_credit(caption)
    return found[1] if found else ""


def _same(name: str, other: str) -> bool:
    """The same name, or the same known agency ("CP", "The Canadian Press")."""
    agency = find_agency(name)
    return name.casefold() == other.casefold() or (
        agency is not None and agency == find_agency(other)
    )


def _distinct(found: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Each name once per role, and only what fits a contributor's name."""
    kept: list[tuple[str, str, str]] = []
    for name, role, kind in found:
        if not name or len(name) > MAX_NAME:
            continue
        if not any(r == role and _same(n, name) for n, r, _k in kept):
            kept.append((name, role, kind))
    return kept


@transaction.atomic
def apply_metadata(
    image: Image, meta: PhotoMetadata, *, overwrite: bool = False
) -> None:
    """Fill the image's blank fields from `meta` (all of them with
    `overwrite`), and give it credits when it has none (or replace them)."""
    for source, field in TEXT_FIELDS.items():
        value = getattr(meta, source)
        limit = Image._meta.get_field(field).max_length
        if value and (overwrite or not getattr(image, field)):
            setattr(image, field, value[:limit] if limit else value)
    if meta.date_created and (overwrite or image.date_created is None):
        moment = meta.date_created
        if timezone.is_naive(moment):
            # No offset in the file: the newsroom's own time zone is the
            # likeliest guess.
            moment = timezone.make_aware(moment)
        image.date_created = moment
    image.save()

    if image.credits.exists() and not overwrite:
        return
    image.credits.all().delete()
    credited: set[tuple[int, str]] = set()
    for name, role, kind in credits_from_metadata(meta):
        contributor = Contributor.objects.resolve(name, kind=kind)
        if (contributor.pk, role) in credited:
            continue  # "AP" and "The Associated Press" are one contributor
        Credit.objects.create(
            image=image, contributor=contributor, role=role, position=len(credited)
        )
        credited.add((contributor.pk, role))
