"""API tokens themselves: `manage.py api_token` (create prints the token
once, list, revoke), the admin's page (superusers only, the token shown
once), only a hash stored, and the write API's paths kept off the public
caches and replicas."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.api import hot_path
from articles.delivery import public_paths
from articles.delivery.response_cache import is_cacheable_request
from articles.models import ApiToken
from articles.models.api_tokens import TokenRefused
from tests.helpers.api_tokens import MANAGE, bearer
from tests.helpers.newsroom import newsroom_staff


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_create_prints_the_token_once_and_stores_only_its_hash(staff, client):
    raw, said = run("create", "--user", "edith", "--scopes", "articles:write, articles:read-drafts", "--name", "Wire robot", "--expires", "30d")  # fmt: skip

    token = ApiToken.objects.get()
    assert raw.startswith(f"cms_{token.key_id}_") and len(raw) > 50
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get())
    assert token.scopes == ["articles:read-drafts", "articles:write"]
    assert token.name == "Wire robot" and token.user == staff["edith"]
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert "shown only now" in said
    assert client.get(MANAGE, **bearer(raw)).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody", "--scopes", "articles:write"], "No user 'nobody'."),
        (["--user", "edith", "--scopes", "articles:delete"], "Unknown scope(s): articles:delete."),
        (["--user", "edith", "--scopes", ","], "A token needs at least one scope."),
        (["--user", "edith", "--scopes", "images:write", "--expires", "2001-01-01T00:00"], "--expires must be in the future."),
        (["--user", "edith", "--scopes", "images:write", "--expires", "soon"], "--expires takes 30d"),
    ],
)  # fmt: skip
def test_create_refuses_clearly_and_makes_nothing(staff, args, message):
    with pytest.raises(CommandError) as refused:
        run("create", *args)
    assert message in str(refused.value)
    assert not ApiToken.objects.exists()


def test_list_and_revoke(staff, client):
    raw, _ = run("create", "--user", "edith", "--scopes", "articles:read-drafts")
    key_id = ApiToken.objects.get().key_id

    listed, _ = run("list")
    revoked, _ = run("revoke", key_id)

    assert listed.startswith(f"{key_id}\tactive\tedith\t")
    assert revoked == f"Revoked {key_id} (edith's token)."
    assert run("list")[0].startswith(f"{key_id}\trevoked\t")
    response = client.get(MANAGE, **bearer(raw))
    assert response.status_code == 401
    with pytest.raises(CommandError, match="No token 'nope'"):
        run("revoke", "nope")


def test_a_token_of_an_inactive_user_is_refused(staff):
    token, raw = ApiToken.issue(user=staff["edith"], name="x", scopes="images:write")
    staff["edith"].is_active = False
    staff["edith"].save()
    with pytest.raises(TokenRefused, match="not valid"):
        ApiToken.objects.usable(raw)


def test_the_admin_shows_a_new_token_once_to_superusers_only(
    staff, admin_client, client
):
    response = admin_client.post(
        "/admin/articles/apitoken/add/",
        {"name": "Photo desk", "user": staff["pablo"].pk, "scopes": ["images:write"]},
    )

    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.scopes == ["images:write"] and token.user == staff["pablo"]
    page = response.content.decode()
    start = page.index('<code id="api-token">') + len('<code id="api-token">')
    raw = page[start : page.index("</code>", start)]
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert "no-store" in response["Cache-Control"]
    assert raw not in admin_client.get("/admin/articles/apitoken/").content.decode()
    client.force_login(staff["edith"])  # an editor: not theirs to hand out
    assert client.get("/admin/articles/apitoken/").status_code == 403


def test_the_write_api_is_never_public_content():
    assert public_paths.is_manage(MANAGE)
    assert not public_paths.shows_content(MANAGE)  # never in the response cache
    assert not public_paths.shows_content(f"{MANAGE}4/")


def test_a_request_with_a_token_is_never_the_hot_paths_nor_the_caches(rf, settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 60
    plain = rf.get("/api/v1/articles/")
    with_token = rf.get("/api/v1/articles/", HTTP_AUTHORIZATION="Bearer cms_x_y")

    assert hot_path.takes(plain) and not hot_path.takes(with_token)
    assert is_cacheable_request(plain) and not is_cacheable_request(with_token)
