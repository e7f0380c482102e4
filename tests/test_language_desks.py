"""Language desks (issue 23): roles limited to languages, in the admin and
the write API, through the one rule (articles.roles). A French desk reads
English stories but edits, publishes and deletes only French ones; a user
with no limit (or a superuser) works in every language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Autosave, DeskLanguage
from articles.roles import EDITOR, WRITER, desk_languages, home_language
from tests.helpers.admin import article_form, management_form, messages_of, rows
from tests.helpers.api_tokens import MANAGE, bearer, etag, issue
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.safety import record

A = "/admin/articles/article/"
REFUSAL = (
    "Your desk works in French: stories in English are not yours to edit or publish."
)


@pytest.fixture
def desk(db, django_user_model):
    """Editors of the French desk (one limited as a user, one through a
    group), a French writer and an unlimited editor; a draft and a live
    story in each language."""
    users = newsroom_staff(
        django_user_model,
        {"fr_editor": EDITOR, "desk_editor": EDITOR, "fr_writer": WRITER,
         "editor": EDITOR},
    )  # fmt: skip
    french_desk = Group.objects.create(name="French desk")
    users["desk_editor"].groups.add(french_desk)
    DeskLanguage.objects.create(group=french_desk, language="fr")
    for name in ("fr_editor", "fr_writer"):
        DeskLanguage.objects.create(user=users[name], language="fr")
    writer = users["fr_writer"]
    stories = {
        "fr_draft": Article.objects.create(
            headline="La digue tient", slug="la-digue-tient", language="fr",
            created_by=writer,
        ),
        "en_draft": Article.objects.create(
            headline="Barrier holds", slug="barrier-holds", created_by=writer
        ),
    }  # fmt: skip
    for language, slug in (("fr", "en-direct"), ("en", "live")):
        live = Article.objects.create(
            headline=f"Live {language}", slug=slug, language=language
        )
        live.publish(at=timezone.now() - timedelta(hours=1))
        stories[f"{language}_live"] = live
    return {"users": users, **stories}


def test_a_users_languages_are_their_own_and_their_groups(desk, django_user_model):
    users = desk["users"]
    DeskLanguage.objects.create(user=users["desk_editor"], language="en")
    root = django_user_model.objects.create_superuser("root", password="pw")
    DeskLanguage.objects.create(user=root, language="fr")

    assert desk_languages(users["desk_editor"]) == frozenset({"en", "fr"})
    assert desk_languages(users["fr_editor"]) == frozenset({"fr"})
    assert desk_languages(users["editor"]) is None
    assert desk_languages(root) is None  # superusers are never limited
    assert home_language(users["fr_editor"]) == "fr"
    assert home_language(users["desk_editor"]) == "en"
    assert home_language(users["editor"]) == "en"


def snapshot() -> list:
    return sorted(Article.objects.values_list("slug", "language", "headline", "status"))


ACTIONS = {
    "edit the French draft": lambda c, w: c.post(f"{A}{w['fr_draft'].pk}/change/", article_form(w["fr_draft"], headline="Modifié")),
    "edit the English draft": lambda c, w: c.post(f"{A}{w['en_draft'].pk}/change/", article_form(w["en_draft"], headline="Edited")),
    "publish the French draft": lambda c, w: c.post(f"{A}{w['fr_draft'].pk}/change/", article_form(w["fr_draft"], _publish="1")),
    "publish the English draft": lambda c, w: c.post(f"{A}{w['en_draft'].pk}/change/", article_form(w["en_draft"], _publish="1")),
    "unpublish the French story": lambda c, w: c.post(f"{A}{w['fr_live'].pk}/change/", article_form(w["fr_live"], _unpublish="1")),
    "unpublish the English story": lambda c, w: c.post(f"{A}{w['en_live'].pk}/change/", article_form(w["en_live"], _unpublish="1")),
    "publish the English draft (bulk)": lambda c, w: c.post(A, {"action": "publish_selected", "_selected_action": [w["en_draft"].pk]}),
    "unpublish the English story (bulk)": lambda c, w: c.post(A, {"action": "unpublish_selected", "_selected_action": [w["en_live"].pk]}),
    "delete the French draft": lambda c, w: c.post(f"{A}{w['fr_draft'].pk}/delete/", {"post": "yes"}),
    "delete the English draft": lambda c, w: c.post(f"{A}{w['en_draft'].pk}/delete/", {"post": "yes"}),
    "add a story in English": lambda c, w: c.post(f"{A}add/", article_form(Article(headline="New", slug="new"), language="en")),
    "add a story (no language sent)": lambda c, w: c.post(f"{A}add/", article_form(Article(headline="New", slug="new"))),
    "autosave the English draft": lambda c, w: c.post(f"{A}{w['en_draft'].pk}/editing/autosave/", {"headline": "Autosaved"}),
}  # fmt: skip
ALLOWED = {
    "edit the French draft": {"fr_editor", "desk_editor", "fr_writer", "editor"},
    "edit the English draft": {"editor"},
    "publish the French draft": {"fr_editor", "desk_editor", "editor"},
    "publish the English draft": {"editor"},
    "unpublish the French story": {"fr_editor", "desk_editor", "editor"},
    "unpublish the English story": {"editor"},
    "publish the English draft (bulk)": {"editor"},
    "unpublish the English story (bulk)": {"editor"},
    "delete the French draft": {"fr_editor", "desk_editor", "editor"},
    "delete the English draft": {"editor"},
    "add a story in English": {"editor"},
    # In the desk's language (see test_a_new_story_starts_in_the_desks_language).
    "add a story (no language sent)": {"fr_editor", "desk_editor", "fr_writer", "editor"},
    "autosave the English draft": {"editor"},
}  # fmt: skip
ROLES = ["fr_editor", "desk_editor", "fr_writer", "editor"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_language_desk_by_action(desk, role, action):
    client = Client()
    client.force_login(desk["users"][role])
    before = snapshot()
    autosaves = Autosave.objects.count()

    response = ACTIONS[action](client, desk)

    changed = snapshot() != before or Autosave.objects.count() != autosaves
    assert response.status_code in (200, 204, 302, 403), response.status_code
    if role in ALLOWED[action]:
        assert changed, f"{role} could not {action}"
    else:
        assert not changed, f"{role} could {action}"
        record("role matrix", "refusals, database unchanged")
    record("role matrix", "cells")
    record("role matrix", "unexpected allows", 0)


def test_a_new_story_starts_in_the_desks_language(desk):
    client = Client()
    client.force_login(desk["users"]["fr_editor"])

    form = client.get(f"{A}add/").context["adminform"].form
    client.post(f"{A}add/", article_form(Article(headline="Neuf", slug="neuf")))

    assert form.initial["language"] == "fr"
    assert Article.objects.get(slug="neuf").language == "fr"


def test_another_desks_story_opens_read_only(desk):
    client = Client()
    client.force_login(desk["users"]["fr_editor"])

    english = client.get(f"{A}{desk['en_draft'].pk}/change/")
    french = client.get(f"{A}{desk['fr_draft'].pk}/change/")

    assert english.status_code == 200
    assert english.context["has_change_permission"] is False
    assert b'name="_publish"' not in english.content
    assert french.context["has_change_permission"] is True
    assert b'name="_publish"' in french.content


def test_a_refused_bulk_publish_names_the_language(desk):
    client = Client()
    client.force_login(desk["users"]["fr_editor"])
    both = [desk["fr_draft"].pk, desk["en_draft"].pk]

    response = client.post(
        A, {"action": "publish_selected", "_selected_action": both}, follow=True
    )

    assert messages_of(response) == [
        f"“Barrier holds” left as it was: {REFUSAL}",
        "Published 1 article.",
    ]
    statuses = dict(Article.objects.values_list("slug", "status"))
    assert (statuses["la-digue-tient"], statuses["barrier-holds"]) == (
        "published",
        "draft",
    )


def test_the_list_marks_other_desks_stories_in_a_fixed_number_of_queries(desk):
    client = Client()
    client.force_login(desk["users"]["fr_editor"])

    with CaptureQueriesContext(connection) as few:
        response = client.get(A)
    badges = {a.slug: a.in_my_desk for a in rows(response)}
    for n in range(3):
        Article.objects.create(headline=f"Story {n}", slug=f"story-{n}")
    with CaptureQueriesContext(connection) as more:
        client.get(A)
    mine = client.get(A, {"desk": "mine"})

    assert badges == {"la-digue-tient": True, "barrier-holds": False,
                      "en-direct": True, "live": False}  # fmt: skip
    assert b"Read only</span>" in response.content
    assert len(more) == len(few)
    assert sorted(a.slug for a in rows(mine)) == ["en-direct", "la-digue-tient"]


def test_an_unlimited_editor_sees_no_desk_badge_or_filter(desk):
    client = Client()
    client.force_login(desk["users"]["editor"])

    response = client.get(A)

    assert b"Read only" not in response.content
    assert b"My desk&#x27;s languages" not in response.content


# The write API: tokens act as their user, through the same rule.


def test_the_write_api_refuses_another_desks_story_naming_its_language(client, desk):
    raw = issue(desk["users"]["fr_editor"])
    english = desk["en_draft"]
    headers = {**bearer(raw), "HTTP_IF_MATCH": etag(client, raw, english.pk)}

    edit = client.patch(
        f"{MANAGE}{english.pk}/", {"headline": "Edited"},
        content_type="application/json", **headers,
    )  # fmt: skip
    publish = client.post(f"{MANAGE}{english.pk}/publish/", **headers)
    create = client.post(
        MANAGE, {"headline": "New", "language": "en"},
        content_type="application/json", **bearer(raw),
    )  # fmt: skip

    assert (edit.status_code, publish.status_code, create.status_code) == (403,) * 3
    assert edit.json()["detail"] == REFUSAL
    assert publish.json()["detail"] == REFUSAL
    assert create.json()["detail"] == REFUSAL
    assert Article.objects.get(pk=english.pk).headline == "Barrier holds"
    assert not Article.objects.filter(headline="New").exists()


def test_the_write_api_makes_and_publishes_the_desks_own_stories(client, desk):
    raw = issue(desk["users"]["fr_editor"])
    french = desk["fr_draft"]
    headers = {**bearer(raw), "HTTP_IF_MATCH": etag(client, raw, french.pk)}

    made = client.post(
        MANAGE, {"headline": "Nouvelle"}, content_type="application/json",
        **bearer(raw),
    )  # fmt: skip
    published = client.post(f"{MANAGE}{french.pk}/publish/", **headers)

    assert (made.status_code, published.status_code) == (201, 200)
    assert Article.objects.get(headline="Nouvelle").language == "fr"
    assert Article.objects.get(pk=french.pk).status == "published"


def test_the_write_api_sets_a_language_only_when_a_story_is_made(client, desk):
    raw = issue(desk["users"]["editor"])
    french = desk["fr_draft"]
    headers = {**bearer(raw), "HTTP_IF_MATCH": etag(client, raw, french.pk)}

    made = client.post(
        MANAGE, {"headline": "Neuve", "language": "fr"},
        content_type="application/json", **bearer(raw),
    )  # fmt: skip
    moved = client.patch(
        f"{MANAGE}{french.pk}/", {"language": "en"},
        content_type="application/json", **headers,
    )  # fmt: skip
    unknown = client.post(
        MANAGE, {"headline": "Nieuw", "language": "nl"},
        content_type="application/json", **bearer(raw),
    )  # fmt: skip

    assert made.status_code == 201
    assert Article.objects.get(headline="Neuve").language == "fr"
    assert moved.status_code == unknown.status_code == 400
    assert Article.objects.get(pk=french.pk).language == "fr"
    assert not Article.objects.filter(headline="Nieuw").exists()


def test_the_write_api_checks_a_new_storys_slug_in_the_desks_language(client, desk):
    # "live" is taken in English only; "en-direct" in French, the desk's.
    raw = issue(desk["users"]["fr_editor"])

    def make(slug):
        return client.post(
            MANAGE, {"headline": "Direct", "slug": slug},
            content_type="application/json", **bearer(raw),
        )  # fmt: skip

    free, taken = make("live"), make("en-direct")

    assert (free.status_code, taken.status_code) == (201, 400)
    assert taken.json()["slug"] == ["Another story has this slug."]
    made = Article.objects.get(slug="live", language="fr")
    assert made.headline == "Direct"


# Superusers set the limits, on the group's (or the user's) page.


def test_a_superuser_limits_a_group_on_its_page(admin_client, desk):
    group = Group.objects.get(name="French desk")
    url = f"/admin/auth/group/{group.pk}/change/"
    existing = group.desk_languages.get()

    page = admin_client.get(url)
    admin_client.post(url, {
        "name": "French desk",
        **management_form("desk_languages", total=2, initial=1),
        "desk_languages-0-id": existing.pk, "desk_languages-0-group": group.pk,
        "desk_languages-0-language": "fr",
        "desk_languages-1-group": group.pk, "desk_languages-1-language": "en",
    })  # fmt: skip

    assert b"Desk languages" in page.content
    assert sorted(group.desk_languages.values_list("language", flat=True)) == [
        "en",
        "fr",
    ]


def test_only_superusers_see_desk_languages(desk, django_user_model):
    manager = django_user_model.objects.create_user(
        "manager", password="pw", is_staff=True
    )
    manager.user_permissions.set(
        Permission.objects.filter(codename__in=["change_group", "view_group"])
    )
    client = Client()
    client.force_login(manager)
    group = Group.objects.get(name="French desk")

    page = client.get(f"/admin/auth/group/{group.pk}/change/")

    assert page.status_code == 200
    assert b"Desk languages" not in page.content
