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
back one that was unpublished (for legal reasons, say).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import orjson
import reversion
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.utils import timezone

from articles.imaging.inspect import sha256_of
from articles.interchange.lookups import Lookups
from articles.interchange.revisions import record_revisions
from articles.interchange.story import (
    IMAGE_MARKER,
    PUBLISHED,
    SCHEDULED,
    CorrectionRef,
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
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
)
from articles.photos.renditions import primary_rendition_url
from articles.publishing.transitions import announce, transition
from articles.text.body import image_ids
from articles.text.sanitize import sanitize_html
from articles.text.slugs import unique_slug

Result = Literal["created", "updated", "unchanged"]

# What a parser hands the writer (CreditRef alone: a contributor of an export).
Record = Story | ImageRef | SectionRef | TagRef | CreditRef

# (contributor id, role) in credit order: what two credit lists are compared by.
CreditKey = tuple[int, str]

IMAGE_FIELDS = (
    "caption",
    "alt_text",
    "headline",
    "date_created",
    "copyright_notice",
    "usage_terms",
    "restrictions",
    "rights_expire_at",
    "focal_x",
    "focal_y",
    "credit_line_override",
)
MARKER_SRC = re.compile(r'src="' + re.escape(IMAGE_MARKER) + r'([^"]*)"')


@dataclass
class Outcome:
    """What became of one story or photo: a result, or the error that kept
    it out."""

    item: Record
    result: Result | None = None
    error: StoryError | None = None


def write_story(story: Story, *, publish: bool) -> Result:
    """Write one story on its own; StoryError when it is refused."""
    outcome = StoryWriter(publish=publish).write([story])[0]
    if outcome.error:
        raise outcome.error
    return outcome.result


class StoryWriter:
    """Writes stories and library photos, `batch_size` per transaction.
    `publish` publishes new stories whose source gave no status; without it,
    they are drafts."""

    def __init__(self, *, publish: bool = True, batch_size: int = 1000) -> None:
        self.publish = publish
        self.batch_size = batch_size
        self.lookups = Lookups()

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
        # Sections, tags, contributors and library photos first: exports list
        # them before the stories, which refer to them.
        for item in batch:
            if isinstance(item, ImageRef):
                results[id(item)] = self._library_photo(item)
            elif not isinstance(item, Story):
                results[id(item)] = self._entity(item)
        stories = [item for item in batch if isinstance(item, Story)]
        fingerprints = {story.source_id: fingerprint(story) for story in stories}
        existing = {
            article.source_id: article
            for article in Article.objects.select_for_update().filter(
                source_id__in=fingerprints
            )
        }
        new: list[Story] = []
        for story in stories:
            article = existing.get(story.source_id)
            if article is None:
                new.append(story)
            elif article.import_fingerprint == fingerprints[story.source_id]:
                results[id(story)] = "unchanged"
            else:
                self._update(article, story, fingerprints[story.source_id])
                results[id(story)] = "updated"
        if new:
            self._create(new, fingerprints)
            results.update((id(story), "created") for story in new)
        if any(result != "unchanged" for result in results.values()):
            ContentVersion.changed()
        return [Outcome(item, results[id(item)]) for item in batch]

    # New stories, in bulk -----------------------------------------------------

    def _create(self, stories: list[Story], fingerprints: dict[str, str]) -> None:
        self.lookups.prepare(stories)
        photos = self._photos(stories)
        now = timezone.now()
        articles = [
            self._new_article(story, photos, fingerprints[story.source_id], now)
            for story in stories
        ]
        assign_slugs(articles, [story.slug for story in stories])
        kept_ids = keep_ids(Article, articles, [story.id for story in stories])
        for article in articles:
            article.full_clean(
                exclude=["slug", "section", "lead_image"],
                validate_unique=False,
                validate_constraints=False,
            )
        Article.objects.bulk_create(articles)
        if kept_ids:
            reset_sequence(Article)
        keep_dates(Article, articles, stories)

        pairs = list(zip(stories, articles, strict=True))
        credits = [
            self.new_credits(story.credits, article=article) for story, article in pairs
        ]
        corrections = [
            [_correction(article, ref) for ref in story.corrections]
            for story, article in pairs
        ]
        tag_ids = [self.lookups.tag_ids(story.tags) for story in stories]
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
        status = story.status or (PUBLISHED if self.publish else "draft")
        article = Article(
            source_id=story.source_id,
            import_fingerprint=fingerprint_,
            headline=story.headline,
            standfirst=story.standfirst,
            body=sanitize_html(photos.place(story)),
            section_id=self.lookups.section_id(story.section),
            lead_image_id=photos.id_of(story.lead_image),
            lead_image_caption=story.lead_image_caption,
            credit_line_override=story.credit_line_override,
            published_at=story.published_at,
            embargo_until=story.embargo_until,
            first_published_at=story.first_published_at,
        )
        article.status = status
        if status in (PUBLISHED, SCHEDULED):
            article.go_live(now)
        return article

    def _photos(self, stories: list[Story]) -> PhotoSet:
        """Every photo of these new stories saved, files stored, credits set."""
        photos = PhotoSet()
        refs = [
            ref
            for story in stories
            for ref in ([story.lead_image] if story.lead_image else [])
            + list(story.images.values())
        ]
        fileless = []
        for ref in refs:
            if ref.file_path is not None:
                photos.add(ref, self._save_photo(ref, None))
            else:
                image = Image()
                _assign(image, image_fields(ref))
                # Constraints are the database's to check: validating them
                # here would cost a query per photo.
                image.full_clean(
                    exclude=["file"], validate_unique=False, validate_constraints=False
                )
                fileless.append((ref, image))
        images = [image for _, image in fileless]
        kept_ids = keep_ids(Image, images, [ref.id for ref, _ in fileless])
        Image.objects.bulk_create(images)
        if kept_ids:
            reset_sequence(Image)
        keep_dates(Image, images, [ref for ref, _ in fileless])
        Credit.objects.bulk_create(
            credit
            for ref, image in fileless
            for credit in self.new_credits(ref.credits, image=image)
        )
        for ref, image in fileless:
            photos.add(ref, image)
        return photos

    # Changed stories, one by one ------------------------------------------------

    def _update(self, article: Article, story: Story, fingerprint_: str) -> None:
        self.lookups.prepare([story])
        with reversion.create_revision():
            reversion.set_comment(f"Imported from {story.source_id}")
            photos = PhotoSet()
            for ref in ([story.lead_image] if story.lead_image else []) + list(
                story.images.values()
            ):
                reuse = article.lead_image if ref is story.lead_image else None
                photos.add(ref, self._save_photo(ref, reuse))
            _assign(
                article,
                {
                    "import_fingerprint": fingerprint_,
                    "headline": story.headline,
                    "standfirst": story.standfirst,
                    "body": sanitize_html(photos.place(story)),
                    "section_id": self.lookups.section_id(story.section),
                    "lead_image": photos.get(story.lead_image),
                    "lead_image_caption": story.lead_image_caption,
                    "credit_line_override": story.credit_line_override,
                    "embargo_until": story.embargo_until,
                },
            )
            if story.published_at is not None:
                article.published_at = story.published_at
            article.full_clean(exclude=["slug"], validate_unique=False)
            article.save()
            credits = self.credit_keys(story.credits)
            if current_credits(article) != credits:
                replace_credits(article.credits, credits, article=article)
            tags = set(self.lookups.tag_ids(story.tags))
            if set(article.tags.values_list("pk", flat=True)) != tags:
                article.tags.set(tags)
            known = set(article.corrections.values_list("note", "noted_at"))
            Correction.objects.bulk_create(
                _correction(article, ref)
                for ref in story.corrections
                if (ref.note, ref.noted_at) not in known
            )
        keep_dates(Article, [article], [story])

    def _library_photo(self, ref: ImageRef) -> Result:
        """A photo that belongs to no story (exports carry the whole library)."""
        existing = Image.objects.filter(pk=ref.id).first() if ref.id else None
        if existing is not None and (
            ref.file_path is None or existing.sha256 == sha256_file(ref)
        ):
            changed = _differs(existing, image_fields(ref)) or current_credits(
                existing
            ) != self.credit_keys(ref.credits)
            if not changed:
                return "unchanged"
            self._save_photo(ref, existing)
            return "updated"
        self._save_photo(ref, None)
        return "created"

    def _entity(self, ref: SectionRef | TagRef | CreditRef) -> Result:
        """A section, tag or contributor of an export, kept with its slug even
        when no story uses it."""
        if isinstance(ref, SectionRef):
            existed = Section.objects.filter(slug=ref.slug).exists()
            self.lookups.section_id(ref)
        elif isinstance(ref, TagRef):
            existed = Tag.objects.filter(name=ref.name).exists()
            self.lookups.tag_ids([ref])
        else:
            existed = Contributor.objects.filter(slug=ref.slug).exists()
            self.lookups.contributor(ref)
        return "unchanged" if existed else "created"

    # Photos -------------------------------------------------------------------

    def _save_photo(self, ref: ImageRef, reuse: Image | None) -> Image:
        image = reuse or Image()
        if ref.file_path is not None:
            with open(ref.file_path, "rb") as file:
                digest = sha256_of(file)
                same = Image.objects.filter(sha256=digest).first()
                if same is not None:
                    image = same
                elif image.sha256 != digest:
                    if image.pk and image.sha256:  # the story's photo was replaced
                        image = Image()
                    image.set_file(file, ref.original_filename or ref.file_path.name)
                    if (
                        image.pk is None
                        and ref.id
                        and not Image.objects.filter(pk=ref.id).exists()
                    ):
                        image.pk = ref.id
                    return self._finish_photo(image, ref, new_file=True)
        return self._finish_photo(image, ref, new_file=False)

    def _finish_photo(self, image: Image, ref: ImageRef, *, new_file: bool) -> Image:
        fields = image_fields(ref)
        credits = self.credit_keys(ref.credits)
        adding = image._state.adding
        if new_file or adding or _differs(image, fields):
            _assign(image, fields)
            image.full_clean(exclude=["file"], validate_unique=False)
            image.save()  # checks and stores a new file; ValidationError if bad
            if adding and ref.id and image.pk == ref.id:
                reset_sequence(Image)
        if adding or current_credits(image) != credits:
            replace_credits(image.credits, credits, image=image)
        keep_dates(Image, [image], [ref])
        return image

    def credit_keys(self, refs: list[CreditRef]) -> list[CreditKey]:
        keys = ((self.lookups.contributor(ref).pk, ref.role) for ref in refs)
        # One credit per contributor and role, as the unique constraints want.
        return list(dict.fromkeys(keys))

    def new_credits(self, refs: list[CreditRef], **target) -> list[Credit]:
        """Unsaved credits with their contributors attached, so nothing reads
        a contributor back to name it in the history."""
        seen, credits = set(), []
        for ref in refs:
            contributor = self.lookups.contributor(ref)
            if (contributor.pk, ref.role) not in seen:
                seen.add((contributor.pk, ref.role))
                credits.append(
                    Credit(
                        contributor=contributor,
                        role=ref.role,
                        position=len(credits),
                        **target,
                    )
                )
        return credits


class PhotoSet:
    """The saved image of each ImageRef of a batch, and the body markup that
    places them."""

    def __init__(self) -> None:
        self.images: dict[int, Image] = {}
        self.known_ids: set[int] = set()

    def add(self, ref: ImageRef, image: Image) -> None:
        self.images[id(ref)] = image
        self.known_ids.add(image.pk)

    def get(self, ref: ImageRef | None) -> Image | None:
        return self.images.get(id(ref)) if ref is not None else None

    def id_of(self, ref: ImageRef | None) -> int | None:
        image = self.get(ref)
        return image.pk if image else None

    def place(self, story: Story) -> str:
        """The body with each placed photo's marker replaced by its address;
        a photo without a file cannot be shown, and its <img> goes."""

        def address(match: re.Match) -> str:
            image = self.get(story.images.get(match.group(1)))
            if image is None or not image.file:
                return 'src=""'
            return f'src="{primary_rendition_url(image)}"'

        html = MARKER_SRC.sub(address, story.body_html)
        for ref in story.images.values():
            # An export's photo restored under another id (that one was taken).
            image = self.get(ref)
            if image is not None and ref.id and image.pk != ref.id:
                html = html.replace(
                    f"/renditions/{ref.id}/", f"/renditions/{image.pk}/"
                )
        return re.sub(r'<img\b[^>]*\bsrc=""[^>]*>', "", html)


# Shared pieces ------------------------------------------------------------------


def fingerprint(story: Story) -> str:
    """Everything the source said about the story, hashed; photo files by
    their content, so a replaced file is a change."""
    data = _facts(story)
    files = [
        sha256_file(ref)
        for ref in [story.lead_image, *story.images.values()]
        if ref is not None and ref.file_path is not None
    ]
    encoded = orjson.dumps(
        [data, files],
        default=str,
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
    )
    return hashlib.sha256(encoded).hexdigest()


# Where a record sits in its file and what was said about it are not what the
# source says: a story that moved down a file is the same story.
NOT_FACTS = frozenset({"record", "warnings"})


def _facts(value):
    """A dataclass as plain values for hashing, without NOT_FACTS at any level
    (dataclasses.asdict deep-copies everything, several times slower)."""
    if dataclasses.is_dataclass(value):
        return {
            name: _facts(getattr(value, name))
            for name in value.__dataclass_fields__
            if name not in NOT_FACTS
        }
    if isinstance(value, list):
        return [_facts(item) for item in value]
    if isinstance(value, dict):
        return {key: _facts(item) for key, item in value.items()}
    return value


def sha256_file(ref: ImageRef) -> str:
    try:
        with open(ref.file_path, "rb") as file:
            return sha256_of(file)
    except OSError as error:
        raise StoryError(
            f"cannot read the photo {ref.file_path.name}: {error.strerror or error}"
        ) from error


def image_fields(ref: ImageRef) -> dict[str, object]:
    return {name: getattr(ref, name) for name in IMAGE_FIELDS}


def assign_slugs(articles: list[Article], wanted: list[str]) -> None:
    """Slugs for a batch of new articles in two queries rather than one per
    article: the wanted slug (exports) or the headline's, unique."""
    from django.utils.text import slugify

    max_length = Article._meta.get_field("slug").max_length
    bases = [
        slug
        or (slugify(article.headline) or "item")[: max_length - 6].strip("-")
        or "item"
        for article, slug in zip(articles, wanted, strict=True)
    ]
    taken = set(Article.objects.filter(slug__in=bases).values_list("slug", flat=True))
    assigned: set[str] = set()
    for article, base in zip(articles, bases, strict=True):
        if base in taken or base in assigned:
            article.slug = unique_slug(article, base)
            while article.slug in assigned:  # taken within this batch
                article.slug = unique_slug(article, f"{base}-{len(assigned)}")
        else:
            article.slug = base
        assigned.add(article.slug)


def keep_ids(model, rows: list[models.Model], wanted: list[int | None]) -> bool:
    """Give rows the ids an export had where they are free, so a restored
    database answers with the same ids and addresses."""
    ids = [pk for pk in wanted if pk]
    if not ids:
        return False
    taken = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    kept = False
    for row, pk in zip(rows, wanted, strict=True):
        if pk and pk not in taken:
            row.pk, kept = pk, True
            taken.add(pk)
    return kept


def reset_sequence(model) -> None:
    """After rows were inserted with their own ids, PostgreSQL's sequence must
    move past them or the next new row would collide."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def keep_dates(
    model, rows: list[models.Model], sources: list[Story | ImageRef]
) -> None:
    """The export's own created and updated times, which saving replaced."""
    changed = []
    for row, source in zip(rows, sources, strict=True):
        if source.created_at or source.updated_at:
            row.created_at = source.created_at or row.created_at
            row.updated_at = source.updated_at or row.updated_at
            changed.append(row)
    if changed:
        # bulk_update writes the values as they are; save() would stamp now.
        model.objects.bulk_update(changed, ["created_at", "updated_at"])


def current_credits(target: Article | Image) -> list[CreditKey]:
    return list(
        target.credits.order_by("position", "pk").values_list("contributor_id", "role")
    )


def replace_credits(
    current: models.Manager, keys: list[CreditKey], **target: Article | Image
) -> None:
    current.all().delete()
    Credit.objects.bulk_create(
        Credit(contributor_id=contributor_id, role=role, position=position, **target)
        for position, (contributor_id, role) in enumerate(keys)
    )


def _correction(article: Article, ref: CorrectionRef) -> Correction:
    return Correction(
        article=article, kind=ref.kind, note=ref.note, noted_at=ref.noted_at
    )


def _differs(instance: models.Model, fields: dict[str, object]) -> bool:
    return any(getattr(instance, name) != value for name, value in fields.items())


def _assign(instance: models.Model, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def story_error(error: Exception) -> StoryError:
    """The one-line reason a story was refused."""
    if isinstance(error, StoryError):
        return error
    if isinstance(error, ValidationError):
        return StoryError(f"not saved: {_validation_message(error)}")
    if isinstance(error, (IntegrityError, DataError)):
        return StoryError(f"not saved: {_database_message(error)}")
    if isinstance(error, OSError):
        return StoryError(f"not saved: {error.strerror or error}")
    # Named, so that a bug can still be told apart from bad input.
    return StoryError(f"not saved: unexpected {type(error).__name__}: {error}")


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _database_message(error: Exception) -> str:
    """The model's own message for a named constraint the database reported
    (same words on every database), else the database's first line."""
    text = str(error)
    for model in (Credit, Article, Image, Contributor, Section, Tag):
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return constraint.get_violation_error_message()
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
