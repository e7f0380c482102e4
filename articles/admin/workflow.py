"""Who may do what to a story in the admin, and the guard against lost
edits. Permissions say what a role may touch at all (articles.roles); these
rules add what they cannot say: a writer works on their own drafts only (and
on working drafts of their own live stories, which they submit for review),
and only editors set times, schedule, publish or unpublish."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.admin.story_actions import (
    CONFIRM_CODE,
    PUBLISH_AT,
    UNPUBLISH,
    apply_to_status,
    confirmation,
)
from articles.models import Article, ArticleDraft
from articles.models.drafts import DRAFTED_FIELDS, values_of

# The pure rules live in articles.roles, shared with the write API; the
# admin's modules keep importing them from here.
from articles.roles import (  # noqa: F401
    LIVE_STORY_FIELDS,
    PUBLISHING_FIELDS,
    WRITER_STATUSES,
    can_edit,
    can_publish,
    is_live,
)


class ArticleForm(forms.ModelForm):
    """Carries the revision the editor opened, so that a save over someone
    else's later save is refused with the editor's text still on screen."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The working draft's save the editor opened ("" for none): a save over
    # someone else's later draft is refused like one over the live story.
    opened_draft = forms.CharField(widget=forms.HiddenInput, required=False)
    # "Publish changes at…" (a live story's working draft), in the page's
    # time zone; drawn beside its button, not in a fieldset.
    publish_changes_at = forms.DateTimeField(
        required=False,
        label="Publish changes at",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    # On the revert and recover pages (django-reversion) the old version is
    # already written, raw, when the form is made: the state to compare with
    # is the one before it (ArticleAdmin sets this per request).
    before_revert: tuple | None = None
    # The action button pressed (articles.admin.story_actions), and whether
    # the page asks before one that changes what readers see; set per request.
    story_action: str | None = None
    ask_confirmation = False

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 (the admin picks them from its fieldsets)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_revision"].initial = (
            self.before_revert[0] if self.before_revert else self.instance.revision
        )
        # Decided on the stored story, before the posted values go onto it.
        self.drafting = self.before_revert is None and is_live(self.instance)
        self.draft = None
        if self.drafting:
            self.draft = (
                ArticleDraft.objects.filter(article=self.instance)
                .select_related("saved_by", "scheduled_by")
                .first()
            )
            self.fields["opened_draft"].initial = self.draft.token if self.draft else ""
        if self.draft is not None:
            # The form opens on the draft, not on the live version.
            stored = self.draft.python_values()
            self.initial.update({k: v for k, v in stored.items() if k in self.fields})
            if self.draft.publish_at:
                at = timezone.localtime(self.draft.publish_at)
                self.initial["publish_changes_at"] = at

    def draft_values(self) -> dict:
        """The validated form's story fields, as a working draft stores them."""
        names = [name for name in DRAFTED_FIELDS if name in self.fields]
        values = values_of(self.instance, names, tags=self.cleaned_data.get("tags"))
        for name in PUBLISHING_FIELDS:
            # The form's inputs stop at the second: a time left as it was
            # keeps its stored precision, so the draft does not change it.
            if name in values and name not in self.changed_data:
                stored = self.initial.get(name)
                values[name] = stored.isoformat() if stored else None
        return values

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_revision")
        if self.instance.pk is not None and opened is not None:
            state = self.before_revert or self.instance.saved_state()
            conflict = self.instance.conflict(opened, state)
            if self.before_revert and conflict is None:
                # Carry the number on from before the revert, never back.
                Article.objects.filter(pk=self.instance.pk).update(revision=opened)
            self.instance.revision = opened
            if conflict:
                raise ValidationError(
                    f"{conflict} Your version is still in the form below: copy "
                    "what you need, open the story again in a new tab to see "
                    "theirs, and merge.",
                    code="edit_conflict",
                )
        if self.drafting:
            current = self.draft.token if self.draft else ""
            if (cleaned.get("opened_draft") or "") != current:
                raise ValidationError(
                    f"{draft_conflict(self.instance, self.draft)} Your version is "
                    "still in the form below: copy what you need, open the story "
                    "again in a new tab to see theirs, and merge.",
                    code="edit_conflict",
                )
        if self.story_action == PUBLISH_AT:
            self.check_publish_at(cleaned.get("publish_changes_at"))
        # What the action makes of the story, kept aside until it stands: a
        # form sent back to ask first shows the story as it is.
        action, target = self.story_action, dict(cleaned)
        if not self.drafting:
            apply_to_status(self, target, action)
        elif action == UNPUBLISH and "status" in target:
            target["status"] = Article.Status.DRAFT
        asking = self.ask_confirmation and not self.errors
        if asking and (question := confirmation(self, target, action)):
            raise ValidationError(question, code=CONFIRM_CODE)
        cleaned.update({k: v for k, v in target.items() if k not in self.errors})
        status = cleaned.get("status")
        if status == Article.Status.SCHEDULED and not cleaned.get("published_at"):
            self.add_error("published_at", "A scheduled story needs its time.")
        return cleaned

    def check_publish_at(self, at) -> None:
        """The time of "Publish changes at…": a live story's, still to come."""
        if not self.drafting:
            self.add_error(None, "Only a live story's changes are published at a time.")
        elif at is None or at <= timezone.now():
            self.add_error(
                "publish_changes_at",
                ValidationError(
                    "Choose a time still to come to publish the changes at (or "
                    "publish them now).",
                    code="schedule_time",
                ),
            )


def draft_conflict(article: Article, draft: ArticleDraft | None) -> str:
    if draft is None:
        return (
            "The working draft this copy was opened with has been published or "
            "discarded since. Nothing was overwritten."
        )
    by = draft.saved_by
    who = (by.get_full_name() or by.get_username()) if by else "Someone"
    when = timezone.localtime(draft.saved_at).strftime("%Y-%m-%d %H:%M:%S %Z")
    return (
        f"{who} saved a working draft of “{article.headline}” at {when}, after "
        "this copy was opened. Nothing was overwritten."
    )
