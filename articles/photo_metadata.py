"""Put what a photo file says (its IPTC, XMP and EXIF) onto an Image: the
editor's starting point, never overriding what an editor already wrote."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from articles.agencies import find_agency
from articles.imaging.metadata import PhotoMetadata
from articles.importers.pages import parse_photo_credit
from articles.models import Contributor, Credit, Image

ROLE_ORDER = {"creator": 0, "provider": 1, "distributor": 2}


def credits_from_metadata(meta: PhotoMetadata) -> list[tuple[str, str, str]]:
    """(name, role, kind) in credit order. Creators are photographers; the
    credit line is read like a caption credit ("X via AP", "AP Photo/Jane
    Doe"), a bare agency name being the distributor; the source is the
    provider when the credit line names none and it is not credited yet."""
    found: list[tuple[str, str, str]] = [
        (name, "creator", Contributor.Kind.PERSON) for name in meta.creators
    ]
    if meta.credit_line:
        if agency := find_agency(meta.credit_line):
            found.append((agency.name, "distributor", Contributor.Kind.AGENCY))
        else:
            found += [
                (ref.name, ref.role, ref.kind)
                for ref in parse_photo_credit(meta.credit_line)
            ]
    has_provider = any(role == "provider" for _name, role, _kind in found)
    if meta.source and not has_provider and not _mentions(found, meta.source):
        agency = find_agency(meta.source)
        kind = Contributor.Kind.AGENCY if agency else Contributor.Kind.ORGANISATION
        found.append((meta.source, "provider", kind))
    found.sort(key=lambda credit: ROLE_ORDER[credit[1]])
    return found


def _mentions(found: list[tuple[str, str, str]], name: str) -> bool:
    """Whether `name` is already among the credits, by name or as the same
    known agency ("CP" and "The Canadian Press")."""
    agency = find_agency(name)
    for other, _role, _kind in found:
        if other.casefold() == name.casefold():
            return True
        if agency and find_agency(other) == agency:
            return True
    return False


TEXT_FIELDS = {
    "headline": "headline",
    "caption": "caption",
    "alt_text": "alt_text",
    "copyright_notice": "copyright_notice",
    "usage_terms": "usage_terms",
    "instructions": "restrictions",
}


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
        date = meta.date_created
        if timezone.is_naive(date):
            date = timezone.make_aware(date)
        image.date_created = date
    image.save()

    if image.credits.exists() and not overwrite:
        return
    image.credits.all().delete()
    seen: set[tuple[int, str]] = set()
    for name, role, kind in credits_from_metadata(meta):
        contributor = Contributor.objects.resolve(name, kind=kind)
        if (contributor.pk, role) in seen:
            continue
        seen.add((contributor.pk, role))
        Credit.objects.create(
            image=image, contributor=contributor, role=role, position=len(seen) - 1
        )
