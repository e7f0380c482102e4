"""Updates the agency way (issue 19): what the story writer does with wire
copy's versions, signals and publication status.

Agency copy is a story whose source gives the item's version (NewsML-G2's
`version`, ninjs's `version`; Story.version) and that is not a restore of
our own export. For it:

- an older or the same version arriving after a newer one changes nothing
  ("unchanged"), whatever else it says;
- `pubStatus` withheld (Story.status draft) takes the story off the public
  surfaces, canceled (archived) withdraws it, even one an editor changed:
  a kill is never held back; a later usable version does not bring it back
  (editors decide that, as for any story taken down);
- a story an editor changed since the last import wrote it
  (articles.models.imported_copy) is not written over: the agency's version
  is kept as the story's working draft marked "agency update available"
  (ArticleDraft.source "agency"), which the admin shows with its diff;
  a newer agency version replaces an agency draft, but never a person's
  draft (refused, EditorDraftOpen).

Signals ("correction", "update", "clarification") become the story's
correction notes, for any story but a restore.
"""

from __future__ import annotations

from datetime import datetime

import reversion
from django.utils import timezone

from articles.interchange.story import (
    AGENCY,
    ARCHIVED,
    DRAFT,
    CorrectionRef,
    Story,
    StoryError,
)
from articles.interchange.story_language import story_language
from articles.models import Article, ArticleDraft
from articles.models.drafts import AGENCY as AGENCY_DRAFT
from articles.models.drafts import values_of
from articles.models.imported_copy import copy_hash
from articles.models.story_source import TEXT_SOURCE_FIELDS
from articles.text.agencies import find_agency

# Signals that make a note readers see, by Correction.kind.
SIGNAL_NOTES = {
    "correction": "{agency} sent a corrected version of this story.",
    "update": "{agency} sent an updated version of this story.",
    "clarification": "{agency} sent a clarified version of this story.",
}
# pubStatus as the readers map it: withheld, canceled.
WITHDRAWING = (DRAFT, ARCHIVED)

APPLY, STALE, OFFER, WITHDRAW, EDITOR_DRAFT = (
    "apply",
    "stale",
    "offer",
    "withdraw",
    "editor draft",
)


class EditorDraftOpen(StoryError):
    """An agency update to a story with a person's working draft open: the
    draft is theirs, and the story keeps one draft."""


def is_agency_copy(story: Story) -> bool:
    return story.version is not None and story.id is None


def wire_facts(story: Story, *, new: bool = False) -> dict[str, object]:
    """The Article fields of the story's wire facts; for a new story, its
    language too (an update never moves a story to another language) and a
    backup's edition gate, so that it is never public before its gate."""
    urgency = story.urgency if story.urgency in range(1, 10) else None
    facts = {
        "slugline": story.slugline,
        "dateline": story.dateline,
        "urgency": urgency,
        "source_version": story.version,
    }
    if new:
        facts["held_until"] = story.held_until
        facts["language"], warning = story_language(story.language)
        if warning:
            story.warnings.append(warning)
    return facts


def signal_notes(story: Story) -> list[CorrectionRef]:
    """The correction and update notes the story's signals make, dated by
    its version (else now)."""
    if story.id is not None:
        return []
    kinds = dict.fromkeys(s.lower() for s in story.signals if s.lower() in SIGNAL_NOTES)
    noted_at = story.updated_at or timezone.now()
    return [
        CorrectionRef(
            kind=kind,
            note=SIGNAL_NOTES[kind].format(agency=_agency(story)),
            noted_at=noted_at,
        )
        for kind in kinds
    ]


def _agency(story: Story) -> str:
    """The agency the story credits, by name ("The agency" if none)."""
    for ref in story.credits:
        if ref.kind == AGENCY or (ref.kind is None and find_agency(ref.name)):
            return ref.name
    return "The agency"


class AgencyState:
    """What the batch's existing agency stories need beyond their rows, in
    two queries for the whole batch (none when there are none): their tags
    (to tell an editor's change) and their working drafts."""

    def __init__(self, existing: dict[str, Article], stories: list[Story]) -> None:
        ids = [
            existing[story.source_id].pk
            for story in stories
            if is_agency_copy(story) and story.source_id in existing
        ]
        self.tags: dict[int, list[int]] = {pk: [] for pk in ids}
        self.drafts: dict[int, ArticleDraft] = {}
        if not ids:
            return
        links = Article.tags.through.objects.filter(article_id__in=ids)
        for article_id, tag_id in links.values_list("article_id", "tag_id"):
            self.tags[article_id].append(tag_id)
        for draft in ArticleDraft.objects.filter(article_id__in=ids):
            self.drafts[draft.article_id] = draft

    def route(self, article: Article, story: Story) -> str:
        """What to do with agency copy `story` for `article`."""
        if not is_agency_copy(story):
            return APPLY
        draft = self.drafts.get(article.pk)
        offered = draft.source_facts.get("source_version") if draft else None
        seen = max(v for v in (article.source_version, offered, -1) if v is not None)
        if story.version <= seen:
            return STALE
        # A person's working draft is a change too, not yet on the story.
        person_draft = draft is not None and draft.source != AGENCY_DRAFT
        if not person_draft and not self.editor_changed(article):
            return APPLY
        if story.status in WITHDRAWING:
            return WITHDRAW
        return EDITOR_DRAFT if person_draft else OFFER

    def drop_offer(self, article: Article) -> None:
        """An agency draft a newer version written onto the story outdates."""
        draft = self.drafts.pop(article.pk, None)
        if draft is not None and draft.source == AGENCY_DRAFT:
            draft.delete()

    def editor_changed(self, article: Article) -> bool:
        """Changed by a person since the last import wrote it; a story
        imported before the hash was kept: saved last by a person."""
        if not article.imported_copy:
            return article.updated_by_id is not None
        return copy_hash(article, self.tags[article.pk]) != article.imported_copy

    def offer(
        self,
        article: Article,
        story: Story,
        content: dict[str, object],
        tag_ids: list[int],
        fingerprint_: str,
    ) -> None:
        """Keep the agency's version as `article`'s working draft, marked
        as an agency update; the story itself is not written."""
        draft = self.drafts.get(article.pk) or ArticleDraft(article=article)
        values = values_of(article, tags=tag_ids)
        values.update(
            headline=content["headline"],
            standfirst=content["standfirst"],
            body=content["body"],
            section=content["section_id"],
            lead_image=content["lead_image"].pk if content["lead_image"] else None,
            lead_image_caption=content["lead_image_caption"],
            credit_line_override=content["credit_line_override"],
            embargo_until=_iso(content["embargo_until"]),
        )
        # How the text was made, when the agency says so (ninjs).
        values.update({n: content[n] for n in TEXT_SOURCE_FIELDS if n in content})
        if story.published_at is not None:
            values["published_at"] = _iso(story.published_at)
        # Notes of an earlier agency draft this one replaces are kept.
        notes = (draft.source_facts or {}).get("notes", []) if draft.pk else []
        notes = notes + [
            {"kind": n.kind, "note": n.note, "noted_at": _iso(n.noted_at)}
            for n in signal_notes(story)
        ]
        draft.values = values
        draft.base_revision = article.revision
        draft.saved_by = None
        draft.saved_at = timezone.now()
        draft.submitted_for_review = False
        draft.source = AGENCY_DRAFT
        draft.source_facts = {**wire_facts(story), "notes": notes}
        draft.save()
        # The source seen: the same source again is "unchanged".
        Article.objects.filter(pk=article.pk).update(import_fingerprint=fingerprint_)


def withdraw(article: Article, story: Story, fingerprint_: str) -> None:
    """An agency's withheld or canceled version as a status alone (on a
    story an editor changed, or a kill without words): it applies through
    the one core (the withdrawal is recorded), the story's words stay."""
    how = "Canceled" if story.status == ARCHIVED else "Withheld"
    with reversion.create_revision():
        reversion.set_comment(f"{how} by the agency ({story.source_id})")
        article.status = story.status
        article.import_fingerprint = fingerprint_
        article.save()


def editor_draft_refusal(article: Article, story: Story) -> EditorDraftOpen:
    return EditorDraftOpen(
        f"not applied: an editor's working draft is open on this story; the "
        f"agency's version {story.version} waits until it is published or "
        "discarded (import it again then)"
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
