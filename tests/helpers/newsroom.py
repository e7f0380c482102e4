"""The newsroom's people for admin tests: a writer, a second writer, an
editor and a photo editor in their groups (articles.roles), every one with
the browser tests' PASSWORD, so both kinds of test can log them in."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from articles.roles import EDITOR, PHOTO_EDITOR, ROLES, WRITER, sync_roles
from tests.helpers.browser import PASSWORD

STAFF = {
    "wanda": WRITER,
    "walter": WRITER,
    "edith": EDITOR,
    "pablo": PHOTO_EDITOR,
}


def roles_in_place() -> None:
    """The newsroom's groups with their permissions. The migrations made
    them; only a transactional test's flush takes them away, so one query
    usually settles it (a full sync costs a test a fifth of a second on
    PostgreSQL). The content types are read either way, as the sync would:
    pinned query counts assume them cached, as a running server has them."""
    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        sync_roles(apps)
    else:
        ContentType.objects.get_for_models(*apps.get_models())


def newsroom_staff(django_user_model, roles: dict[str, str] | None = None) -> dict:
    """The users of `roles` (username: group; STAFF when None) by username,
    created with their groups (the groups too: a flushed database has
    none)."""
    roles_in_place()
    users = {}
    for username, group in (STAFF if roles is None else roles).items():
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, first_name=username.title()
        )
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users
