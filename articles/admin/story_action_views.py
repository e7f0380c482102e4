"""The story admin's side of the action buttons (articles.admin.
story_actions): the role check before any form is made, the pressed action
handed to the form, the buttons and the confirmation on the page."""

from __future__ import annotations

from django.contrib import messages
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from articles.admin.display import status_badge
from articles.admin.publish_rules import (
    PublishRulesCheck,
    override_context,
    override_message,
    say_warnings,
)
from articles.admin.story_actions import (
    CONFIRM_CODE,
    CONFIRM_LABELS,
    CONFIRMED,
    PUBLISH,
    SCHEDULE,
    SUBMIT,
    UNPUBLISH,
    asks_first,
    buttons,
    check_role,
    posted_action,
    take_confirmation,
)
from articles.admin.workflow import can_publish

OUTCOMES = {
    SUBMIT: "Submitted “{}” for review.",
    PUBLISH: "Published “{}”.",
    SCHEDULE: "Scheduled “{}”.",
    UNPUBLISH: "Unpublished “{}”: it is a draft again.",
}


class StoryActionsAdmin:
    """Mixed into ArticleAdmin, before its ModelAdmin bases."""

    def story_action_post(self, request: HttpRequest, stored) -> None:
        """First thing on the add and change views: refuse an action the
        user's role does not allow, before anything is read or written."""
        request.stored_story = stored
        if request.method == "POST":
            take_confirmation(request)
            check_role(request, can_publish(request.user, stored))

    def add_view(self, request, form_url="", extra_context=None):
        self.story_action_post(request, None)
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method != "POST":
            return form
        return type(
            form.__name__,
            (PublishRulesCheck, form),
            {
                "story_action": posted_action(request),
                "ask_confirmation": asks_first(request),
                "publish_user": request.user,
            },
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        say_warnings(request, obj)
        action = form.story_action
        if action in OUTCOMES and not form.drafting:
            # Said instead of "was changed successfully" (response_change in
            # articles.admin.drafts, response_add below).
            request.story_outcome = OUTCOMES[action].format(obj.headline)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if not (overridden := override_message(form)):
            return message
        if isinstance(message, str):
            return f"{message} {overridden}".strip()
        return [*message, {"changed": {"fields": [overridden]}}]

    def response_add(self, request, obj, post_url_continue=None):
        outcome = getattr(request, "story_outcome", None)
        if outcome is None:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, outcome, messages.SUCCESS)
        if "_continue" in request.POST:
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.pk])
            )
        return self.response_post_save_add(request, obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        stored = getattr(request, "stored_story", None)
        may_save = (
            self.has_add_permission(request)
            if add
            else self.has_change_permission(request, obj)
        )
        context["story_actions"] = may_save
        context["story_buttons"] = buttons(
            stored,
            may_publish=can_publish(request.user, stored),
            live=getattr(form, "drafting", False),
        )
        if stored is not None:
            context["story_badge"] = status_badge(stored)
        context.update(override_context(request, form))
        if form.has_error(NON_FIELD_ERRORS, CONFIRM_CODE):
            action = form.story_action
            context["story_confirmation"] = {
                "question": form.non_field_errors()[0],
                "name": f"{CONFIRMED}{action}",
                "label": CONFIRM_LABELS.get(action, "Yes"),
            }
            # Only the question stands in the way: no "Please correct the
            # errors below", the page asks instead.
            inlines = context.get("inline_admin_formsets", [])
            if len(form.errors) == 1 and not any(
                inline.formset.total_error_count() for inline in inlines
            ):
                context["errors"] = []
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
