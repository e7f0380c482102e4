"""The newsroom's rules at publish (issue 22, item 7), checked by the one
write every way in shares: `Article.save()` of a story that is, or becomes,
published or scheduled (Publish, Schedule, Publish changes, the bulk action,
the write API, a re-import). New stories an import publishes in bulk are
held as drafts instead (`hold_refused`).

Per photo (the lead photo and those placed in the body), each rule refuses,
warns or is off, as the story's section says (articles.models.taxonomy):

- ai_caption: labelled AI-generated or AI-edited, and the caption readers
  see with it (the story's, else the photo's own) does not say so;
- invalid_credentials: content credentials invalid;
- agency_source_type: credited to a news agency, no digital source type;
- forbidden_use: a kill or no-online instruction in its terms, or PLUS
  terms prohibiting AI training in a section offered for it.

A refusal is lifted by an override: someone with the Editor role (may
publish) and a reason, recorded as a PublishOverride row with the problems
it overrode. Expired rights are not a rule here: `rights_hold` withholds the
photo from readers at query time."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef

from articles.imaging.c2pa_read import INVALID
from articles.imaging.source_types import LABEL_NAMES, forbids_ai_training
from articles.models.taxonomy import OFF, REFUSE, WARN, Section
from articles.publishing.transitions import LIVE_STATUSES
from articles.text.photo_disclosure import (
    caption_discloses_ai,
    placed_photo_captions,
    terms_forbid_publication,
)

AI_CAPTION = "ai_caption"
INVALID_CREDENTIALS = "invalid_credentials"
AGENCY_SOURCE_TYPE = "agency_source_type"
FORBIDDEN_USE = "forbidden_use"
# The rule -> its Section field.
RULE_FIELDS = {
    AI_CAPTION: "ai_caption_rule",
    INVALID_CREDENTIALS: "invalid_credentials_rule",
    AGENCY_SOURCE_TYPE: "agency_source_type_rule",
    FORBIDDEN_USE: "forbidden_use_rule",
}
REFUSAL_CODE = "publish_rules"
# An Image's fields the rules read (one query, whatever the photo count).
PHOTO_FIELDS = (
    "caption",
    "original_filename",
    "alt_text",
    "xmp_source_type",
    "source_type_override",
    "content_credentials",
    "data_mining",
    "other_constraints",
    "usage_terms",
    "restrictions",
)


@dataclass(frozen=True)
class Problem:
    rule: str
    action: str  # REFUSE or WARN
    image_id: int
    message: str


@dataclass(frozen=True)
class Override:
    """Publish despite the refusing rules: who, and why."""

    user: object
    reason: str


class PublishRefused(ValidationError):
    """The rules refuse to publish the story; `problems` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            [ValidationError(p.message, code=REFUSAL_CODE) for p in problems]
        )


def photos_for_rules(ids) -> dict[int, object]:
    """The photos by id with what the rules read, and whether a news agency
    is credited on each (`agency_credited`): one query."""
    from articles.models.credits import Credit
    from articles.models.images import Image

    agency = Credit.objects.filter(image=OuterRef("pk"), contributor__kind="agency")
    rows = (
        Image.objects.filter(pk__in=ids)
        .only(*PHOTO_FIELDS)
        .annotate(agency_credited=Exists(agency))
    )
    return {image.pk: image for image in rows}


def photo_problems(image, caption: str, section: Section | None) -> list[Problem]:
    """What the section's rules say of `image` shown with `caption`."""
    rules = section or Section()  # no section: the defaults

    def rule(name: str) -> str:
        return getattr(rules, RULE_FIELDS[name])

    named = f"Photo “{image}” (#{image.pk})"
    found = []
    kind = image.source_type
    if kind.label and not caption_discloses_ai(caption):
        found.append(
            (
                AI_CAPTION,
                f"{named} is labelled {LABEL_NAMES[kind.label]} and its caption "
                "does not say so: add “AI-generated”, “generated with AI” or "
                "“illustration” to the caption.",
            )
        )
    if image.credentials_state == INVALID:
        found.append(
            (
                INVALID_CREDENTIALS,
                f"{named} has invalid content credentials (altered after "
                "signing, or unreadable).",
            )
        )
    if getattr(image, "agency_credited", False) and not kind.uri:
        found.append(
            (
                AGENCY_SOURCE_TYPE,
                f"{named} is an agency's photo with no digital source type: "
                "ask the agency, or set it on the photo's page.",
            )
        )
    phrase = terms_forbid_publication(
        image.restrictions, image.usage_terms, image.other_constraints
    )
    if phrase:
        found.append(
            (FORBIDDEN_USE, f"{named}: its terms forbid publishing it (“{phrase}”).")
        )
    elif rules.offered_for_ai_training and forbids_ai_training(image.data_mining):
        found.append(
            (
                FORBIDDEN_USE,
                f"{named}: its data-mining terms prohibit AI training, and "
                "this section's stories are offered for it.",
            )
        )
    return [
        Problem(name, rule(name), image.pk, message)
        for name, message in found
        if rule(name) != OFF
    ]


class PublishOverride(models.Model):
    """A story published despite the rules: who, when, why, and what."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="publish_overrides",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    problems = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Override on {self.article_id} by {self.user}: {self.reason}"


class PublishRules:
    """Article's side: its photos' problems, and the guard its save runs."""

    # Set by ArticleDraft.publish: its save publishes, though the story is live.
    publishes_draft = False
    # Set by whoever publishes despite a refusal (an Override).
    publish_override: Override | None = None
    # The warnings of the last checked save, for the admin to show.
    publish_warnings: list[Problem] = []
    # The PublishOverride row the last save recorded, if any.
    recorded_override: PublishOverride | None = None

    def publishing_problems(self, photos: dict | None = None) -> list[Problem]:
        """Every rule's problems with the story's photos as they stand on
        the instance (unsaved values included). One query for the photos
        when there are any, one for the section when a rule is broken and
        it is not loaded; none for a story without photos."""
        captions = placed_photo_captions(self.body) if "<img" in self.body else {}
        ids = ([self.lead_image_id] if self.lead_image_id else []) + [
            pk for pk in captions if pk != self.lead_image_id
        ]
        if not ids:
            return []
        if photos is None:
            # The form's check and the save's read the same photos once.
            cached = getattr(self, "_photos_for_rules", None)
            if cached is None or cached[0] != ids:
                self._photos_for_rules = (ids, photos_for_rules(ids))
            photos = self._photos_for_rules[1]
        section = None
        problems = []
        for pk in ids:
            if (image := photos.get(pk)) is None:
                continue
            if pk == self.lead_image_id:
                caption = self.lead_image_caption or image.caption
            else:
                caption = captions[pk] or image.caption
            everything = Section(offered_for_ai_training=True)
            if not photo_problems(image, caption, everything):
                continue  # nothing any section's rules would say
            if section is None and self.section_id:
                section = self.section
            problems += photo_problems(image, caption, section)
        return problems

    def check_publish_rules(self, before, update_fields=None) -> Override | None:
        """Refuse (PublishRefused) a save that publishes (a story not live
        before, `before` its stored visibility, made published or scheduled;
        a working draft made live) while a rule refuses it, unless an editor
        overrides with a reason: the override to record once saved (see
        `record_override`). Other saves of a live story are not checked."""
        self.publish_warnings = []
        publishes = before is None or before.status not in LIVE_STATUSES
        if self.publishes_draft:
            publishes, self.publishes_draft = True, False
        live = self.status in LIVE_STATUSES and update_fields is None
        if not (live and publishes):
            return None
        problems = self.publishing_problems()
        self.publish_warnings = [p for p in problems if p.action == WARN]
        refusals = [p for p in problems if p.action == REFUSE]
        if not refusals:
            return None
        override = self.publish_override
        if override is None:
            raise PublishRefused(refusals)
        if not override.reason.strip():
            raise ValidationError(
                "Publishing despite the rules needs a reason.", code="override_reason"
            )
        if not override.user.has_perm("articles.publish_article"):
            raise ValidationError(
                "Only an editor may publish despite the rules.", code="override_role"
            )
        self.overridden_problems = refusals
        return override

    def record_override(self, override: Override | None) -> None:
        if override is None:
            return
        self.recorded_override = PublishOverride.objects.create(
            article=self,
            user=override.user,
            reason=override.reason.strip(),
            problems=[
                {"rule": p.rule, "image": p.image_id, "message": p.message}
                for p in self.overridden_problems
            ],
        )
        self.publish_override = None  # one save, one override


def hold_refused(articles: list, stories: list) -> None:
    """New stories an import is about to publish in bulk (unsaved, with
    the Story each came from): those a rule refuses become drafts instead,
    the reasons added to the story's warnings (the import's report shows
    them); one query for all their photos, one for their sections."""
    live = [
        (article, story)
        for article, story in zip(articles, stories, strict=True)
        if article.status in LIVE_STATUSES
    ]
    ids = {article.lead_image_id for article, _ in live if article.lead_image_id}
    for article, _ in live:
        if "<img" in article.body:
            ids.update(placed_photo_captions(article.body))
    if not ids:
        return
    photos = photos_for_rules(ids)
    # The sections the rules read, in one query rather than one per story.
    sections = Section.objects.in_bulk(
        {article.section_id for article, _ in live if article.section_id}
    )
    for article, story in live:
        if article.section_id:
            article.section = sections[article.section_id]
        problems = article.publishing_problems(photos)
        refusals = [p.message for p in problems if p.action == REFUSE]
        if refusals:
            article.status = article.Status.DRAFT
            article.first_published_at = None
            story.warnings.append(
                "imported as a draft: the rules at publish refuse it: "
                + " ".join(refusals)
            )
