"""IPTC NewsML-G2 files into `Story` objects: a news message (`newsMessage`,
one result per item of its `itemSet`) or a single item.

- a text `newsItem` is a story (`newsml_story`), its words XHTML or NITF
  in `inlineXML`, or text in `inlineData` (`newsml_content`);
- a picture `newsItem` is a library photo when its file lies beside it
  (`newsml_pictures`); one whose renditions are only remote is skipped,
  named by its address, since nothing is fetched;
- a `packageItem` is one story with its text item and photos
  (`newsml_packages`); members it took in are not imported again;
- concept, knowledge, planning and catalog items, and video, audio and
  event items, are skipped with the reason.

Pure but for looking beside the file for photo files and package members:
bytes in, stories out. XML is parsed with `safe_xml` (entities refused).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from articles.interchange import safe_xml
from articles.interchange.newsml_meta import ItemMeta, item_meta
from articles.interchange.newsml_packages import Member, member_files, package_story
from articles.interchange.newsml_pictures import PICTURE_CLASSES, picture_ref
from articles.interchange.newsml_story import text_story
from articles.interchange.newsml_xml import child, children, lang_of, local
from articles.interchange.reading import read_limited
from articles.interchange.sniffing import XML_KINDS, Kind, sniff
from articles.interchange.story import (
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)

MAX_NEWSML_BYTES = 50 * 1024 * 1024
# A package member read from beside the package: one item, not a feed.
MAX_MEMBER_BYTES = 5 * 1024 * 1024
ITEMS = ("newsItem", "packageItem", "conceptItem", "knowledgeItem",
         "planningItem", "catalogItem")  # fmt: skip
NOT_STORIES = {
    "conceptItem": "a NewsML-G2 concept item defines a concept (a person, "
    "an event, a subject), it is not a story",
    "knowledgeItem": "a NewsML-G2 knowledge item is a set of concepts, not a story",
    "planningItem": "a NewsML-G2 planning item plans coverage, it is not a story",
    "catalogItem": "a NewsML-G2 catalog item lists schemes, it is not a story",
}
TEXT_CLASSES = frozenset({"text", ""})

Result = Story | ImageRef | RecordError | Skipped


def parse_newsml(stream: BinaryIO, name: str, **options) -> Iterator[Result]:
    """A result per item of the file. StoryError when the file is not
    NewsML-G2 (a fragment such as a lone `contentSet`), unsafe, broken,
    too large or unreadable."""
    data = read_limited(stream, MAX_NEWSML_BYTES, "NewsML-G2 files")
    _refuse_other_formats(data)
    root = parse_xml(data)
    beside = _folder_of(stream)
    items = _items(root)
    members = {item.get("guid", "").strip(): item for item in items if item.get("guid")}
    results: list[tuple[str, Element, Result]] = []
    taken: dict[str, str] = {}  # member guid: the package that took it in
    lang = lang_of(root)

    def find(residref: str, version: str) -> Member | None:
        return _member(residref, version, members, lang, beside)

    for number, item in enumerate(items, start=1):
        meta = item_meta(item, local(item), lang)
        record = _record(meta, number)
        if meta.kind == "packageItem":
            try:
                result, used = package_story(meta, item, record, find)
            except StoryError as error:
                result, used = RecordError(record=record, message=str(error)), set()
            taken.update(dict.fromkeys(used, meta.guid))
        else:
            result = _item_result(item, meta, record, beside)
        results.append((record, item, result))
    for record, item, result in results:
        guid = item.get("guid", "").strip()
        if guid in taken and local(item) == "newsItem":
            yield Skipped(
                record=record,
                reason=f'part of package "{taken[guid]}", imported with it',
            )
        else:
            yield result


def _refuse_other_formats(data: bytes) -> None:
    """A file given as --format newsml that is something else is named
    (its entities refused first, as in every format)."""
    from articles.interchange.formats import SNIFF_BYTES, refusal

    sniffed = sniff(data[:SNIFF_BYTES])
    if sniffed.kind is Kind.NEWSML_G2:
        return
    if sniffed.kind in XML_KINDS:
        safe_xml.screen(data)
    if sniffed.kind is Kind.EMPTY:
        raise StoryError("not NewsML-G2: the file is empty")
    raise refusal(sniffed, "newsml")


def parse_xml(data: bytes) -> Element:
    root = None
    for _, element in safe_xml.iterparse(io.BytesIO(data)):
        root = element
    if root is None:
        raise StoryError("not NewsML-G2: the file holds no XML element")
    return root


def _items(root: Element) -> list[Element]:
    name = local(root)
    if name in ITEMS:
        return [root]
    if name == "newsMessage":
        return [
            item
            for item_set in children(root, "itemSet")
            for item in item_set
            if local(item) in ITEMS
        ]
    raise StoryError(
        f"NewsML-G2 `{name}` is part of an item or a catalog, not a news "
        "item or message: there is no newsItem, packageItem or newsMessage to read"
    )


def _record(meta: ItemMeta, number: int) -> str:
    if meta.guid:
        return f'item {number} (guid "{meta.guid}")'
    return f"item {number}"


def _item_result(
    item: Element, meta: ItemMeta, record: str, beside: Path | None
) -> Result:
    if meta.kind in NOT_STORIES:
        return Skipped(record=record, reason=NOT_STORIES[meta.kind])
    if meta.item_class in PICTURE_CLASSES:
        return _picture(item, meta, record, beside)
    if meta.item_class not in TEXT_CLASSES:
        return Skipped(
            record=record,
            reason=f"a NewsML-G2 {meta.item_class} item is not a story",
        )
    if not meta.guid:
        return RecordError(
            record=record,
            message="no guid: a later import could not find its story again",
        )
    try:
        return text_story(item, meta, record)
    except StoryError as error:
        return RecordError(record=record, message=str(error))


def _picture(
    item: Element, meta: ItemMeta, record: str, beside: Path | None
) -> ImageRef | Skipped:
    photo = picture_ref(meta, child(item, "contentSet"), beside, record)
    if photo.file_path is None:
        where = f" ({photo.missing_file})" if photo.missing_file else ""
        return Skipped(
            record=record,
            reason=f"a NewsML-G2 picture whose file is not beside it{where}: "
            "remote renditions are never fetched, and a photo is kept on its "
            "own only with its file",
        )
    return photo


def _member(
    residref: str,
    version: str,
    members: dict[str, Element],
    lang: str,
    beside: Path | None,
) -> Member | None:
    """A package's member: in the same message, else in a file beside."""
    if residref in members:
        item = members[residref]
        return Member(item, item_meta(item, local(item), lang), beside)
    if beside is None or not residref:
        return None
    for path in member_files(residref, version, beside):
        try:
            with path.open("rb") as file:
                root = parse_xml(
                    read_limited(file, MAX_MEMBER_BYTES, "package members")
                )
            found = [item for item in _items(root) if item.get("guid") == residref]
        except StoryError:
            continue
        if found:
            return Member(found[0], item_meta(found[0], local(found[0]), lang), beside)
    return None


def _folder_of(stream: BinaryIO) -> Path | None:
    """The folder the file is in, where photo files and package members
    are looked for; None for a stream that is no named file."""
    name = getattr(stream, "name", None)
    if not isinstance(name, (str, Path)):
        return None
    return Path(name).resolve().parent
