"""A NewsML-G2 package (`packageItem`) as one story: the words of its first
text item, its photos (the first is the lead, the others follow the text),
and the package's own headline, subjects and version. Its members are found
in the same news message, else beside the package as files named by their
`residref` (Reuters: "…_KBN0FL0NN_version_5"). Other text members are
related stories of their own, named in a warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from articles.interchange.newsml_content import Unreadable, body_html, nitf_byline
from articles.interchange.newsml_meta import SUMMARY_ROLES, ItemMeta
from articles.interchange.newsml_pictures import (
    PICTURE_CLASSES,
    UNSAFE_IN_NAMES,
    picture_ref,
)
from articles.interchange.newsml_story import story_credits, story_of
from articles.interchange.newsml_xml import child, local, qcode_code
from articles.interchange.story import IMAGE_MARKER, ImageRef, RecordError, Story


@dataclass
class Member:
    item: Element
    meta: ItemMeta
    beside: Path | None  # the folder its own renditions are looked for in


# Finds a member by residref and version: in the message, else beside.
Finder = Callable[[str, str], Member | None]


def package_story(
    meta: ItemMeta, package: Element, record: str, find: Finder
) -> tuple[Story | RecordError, set[str]]:
    """The package's story and the guids of the members it took in."""
    refs = [element for element in package.iter() if local(element) == "itemRef"]
    if not refs:
        return RecordError(record=record, message="a package with no items"), set()
    text_member: Member | None = None
    pictures: list[ImageRef] = []
    related: list[str] = []
    used: set[str] = set()
    for ref in refs:
        residref = ref.get("residref", "").strip()
        member = find(residref, ref.get("version", "").strip())
        item_class = member.meta.item_class if member else ""
        item_class = item_class or qcode_code(_qcode(child(ref, "itemClass")))
        if member is None:
            related.append(f"{residref} (not in this file nor beside it)")
        elif item_class in PICTURE_CLASSES:
            used.add(member.meta.guid)
            pictures.append(
                picture_ref(
                    member.meta,
                    child(member.item, "contentSet"),
                    member.beside,
                    f'{record} member "{residref}"',
                )
            )
        elif text_member is None and _has_text(member):
            text_member = member
            used.add(member.meta.guid)
        else:
            related.append(f'"{member.meta.headline or residref}"')
    if text_member is None:
        return RecordError(
            record=record,
            message="a package with no text item here to tell its story "
            f"(members: {', '.join(ref.get('residref', '?') for ref in refs)})",
        ), set()
    return _story(meta, text_member, pictures, related, record), used


def _story(
    meta: ItemMeta,
    text_member: Member,
    pictures: list[ImageRef],
    related: list[str],
    record: str,
) -> Story:
    content_set = child(text_member.item, "contentSet")
    body = body_html(content_set)
    images = {f"photo-{number}": photo for number, photo in enumerate(pictures[1:], 2)}
    for key in images:
        body += f'\n<figure><img src="{IMAGE_MARKER}{key}"></figure>'
    member_meta = text_member.meta
    warnings = list(dict.fromkeys([*meta.warnings, *member_meta.warnings]))
    if related:
        warnings.append(f"related items not part of this story: {', '.join(related)}")
    # The text member's metadata where the package says nothing itself.
    meta.headline = meta.headline or member_meta.headline
    meta.slugline = meta.slugline or member_meta.slugline
    meta.dateline = meta.dateline or member_meta.dateline
    meta.urgency = meta.urgency or member_meta.urgency
    meta.tags = meta.tags or member_meta.tags
    meta.by = meta.by or member_meta.by
    meta.creators = meta.creators or member_meta.creators
    return story_of(
        meta,
        record,
        body_html=body,
        standfirst=meta.description(SUMMARY_ROLES)
        or member_meta.description(SUMMARY_ROLES),
        credits=story_credits(meta, nitf_byline(content_set)),
        lead_image=pictures[0] if pictures else None,
        images=images,
        warnings=warnings,
    )


def _has_text(member: Member) -> bool:
    try:
        return bool(body_html(child(member.item, "contentSet")))
    except Unreadable:
        return False


def _qcode(element: Element | None) -> str:
    return element.get("qcode", "") if element is not None else ""


def member_files(residref: str, version: str, beside: Path) -> list[Path]:
    """The files beside a package that may hold the member `residref`:
    its name with the version, then without; then any version of it."""
    name = UNSAFE_IN_NAMES.sub("_", residref)
    if not name or name in (".", ".."):
        return []
    candidates = [beside / f"{name}_version_{version}"] if version else []
    candidates += [beside / name, beside / f"{name}.xml"]
    candidates += sorted(beside.glob(f"{_glob_safe(name)}_version_*"), reverse=True)
    return list(dict.fromkeys(path for path in candidates if path.is_file()))


def _glob_safe(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[]" else char for char in name)
