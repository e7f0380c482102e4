"""Someone else is here (articles/admin/edit_sessions.py,
articles/models/edit_sessions.py): opening a story holds its soft lock, the
next person is told who and since when, anyone who may change the story
may take over, a lock without a heartbeat for two minutes is free; the
form's autosave is the editor's own copy, offered back and restored exactly,
removed by a successful save, and touches nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import (
    Article,
    ArticleDraft,
    ArticleEvent,
    Autosave,
    ContentVersion,
    EditLock,
    Tag,
)
from articles.roles import EDITOR, PHOTO_EDITOR, WRITER
from tests.helpers.admin import article_form, management_form, messages_of
from tests.helpers.newsroom import roles_in_place
from tests.helpers.working_drafts import ADMIN, opened, post_change

PARIS = ZoneInfo("Europe/Paris")
# 10:42 in Paris, the site's time zone in these tests.
MORNING = datetime(2026, 3, 10, 10, 42, tzinfo=PARIS)


def member(django_user_model, username: str, group: str) -> Client:
    user = django_user_model.objects.create_user(
        username, password="pw", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff(db, django_user_model, settings):
    settings.TIME_ZONE = "Europe/Paris"
    roles_in_place()
    return {
        name: member(django_user_model, name, group)
        for name, group in (
            ("edith", EDITOR),
            ("eddie", EDITOR),
            ("wanda", WRITER),
            ("walter", WRITER),
            ("pablo", PHOTO_EDITOR),
        )
    }


@pytest.fixture
def story(staff):
    """Wanda's draft."""
    return Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        body="<p>The barrier held.</p>",
        created_by=staff["wanda"].user,
    )


def change(article: Article) -> str:
    return f"{ADMIN}{article.pk}/change/"


def editing(article: Article | None, action: str) -> str:
    return (
        f"{ADMIN}{article.pk}/editing/{action}/"
        if article
        else f"{ADMIN}editing/{action}/"
    )


def session(response) -> dict:
    return response.context["edit_session"]


def holder(article: Article) -> str | None:
    lock = EditLock.objects.filter(article=article).select_related("user").first()
    return lock.user.username if lock else None


# The lock -------------------------------------------------------------------


def test_the_next_person_is_told_who_has_been_editing_since_when(
    staff, story, time_machine
):
    time_machine.move_to(MORNING, tick=False)
    first = staff["wanda"].get(change(story))
    assert session(first)["lock"] == {"mine": True, "message": ""}
    assert b"has been editing" not in first.content

    time_machine.move_to(MORNING + timedelta(minutes=1), tick=False)
    second = staff["edith"].get(change(story))

    assert session(second)["lock"]["message"] == (
        "Wanda has been editing this since 10:42."
    )
    page = second.content.decode()
    assert "Wanda has been editing this since 10:42." in page
    assert 'value="Take over editing"' in page
    assert holder(story) == "wanda"  # opening it took nothing


def test_a_lock_without_a_heartbeat_for_two_minutes_is_free(staff, story, time_machine):
    time_machine.move_to(MORNING, tick=False)
    token = session(staff["wanda"].get(change(story)))["token"]
    # A heartbeat at 1:50 keeps it past the first two minutes.
    time_machine.move_to(MORNING + timedelta(minutes=1, seconds=50), tick=False)
    beat = staff["wanda"].post(editing(story, "heartbeat"), {"token": token})
    assert beat.json() == {"mine": True, "message": ""}
    time_machine.move_to(MORNING + timedelta(minutes=3, seconds=49), tick=False)
    assert session(staff["edith"].get(change(story)))["lock"]["mine"] is False

    # Two minutes and one second after the last heartbeat: free, and the
    # next person to open the story holds it, "since" from now.
    time_machine.move_to(MORNING + timedelta(minutes=3, seconds=51), tick=False)
    assert session(staff["edith"].get(change(story)))["lock"]["mine"] is True
    assert holder(story) == "edith"
    late = staff["wanda"].post(editing(story, "heartbeat"), {"token": token})
    assert late.json()["message"] == "Edith has been editing this since 10:45."


def test_a_heartbeat_of_a_page_that_waited_takes_the_lock_once_it_is_free(
    staff, story, time_machine
):
    time_machine.move_to(MORNING, tick=False)
    staff["wanda"].get(change(story))
    token = session(staff["edith"].get(change(story)))["token"]
    assert (
        staff["edith"]
        .post(editing(story, "heartbeat"), {"token": token})
        .json()["mine"]
        is False
    )

    time_machine.move_to(MORNING + timedelta(minutes=2, seconds=1), tick=False)
    answer = staff["edith"].post(editing(story, "heartbeat"), {"token": token})

    assert answer.json() == {"mine": True, "message": ""}
    assert holder(story) == "edith"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("edith", True),  # an editor changes any story
        ("wanda", True),  # her own draft: she may change it
        ("walter", False),  # another writer's draft: he may not
        ("pablo", False),  # the photo desk does not edit stories
    ],
)
def test_who_may_take_over(staff, story, time_machine, who, allowed):
    time_machine.move_to(MORNING, tick=False)
    first = "eddie" if who != "eddie" else "edith"
    staff[first].get(change(story))

    response = staff[who].post(editing(story, "take-over"))

    if allowed:
        assert response.status_code == 302
        assert response["Location"] == change(story)
        assert holder(story) == who
        assert messages_of(response) == [
            "You took over “Harbour barrier holds” from Eddie. Their unsaved "
            "changes stay in their own autosave."
        ]
        beat = staff[first].post(editing(story, "heartbeat"), {"token": "old"})
        assert beat.json()["message"] == (
            f"{who.title()} has been editing this since 10:42."
        )
    else:
        assert response.status_code == 403
        assert holder(story) == first


def test_a_reader_is_told_but_neither_holds_nor_takes_over(staff, story):
    staff["edith"].get(change(story))

    page = staff["pablo"].get(change(story))  # the photo desk reads stories

    assert page.status_code == 200
    text = page.content.decode()
    assert "Edith has been editing this since" in text
    assert "Take over editing" not in text and "data-heartbeat" not in text
    assert holder(story) == "edith"


def test_a_form_sent_back_keeps_a_heartbeat_but_claims_nothing(staff, story):
    staff["edith"].get(change(story))
    hidden = opened(staff["eddie"].get(change(story)))
    Article.objects.filter(pk=story.pk).update(revision=story.revision + 1)

    refused = staff["eddie"].post(change(story), article_form(story, **hidden))

    assert refused.status_code == 200  # an edit conflict, the form sent back
    assert session(refused)["token"] and session(refused)["lock"]["mine"] is False
    assert holder(story) == "edith"


def test_the_lock_refuses_no_save_and_the_stale_save_rule_still_holds(staff, story):
    wanda_opened = opened(staff["wanda"].get(change(story)))
    edith_page = staff["edith"].get(change(story))
    assert session(edith_page)["lock"]["mine"] is False

    # Edith saves although Wanda holds the lock: the lock only informs.
    saved = staff["edith"].post(
        change(story),
        article_form(story, headline="Edith's headline", **opened(edith_page)),
    )
    assert saved.status_code == 302
    # Wanda's copy is older now: her save is refused, nothing overwritten.
    refused = staff["wanda"].post(
        change(story), article_form(story, headline="Wanda's", **wanda_opened)
    )
    assert refused.status_code == 200
    assert refused.context["adminform"].form.has_error("__all__", "edit_conflict")
    assert Article.objects.get(pk=story.pk).headline == "Edith's headline"


def test_a_closed_tab_frees_the_story_but_not_a_successors_claim(staff, story):
    first = session(staff["wanda"].get(change(story)))["token"]
    second = session(staff["wanda"].get(change(story)))["token"]  # reloaded

    stale = staff["wanda"].post(editing(story, "release"), {"token": first})
    assert stale.status_code == 204 and holder(story) == "wanda"
    staff["edith"].post(editing(story, "release"), {"token": second})
    assert holder(story) == "wanda"  # only the holder's own page frees it
    staff["wanda"].post(editing(story, "release"), {"token": second})
    assert holder(story) is None


def test_a_page_being_left_beats_once_more_and_closes_without_freeing_the_story(
    staff, story
):
    # Leaving a page for its successor (a save, a take-over), the old page
    # can beat once after the new one opened, then says goodbye: the story
    # stays with the new page.
    old = session(staff["wanda"].get(change(story)))["token"]
    new = session(staff["wanda"].get(change(story)))["token"]
    assert new > old

    staff["wanda"].post(editing(story, "heartbeat"), {"token": old})
    staff["wanda"].post(editing(story, "release"), {"token": old})

    assert EditLock.objects.get(article=story).token == new
    assert holder(story) == "wanda"


def test_the_endpoints_take_posts_with_a_csrf_token_only(staff, story):
    for action in ("heartbeat", "release", "take-over", "autosave", "dismiss"):
        assert staff["edith"].get(editing(story, action)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff["edith"].user)
    for action in ("heartbeat", "take-over", "autosave", "dismiss"):
        assert strict.post(editing(story, action), {"token": "t"}).status_code == 403
    assert not EditLock.objects.exists() and not Autosave.objects.exists()
    anonymous = Client().post(editing(story, "heartbeat"), {"token": "t"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


# Autosave ------------------------------------------------------------------


def typed(article: Article, **fields) -> dict:
    """What the page's script posts: the whole form, credits, corrections
    and the CSRF token included."""
    data = article_form(article, **fields)
    data["csrfmiddlewaretoken"] = "ignored-by-the-test-client"
    data |= management_form("credits", total=1) | {"credits-0-role": "author"}
    return data


def test_an_autosave_is_restored_exactly(staff, story, time_machine):
    Tag.objects.create(name="Storms", slug="storms")
    tags = list(Tag.objects.values_list("pk", flat=True))
    time_machine.move_to(MORNING + timedelta(minutes=3), tick=False)
    wanda = staff["wanda"]
    hidden = opened(wanda.get(change(story)))
    fields = {
        "headline": "  Harbour barrier holds, just  ",
        "standfirst": "Half a sentence",
        "body": "<p>The barrier held.</p><p>Then the <em>second</em> wave",
        "tags": [str(t) for t in tags],
        **hidden,
    }
    saved = wanda.post(editing(story, "autosave"), typed(story, **fields))
    assert saved.json() == {"saved_at": "10:45"}

    stored = Autosave.objects.get(user=wanda.user, article=story).fields
    assert "csrfmiddlewaretoken" not in stored
    assert not [k for k in stored if k.startswith("credits-")]
    assert stored["headline"] == ["  Harbour barrier holds, just  "]

    offered = wanda.get(change(story)).content.decode()
    assert "Restore unsaved changes from 10:45" in offered
    assert 'value="Dismiss"' in offered
    # Autosave waits while the copy is on offer.
    assert 'data-paused="1"' in offered

    restored = wanda.get(f"{change(story)}?restore_autosave=1")
    form = restored.context["adminform"].form
    assert form["headline"].value() == fields["headline"]
    assert form["standfirst"].value() == fields["standfirst"]
    assert form["body"].value() == fields["body"]
    assert [str(v) for v in form["tags"].value()] == fields["tags"]
    assert str(form["opened_revision"].value()) == hidden["opened_revision"]
    assert "Restored your unsaved changes from 10:45." in restored.content.decode()
    # Nothing of it reached the story.
    assert Article.objects.get(pk=story.pk).headline == "Harbour barrier holds"


def test_an_autosave_is_each_editors_own(staff, story):
    staff["edith"].post(editing(story, "autosave"), typed(story, headline="Edith's"))

    assert session(staff["eddie"].get(change(story)))["offer"] is None
    assert session(staff["edith"].get(change(story)))["offer"] is not None


def test_a_successful_save_removes_the_autosave_and_a_refused_one_keeps_it(
    staff, story
):
    wanda = staff["wanda"]
    hidden = opened(wanda.get(change(story)))
    wanda.post(editing(story, "autosave"), typed(story, headline="Kept"))
    Article.objects.filter(pk=story.pk).update(revision=story.revision + 5)

    refused = wanda.post(change(story), article_form(story, headline="Kept", **hidden))
    assert refused.status_code == 200
    assert Autosave.objects.filter(user=wanda.user).exists()

    story.refresh_from_db()
    saved = wanda.post(
        change(story),
        article_form(story, headline="Kept", **opened(wanda.get(change(story)))),
    )
    assert saved.status_code == 302
    assert not Autosave.objects.exists()


def test_dismiss_drops_the_copy(staff, story):
    staff["wanda"].post(editing(story, "autosave"), typed(story, headline="Gone"))

    response = staff["wanda"].post(editing(story, "dismiss"))

    assert response.status_code == 302 and response["Location"] == change(story)
    assert not Autosave.objects.exists()


def test_a_new_story_is_autosaved_and_offered_back_on_the_add_form(staff):
    wanda = staff["wanda"]
    draft = typed(None, headline="Ferry service resumes", slug="ferry")
    assert wanda.post(editing(None, "autosave"), draft).status_code == 200
    assert Autosave.objects.get(user=wanda.user).article is None

    add = f"{ADMIN}add/"
    assert "Restore unsaved changes" in wanda.get(add).content.decode()
    restored = wanda.get(f"{add}?restore_autosave=1").context["adminform"].form
    assert restored["headline"].value() == "Ferry service resumes"

    created = wanda.post(add, article_form(None, headline="Ferry", slug="ferry"))
    assert created.status_code == 302
    assert not Autosave.objects.exists()


def test_an_autosave_touches_neither_the_story_nor_its_draft_nor_readers(
    staff, published_article
):
    live = Article.objects.get(pk=published_article.pk)
    edith = staff["edith"]
    assert post_change(edith, live, headline="Draft headline").status_code == 302
    draft_before = ArticleDraft.objects.get(article=live).values
    ContentVersion.current()
    version, events = ContentVersion.current(), ArticleEvent.objects.count()
    stored = Article.objects.filter(pk=live.pk).values().get()

    response = edith.post(
        editing(live, "autosave"), typed(live, headline="Autosaved headline")
    )

    assert response.status_code == 200
    assert Article.objects.filter(pk=live.pk).values().get() == stored
    assert ArticleDraft.objects.get(article=live).values == draft_before
    assert (ContentVersion.current(), ArticleEvent.objects.count()) == (version, events)


# The script's requests, every few seconds per open story, pinned with their
# writes: session, user, the story (what the role check reads), the user's
# and groups' permissions, the user's desk languages (issue 23: may they
# edit a story in this language?), then the lock's one conditional UPDATE; or
# the autosave's locked read and write in a savepoint (4).
HEARTBEAT_QUERIES = 7
AUTOSAVE_QUERIES = 10


def test_a_heartbeat_and_an_autosave_cost_a_few_queries(
    staff, story, django_assert_num_queries
):
    edith = staff["edith"]
    token = session(edith.get(change(story)))["token"]
    edith.post(editing(story, "autosave"), typed(story))

    with django_assert_num_queries(HEARTBEAT_QUERIES):
        edith.post(editing(story, "heartbeat"), {"token": token})
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        edith.post(editing(story, "autosave"), typed(story, headline="Again"))
