"""Named rendition sizes, read from settings and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# format name -> (content type, file extension)
FORMATS = {
    "jpeg": ("image/jpeg", "jpg"),
    "webp": ("image/webp", "webp"),
    "avif": ("image/avif", "avif"),
}
SPEC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class RenditionSpec:
    name: str
    width: int
    height: int | None = None  # None: the whole photo at this width

    @property
    def crops(self) -> bool:
        return self.height is not None


def parse_specs(config: dict) -> dict[str, RenditionSpec]:
    specs = {}
    for name, entry in config.items():
        if not isinstance(name, str) or not SPEC_NAME.match(name):
            raise ImproperlyConfigured(
                f"CMS_RENDITIONS: {name!r} is not a valid name (lower-case "
                "letters, digits, - and _)."
            )
        if not isinstance(entry, dict) or set(entry) - {"width", "height"}:
            raise ImproperlyConfigured(
                f"CMS_RENDITIONS[{name!r}] must be a dict with 'width' and "
                "optionally 'height'."
            )
        width, height = entry.get("width"), entry.get("height")
        for label, value in (("width", width), ("height", height)):
            if label == "height" and value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ImproperlyConfigured(
                    f"CMS_RENDITIONS[{name!r}][{label!r}] must be a positive "
                    f"integer, not {value!r}."
                )
        specs[name] = RenditionSpec(name, width, height)
    return specs


def get_specs() -> dict[str, RenditionSpec]:
    formats = set(settings.CMS_RENDITION_FORMATS)
    if unknown := formats - set(FORMATS):
        raise ImproperlyConfigured(
            f"CMS_RENDITION_FORMATS: unknown format(s) {sorted(unknown)}; "
            f"choose from {sorted(FORMATS)}."
        )
    return parse_specs(settings.CMS_RENDITIONS)
