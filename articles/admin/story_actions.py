"""The story form's actions instead of a status select: Save, Submit for
review, Publish, Schedule and Unpublish, each a submit button the server
checks by role (a writer's forged Publish, Schedule or Unpublish is a 403).

An action that changes what readers see asks first: the page's script asks
with the browser's confirm dialog; without the script, the form comes back
unsaved with a confirmation button (the form carries `ASK`, which the script
clears once the editor said yes). A POST without `ASK` (a script, a test)
acts at once: the question is for people, the role check for everyone."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article
from articles.publishing.transitions import Visibility

SUBMIT, PUBLISH, SCHEDULE, UNPUBLISH = (
    "_submit_review",
    "_publish",
    "_schedule",
    "_unpublish",
)
# A live story's working draft: "Publish changes at…" and its undoing
# (articles.admin.drafts).
PUBLISH_AT, UNSCHEDULE = "_publish_at", "_unschedule"
# Only those who may publish may post these.
EDITOR_ACTIONS = (PUBLISH, SCHEDULE, UNPUBLISH, PUBLISH_AT, UNSCHEDULE)
# Those that may change what readers see, so may ask first.
ASKING_ACTIONS = (PUBLISH, UNPUBLISH)
ASK = "_ask_confirmation"
CONFIRMED = "_confirmed"  # + an action: the server-side confirmation's button
CONFIRM_CODE = "confirm"


def posted_action(request: HttpRequest) -> str | None:
    for action in (PUBLISH, SCHEDULE, UNPUBLISH, SUBMIT, PUBLISH_AT):
        if action in request.POST:
            return action
    return None


def take_confirmation(request: HttpRequest) -> None:
    """The confirmation page's button (`_confirmed_publish`) is the action
    itself, confirmed: the request from then on reads as the script's yes."""
    for action in ASKING_ACTIONS:
        if f"{CONFIRMED}{action}" in request.POST:
            post = request.POST.copy()
            post[action] = "1"
            post.pop(ASK, None)
            request.POST = post
            return


def check_role(request: HttpRequest, may_publish: bool) -> None:
    posted = request.method == "POST" and request.POST
    if posted and not may_publish and any(a in posted for a in EDITOR_ACTIONS):
        raise PermissionDenied


def asks_first(request: HttpRequest) -> bool:
    return request.POST.get(ASK) == "1"


def apply_to_status(form, cleaned: dict, action: str | None) -> None:
    """A stored story not live (a draft, in review, archived) or a new one:
    the status (and for Publish, the time) the action asks for."""
    now = timezone.now()
    Status = Article.Status
    if action == SUBMIT:
        cleaned["status"] = Status.REVIEW
    elif action == PUBLISH:
        at = cleaned.get("published_at")
        if at is None or at > now:
            cleaned["published_at"] = now
        cleaned["status"] = Status.PUBLISHED
    elif action == SCHEDULE:
        at = cleaned.get("published_at")
        if at is None or at <= now:
            form.add_error(
                "published_at",
                ValidationError(
                    "Scheduling needs the time to publish at, still to come.",
                    code="schedule_time",
                ),
            )
        else:
            cleaned["status"] = Status.SCHEDULED
    elif action == UNPUBLISH:
        cleaned["status"] = Status.DRAFT


def confirmation(form, cleaned: dict, action: str | None) -> str | None:
    """What to ask before `action`, when it changes what readers see now
    (the stored story is public, or the result would be); else None."""
    if action not in ASKING_ACTIONS:
        return None
    now = timezone.now()
    stored = form.instance  # the form's values go onto it after clean()
    before = stored.pk is not None and stored.visibility().is_public(now)
    after = Visibility(
        cleaned.get("status", stored.status),
        cleaned.get("published_at", stored.published_at) or now,
        cleaned.get("embargo_until", stored.embargo_until),
        stored.held_until,  # an edition's gate
    ).is_public(now)
    if action == UNPUBLISH:
        return (
            "Unpublish this story? It leaves the API, feeds and sitemaps at "
            "once and becomes a draft."
            if before
            else None
        )
    if not (before or after):
        return None
    if form.drafting:
        return "Publish these changes? Readers see them as soon as you confirm."
    return "Publish this story now? Readers see it as soon as you confirm."


@dataclass(frozen=True)
class Button:
    name: str
    label: str
    confirm: str = ""  # the question the script asks; "" asks nothing
    primary: bool = False


def buttons(article: Article | None, *, may_publish: bool, live: bool) -> list[Button]:
    """The action buttons after Save for a story in its state."""
    public = article is not None and article.pk is not None and article.is_published()
    if live:
        found = [] if may_publish else [Button(SUBMIT, "Submit changes for review")]
        if may_publish:
            found.append(
                Button(
                    PUBLISH,
                    "Publish changes",
                    "Publish these changes? Readers see them at once."
                    if public
                    else "",
                )
            )
            found.append(
                Button(
                    UNPUBLISH,
                    "Unpublish",
                    "Unpublish this story? It leaves the API, feeds and sitemaps "
                    "at once and becomes a draft."
                    if public
                    else "",
                )
            )
        return found
    found = []
    if article is None or article.status != Article.Status.REVIEW:
        found.append(Button(SUBMIT, "Submit for review", primary=not may_publish))
    if may_publish:
        found.append(
            Button(
                PUBLISH,
                "Publish now",
                "Publish this story now? Readers see it as soon as you confirm.",
                primary=True,
            )
        )
        found.append(Button(SCHEDULE, "Schedule"))
    return found


CONFIRM_LABELS = {PUBLISH: "Yes, publish", UNPUBLISH: "Yes, unpublish"}
