"""A NewsML-G2 picture item as a photo: its words, credits and rights, and
its file when one of its renditions lies beside the item (Reuters sends the
JPEGs named by their `residref`). Remote renditions are never fetched: the
address of the best one is recorded as the photo's `missing_file`."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from articles.interchange.newsml_meta import ALT_ROLES, CAPTION_ROLES, ItemMeta
from articles.interchange.newsml_xml import children, integer
from articles.interchange.story import ImageRef
from articles.text.credits import (
    CREATOR,
    PROVIDER,
    CreditRef,
    organisation,
    person,
    unique_credits,
)
from articles.text.photo_credits import photo_byline_credits

PICTURE_CLASSES = frozenset({"picture", "graphic"})
# A QCode or tag URI as the file name Reuters (and our corpus) gives it.
UNSAFE_IN_NAMES = re.compile(r"[:,/\\]")
SOURCE_ROLES = frozenset({"source", "origprov", "provider"})
ORGANISATION_KINDS = frozenset({"organisation", "organization", "org"})


def picture_ref(
    meta: ItemMeta, content_set: Element | None, beside: Path | None, record: str
) -> ImageRef:
    file_path, missing = rendition_file(content_set, beside)
    return ImageRef(
        caption=meta.description(CAPTION_ROLES)
        or (meta.descriptions[0][1] if meta.descriptions else ""),
        alt_text=meta.description(ALT_ROLES),
        headline=meta.headline,
        credits=picture_credits(meta),
        file_path=file_path,
        missing_file="" if file_path else missing,
        original_filename=file_path.name if file_path else "",
        date_created=meta.content_created,
        copyright_notice=meta.copyright_notice,
        usage_terms=meta.usage_terms,
        restrictions=meta.ed_note,
        record=f"{record} picture",
    )


def picture_credits(meta: ItemMeta) -> list[CreditRef]:
    """The photographer from `by` or a creator; the source from a creator
    marked as one, else the credit line, else the provider, else the
    copyright holder."""
    credits = photo_byline_credits(meta.by)
    for creator in meta.creators:
        if creator.role in SOURCE_ROLES or creator.kind in ORGANISATION_KINDS:
            credits.append(organisation(creator.name, PROVIDER))
        else:
            credits.append(person(creator.name, CREATOR))
    if not any(credit.role == PROVIDER for credit in credits):
        source = meta.creditline or meta.provider or meta.copyright_holder
        named = {credit.name.casefold() for credit in credits}
        if source and source.casefold() not in named:
            credits.append(organisation(source, PROVIDER))
    return unique_credits(credits)


def rendition_file(
    content_set: Element | None, beside: Path | None
) -> tuple[Path | None, str]:
    """(the largest image rendition found beside the item, the address of
    the largest one to record when none is)."""
    renditions = sorted(
        (
            content
            for content in children(content_set, "remoteContent")
            if content.get("contenttype", "image/").lower().startswith("image/")
            and (content.get("href") or content.get("residref"))
        ),
        key=lambda content: (
            -(
                (integer(content.get("width", "")) or 0)
                * (integer(content.get("height", "")) or 0)
            )
        ),
    )
    for rendition in renditions:
        if found := _beside(rendition, beside):
            return found, ""
    if not renditions:
        return None, ""
    best = renditions[0]
    return None, best.get("href") or best.get("residref", "")


def _beside(rendition: Element, beside: Path | None) -> Path | None:
    if beside is None:
        return None
    names = []
    if residref := rendition.get("residref", "").strip():
        names.append(UNSAFE_IN_NAMES.sub("_", residref))
    href = rendition.get("href", "").strip()
    if href and "://" not in href.removeprefix("file://"):
        names.append(href.removeprefix("file://").rpartition("/")[2].strip())
    for name in names:
        if name and name not in (".", "..") and (beside / name).is_file():
            return beside / name
    return None
