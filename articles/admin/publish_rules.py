"""The rules at publish in the story form (articles.models.publish_rules):
a Publish, Schedule or Publish changes that a rule refuses comes back with
the reasons and nothing saved; an editor may publish anyway with a reason
(the form's `publish_override_reason`), recorded as a PublishOverride row and
in the story's history; warnings are said once the story is published."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from articles.admin.story_actions import PUBLISH, UNPUBLISH
from articles.models import Article, PublishOverride
from articles.models.publish_rules import REFUSAL_CODE, WARN, Override
from articles.publishing.transitions import LIVE_STATUSES
from articles.roles import can_publish

OVERRIDE_FIELD = "publish_override_reason"


class PublishRulesCheck(forms.ModelForm):
    """Mixed into the story form per POST (StoryActionsAdmin.get_form),
    with `publish_user` set: checks the story as the action leaves it."""

    publish_override_reason = forms.CharField(required=False, max_length=500)
    publish_user = None

    def leaves_live(self) -> bool:
        if self.story_action == UNPUBLISH:
            return False
        if self.drafting:  # a working draft: only "Publish changes" writes
            return self.story_action == PUBLISH
        return self.instance.status in LIVE_STATUSES

    def _post_clean(self):
        super()._post_clean()
        self.publish_warnings, self.refused = [], False
        if self.errors or not self.leaves_live():
            return
        problems = self.instance.publishing_problems()
        self.publish_warnings = [p for p in problems if p.action == WARN]
        refusals = [p for p in problems if p.action != WARN]
        reason = self.cleaned_data.get(OVERRIDE_FIELD, "").strip()
        if refusals and reason and can_publish(self.publish_user):
            self.instance.publish_override = Override(self.publish_user, reason)
        elif refusals:
            self.refused = True
            self.add_error(
                None,
                [ValidationError(p.message, code=REFUSAL_CODE) for p in refusals],
            )


def override_context(request: HttpRequest, form) -> dict:
    """The reason box under a refusal, for those who may override."""
    if not getattr(form, "refused", False):
        return {}
    return {"publish_rules": {"may_override": can_publish(request.user)}}


def say_warnings(request: HttpRequest, article: Article) -> None:
    for problem in article.publish_warnings:
        messages.warning(request, f"Published with a warning: {problem.message}")


def override_message(form) -> str:
    """For the history's comment: what the editor overrode, and why."""
    override = getattr(form.instance, "recorded_override", None)
    if override is None:
        return ""
    return f"Published despite the rules at publish: {override.reason}"


@admin.register(PublishOverride)
class PublishOverrideAdmin(admin.ModelAdmin):
    """Read-only: who published what despite the rules, and why."""

    list_display = ["article", "user", "reason", "created_at"]
    list_select_related = ["article", "user"]
    readonly_fields = ["article", "user", "reason", "problems", "created_at"]
    search_fields = ["article__headline", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
