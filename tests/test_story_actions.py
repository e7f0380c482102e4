"""The story form's actions instead of a status select
(articles/admin/story_actions.py): the buttons each role sees, what each does,
the question before one that changes what readers see (asked by the page, or
by the server when the page's script did not run), the writer's forged
buttons refused, and badges that say what is true."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.admin.display import status_label
from articles.models import Article, ArticleDraft
from articles.roles import EDITOR, WRITER
from tests.helpers.admin import messages_of
from tests.helpers.newsroom import roles_in_place
from tests.helpers.working_drafts import ADMIN, post_change

ASK = {"_ask_confirmation": "1"}


@pytest.fixture
def staff(db, django_user_model) -> dict[str, Client]:
    roles_in_place()
    clients = {}
    for name, group in (("wanda", WRITER), ("edith", EDITOR)):
        user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        client.user = user
        clients[name] = client
    return clients


@pytest.fixture
def draft(staff) -> Article:
    return Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held.</p>",
        created_by=staff["wanda"].user,
    )


def buttons(page) -> list[tuple[str, str]]:
    """(name, label) of each submit button in the form's action row."""
    row = re.search(r'<div class="submit-row story-actions">(.*?)</div>', page, re.S)
    return re.findall(
        r'<input type="submit" value="([^"]*)"[^>]*? name="([^"]*)"', row[1]
    )


def page_of(client, article) -> str:
    return client.get(f"{ADMIN}{article.pk}/change/").content.decode()


def readers_see(client, article) -> int:
    return client.get(f"/api/v1/articles/{article.slug}/").status_code


def test_each_role_sees_its_buttons_and_no_status_select(staff, draft):
    writer_page = page_of(staff["wanda"], draft)
    editor_page = page_of(staff["edith"], draft)

    for page in (writer_page, editor_page):
        assert '<select name="status"' not in page
        assert '<input type="hidden" name="status" value="draft"' in page
    assert buttons(writer_page) == [
        ("Save", "_save"),
        ("Save and continue editing", "_continue"),
        ("Submit for review", "_submit_review"),
    ]
    assert buttons(editor_page) == [
        ("Save", "_save"),
        ("Save and continue editing", "_continue"),
        ("Submit for review", "_submit_review"),
        ("Publish now", "_publish"),
        ("Schedule", "_schedule"),
    ]
    assert 'data-confirm="Publish this story now?' in editor_page
    assert "Status: <span" in editor_page and ">Draft</span>" in editor_page


def test_a_live_story_offers_publish_changes_and_unpublish(staff, draft):
    draft.publish(at=timezone.now() - timedelta(hours=1))

    page = page_of(staff["edith"], draft)

    assert buttons(page) == [
        ("Save draft", "_save"),
        ("Save draft and continue editing", "_continue"),
        ("Publish changes", "_publish"),
        ("Unpublish", "_unpublish"),
        ("Publish changes at…", "_publish_at"),
    ]
    assert 'data-confirm="Unpublish this story?' in page
    assert buttons(page_of(staff["wanda"], draft))[-1] == (
        "Submit changes for review",
        "_submit_review",
    )


def test_a_writer_submits_for_review_with_the_button(staff, draft):
    response = post_change(staff["wanda"], draft, "_submit_review")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "review"
    page = page_of(staff["wanda"], draft)
    assert "_submit_review" not in dict(buttons(page)).values()
    assert ">In review</span>" in page


@pytest.mark.parametrize("button", ["_publish", "_schedule", "_confirmed_publish"])
def test_a_writers_forged_editor_button_is_refused(staff, draft, button):
    later = timezone.localtime() + timedelta(days=1)

    response = post_change(
        staff["wanda"],
        draft,
        button,
        published_at_0=f"{later:%Y-%m-%d}",
        published_at_1="09:00:00",
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("draft", None)


def test_a_writers_forged_unpublish_of_her_live_story_is_refused(staff, draft):
    draft.publish(at=timezone.now() - timedelta(hours=1))

    response = post_change(staff["wanda"], draft, "_unpublish")

    assert response.status_code == 403
    assert Article.objects.get(pk=draft.pk).status == "published"


def test_publish_asks_first_then_publishes_on_the_confirmation(staff, draft):
    editor = staff["edith"]

    asked = post_change(editor, draft, "_publish", **ASK)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Publish this story now? Readers see it as soon as you confirm." in page
    assert 'name="_confirmed_publish"' in page and "Please correct" not in page
    assert Article.objects.get(pk=draft.pk).status == "draft"
    assert readers_see(editor, draft) == 404

    done = post_change(editor, draft, "_confirmed_publish", **ASK)

    assert done.status_code == 302
    assert "Published “Harbour barrier holds”." in messages_of(done)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.is_published()
    assert draft.updated_by == editor.user
    assert readers_see(editor, draft) == 200


def test_the_pages_yes_publishes_at_once(staff, draft):
    # The script clears _ask_confirmation once the editor said yes.
    response = post_change(staff["edith"], draft, "_publish", _ask_confirmation="")

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).is_published()


def test_an_embargoed_publish_asks_nothing_and_says_embargoed(staff, draft):
    lifts = timezone.localtime() + timedelta(hours=2)

    response = post_change(
        staff["edith"],
        draft,
        "_publish",
        embargo_until_0=f"{lifts:%Y-%m-%d}",
        embargo_until_1=f"{lifts:%H:%M:%S}",
        **ASK,
    )

    assert response.status_code == 302  # readers see nothing yet: no question
    draft.refresh_from_db()
    assert draft.status == "published" and not draft.is_published()
    assert f">Embargoed until {lifts:%Y-%m-%d %H:%M}</span>" in page_of(
        staff["edith"], draft
    )


def test_schedule_needs_a_time_to_come(staff, draft):
    editor = staff["edith"]
    past = timezone.localtime() - timedelta(hours=1)

    for fields in (
        {},
        {"published_at_0": f"{past:%Y-%m-%d}", "published_at_1": f"{past:%H:%M:%S}"},
    ):
        refused = post_change(editor, draft, "_schedule", **fields)
        assert refused.status_code == 200
        assert refused.context["adminform"].form.errors["published_at"] == [
            "Scheduling needs the time to publish at, still to come."
        ]
    at = timezone.localtime() + timedelta(hours=3)

    response = post_change(
        editor,
        draft,
        "_schedule",
        published_at_0=f"{at:%Y-%m-%d}",
        published_at_1=f"{at:%H:%M:%S}",
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "scheduled" and not draft.is_published()
    assert f">Scheduled for {at:%Y-%m-%d %H:%M}</span>" in page_of(editor, draft)


def test_unpublish_asks_then_takes_the_story_off_with_its_draft(staff, draft):
    editor = staff["edith"]
    draft.publish(at=timezone.now() - timedelta(hours=1))
    post_change(editor, draft, headline="Harbour barrier holds again")  # a draft
    assert ArticleDraft.objects.filter(article=draft).exists()
    live = Article.objects.get(pk=draft.pk)

    # The form opens on the draft: its values are what the editor sends.
    on_screen = {"headline": "Harbour barrier holds again"}
    asked = post_change(editor, live, "_unpublish", **on_screen, **ASK)

    assert asked.status_code == 200
    assert "Unpublish this story?" in asked.content.decode()
    assert readers_see(editor, live) == 200

    done = post_change(editor, live, "_confirmed_unpublish", **on_screen, **ASK)

    assert done.status_code == 302
    live.refresh_from_db()
    assert (live.status, live.headline) == ("draft", "Harbour barrier holds again")
    assert not ArticleDraft.objects.filter(article=live).exists()
    assert readers_see(editor, live) == 404
    assert ">Draft</span>" in page_of(editor, live)


def test_badges_say_what_is_true(db):
    now = timezone.now()
    cases = {
        "Draft": Article(status="draft"),
        "In review": Article(status="review"),
        "Live": Article(status="published", published_at=now - timedelta(hours=1)),
        "Scheduled for": Article(status="scheduled", published_at=now + timedelta(hours=1)),
        "Embargoed until": Article(
            status="published",
            published_at=now - timedelta(hours=1),
            embargo_until=now + timedelta(hours=2),
        ),
    }  # fmt: skip

    for expected, article in cases.items():
        assert status_label(article, now)[0].startswith(expected), expected
    embargoed = status_label(cases["Embargoed until"], now)
    at = timezone.localtime(now + timedelta(hours=2))
    assert embargoed == (f"Embargoed until {at:%Y-%m-%d %H:%M}", "embargoed")
