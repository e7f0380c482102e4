"""Named rendition sizes and output formats, read from settings and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Format name (in URLs and settings) -> (content type, file extension)
FORMATS = {
    "jpeg": ("image/jpeg", "jpg"),
    "webp": ("image/webp", "webp"),
    "avif": ("image/avif", "avif"),
}
# Names appear in URLs (Django's <slug:> converter) and in Rendition.spec, a
# 50-character column.
SPEC_NAME = re.compile(r"[-a-zA-Z0-9_]{1,50}")
SPEC_KEYS = {"width", "height"}


@dataclass(frozen=True)
class RenditionSpec:
    """A named size. With a height, the photo is cropped to that aspect ratio
    around its focal point; without one, the whole photo is scaled to the
    width. Never larger than the original either way."""

    name: str
    width: int
    height: int | None = None  # None: the whole photo at this width

    @property
    def crops(self) -> bool:
        return self.height is not None


def get_specs() -> dict[str, RenditionSpec]:
    """The configured specs, read at call time (tests and deployments change
    settings), after checking the configured formats too."""
    check_formats(settings.CMS_RENDITION_FORMATS)
    return parse_specs(settings.CMS_RENDITIONS)


def parse_specs(config: dict[str, Any]) -> dict[str, RenditionSpec]:
    """{"card": {"width": 640, "height": 360}, ...} as RenditionSpecs, or
    ImproperlyConfigured naming the first bad entry."""
    if not isinstance(config, dict) or not config:
        raise ImproperlyConfigured(
            'CMS_RENDITIONS must be a non-empty dict like {"card": {"width": 640, '
            '"height": 360}}.'
        )
    return {name: _parse_spec(name, entry) for name, entry in config.items()}


def check_formats(formats: Any) -> list[str]:
    if isinstance(formats, str) or not isinstance(formats, list | tuple) or not formats:
        raise ImproperlyConfigured(
            f"CMS_RENDITION_FORMATS must be a non-empty list; choose from "
            f"{', '.join(FORMATS)}."
        )
    for fmt in formats:
        if fmt not in FORMATS:
            raise ImproperlyConfigured(
                f"CMS_RENDITION_FORMATS: unknown format {fmt!r}; choose from "
                f"{', '.join(FORMATS)}."
            )
    if len(set(formats)) != len(formats):
        raise ImproperlyConfigured("CMS_RENDITION_FORMATS names a format twice.")
    return list(formats)


def _parse_spec(name: Any, entry: Any) -> RenditionSpec:
    if not isinstance(name, str) or not SPEC_NAME.fullmatch(name):
        raise ImproperlyConfigured(
            f"CMS_RENDITIONS: {name!r} is not a valid name (1 to 50 letters, "
            "digits, - and _)."
        )
    if not isinstance(entry, dict) or "width" not in entry or set(entry) - SPEC_KEYS:
        raise ImproperlyConfigured(
            f"CMS_RENDITIONS[{name!r}] must be a dict with 'width' and optionally "
            f"'height', not {entry!r}."
        )
    width = _pixels(name, "width", entry["width"])
    height = entry.get("height")
    if height is not None:
        height = _pixels(name, "height", height)
    return RenditionSpec(name, width, height)


def _pixels(name: str, key: str, value: Any) -> int:
    # bool is an int subclass: True must not pass for one pixel.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured(
            f"CMS_RENDITIONS[{name!r}][{key!r}] must be a positive integer, "
            f"not {value!r}."
        )
    return value
