"""Renditions: made on first request from the stored original, kept in
storage, and served from there on every later request."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.imaging.geometry import output_size
from articles.imaging.render import RightsMetadata, render
from articles.imaging.specs import FORMATS, get_specs
from articles.models import Image, Rendition
from articles.text.credit_lines import join_names


@dataclass(frozen=True)
class PlannedRendition:
    """What a rendition will be, known without making it."""

    spec: str
    format: str
    url: str
    width: int
    height: int


def rendition_formats() -> list[str]:
    return list(settings.CMS_RENDITION_FORMATS)


def rendition_url(image: Image, spec: str, fmt: str) -> str:
    return f"{_rendition_prefix(image)}{spec}.{fmt}"


def _rendition_prefix(image: Image) -> str:
    # One reverse() per image rather than one per size and format: a list
    # page asks for hundreds of these.
    url = reverse(
        "rendition",
        kwargs={
            "pk": image.pk,
            "version": image.rendition_version or "none",
            "spec": "s",
            "fmt": "f",
        },
    )
    return url.removesuffix("s.f")


def _primary_choice() -> tuple[str, str]:
    """The photo's plain size and format: "full" (else the widest configured)
    as JPEG (else the first configured format)."""
    specs = get_specs()
    spec = "full" if "full" in specs else max(specs, key=lambda n: specs[n].width)
    formats = rendition_formats()
    return spec, "jpeg" if "jpeg" in formats else formats[0]


def primary_rendition_url(image: Image) -> str:
    return rendition_url(image, *_primary_choice())


def primary_rendition(image: Image) -> PlannedRendition | None:
    """The plain size with its dimensions, or None without a file."""
    choice = _primary_choice()
    return next(
        (p for p in planned_renditions(image) if (p.spec, p.format) == choice), None
    )


def planned_renditions(image: Image) -> list[PlannedRendition]:
    """Every named size in every format, with its URL and exact size: the
    srcset a frontend needs. Pure arithmetic; nothing is rendered."""
    if not image.file or not image.width or not image.height:
        return []
    prefix = _rendition_prefix(image)
    planned = []
    for name, spec in get_specs().items():
        width, height = output_size(spec, image.width, image.height)
        for fmt in rendition_formats():
            url = f"{prefix}{name}.{fmt}"
            planned.append(PlannedRendition(name, fmt, url, width, height))
    return planned


def rights_of(image: Image) -> RightsMetadata:
    """What every delivered copy of the photo must keep saying about it.
    Reads the image's credits (a query unless prefetched)."""
    credits = list(image.credits.all())
    creators = [c.contributor.name for c in credits if c.role == "creator"]
    return RightsMetadata(
        creator=join_names(creators),
        credit_line=image.credit_line,
        copyright_notice=image.copyright_notice,
        caption=image.caption,
        digital_source_type=image.source_type.uri,
        data_mining=image.data_mining,
    )


def get_rendition(image: Image, spec_name: str, fmt: str) -> Rendition:
    """The stored rendition, made now if this is its first request. Raises
    KeyError for a spec or format that is not configured."""
    spec = get_specs()[spec_name]
    if fmt not in rendition_formats():
        raise KeyError(fmt)
    version = image.rendition_version
    found = Rendition.objects.filter(
        image=image, spec=spec_name, format=fmt, version=version
    ).first()
    if found is not None:
        return found

    with image.file.open("rb") as source:
        rendered = render(
            source,
            spec,
            fmt,
            focal=(image.focal_x, image.focal_y),
            rights=rights_of(image),
        )
    extension = FORMATS[fmt][1]
    rendition = Rendition(
        image=image,
        spec=spec_name,
        format=fmt,
        version=version,
        width=rendered.width,
        height=rendered.height,
        file_size=len(rendered.data),
    )
    # Rendition.file's upload_to adds the "renditions/" folder.
    name = f"{image.sha256[:2]}/{version}/{spec_name}.{extension}"
    rendition.file.save(name, ContentFile(rendered.data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made the same rendition meanwhile: keep theirs.
        rendition.file.delete(save=False)
        return Rendition.objects.get(
            image=image, spec=spec_name, format=fmt, version=version
        )
    return rendition
