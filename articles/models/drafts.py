"""Working drafts of live stories: changes to a published or scheduled story
kept aside until an editor publishes them, while readers, feeds, webhooks,
the cache and the CDN keep seeing the live version.

A draft is one row per story holding the story's editable fields as the
change form cleaned them. Saving one never calls Article.save() and touches
nothing a public surface reads, so no transition is announced. Publishing
writes the values onto the story and saves it once, in one transaction: one
transition (articles.publishing.transitions), then the draft goes.

Credits and corrections are rows of their own and are not drafted: the
admin refuses to change them in a draft save and saves them with
"Publish changes"."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from articles.models.articles import Article, EditConflict
from articles.models.corrections import Correction
from articles.models.imported_copy import copy_hash
from articles.text.sanitize import sanitize_html

AGENCY = "agency"

# The story's fields a draft carries (those the change form offers).
DRAFTED_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "section",
    "tags",
    "lead_image",
    "lead_image_caption",
    "status",
    "published_at",
    "embargo_until",
    "source_id",
    "credit_line_override",
    "seo_headline",
    "meta_description",
    "social_headline",
    "social_image",
    "digital_source_type",
    "machine_translated",
    "source_note",
    # Language editions (issue 23): changed on a live edition, they wait
    # for "Publish changes" like the rest.
    "language",
    "edition_relation",
    "edition_gate",
    "gate_delay_minutes",
)


def values_of(article: Article, names=DRAFTED_FIELDS, tags=None) -> dict:
    """`article`'s fields `names` as a draft stores them (ids for related
    rows, a sorted id list for tags, ISO times); `tags` overrides the stored
    tags."""
    values = {}
    for name in names:
        field = Article._meta.get_field(name)
        if name == "tags":
            ids = (
                tags if tags is not None else article.tags.values_list("pk", flat=True)
            )
            values[name] = sorted(t if isinstance(t, int) else t.pk for t in ids)
        else:
            value = getattr(article, field.attname)
            # Full precision: JSON encoders keep milliseconds only.
            values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values


def python_values(stored: dict) -> dict:
    """A draft's JSON back to Python values (datetimes parsed), in the
    form's order (PostgreSQL's jsonb keeps no order)."""
    values = {}
    for name in (n for n in DRAFTED_FIELDS if n in stored):
        value = stored[name]
        field = Article._meta.get_field(name)
        if name == "tags":
            values[name] = sorted(value)
        elif value is None or field.is_relation:
            values[name] = value
        else:
            values[name] = field.to_python(value)
    return values


class ArticleDraft(models.Model):
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="working_draft",
    )
    # DRAFTED_FIELDS by name, as `values_of` gives them.
    values = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    # The story's revision the draft was made from: publishing it over a
    # story saved since would overwrite that save (EditConflict).
    base_revision = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField()
    submitted_for_review = models.BooleanField(default=False)
    # "agency": an agency's newer version of a story an editor had changed,
    # offered rather than written over the editor ("Agency update
    # available"); an editor's save of it makes it theirs (""). Its wire
    # facts (version, urgency, slugline, dateline, and the correction or
    # update notes it signals) go onto the story when it is published.
    source = models.CharField(
        max_length=20, blank=True, choices=[("", "Editor"), ("agency", "Agency")]
    )
    source_facts = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    # "Publish changes at…": made live at this moment by whoever comes first,
    # a public request or the task worker (articles.publishing.due_drafts),
    # as `scheduled_by`. Any later save of the draft clears it: what goes
    # live is what the editor scheduled. `schedule_note` says why a
    # scheduled publication did not happen (the draft is kept, unscheduled).
    publish_at = models.DateTimeField(null=True, blank=True, db_index=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    schedule_note = models.TextField(blank=True)

    class Meta:
        verbose_name = "working draft"

    def __str__(self) -> str:
        return f"Working draft of {self.article_id}"

    @property
    def token(self) -> str:
        """Names this save of the draft; the change form carries it so that
        a save over someone else's later draft is refused."""
        return self.saved_at.isoformat()

    def python_values(self) -> dict:
        return python_values(self.values)

    def apply_to(self, article: Article) -> None:
        """Write the draft's fields (tags aside) onto `article`, unsaved."""
        for name, value in self.python_values().items():
            if name != "tags":
                setattr(article, Article._meta.get_field(name).attname, value)

    @property
    def agency_update_available(self) -> bool:
        return self.source == AGENCY

    def apply_source_facts(self, article: Article) -> None:
        """The agency's facts onto `article` (unsaved) and its notes as
        corrections. A draft published as the agency sent it leaves the
        story reading as the agency's: its next version applies again."""
        facts = self.source_facts or {}
        for name in ("source_version", "urgency", "slugline", "dateline"):
            if name in facts:
                setattr(article, name, facts[name])
        if self.source == AGENCY:
            article.imported_copy = copy_hash(article, self.values.get("tags", []))
        Correction.objects.bulk_create(
            Correction(
                article=article,
                kind=note["kind"],
                note=note["note"],
                noted_at=datetime.fromisoformat(note["noted_at"]),
            )
            for note in facts.get("notes", [])
        )

    @classmethod
    def store(
        cls,
        article: Article,
        values: dict,
        *,
        user,
        opened_revision: int,
        opened_draft: str,
        submitted: bool = False,
        publish_at: datetime | None = None,
    ) -> ArticleDraft:
        """Keep `values` as `article`'s working draft, to be published at
        `publish_at` if given (any earlier schedule is dropped either way).
        Refused (EditConflict) when the live story or its draft was saved by
        someone after this copy was opened. Writes the draft row only, and
        for a schedule the content version's next timed change."""
        with transaction.atomic():
            state = article.saved_state(lock=True)
            if conflict := article.conflict(opened_revision, state):
                raise conflict
            draft = cls.objects.filter(article=article).first()
            if draft is not None and draft.token != opened_draft:
                raise EditConflict(article, draft.saved_by, draft.saved_at)
            draft = draft or cls(article=article)
            # Cleaned as a save cleans it: previews show the draft's body.
            draft.values = (
                {**values, "body": sanitize_html(values["body"])}
                if "body" in values
                else values
            )
            draft.base_revision = opened_revision
            draft.saved_by = user
            draft.saved_at = timezone.now()
            draft.submitted_for_review = submitted
            draft.source = ""  # a person's draft now, whoever offered it
            draft.publish_at = publish_at
            draft.scheduled_by = user if publish_at else None
            draft.schedule_note = ""
            draft.save()  # a time: articles.publishing.due_drafts counts it
            return draft

    def unschedule(self, note: str = "") -> None:
        """The draft stays, published by nobody at its time; `note` says why
        when it is not the editor's choice. The content version's next timed
        change may still name the old moment: it then moves the number once,
        harmlessly."""
        self.publish_at, self.scheduled_by, self.schedule_note = None, None, note
        self.save(update_fields=["publish_at", "scheduled_by", "schedule_note"])

    def publish(self, *, user) -> Article:
        """Make the draft live: its fields onto the story, saved once (one
        transition), then the draft deleted. Refused (EditConflict) when the
        story was saved after the draft was made from it."""
        article = self.article
        with transaction.atomic():
            self.apply_to(article)
            self.apply_source_facts(article)
            article.revision = self.base_revision
            article.updated_by = user
            article.publishes_draft = True  # the rules at publish apply
            if "tags" in self.values:
                set_tags_quietly(article, self.values["tags"])
            article.save()  # checks base_revision under lock; announces once
            if self.pk is not None:
                self.delete()
        return article


def set_tags_quietly(article: Article, ids: list[int]) -> None:
    """The story's tags, written through the link table without
    m2m_changed: the story's own save right after announces the change, once."""
    links = Article.tags.through.objects
    ids = set(ids)
    links.filter(article_id=article.pk).exclude(tag_id__in=ids).delete()
    have = set(links.filter(article_id=article.pk).values_list("tag_id", flat=True))
    links.bulk_create(
        Article.tags.through(article_id=article.pk, tag_id=pk) for pk in ids - have
    )
