"""Working drafts in the story admin: on a published or scheduled story,
"Save draft" keeps the changes aside (articles.models.drafts), "Publish
changes" (`_publish`) makes them live in one save, "Discard draft"
(`_discard`) drops them, "Unpublish" (`_unpublish`) makes the story a draft
again with the form's values, in one save, and a writer's "Submit changes for
review" (`_submit_review`) marks them for an editor. The change form opens on
the draft and shows what it changes against the live version."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from articles.admin.history import changes
from articles.admin.story_actions import PUBLISH_AT, UNPUBLISH, UNSCHEDULE
from articles.admin.workflow import can_edit, can_publish, draft_conflict, is_live
from articles.delivery.preview import preview_urls
from articles.models import Article, ArticleDraft
from articles.models.drafts import python_values, values_of

PUBLISH, DISCARD, SUBMIT = "_publish", "_discard", "_submit_review"


def writes_story(request: HttpRequest) -> bool:
    """Publish changes and Unpublish write the story itself (credits and
    corrections with it); every other save of a live story is a draft."""
    return PUBLISH in request.POST or UNPUBLISH in request.POST


class RefuseInlineChanges:
    """Mixed into the inline formsets of a draft save: credits,
    corrections and related stories are rows of their own, not kept in a
    draft."""

    def clean(self):
        super().clean()
        if self.has_changed():
            raise ValidationError(
                "Credits, corrections and related stories of a live story are "
                "not kept in a working draft: make them with “Publish changes”, "
                "or undo them to save the draft.",
                code="not_in_draft",
            )


class WorkingDraftFilter(admin.SimpleListFilter):
    title = "working draft"
    parameter_name = "working_draft"

    def lookups(self, request, model_admin):
        return [("pending", "Pending changes"), ("review", "Submitted for review")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(working_draft__isnull=False)
        if self.value() == "review":
            return queryset.filter(working_draft__submitted_for_review=True)
        return queryset


class WorkingDraftAdmin:
    """Mixed into ArticleAdmin, before its ModelAdmin bases."""

    change_form_template = "admin/articles/article/change_form.html"

    # Before the form: refusals and the discard button --------------------

    def working_draft_post(
        self, request: HttpRequest, article: Article | None
    ) -> HttpResponse | None:
        """A POST to a live story's change form that is not a save: the
        discard, or a refusal. None lets the form handle the request."""
        request.working_draft = is_live(article)
        if request.method != "POST" or not request.working_draft:
            return None
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if PUBLISH in request.POST and not can_publish(request.user, article):
            raise PermissionDenied
        if DISCARD in request.POST:
            return self.discard_draft(request, article)
        if UNSCHEDULE in request.POST:  # editors only (story_actions.check_role)
            return self.unschedule_draft(request, article)
        return None

    def unschedule_draft(self, request: HttpRequest, article: Article) -> HttpResponse:
        draft = ArticleDraft.objects.filter(article=article).first()
        opened = request.POST.get("opened_draft", "")
        if draft is not None and draft.token != opened:
            messages.error(request, draft_conflict(article, draft))
        elif draft is not None and draft.publish_at is not None:
            draft.unschedule()
            messages.success(
                request,
                f"The changes to “{article.headline}” are no longer scheduled; "
                "the working draft is kept and readers see the live version.",
            )
        return HttpResponseRedirect(request.path)

    def discard_draft(self, request: HttpRequest, article: Article) -> HttpResponse:
        draft = ArticleDraft.objects.filter(article=article).first()
        opened = request.POST.get("opened_draft", "")
        if draft is not None and draft.token != opened:
            messages.error(request, draft_conflict(article, draft))
        elif draft is not None:
            draft.delete()
            messages.success(
                request,
                f"Discarded the working draft of “{article.headline}”; the live "
                "version is as it was.",
            )
        return HttpResponseRedirect(request.path)

    def get_formsets_with_inlines(self, request, obj=None):
        refuse = (
            request.method == "POST"
            and getattr(request, "working_draft", False)
            and not writes_story(request)
        )
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if refuse:
                formset = type(formset.__name__, (RefuseInlineChanges, formset), {})
            yield formset, inline

    # The save ------------------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        if change and form.drafting:  # a live story: a working draft
            return self.save_working_draft(request, obj, form)
        return super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        if not (change and form.drafting):
            return super().save_related(request, form, formsets, change)
        # Tags went with the draft or its publication; credits and
        # corrections change with "Publish changes" (or Unpublish) only.
        if writes_story(request):
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

    def construct_change_message(self, request, form, formsets, add=False):
        if not add and form.drafting and PUBLISH_AT in request.POST:
            at = timezone.localtime(form.cleaned_data["publish_changes_at"])
            return (
                f"Scheduled the working draft to be published at {at:%Y-%m-%d %H:%M}."
            )
        if not add and form.drafting and not writes_story(request):
            return "Saved a working draft (the live version is unchanged)."
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        outcome = getattr(request, "story_outcome", None)
        if outcome is None:
            return super().response_change(request, obj)
        self.message_user(request, outcome, messages.SUCCESS)
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.path)
        return self.response_post_save_change(request, obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        form = context["adminform"].form
        context.update(self.working_draft_context(request, form, obj))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def save_working_draft(self, request: HttpRequest, article: Article, form) -> None:
        values = form.draft_values()
        draft = form.draft
        if writes_story(request):
            pending = ArticleDraft(
                pk=draft.pk if draft else None,
                article=article,
                values=values,
                base_revision=article.revision,
                # An agency update published from here carries its version
                # and notes; it reads as the agency's only if sent as is.
                source=draft.source if draft and values == draft.values else "",
                source_facts=draft.source_facts if draft else {},
            )
            pending.publish(user=request.user)
            request.story_outcome = (
                f"Unpublished “{article.headline}”: it is a draft again, off every "
                "public surface."
                if UNPUBLISH in request.POST
                else f"Published the changes to “{article.headline}”."
            )
            return
        at = form.cleaned_data.get("publish_changes_at")
        at = at if PUBLISH_AT in request.POST else None
        ArticleDraft.store(
            article,
            values,
            user=request.user,
            opened_revision=article.revision,
            opened_draft=draft.token if draft else "",
            submitted=SUBMIT in request.POST,
            publish_at=at,
        )
        if at is not None:
            request.story_outcome = (
                f"Scheduled the changes to “{article.headline}” for "
                f"{timezone.localtime(at):%Y-%m-%d %H:%M}. Readers see the live "
                "version until then."
            )
            return
        request.story_outcome = (
            f"Saved a working draft of “{article.headline}”"
            + (", submitted for review" if SUBMIT in request.POST else "")
            + ". Readers still see the live version."
        )
        if draft is not None and draft.publish_at is not None:
            # What goes live at a time is what an editor scheduled, as it was.
            request.story_outcome += (
                " The changes are no longer scheduled: choose “Publish changes "
                "at…” again to publish them at a time."
            )

    # The page ------------------------------------------------------------

    def working_draft_context(self, request: HttpRequest, form, article) -> dict:
        if not getattr(form, "drafting", False):
            return {}
        draft = form.draft
        context = {
            "working_draft_mode": True,
            "working_draft": draft,
            "may_publish": can_publish(request.user, article),
            "may_edit": can_edit(request.user, article),
        }
        if draft is None:
            return context
        live = Article.objects.get(pk=article.pk)
        stored = draft.python_values()
        context["working_draft_rows"] = changes(
            Article,
            python_values(values_of(live, list(stored))),
            stored,
            word_diffs=(models.CharField, models.TextField),
        )
        context["working_draft_stale"] = draft.base_revision != live.revision
        context["working_draft_preview"] = preview_urls(live)
        context["working_draft_saved_at"] = timezone.localtime(draft.saved_at)
        if draft.publish_at is not None:
            context["working_draft_publish_at"] = timezone.localtime(draft.publish_at)
        return context
