"""Token scope by role by action: every write API action, for a token of
each newsroom role with each scope (and all of them). An action is allowed
exactly where both the scope and the role allow it, as in the admin
(tests/test_role_matrix.py): a writer's token never publishes, whatever its
scopes. A refusal is a 403 and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.api.writing.preconditions import story_etag
from articles.models import Article, ArticleDraft, Credit, Image
from articles.models.api_tokens import IMAGES_WRITE, PUBLISH, READ_DRAFTS, SCOPES, WRITE
from tests.helpers.api_tokens import ALL_SCOPES, MANAGE, bearer, issue
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.safety import record

# Once, on SQLite (tests/helpers/passes.py): which token may do what is
# decided in Python (scopes and roles); the write API's own suites run on
# both databases.
pytestmark = pytest.mark.single_pass

ROLES = {
    "writer": "wanda",
    "photo_editor": "pablo",
    "editor": "edith",
    "superuser": "root",
}
SCOPE_SETS = [*SCOPES, ALL_SCOPES]


@pytest.fixture
def world(db, django_user_model):
    users = newsroom_staff(django_user_model)
    users["root"] = django_user_model.objects.create_superuser("root", password="pw")
    own = Article.objects.create(
        headline="Own draft", slug="own", created_by=users["wanda"]
    )
    theirs = Article.objects.create(
        headline="Their draft", slug="theirs", created_by=users["walter"]
    )
    live = Article.objects.create(
        headline="Live", slug="live", created_by=users["wanda"]
    )
    live.publish(at=timezone.now() - timedelta(hours=1))
    return {"users": users, "own": own, "theirs": theirs, "live": live}


def snapshot() -> tuple:
    return (
        sorted(Article.objects.values_list("slug", "headline", "status", "published_at", "embargo_until")),
        sorted((d.article_id, str(d.values)) for d in ArticleDraft.objects.all()),
        sorted(Image.objects.values_list("sha256", flat=True)),
        sorted(Credit.objects.values_list("article_id", "contributor_id", "role")),
    )  # fmt: skip


def current(story: Article) -> str:
    story = Article.objects.get(pk=story.pk)
    draft = ArticleDraft.objects.filter(article=story).first()
    return story_etag(story, draft)


def send(client, raw, method, url, data=None, story=None):
    headers = bearer(raw)
    if story is not None:
        headers["HTTP_IF_MATCH"] = current(story)
    if method == "upload":
        return client.post(url, data, **headers)
    return getattr(client, method)(
        url, data or {}, content_type="application/json", **headers
    )


def later() -> str:
    return (timezone.now() + timedelta(days=1)).isoformat()


ACTIONS = {
    "read a draft": (READ_DRAFTS, lambda c, t, w: send(c, t, "get", f"{MANAGE}{w['theirs'].pk}/")),
    "list stories": (READ_DRAFTS, lambda c, t, w: send(c, t, "get", MANAGE)),
    "create a story": (WRITE, lambda c, t, w: send(c, t, "post", MANAGE, {"headline": "New"})),
    "edit own draft": (WRITE, lambda c, t, w: send(c, t, "patch", f"{MANAGE}{w['own'].pk}/", {"headline": "Edited"}, w["own"])),
    "edit another's draft": (WRITE, lambda c, t, w: send(c, t, "patch", f"{MANAGE}{w['theirs'].pk}/", {"headline": "Edited"}, w["theirs"])),
    "edit own live story (working draft)": (WRITE, lambda c, t, w: send(c, t, "patch", f"{MANAGE}{w['live'].pk}/", {"headline": "Edited"}, w["live"])),
    "set an embargo": (WRITE, lambda c, t, w: send(c, t, "patch", f"{MANAGE}{w['own'].pk}/", {"embargo_until": later()}, w["own"])),
    "submit own draft": (WRITE, lambda c, t, w: send(c, t, "post", f"{MANAGE}{w['own'].pk}/submit/", story=w["own"])),
    "publish own draft": (PUBLISH, lambda c, t, w: send(c, t, "post", f"{MANAGE}{w['own'].pk}/publish/", story=w["own"])),
    "schedule": (PUBLISH, lambda c, t, w: send(c, t, "post", f"{MANAGE}{w['theirs'].pk}/schedule/", {"at": later()}, w["theirs"])),
    "unpublish": (PUBLISH, lambda c, t, w: send(c, t, "post", f"{MANAGE}{w['live'].pk}/unpublish/", story=w["live"])),
    "upload a photo": (IMAGES_WRITE, lambda c, t, w: send(c, t, "upload", "/api/v1/manage/images/", {"file": SimpleUploadedFile("b.jpg", make_jpeg(70, 50))})),
}  # fmt: skip

# Which roles may, as in the admin's matrix (tests/test_role_matrix.py).
ALLOWED = {
    "read a draft": {"writer", "photo_editor", "editor", "superuser"},
    "list stories": {"writer", "photo_editor", "editor", "superuser"},
    "create a story": {"writer", "editor", "superuser"},
    "edit own draft": {"writer", "editor", "superuser"},
    "edit another's draft": {"editor", "superuser"},
    "edit own live story (working draft)": {"writer", "editor", "superuser"},
    "set an embargo": {"editor", "superuser"},
    "submit own draft": {"writer", "editor", "superuser"},
    "publish own draft": {"editor", "superuser"},
    "schedule": {"editor", "superuser"},
    "unpublish": {"editor", "superuser"},
    "upload a photo": {"writer", "photo_editor", "editor", "superuser"},
}
READS = {"read a draft", "list stories"}


@pytest.mark.parametrize("scopes", SCOPE_SETS)
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_scope_by_role_by_action(client, world, action, role, scopes):
    scope, act = ACTIONS[action]
    raw = issue(world["users"][ROLES[role]], scopes=scopes)
    before = snapshot()

    response = act(client, raw, world)

    expected = role in ALLOWED[action] and scope in scopes.split(",")
    changed = snapshot() != before
    if expected:
        assert response.status_code in (200, 201), (
            response.status_code,
            response.json(),
        )
        assert changed or action in READS, f"{role} with {scopes} could not {action}"
    else:
        assert response.status_code == 403, (response.status_code, response.json())
        assert not changed, f"{role} with {scopes} could {action}"
        record("token matrix", "refusals, database unchanged")
    record("token matrix", "cells")
    record("token matrix", "unexpected allows", 0)
