"""Someone else is here, and nothing typed is lost: the story form's soft
lock and autosave (articles.models.edit_sessions) in the admin.

Opening a story's change form holds its lock, or says who holds it ("Edith
has been editing this since 10:42") with a button to take over; the page's
script (EDIT_SESSION_JS) keeps the lock with a heartbeat, frees it when the
tab closes, and posts the form's fields every few seconds, when they
changed, into the editor's own autosave. Reopening the form offers that copy
back until a save succeeds or it is dismissed. Every endpoint is a POST,
CSRF-checked by the admin site, and answers only to those who may change
the story (or add one, for a story not saved yet); the lock refuses no save:
the edit-conflict check does that (articles.admin.workflow)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.urls import path, reverse
from django.utils import timezone

from articles.models import Article, Autosave, EditLock
from articles.models.edit_sessions import page_token

EDIT_SESSION_JS = "articles/admin/edit-session.js"
EDIT_SESSION_CSS = "articles/admin/edit-session.css"
# The change form's address with this parameter opens on the autosave.
RESTORE = "restore_autosave"
# The heartbeat and autosave periods the script uses, in seconds.
HEARTBEAT_EVERY, AUTOSAVE_EVERY = 30, 5


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()


def clock(moment: datetime, now: datetime | None = None) -> str:
    """A moment in the site's time zone: "10:42" today, else with its date."""
    local, today = timezone.localtime(moment), timezone.localtime(now)
    if local.date() == today.date():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def lock_state(other: EditLock | None) -> dict:
    """What the page says: nothing while the lock is the reader's."""
    if other is None:
        return {"mine": True, "message": ""}
    return {
        "mine": False,
        "holder": name_of(other.user),
        "since": clock(other.started_at),
        "message": f"{name_of(other.user)} has been editing this since "
        f"{clock(other.started_at)}.",
    }


def form_fields(posted: QueryDict, names) -> dict[str, list[str]]:
    """The posted values of the story form's own fields (a split date's
    parts included); credits, corrections and the CSRF token stay out."""
    kept = {}
    for key in posted:
        base, _, part = key.rpartition("_")
        if key in names or (part.isdigit() and base in names):
            kept[key] = posted.getlist(key)
    return kept


class RestoresAutosave:
    """Mixed into the story form when it opens on an autosave: the stored
    values, as posted, become the form's initial ones, shown exactly as the
    editor left them (the revision they opened included, so a save over a
    later one is still an edit conflict)."""

    autosave_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            return
        data = QueryDict(mutable=True)
        for key, values in self.autosave_fields.items():
            data.setlist(key, values)
        for name, field in self.fields.items():
            if name in data or any(k.startswith(f"{name}_") for k in data):
                widget_value = field.widget.value_from_datadict(data, {}, name)
                self.initial[name] = widget_value


class EditSessionAdmin:
    """Mixed into ArticleAdmin, first among its bases."""

    def get_urls(self):
        views = [
            ("heartbeat", self.heartbeat_view),
            ("release", self.release_view),
            ("take-over", self.take_over_view),
            ("autosave", self.autosave_view),
            ("dismiss", self.dismiss_view),
        ]
        urls = []
        for action, view in views:
            name = f"articles_article_editing_{action.replace('-', '_')}"
            wrapped = self.admin_site.admin_view(view)
            urls.append(path(f"editing/{action}/", wrapped, name=f"{name}_new"))
            urls.append(path(f"<path:object_id>/editing/{action}/", wrapped, name=name))
        return urls + super().get_urls()

    # The endpoints ----------------------------------------------------------

    def _story(self, request: HttpRequest, object_id: str | None) -> Article | None:
        """The story the request may change (None: a new story, which needs
        the add permission); refused before anything is read or written."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        # What the role check reads (language: the desk check) and the
        # autosave's form (edition_source: its fieldsets), not the change
        # list's row (credits).
        fields = ("pk", "headline", "status", "created_by_id", "language")
        fields += ("edition_source",)
        try:
            article = (
                Article.objects.only(*fields).filter(pk=unquote(object_id)).first()
            )
        except ValueError:  # not a story's id
            article = None
        if article is None:
            raise Http404("No such story.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _page(self, article: Article | None) -> str:
        if article is None:
            return reverse("admin:articles_article_add")
        return reverse("admin:articles_article_change", args=[quote(article.pk)])

    def heartbeat_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        if article is None:  # a new story: nobody else can open it
            return JsonResponse(lock_state(None))
        token = request.POST.get("token", "")[:40]
        other = EditLock.objects.claim(article.pk, request.user, token, timezone.now())
        return JsonResponse(lock_state(other))

    def release_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        if article is not None:
            token = request.POST.get("token", "")
            EditLock.objects.release(article.pk, request.user, token)
        return HttpResponse(status=204)

    def take_over_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        if article is None:
            raise Http404("A new story has no lock.")
        now = timezone.now()
        before = EditLock.objects.holder(article.pk, now)
        token = page_token()
        EditLock.objects.claim(article.pk, request.user, token, now, take_over=True)
        if before is not None and before.user_id != request.user.pk:
            messages.success(
                request,
                f"You took over “{article.headline}” from {name_of(before.user)}. "
                "Their unsaved changes stay in their own autosave.",
            )
        return HttpResponseRedirect(self._page(article))

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        form = self.get_form(request, article, change=article is not None)
        fields = form_fields(request.POST, set(form.base_fields))
        now = timezone.now()
        Autosave.objects.keep(request.user, article and article.pk, fields, now)
        return JsonResponse({"saved_at": clock(now, now)})

    def dismiss_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        Autosave.objects.forget(request.user, article and article.pk)
        messages.info(request, "Dismissed your unsaved changes.")
        return HttpResponseRedirect(self._page(article))

    # The change form ---------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        copy = getattr(request, "restored_autosave", None)
        if request.method == "GET" and RESTORE in request.GET and copy is None:
            copy = Autosave.objects.of(request.user, obj and obj.pk)
            request.restored_autosave = copy or False
        if copy:
            attrs = {"autosave_fields": copy.fields}
            return type(form.__name__, (RestoresAutosave, form), attrs)
        return form

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # Saved (the admin's transaction rolls this back with a failed save).
        Autosave.objects.forget(request.user, obj.pk if change else None)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["edit_session"] = self.edit_session(request, obj if change else None)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def edit_session(self, request: HttpRequest, article: Article | None) -> dict:
        may_edit = (
            self.has_change_permission(request, article)
            if article is not None
            else self.has_add_permission(request)
        )
        now = timezone.now()
        other = None
        # The page's own: its heartbeats claim the lock, its closing frees it.
        token = page_token() if may_edit and article is not None else ""
        if token and request.method == "GET":
            # Opening the form holds the lock, unless someone else does; a
            # form sent back (an error, a question) leaves that to the
            # page's heartbeat.
            other = EditLock.objects.claim(article.pk, request.user, token, now)
        elif article is not None:
            held = EditLock.objects.holder(article.pk, now)
            other = held if held and held.user_id != request.user.pk else None
        session = {"may_edit": may_edit, "token": token, "lock": lock_state(other)}
        if not may_edit:
            return session
        restored = getattr(request, "restored_autosave", None)
        copy = restored or (
            Autosave.objects.of(request.user, article and article.pk)
            if request.method == "GET"
            else None
        )
        suffix = "" if article is None else f"{quote(article.pk)}/"
        base = reverse("admin:articles_article_changelist")
        session |= {
            "restored": bool(restored),
            "offer": copy if copy and not restored else None,
            "autosave_at": clock(copy.saved_at, now) if copy else "",
            "restore_url": f"{self._page(article)}?{RESTORE}=1",
            "urls": {
                action.replace("-", "_"): f"{base}{suffix}editing/{action}/"
                for action in (
                    "heartbeat",
                    "release",
                    "take-over",
                    "autosave",
                    "dismiss",
                )
            },
            "heartbeat_every": HEARTBEAT_EVERY,
            "autosave_every": AUTOSAVE_EVERY,
        }
        return session
