"""The editor's side of language editions (issue 23): making an edition of a
story, telling when it has fallen behind its source, and keeping in step
what every edition of a group shares.

- An edition is made as a draft in the source's group (the group made if
  need be): the source's text copied (nothing for an independent one), the
  same photos (the same Image rows, so their credits and rights are shared
  by construction), story credits, section, tags and embargo; never public
  by being made.
- An edition is stale when its source's fields that editions follow
  (`FOLLOWED_FIELDS`) changed after the revision it was made from or last
  brought up to date with (`source_revision`): the source keeps the revision
  of their last change (`edition_followed`), so a save of its status alone
  stales nothing. The desk decides what to do about it; nothing here
  rewrites an edition's text.
- Story credits (byline, "with files from") are the same people whatever
  the language: corrected on one edition, they are corrected on all, with
  a history revision on each. A correction noted on one edition is noted on
  every other one, word for word, at once: readers of every edition learn
  of the error when it is admitted, and the desk translates the note (a
  copy still word for word the same as an earlier note on another edition
  is "to translate")."""

from __future__ import annotations

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language_info

from articles.models.edition_followed import followed_revision_now, source_followed

# articles.models.editions mixes these classes in, so its names are
# imported where used.
TRANSLATION, ADAPTATION, INDEPENDENT = "translation", "adaptation", "independent"
MADE_RELATIONS = (TRANSLATION, ADAPTATION, INDEPENDENT)


def languages() -> list[str]:
    from articles.models.editions import languages

    return languages()


def language_name(code: str) -> str:
    """ "French" for "fr"; the code itself for one Django does not know."""
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


class EditionQuerySet(models.QuerySet):
    """Mixed into ArticleQuerySet."""

    def stale(self) -> models.QuerySet:
        """Editions whose source changed what they follow since they were
        made or brought up to date. An independent edition does not follow
        its source, so it is never stale."""
        return (
            self.alias(source_followed=source_followed())
            .filter(source_followed__gt=F("source_revision"))
            .exclude(edition_relation=INDEPENDENT)
        )

    def with_source_revision(self) -> models.QuerySet:
        """Each row's source's revision of its last followed change as
        `source_revision_now` (one join, no query per row), which
        `is_stale` reads."""
        return self.annotate(source_revision_now=source_followed())


class EditionDesk:
    """Mixed into Article (through the abstract Edition)."""

    # The source's fields an edition follows: what its diff shows.
    FOLLOWED_FIELDS = (
        "headline",
        "standfirst",
        "body",
        "section",
        "lead_image",
        "lead_image_caption",
        "embargo_until",
    )

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def other_editions(self) -> models.QuerySet:
        """The group's other editions (none when the story has no group)."""
        model = type(self)
        if self.edition_group_id is None:
            return model.objects.none()
        return model.objects.filter(edition_group_id=self.edition_group_id).exclude(
            pk=self.pk
        )

    def missing_languages(self, taken: list[str] | None = None) -> list[str]:
        """The newsroom's languages with no edition of this story yet."""
        if taken is None:
            taken = list(self.other_editions().values_list("language", flat=True))
        have = {self.language, *taken}
        return [code for code in languages() if code not in have]

    @property
    def is_stale(self) -> bool:
        """Its source saved since it was made or brought up to date (read
        from `with_source_revision()` when annotated)."""
        if self.edition_relation == INDEPENDENT:
            return False
        if self.source_revision is None or self.edition_source_id is None:
            return False
        now = getattr(self, "source_revision_now", None)
        if now is None and not hasattr(self, "source_revision_now"):
            now = followed_revision_now(self.edition_source)
        return now is not None and now > self.source_revision

    # Making an edition ---------------------------------------------------

    def make_edition(self, language: str, relation: str, *, user=None):
        """A new draft edition of this story in `language`, related to it by
        `relation`, in its group (made if need be). Refused
        (ValidationError) for a language the newsroom does not publish or
        one the group already has."""
        from articles.models.articles import Article
        from articles.models.credits import Credit
        from articles.models.editions import EditionGroup

        if relation not in MADE_RELATIONS:
            raise ValidationError(
                "Choose a translation, an adaptation or an independent edition."
            )
        if language not in languages():
            raise ValidationError(f"The newsroom does not publish in “{language}”.")
        with transaction.atomic():
            # Locked: two editors making the same edition at once make one.
            source = Article.objects.select_for_update().get(pk=self.pk)
            if source.edition_group_id is None:
                group = EditionGroup.objects.create()
                # Not a save: the source's text and revision stay as they are.
                Article.objects.filter(pk=source.pk).update(edition_group=group)
                source.edition_group = self.edition_group = group
            if language not in source.missing_languages():
                raise ValidationError(
                    f"This story already has a {language_name(language)} edition."
                )
            copies_text = relation != INDEPENDENT
            edition = Article(
                # An independent edition keeps the headline as a working title.
                headline=source.headline,
                standfirst=source.standfirst if copies_text else "",
                body=source.body if copies_text else "",
                lead_image_caption=source.lead_image_caption if copies_text else "",
                section_id=source.section_id,
                lead_image_id=source.lead_image_id,
                social_image_id=source.social_image_id,
                embargo_until=source.embargo_until,
                language=language,
                edition_group_id=source.edition_group_id,
                edition_source=source,
                edition_relation=relation,
                source_revision=source.revision,
                status=Article.Status.DRAFT,
                created_by=user,
                updated_by=user,
            )
            edition.save()
            edition.tags.set(source.tags.all())
            Credit.objects.bulk_create(
                Credit(
                    article=edition,
                    contributor_id=credit.contributor_id,
                    role=credit.role,
                    position=credit.position,
                )
                for credit in source.credits.all()
            )
            kind = edition.get_edition_relation_display().lower()
            record_revision(
                [edition],
                f"Made as the {kind} of the {source.language_name} edition "
                f"(its revision {source.revision})",
                user,
            )
            # The source as the edition was made from it: the stale diff's
            # starting point, whatever history the source had before.
            record_revision(
                [source],
                f"The {language_name(language)} edition made from this version",
                user,
            )
        return edition

    def mark_up_to_date(self, revision: int | None = None, *, user=None) -> None:
        """Say the edition has caught up with its source's `revision` (its
        current one by default). Not a save of the story: its text, status
        and revision are left as they are."""
        from articles.models.articles import Article

        if self.edition_source_id is None:
            raise ValidationError("This story is not an edition of another one.")
        with transaction.atomic():
            source = Article.objects.get(pk=self.edition_source_id)
            revision = (
                source.revision if revision is None else min(revision, source.revision)
            )
            Article.objects.filter(pk=self.pk).update(source_revision=revision)
            self.source_revision = revision
            record_revision(
                [self],
                f"Marked as up to date with the {source.language_name} edition "
                f"(its revision {revision})",
                user,
            )
            record_revision([source], "A version an edition is up to date with", user)

    def source_state_made_from(self) -> dict | None:
        """The source's fields (django-reversion's field_dict) at the revision
        this edition was made from or brought up to date with, or None when
        its history does not reach back that far."""
        from reversion.models import Version

        if self.edition_source_id is None or self.source_revision is None:
            return None
        versions = Version.objects.get_for_object_reference(
            type(self), self.edition_source_id
        ).order_by("-pk")
        for version in versions.iterator():
            revision = version.field_dict.get("revision")
            if revision is not None and revision <= self.source_revision:
                return version.field_dict if revision == self.source_revision else None
        return None

    # What the group shares ---------------------------------------------------

    def share_credits(self, *, user=None) -> list:
        """This edition's story credits onto every other edition of its
        group, in one transaction, with a history revision on each edition
        changed. Returns the editions changed."""
        from articles.models.credits import Credit

        wanted = [
            (credit.contributor_id, credit.role, credit.position)
            # Read afresh: the admin's copy has its credits from before the save.
            for credit in Credit.objects.filter(article_id=self.pk)
        ]
        changed = []
        with transaction.atomic():
            for edition in self.other_editions().select_for_update():
                have = {(c.contributor_id, c.role): c for c in edition.credits.all()}
                current = sorted(
                    (c, r, credit.position) for (c, r), credit in have.items()
                )
                if current == sorted(wanted):
                    continue
                keep = {(contributor, role) for contributor, role, _ in wanted}
                for key, credit in have.items():
                    if key not in keep:
                        credit.delete()  # its signal refreshes the document
                for contributor, role, position in wanted:
                    credit = have.get((contributor, role))
                    if credit is None:
                        Credit.objects.create(
                            article=edition,
                            contributor_id=contributor,
                            role=role,
                            position=position,
                        )
                    elif credit.position != position:
                        credit.position = position
                        credit.save(update_fields=["position"])
                changed.append(edition)
            record_revision(
                changed,
                f"Credits corrected from the {self.language_name} edition",
                user,
            )
        return changed

    def share_correction(self, correction, *, user=None) -> list:
        """Note `correction` (one of this edition's) on every other edition
        of the group, word for word, for the desk to translate. Returns the
        editions it was noted on."""
        from articles.models.corrections import Correction

        editions = list(self.other_editions())
        with transaction.atomic():
            for edition in editions:
                # One by one: each save's signal refreshes that document.
                Correction.objects.create(
                    article=edition,
                    kind=correction.kind,
                    note=correction.note,
                    noted_at=correction.noted_at,
                    created_by=correction.created_by,
                )
            record_revision(
                editions,
                f"{correction.get_kind_display()} noted from the "
                f"{self.language_name} edition, in its words: to translate",
                user,
            )
        return editions

    def corrections_to_translate(self) -> models.QuerySet:
        """This edition's corrections still word for word the same as an
        earlier one on another edition of the group: copies not yet
        translated."""
        from articles.models.corrections import Correction

        if self.edition_group_id is None:
            return Correction.objects.none()
        earlier = Correction.objects.filter(
            ~Q(article_id=self.pk),
            article__edition_group_id=self.edition_group_id,
            note=OuterRef("note"),
            pk__lt=OuterRef("pk"),
        )
        return self.corrections.filter(Exists(earlier))


def record_revision(articles: list, comment: str, user=None) -> None:
    """A django-reversion revision of its own for each of `articles` (with
    what its registration follows: credits, corrections), as the admin's
    save writes one. Written directly, because inside the admin's save the
    revision in progress would swallow them into its own."""
    import reversion
    from reversion.models import Revision, Version
    from reversion.revisions import _get_options

    if not articles or not reversion.is_registered(type(articles[0])):
        return
    from django.contrib.contenttypes.models import ContentType

    now = timezone.now()
    for article in articles:
        revision = Revision.objects.create(date_created=now, comment=comment, user=user)
        rows = [article, *_followed(article)]
        Version.objects.bulk_create(
            Version(
                revision=revision,
                content_type=ContentType.objects.get_for_model(type(row)),
                object_id=str(row.pk),
                db=row._state.db or "default",
                format=_get_options(type(row)).format,
                serialized_data=serializers.serialize(
                    _get_options(type(row)).format,
                    [row],
                    fields=_get_options(type(row)).fields,
                ),
                object_repr=str(row)[:191],
            )
            for row in rows
        )


def _followed(article) -> list:
    from reversion.revisions import _get_options

    # As stored now, not as prefetched before a save.
    article._prefetched_objects_cache = {}
    rows = []
    for name in _get_options(type(article)).follow:
        related = getattr(article, name, None)
        if isinstance(related, models.Manager):
            rows += list(related.all())
        elif isinstance(related, models.Model):
            rows.append(related)
    return rows
