"""The one writer: stories from every importer into the content model.

Stories are written in batches, each batch in one transaction with bulk
inserts, because imports of tens of thousands of stories must not cost a
dozen queries per story. A batch is all or nothing; when one story in it is
refused, the batch is rolled back and written again story by story, so each
story stays atomic on its own: a story that fails leaves nothing behind and
the others are saved.

A re-import is recognised by the story's source id and its fingerprint (a
hash of everything the source said): an unchanged source changes nothing, not
even `updated_at`. A changed source updates the article in place, keeping the
status editors gave it: a re-import neither takes a live story down nor brings
back one that was unpublished (for legal reasons, say). Wire copy's versions,
signals and status, and agency updates to stories editors changed, are
articles.interchange.agency_updates's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.utils import timezone

from articles.interchange.agency_updates import (
    APPLY,
    EDITOR_DRAFT,
    OFFER,
    STALE,
    WITHDRAW,
    WITHDRAWING,
    AgencyState,
    editor_draft_refusal,
    is_agency_copy,
    signal_notes,
    wire_facts,
    withdraw,
)
from articles.interchange.errors import story_error
from articles.interchange.field_limits import fit_image, fit_story
from articles.interchange.fingerprints import fingerprint
from articles.interchange.lookups import Lookups
from articles.interchange.photo_writer import PhotoSet, PhotoWriter
from articles.interchange.revisions import record_revisions
from articles.interchange.rows import (
    Result,
    assign,
    assign_slugs,
    correction,
    credit_keys,
    current_credits,
    emptied,
    insert_with_dates,
    keep_dates,
    keep_ids,
    new_credits,
    replace_credits,
    reset_sequence,
    take_over_former_ids,
)
from articles.interchange.story import (
    DRAFT,
    PUBLISHED,
    SCHEDULED,
    CreditRef,
    ImageRef,
    SectionRef,
    Story,
    StoryError,
    TagRef,
)
from articles.models import (
    Article,
    ContentVersion,
    Correction,
    Credit,
)
from articles.models.imported_copy import copy_hash
from articles.models.publish_rules import hold_refused
from articles.publishing.transitions import announce, transition
from articles.text.body import image_ids
from articles.text.sanitize import sanitize_html

# What a parser hands the writer (CreditRef alone: a contributor of an export).
Record = Story | ImageRef | SectionRef | TagRef | CreditRef


@dataclass
class Outcome:
    """What became of one story or photo: a result, or the error that kept
    it out."""

    item: Record
    result: Result | None = None
    error: StoryError | None = None


class EmptyingRefused(StoryError):
    """A re-import that would empty the headline or body of a story that has
    them (a feed cut short, an entry that lost its content): refused unless
    the writer was told to allow it."""


def write_story(story: Story, *, publish: bool) -> Result:
    """Write one story on its own; StoryError when it is refused."""
    outcome = StoryWriter(publish=publish).write([story])[0]
    if outcome.error:
        raise outcome.error
    return outcome.result


class StoryWriter:
    """Writes stories and library photos, `batch_size` per transaction.
    `publish` gives new stories their source's status (published when it
    gave none); without it, every new story is a draft."""

    def __init__(
        self, *, publish: bool = True, batch_size: int = 1000, allow_emptying=False
    ) -> None:
        self.publish = publish
        # Without it, a changed source never empties a story's headline or body.
        self.allow_emptying = allow_emptying
        self.batch_size = batch_size
        self.lookups = Lookups()
        self.photos = PhotoWriter(self.lookups)

    def write(self, items: Iterable[Record]) -> list[Outcome]:
        batch: list[Record] = []
        seen: set[str] = set()
        outcomes: list[Outcome] = []
        for item in items:
            # The same story twice in a batch: the later one must see the first.
            if isinstance(item, Story) and item.source_id in seen:
                outcomes += self._write_batch(batch)
                batch, seen = [], set()
            batch.append(item)
            if isinstance(item, Story):
                seen.add(item.source_id)
            if len(batch) >= self.batch_size:
                outcomes += self._write_batch(batch)
                batch, seen = [], set()
        return outcomes + self._write_batch(batch)

    def _write_batch(self, batch: list[Record]) -> list[Outcome]:
        if not batch:
            return []
        try:
            with transaction.atomic():
                return self._write(batch)
        except Exception as error:
            # Rows the lookups remember may have gone with the rollback.
            self.lookups.forget()
            if len(batch) > 1:
                return [o for item in batch for o in self._write_batch([item])]
            return [Outcome(batch[0], error=story_error(error))]

    def _write(self, batch: list[Record]) -> list[Outcome]:
        results: dict[int, Result] = {}
        # What a column cannot hold is cut (with a warning), never fatal; before
        # the fingerprint, so that a re-run of the same source is unchanged.
        for item in batch:
            if isinstance(item, Story):
                fit_story(item)
            elif isinstance(item, ImageRef):
                fit_image(item, [])
        # Sections, tags, contributors and library photos first: exports list
        # them before the stories, which refer to them.
        for item in batch:
            if isinstance(item, ImageRef):
                results[id(item)] = self.photos.library(item)
            elif not isinstance(item, Story):
                results[id(item)] = self.lookups.entity(item)
        stories = [item for item in batch if isinstance(item, Story)]
        fingerprints = {story.source_id: fingerprint(story) for story in stories}
        existing = {
            article.source_id: article
            for article in Article.objects.select_for_update().filter(
                source_id__in=fingerprints
            )
        }
        take_over_former_ids(stories, existing)
        agency = AgencyState(existing, stories)
        new: list[Story] = []
        changed: list[tuple[Article, Story, str]] = []
        refused: dict[int, StoryError] = {}
        for story in stories:
            article = existing.get(story.source_id)
            route = agency.route(article, story) if article else APPLY
            if article is None:
                new.append(story)
            elif route == STALE or (
                article.import_fingerprint == fingerprints[story.source_id]
            ):
                results[id(story)] = "unchanged"
            elif route == EDITOR_DRAFT:
                refused[id(story)] = editor_draft_refusal(article, story)
            elif route != WITHDRAW and (
                not self.allow_emptying and (lost := emptied(article, story))
            ):
                if is_agency_copy(story) and story.status in WITHDRAWING:
                    # A kill with no words: the status applies, the words stay.
                    changed.append((article, story, WITHDRAW))
                    continue
                refused[id(story)] = EmptyingRefused(
                    f"refused: the source has no {lost} now and the story has; "
                    "importing it would empty the story (--allow-emptying allows it)"
                )
            else:
                changed.append((article, story, route))
        # The tags of every story to write in one query, not one per story.
        self.lookups.prepare(new + [story for _, story, _ in changed])
        for article, story, route in changed:
            fingerprint_ = fingerprints[story.source_id]
            if route == OFFER:
                self._offer(agency, article, story, fingerprint_)
                results[id(story)] = "offered"
                continue
            if route == WITHDRAW:
                withdraw(article, story, fingerprint_)
            else:
                agency.drop_offer(article)
                self._update(article, story, fingerprint_)
            results[id(story)] = "updated"
        if new:
            self._create(new, fingerprints)
            results.update((id(story), "created") for story in new)
        # Sections, tags and contributors are listed publicly; stories move
        # the version through their transitions.
        if any(
            results[id(item)] != "unchanged"
            for item in batch
            if not isinstance(item, Story)
        ):
            ContentVersion.changed()
        return [
            Outcome(item, error=refused[id(item)])
            if id(item) in refused
            else Outcome(item, results[id(item)])
            for item in batch
        ]

    # New stories, in bulk -----------------------------------------------------

    def _create(self, stories: list[Story], fingerprints: dict[str, str]) -> None:
        photos = self.photos.for_new(stories)
        now = timezone.now()
        tag_ids = [self.lookups.tag_ids(story.tags) for story in stories]
        articles = [
            self._new_article(story, photos, fingerprints[story.source_id], now)
            for story in stories
        ]
        hold_refused(articles, stories)  # what the rules refuse: drafts
        for article, ids in zip(articles, tag_ids, strict=True):
            article.imported_copy = copy_hash(article, ids)
        assign_slugs(articles, [story.slug for story in stories])
        kept_ids = keep_ids(Article, articles, [story.id for story in stories])
        for article in articles:
            article.full_clean(
                exclude=["slug", "section", "lead_image"],
                validate_unique=False,
                validate_constraints=False,
            )
        insert_with_dates(Article, articles, stories, now)
        if kept_ids:
            reset_sequence(Article)

        pairs = list(zip(stories, articles, strict=True))
        credits = [
            new_credits(self.lookups, story.credits, article=article)
            for story, article in pairs
        ]
        corrections = [
            [correction(article, ref) for ref in story.corrections + notes]
            for (story, article), notes in zip(
                pairs, [signal_notes(story) for story in stories], strict=True
            )
        ]
        body_ids = [
            [pk for pk in image_ids(article.body) if pk in photos.known_ids]
            if "/renditions/" in article.body
            else []
            for article in articles
        ]
        Credit.objects.bulk_create(row for rows in credits for row in rows)
        Correction.objects.bulk_create(row for rows in corrections for row in rows)
        tags, body = Article.tags.through, Article.body_images.through
        tags.objects.bulk_create(
            tags(article_id=article.pk, tag_id=pk)
            for article, ids in zip(articles, tag_ids, strict=True)
            for pk in ids
        )
        body.objects.bulk_create(
            body(article_id=article.pk, image_id=pk)
            for article, ids in zip(articles, body_ids, strict=True)
            for pk in ids
        )
        record_revisions(
            (
                article,
                f"Imported from {story.source_id}",
                [*cs, *fixes],
                # What the revision records, without reading it back.
                {"tags": ids, "body_images": pks},
            )
            for (story, article), cs, fixes, ids, pks in zip(
                pairs, credits, corrections, tag_ids, body_ids, strict=True
            )
        )
        announce(
            [
                transition(
                    article_id=article.pk,
                    slug=article.slug,
                    lead_image_id=article.lead_image_id,
                    before=None,
                    after=article.visibility(),
                    now=now,
                )
                for article in articles
            ],
            now,
        )

    def _new_article(
        self, story: Story, photos: PhotoSet, fingerprint_: str, now
    ) -> Article:
        # Without `publish` (--draft) nothing new goes live, whatever the
        # source says; with it, the source's status, else published.
        status = (story.status or PUBLISHED) if self.publish else DRAFT
        article = Article(
            source_id=story.source_id,
            import_fingerprint=fingerprint_,
            headline=story.headline,
            standfirst=story.standfirst,
            body=sanitize_html(photos.place(story)),
            section_id=self.lookups.section_id(story.section),
            **photos.story_fields(story, ids=True),
            lead_image_caption=story.lead_image_caption,
            credit_line_override=story.credit_line_override,
            published_at=story.published_at,
            embargo_until=story.embargo_until,
            first_published_at=story.first_published_at,
            **wire_facts(story, new=True),
        )
        article.status = status
        if status in (PUBLISHED, SCHEDULED):
            article.go_live(now)
        return article

    # Changed stories, one by one ------------------------------------------------

    def _content(self, article: Article, story: Story) -> dict[str, object]:
        """The article's fields as `story` has them (its photos stored)."""
        photos = self.photos.for_changed(story, article)
        return {
            "headline": story.headline,
            "standfirst": story.standfirst,
            "body": sanitize_html(photos.place(story)),
            "section_id": self.lookups.section_id(story.section),
            **photos.story_fields(story, ids=False),
            "lead_image_caption": story.lead_image_caption,
            "credit_line_override": story.credit_line_override,
            "embargo_until": story.embargo_until,
        }

    def _update(self, article: Article, story: Story, fingerprint_: str) -> None:
        with reversion.create_revision():
            reversion.set_comment(f"Imported from {story.source_id}")
            assign(article, self._content(article, story))
            assign(article, {"import_fingerprint": fingerprint_, **wire_facts(story)})
            if story.published_at is not None:
                article.published_at = story.published_at
            if is_agency_copy(story) and story.status in WITHDRAWING:
                article.status = story.status  # withheld or canceled
            tags = set(self.lookups.tag_ids(story.tags))
            article.imported_copy = copy_hash(article, tags)
            article.full_clean(exclude=["slug"], validate_unique=False)
            article.save()
            credits = credit_keys(self.lookups, story.credits)
            if current_credits(article) != credits:
                replace_credits(article.credits, credits, article=article)
            if set(article.tags.values_list("pk", flat=True)) != tags:
                article.tags.set(tags)
            known = set(article.corrections.values_list("note", "noted_at"))
            Correction.objects.bulk_create(
                correction(article, ref)
                for ref in story.corrections + signal_notes(story)
                if (ref.note, ref.noted_at) not in known
            )
        keep_dates(Article, [article], [story])

    def _offer(
        self, agency: AgencyState, article: Article, story: Story, fingerprint_: str
    ) -> None:
        content = self._content(article, story)
        tags = self.lookups.tag_ids(story.tags)
        agency.offer(article, story, content, tags, fingerprint_)
