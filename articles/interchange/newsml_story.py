"""A NewsML-G2 text item as a `Story`: its words (`newsml_content`), its
metadata (`newsml_meta`) onto the story's fields, its credits read as in
every other format (`articles.text.bylines`)."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from articles.interchange.newsml_content import Unreadable, body_html, nitf_byline
from articles.interchange.newsml_meta import SUMMARY_ROLES, ItemMeta
from articles.interchange.newsml_pictures import ORGANISATION_KINDS, SOURCE_ROLES
from articles.interchange.newsml_xml import child
from articles.interchange.story import RecordError, Story
from articles.text.bylines import BYLINE_PREFIX, byline_credits, writers
from articles.text.credits import (
    AUTHOR,
    CONTRIBUTOR,
    CreditRef,
    organisation,
    person,
    unique_credits,
)
from articles.text.plain import paragraphs, unique


def source_id(meta: ItemMeta) -> str:
    return f"newsml:{meta.guid}"


def text_story(item: Element, meta: ItemMeta, record: str) -> Story | RecordError:
    """The story a text item tells, or why it cannot be one."""
    content_set = child(item, "contentSet")
    try:
        body = body_html(content_set)
    except Unreadable as error:
        return RecordError(record=record, message=str(error))
    if not meta.headline:
        return RecordError(record=record, message="no headline")
    warnings = list(meta.warnings)
    standfirst = meta.description(SUMMARY_ROLES)
    if not body and standfirst:
        body, standfirst = paragraphs(standfirst, line_breaks=True), ""
        warnings.append("no body: the summary is the story's text")
    if not body:
        return RecordError(
            record=record, message="no text: the item has no inline content"
        )
    return story_of(
        meta,
        record,
        body_html=body,
        standfirst=standfirst,
        credits=story_credits(meta, nitf_byline(content_set)),
        warnings=warnings,
    )


def story_of(meta: ItemMeta, record: str, **fields) -> Story:
    """A Story with the item's metadata; `fields` give its words, credits
    and photos."""
    fields.setdefault("warnings", list(meta.warnings))
    return Story(
        source_id=source_id(meta),
        headline=meta.headline,
        tags=[*meta.tags, *unique(meta.keywords)],
        # firstCreated: when the agency first sent the item; a version
        # alone dates it by its version.
        published_at=meta.first_created or meta.content_created or meta.version_created,
        status=meta.status,
        embargo_until=meta.embargoed,
        created_at=meta.first_created,
        updated_at=meta.version_created,
        record=record,
        version=meta.version,
        urgency=meta.urgency,
        slugline=meta.slugline,
        dateline=meta.dateline,
        language=meta.language,
        signals=meta.signals,
        **fields,
    )


def story_credits(meta: ItemMeta, nitf_by: str = "") -> list[CreditRef]:
    """The byline's authors and the people the item names as creators, its
    contributors; an organisation (Reuters as the source) or the credit
    line only when no one is named."""
    credits = byline_credits(meta.by or nitf_by)
    sources = []
    for creator in meta.creators:
        if creator.role in SOURCE_ROLES or creator.kind in ORGANISATION_KINDS:
            sources.append(organisation(creator.name, AUTHOR))
        else:
            credits += _named(creator.name, AUTHOR)
    for contributor in meta.contributors:
        credits += _named(contributor.name, CONTRIBUTOR)
    if not any(credit.role == AUTHOR for credit in credits):
        if not sources and meta.creditline:
            sources.append(organisation(meta.creditline, AUTHOR))
        credits = sources + credits
    return unique_credits(credits)


def _named(name: str, role: str) -> list[CreditRef]:
    """A name read like a byline ("Jane Doe, Reuters" is Jane Doe, of
    Reuters), so that it meets the byline's own credit."""
    named = []
    for writer, affiliation in writers(BYLINE_PREFIX.sub("", name)):
        credit = person(writer, role)
        credit.affiliation = affiliation
        named.append(credit)
    return named
