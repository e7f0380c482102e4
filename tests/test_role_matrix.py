"""Role by action: every admin action a newsroom role might try, sent as a
raw request, for anonymous, writer, photo editor, editor, an editor of the
French desk (limited to French: every story here is English, so it reads
them and touches none) and superuser. An action is allowed exactly where
expected, and a refusal changes nothing. The French desk's own stories:
tests/test_language_desks.py."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from articles.models import (
    Article,
    ArticleDraft,
    Autosave,
    Contributor,
    DeskLanguage,
    EditLock,
    Image,
    PublishOverride,
    WebhookEndpoint,
)
from articles.roles import EDITOR, PHOTO_EDITOR, WRITER
from tests.helpers.admin import article_form, management_form
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import roles_in_place
from tests.helpers.provenance import stored_photo
from tests.helpers.safety import record

# Once, on SQLite (tests/helpers/passes.py): who may do what is decided in
# Python (articles/roles.py); the writes themselves are tested on both
# databases by the editorial, working-draft and story-action suites.
pytestmark = pytest.mark.single_pass

ROLES = ["anonymous", "writer", "photo_editor", "editor", "fr_editor", "superuser"]
A = "/admin/articles/"


@pytest.fixture
def world(db, django_user_model):
    roles_in_place()
    users = {}
    for role, group in (("writer", WRITER), ("other", WRITER),
                        ("photo_editor", PHOTO_EDITOR), ("editor", EDITOR),
                        ("fr_editor", EDITOR)):  # fmt: skip
        user = django_user_model.objects.create_user(role, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    DeskLanguage.objects.create(user=users["fr_editor"], language="fr")
    users["superuser"] = django_user_model.objects.create_superuser(
        "root", password="pw"
    )
    own = Article.objects.create(
        headline="Own draft", slug="own", created_by=users["writer"]
    )
    theirs = Article.objects.create(
        headline="Their draft", slug="theirs", created_by=users["other"]
    )
    live = Article.objects.create(
        headline="Live story", slug="live", created_by=users["writer"]
    )
    live.publish(at=timezone.now() - timedelta(hours=1))
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg()), original_filename="a.jpg"
    )
    person = Contributor.objects.create(name="Jane Doe", slug="jane-doe")
    # A writer's draft led by a photo labelled AI-edited, its caption silent
    # about it: the rules at publish refuse it (articles/models/publish_rules.py).
    ai = Article.objects.create(
        headline="Harbour at night",
        slug="ai",
        created_by=users["writer"],
        lead_image=stored_photo("ocsp.jpg", caption="The harbour at night"),
    )
    # A live story with changes an editor scheduled ("Publish changes at…").
    scheduled = Article.objects.create(
        headline="Changes at nine", slug="changes-at-nine", created_by=users["writer"]
    )
    scheduled.publish(at=timezone.now() - timedelta(hours=1))
    at_nine = ArticleDraft.store(
        scheduled, {"headline": "Changed at nine"}, user=users["editor"],
        opened_revision=scheduled.revision, opened_draft="",
        publish_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    # Another writer is editing their draft; everyone has an autosave of it.
    EditLock.objects.claim(theirs.pk, users["other"], "page", timezone.now())
    for user in users.values():
        Autosave.objects.keep(user, theirs.pk, {"headline": ["Mine"]}, timezone.now())
    return {"users": users, "own": own, "theirs": theirs, "live": live, "image": image,
            "person": person, "ai": ai, "scheduled": scheduled,
            "at_nine": at_nine}  # fmt: skip


def snapshot() -> tuple:
    return (
        sorted(Article.objects.values_list("slug", "headline", "status", "published_at", "embargo_until")),
        sorted(Image.objects.values_list("pk", "caption")),
        sorted(Contributor.objects.values_list("slug", "name")),
        sorted(WebhookEndpoint.objects.values_list("name", flat=True)),
        sorted(EditLock.objects.values_list("article__slug", "user__username")),
        sorted(Autosave.objects.values_list("user__username", "article__pk", "saved_at"), key=str),
        sorted(PublishOverride.objects.values_list("article__slug", "user__username", "reason")),
        sorted(ArticleDraft.objects.values_list("article__slug", "publish_at", "saved_at"), key=str),
    )  # fmt: skip


def later() -> dict:
    at = timezone.localtime() + timedelta(days=1)
    return {"published_at_0": f"{at:%Y-%m-%d}", "published_at_1": "09:00:00"}


ACTIONS = {
    "add article": lambda c, w: c.post(f"{A}article/add/", article_form(Article(headline="New", slug="new", status="draft"))),
    "edit own draft": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], headline="Edited")),
    "edit another's draft": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/change/", article_form(w["theirs"], headline="Edited")),
    "edit a published story": lambda c, w: c.post(f"{A}article/{w['live'].pk}/change/", article_form(w["live"], headline="Edited", _publish="1")),
    "schedule": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/change/", article_form(w["theirs"], status="scheduled", **later())),
    "publish (form)": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], status="published")),
    "publish (bulk action)": lambda c, w: c.post(f"{A}article/", {"action": "publish_selected", "_selected_action": [w["own"].pk, w["theirs"].pk]}),
    "unpublish (bulk action)": lambda c, w: c.post(f"{A}article/", {"action": "unpublish_selected", "_selected_action": [w["live"].pk]}),
    "delete a draft": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/delete/", {"post": "yes"}),
    "delete (bulk action)": lambda c, w: c.post(f"{A}article/", {"action": "delete_selected", "_selected_action": [w["live"].pk], "post": "yes"}),
    "set an embargo by hand": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], embargo_until_0="2030-01-01", embargo_until_1="09:00:00")),
    "upload a photo": lambda c, w: c.post(f"{A}image/add/", {"file": SimpleUploadedFile("b.jpg", make_jpeg(70, 50)), "focal_x": "0.5", "focal_y": "0.5", **management_form("credits")}),
    "edit a photo": lambda c, w: c.post(f"{A}image/{w['image'].pk}/change/", {"caption": "Edited", "focal_x": "0.5", "focal_y": "0.5", **management_form("credits")}),
    "delete a photo": lambda c, w: c.post(f"{A}image/{w['image'].pk}/delete/", {"post": "yes"}),
    "edit a contributor": lambda c, w: c.post(f"{A}contributor/{w['person'].pk}/change/", {"name": "Edited", "slug": "jane-doe", "kind": "person", "short_name": "", "url": "", "bio": ""}),
    "add a webhook": lambda c, w: c.post(f"{A}webhookendpoint/add/", {"name": "Hook", "url": "https://example.com/h", "events": ["article.published"], "is_active": "on", "secret": "s"}),
    # The story form's action buttons (articles/admin/story_actions.py).
    "submit for review (button)": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], _submit_review="1")),
    "publish (button)": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], _publish="1")),
    "publish (button, asks first)": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], _publish="1", _ask_confirmation="1")),
    "publish (confirmed on the page)": lambda c, w: c.post(f"{A}article/{w['own'].pk}/change/", article_form(w["own"], _confirmed_publish="1", _ask_confirmation="1")),
    "publish a new story (button)": lambda c, w: c.post(f"{A}article/add/", article_form(Article(headline="New", slug="new", status="draft"), _publish="1")),
    "schedule (button)": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/change/", article_form(w["theirs"], _schedule="1", **later())),
    "unpublish (button)": lambda c, w: c.post(f"{A}article/{w['live'].pk}/change/", article_form(w["live"], _unpublish="1")),
    "unpublish (button, asks first)": lambda c, w: c.post(f"{A}article/{w['live'].pk}/change/", article_form(w["live"], _unpublish="1", _ask_confirmation="1")),
    # The rules at publish: refused without a reason; an editor's override.
    "publish refused by the rules": lambda c, w: c.post(f"{A}article/{w['ai'].pk}/change/", article_form(w["ai"], lead_image=w["ai"].lead_image_id, _publish="1")),
    "publish despite the rules (reason)": lambda c, w: c.post(f"{A}article/{w['ai'].pk}/change/", article_form(w["ai"], lead_image=w["ai"].lead_image_id, _publish="1", publish_override_reason="Labelled on the page")),
    # A live story's changes at a time, and their undoing (articles/admin/drafts.py).
    "publish changes at (button)": lambda c, w: c.post(f"{A}article/{w['live'].pk}/change/", article_form(w["live"], headline="At nine", _publish_at="1", publish_changes_at=f"{timezone.localtime() + timedelta(days=1):%Y-%m-%dT%H:%M}")),
    "unschedule changes (button)": lambda c, w: c.post(f"{A}article/{w['scheduled'].pk}/change/", {"_unschedule": "1", "opened_draft": w["at_nine"].token}),
    # The soft lock and autosave (articles/admin/edit_sessions.py).
    "heartbeat (own draft)": lambda c, w: c.post(f"{A}article/{w['own'].pk}/editing/heartbeat/", {"token": "t"}),
    "take over editing": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/editing/take-over/"),
    "release another's lock": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/editing/release/", {"token": "page"}),
    "autosave another's draft": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/editing/autosave/", {"headline": "Autosaved"}),
    "autosave a new story": lambda c, w: c.post(f"{A}article/editing/autosave/", {"headline": "Autosaved"}),
    "dismiss an autosave": lambda c, w: c.post(f"{A}article/{w['theirs'].pk}/editing/dismiss/"),
}  # fmt: skip

ALLOWED = {
    "add article": {"writer", "editor", "fr_editor", "superuser"},
    "edit own draft": {"writer", "editor", "superuser"},
    "edit another's draft": {"editor", "superuser"},
    "edit a published story": {"editor", "superuser"},
    "schedule": {"editor", "superuser"},
    "publish (form)": {"editor", "superuser"},
    "publish (bulk action)": {"editor", "superuser"},
    "unpublish (bulk action)": {"editor", "superuser"},
    "delete a draft": {"editor", "superuser"},
    "delete (bulk action)": {"editor", "superuser"},
    "set an embargo by hand": {"editor", "superuser"},
    # Editors place photos in stories: they upload them and fix captions and
    # credits; deleting one is the photo desk's (docs/guides/editing.md).
    "upload a photo": {"writer", "photo_editor", "editor", "fr_editor", "superuser"},
    "edit a photo": {"photo_editor", "editor", "fr_editor", "superuser"},
    "delete a photo": {"photo_editor", "superuser"},
    "edit a contributor": {"photo_editor", "editor", "fr_editor", "superuser"},
    "add a webhook": {"editor", "fr_editor", "superuser"},
    "submit for review (button)": {"writer", "editor", "superuser"},
    "publish (button)": {"editor", "superuser"},
    # Asked first: nothing is written until the editor confirms.
    "publish (button, asks first)": set(),
    "publish (confirmed on the page)": {"editor", "superuser"},
    "publish a new story (button)": {"editor", "fr_editor", "superuser"},
    "schedule (button)": {"editor", "superuser"},
    "unpublish (button)": {"editor", "superuser"},
    "unpublish (button, asks first)": set(),
    # Nobody publishes it without a reason; only editors override, and the
    # override is recorded (a PublishOverride row).
    "publish refused by the rules": set(),
    "publish despite the rules (reason)": {"editor", "superuser"},
    "publish changes at (button)": {"editor", "superuser"},
    "unschedule changes (button)": {"editor", "superuser"},
    # Whoever may change the story; only its holder's page frees a lock.
    "heartbeat (own draft)": {"writer", "editor", "superuser"},
    "take over editing": {"editor", "superuser"},
    "release another's lock": set(),
    "autosave another's draft": {"editor", "superuser"},
    "autosave a new story": {"writer", "editor", "fr_editor", "superuser"},
    "dismiss an autosave": {"editor", "superuser"},
}
# The French desk's editor adds and publishes new stories (in French, their
# desk's language: tests/test_language_desks.py) and works on photos,
# contributors and webhooks like any editor; every story here is English.
# Actions only editors may take: anyone else posting the button is refused
# outright (403), not shown a form.
EDITOR_BUTTONS = {
    "publish (button)", "publish (button, asks first)",
    "publish (confirmed on the page)", "publish a new story (button)",
    "schedule (button)", "unpublish (button)", "unpublish (button, asks first)",
    "publish refused by the rules", "publish despite the rules (reason)",
    "publish changes at (button)", "unschedule changes (button)",
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_by_action(world, role, action):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    before = snapshot()

    response = ACTIONS[action](client, world)

    changed = snapshot() != before
    assert response.status_code in (200, 204, 302, 403), response.status_code
    if action in EDITOR_BUTTONS and role in ("writer", "photo_editor"):
        assert response.status_code == 403, (role, action)
    if role in ALLOWED[action]:
        assert changed, f"{role} could not {action}"
    else:
        assert not changed, f"{role} could {action}"
        record("role matrix", "refusals, database unchanged")
    record("role matrix", "cells")
    record("role matrix", "unexpected allows", 0)
