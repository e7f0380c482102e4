"""Working drafts published at a chosen time, "Publish changes at…"
(articles/models/due_drafts.py, the admin in articles/admin/drafts.py): a
live story's working draft made live at a chosen time with no job having to
run. Readers see the old version strictly
before the time and the new one from it on; the first public request after
it publishes the draft, once (one transition); an edit conflict at the time
keeps the draft, unscheduled, with a note; only editors schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.admin.display import status_label
from articles.models import (
    Article,
    ArticleDraft,
    ArticleEvent,
    ContentVersion,
    WebhookEndpoint,
)
from articles.models.due_drafts import carry_out_due_changes
from articles.publishing.due_drafts import publish_due_drafts
from articles.publishing.transitions import story_changed
from articles.roles import EDITOR, WRITER, sync_roles
from tests.helpers.admin import messages_of, rows
from tests.helpers.working_drafts import ADMIN, post_change


@pytest.fixture
def staff(db, django_user_model):
    sync_roles(apps)
    clients = {}
    for name, group in (("edith", EDITOR), ("wanda", WRITER)):
        user = django_user_model.objects.create_user(
            name, password="pw", is_staff=True, first_name=name.title()
        )
        user.groups.add(Group.objects.get(name=group))
        clients[name] = Client()
        clients[name].force_login(user)
        clients[name].user = user
    return clients


@pytest.fixture
def live(published_article, staff, settings):
    # Webhooks and CDN purging on: a publish leaves its rows.
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "https://cdn.example/purge"
    WebhookEndpoint.objects.create(name="Site", url="https://hooks.example/in")
    published_article.created_by = staff["wanda"].user
    published_article.save()
    ContentVersion.bump()
    return Article.objects.get(pk=published_article.pk)


@pytest.fixture
def announced():
    sent: list[list[tuple[str, int]]] = []

    def listen(sender, transitions, now, **kwargs):
        sent.append([(str(t.kind), t.article_id) for t in transitions])

    story_changed.connect(listen, dispatch_uid="test-scheduled-drafts")
    yield sent
    story_changed.disconnect(dispatch_uid="test-scheduled-drafts")


def at_field(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def schedule(client, article, moment, **fields):
    return post_change(
        client, article, "_publish_at", publish_changes_at=at_field(moment), **fields
    )


def headline_readers_see(api_client, slug: str) -> tuple[str, str]:
    response = api_client.get(f"/api/v1/articles/{slug}/")
    return response.json()["headline"], response.get("X-Cache", "")


def updated_events() -> int:
    return ArticleEvent.objects.filter(kind="article.updated").count()


def test_an_editor_schedules_the_changes_and_the_pages_say_so(
    staff, live, api_client, django_capture_on_commit_callbacks
):
    edith = staff["edith"]
    moment = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)

    shown = f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    with django_capture_on_commit_callbacks(execute=True):
        response = schedule(edith, live, moment, headline="Changes at nine")

    assert response.status_code == 302
    assert messages_of(edith.get(ADMIN)) == [
        f"Scheduled the changes to “Changes at nine” for {shown}. Readers see "
        "the live version until then."
    ]
    draft = ArticleDraft.objects.get()
    assert (draft.publish_at, draft.scheduled_by, draft.values["headline"]) == (
        moment,
        edith.user,
        "Changes at nine",
    )
    assert ContentVersion.objects.get(pk=1).next_change_at == moment
    assert LogEntry.objects.get().change_message == (
        f"Scheduled the working draft to be published at {shown}."
    )
    queued = DBTaskResult.objects.filter(task_path__endswith="publish_due_drafts")
    assert list(queued.values_list("run_after", flat=True)) == [moment]
    assert headline_readers_see(api_client, live.slug)[0] == live.headline
    # The list and the page say it, the time in the box.
    listed = rows(edith.get(ADMIN))[0]
    assert status_label(listed, timezone.now())[0] == (
        f"Live, changes scheduled for {shown}"
    )
    page = edith.get(f"{ADMIN}{live.pk}/change/")
    text = page.content.decode()
    assert f"Changes scheduled for {shown}</span>" in text
    assert 'name="_unschedule"' in text
    assert f'value="{at_field(moment)}"' in text


@pytest.mark.parametrize("offset", [timedelta(minutes=-5), timedelta(0), None])
def test_a_time_past_now_or_missing_is_refused(staff, live, offset):
    moment = timezone.now() + offset if offset is not None else None
    response = post_change(
        staff["edith"],
        live,
        "_publish_at",
        publish_changes_at=at_field(moment) if moment else "",
        headline="Too late",
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["publish_changes_at"] == [
        "Choose a time still to come to publish the changes at (or publish them now)."
    ]
    assert "Choose a time still to come" in response.content.decode()
    assert not ArticleDraft.objects.exists()


def test_readers_see_the_old_version_before_the_time_and_the_new_from_it(
    staff, live, api_client, announced, time_machine
):
    moment = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    time_machine.move_to(moment - timedelta(hours=1), tick=False)
    schedule(staff["edith"], live, moment, headline="New headline at the hour")
    # The form's minute: the draft's time is that minute.
    moment = ArticleDraft.objects.get().publish_at
    announced.clear()
    ArticleEvent.objects.all().delete()  # sent: the outbox is empty
    events = 0

    time_machine.move_to(moment - timedelta(microseconds=1), tick=False)
    assert headline_readers_see(api_client, live.slug) == (live.headline, "MISS")
    assert headline_readers_see(api_client, live.slug) == (live.headline, "HIT")
    assert updated_events() == events

    # No worker runs: the first request from the time on publishes it.
    time_machine.move_to(moment, tick=False)
    assert headline_readers_see(api_client, live.slug) == (
        "New headline at the hour",
        "MISS",
    )
    assert headline_readers_see(api_client, live.slug) == (
        "New headline at the hour",
        "HIT",
    )
    listed = api_client.get("/api/v1/articles/").json()["results"]
    assert [a["headline"] for a in listed] == ["New headline at the hour"]
    # Once: one transition, one webhook event; the task finds nothing left.
    assert announced == [[("updated", live.pk)]]
    assert list(ArticleEvent.objects.values_list("kind", "occurred_at")) == [
        ("article.updated", moment)
    ]
    assert publish_due_drafts.call() == []
    assert not ArticleDraft.objects.exists()
    story = Article.objects.get(pk=live.pk)
    assert (story.headline, story.updated_by) == (
        "New headline at the hour",
        staff["edith"].user,
    )
    # In the story's history, as the editor who scheduled it.
    revision = Version.objects.get_for_object(story).first().revision
    shown = f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    assert (revision.user, revision.comment) == (
        staff["edith"].user,
        f"Published the working draft scheduled for {shown}.",
    )
    assert updated_events() == events + 1


def test_the_task_publishes_when_nobody_reads(staff, live, announced, time_machine):
    moment = timezone.now() + timedelta(minutes=30)
    schedule(staff["edith"], live, moment, headline="Published by the worker")
    announced.clear()

    time_machine.move_to(moment + timedelta(seconds=1), tick=False)
    assert publish_due_drafts.call() == [live.pk]

    assert announced == [[("updated", live.pk)]]
    assert Article.objects.get(pk=live.pk).headline == "Published by the worker"
    assert ContentVersion.current() is not None


def test_an_edit_conflict_at_the_time_keeps_the_draft_with_a_note(
    staff, live, api_client, announced, time_machine
):
    moment = timezone.now() + timedelta(minutes=30)
    schedule(staff["edith"], live, moment, headline="Scheduled headline")
    # The live story is saved some other way after the draft was made.
    other = Article.objects.get(pk=live.pk)
    other.standfirst = "Changed live by an import."
    other.save()
    announced.clear()

    time_machine.move_to(moment + timedelta(seconds=1), tick=False)
    assert headline_readers_see(api_client, live.slug) == (live.headline, "MISS")

    assert announced == []
    draft = ArticleDraft.objects.get()
    assert (draft.publish_at, draft.values["headline"]) == (None, "Scheduled headline")
    assert draft.schedule_note.startswith("Not published at its time: ")
    assert "Check the differences" in draft.schedule_note
    assert ContentVersion.current() is not None  # counted; the cache works again
    page = staff["edith"].get(f"{ADMIN}{live.pk}/change/").content.decode()
    assert "Not published at its time" in page
    assert "Changes scheduled for" not in page


def test_unschedule_and_saving_again_drop_the_schedule(staff, live):
    edith = staff["edith"]
    moment = timezone.now() + timedelta(hours=3)
    schedule(edith, live, moment, headline="Later")

    assert post_change(edith, live, "_unschedule").status_code == 302
    draft = ArticleDraft.objects.get()
    assert (draft.publish_at, draft.values["headline"]) == (None, "Later")

    schedule(edith, live, moment, headline="Later")
    response = post_change(edith, live, headline="Later, edited")
    assert response.status_code == 302
    assert ArticleDraft.objects.get().publish_at is None
    assert messages_of(edith.get(ADMIN))[-1].endswith(
        "The changes are no longer scheduled: choose “Publish changes at…” "
        "again to publish them at a time."
    )


def test_a_writer_can_neither_schedule_nor_unschedule(staff, live):
    wanda, edith = staff["wanda"], staff["edith"]
    moment = timezone.now() + timedelta(hours=3)
    page = wanda.get(f"{ADMIN}{live.pk}/change/").content.decode()
    assert 'name="_publish_at"' not in page

    assert schedule(wanda, live, moment, headline="Mine").status_code == 403
    schedule(edith, live, moment, headline="Edith's")
    assert post_change(wanda, live, "_unschedule").status_code == 403

    assert ArticleDraft.objects.get().publish_at is not None


def test_the_edit_conflict_rule_covers_scheduling(staff, live):
    edith = staff["edith"]
    url = f"{ADMIN}{live.pk}/change/"
    from tests.helpers.working_drafts import opened

    stale = opened(edith.get(url))
    post_change(edith, live, headline="Someone's draft")
    from tests.helpers.admin import article_form

    response = edith.post(
        url,
        article_form(
            live,
            standfirst=live.standfirst,
            section=live.section_id,
            lead_image=live.lead_image_id,
            tags=list(live.tags.values_list("pk", flat=True)),
            **stale,
            headline="Over it",
            _publish_at="1",
            publish_changes_at=at_field(timezone.now() + timedelta(hours=1)),
        ),
    )

    assert response.status_code == 200
    assert "saved a working draft of" in response.content.decode()
    assert ArticleDraft.objects.get().publish_at is None


def test_queries_of_the_read_path_at_a_timed_change(live, api_client, time_machine):
    api_client.get("/api/v1/articles/")
    with CaptureQueriesContext(connection) as hit:
        assert api_client.get("/api/v1/articles/")["X-Cache"] == "HIT"
    assert len(hit.captured_queries) == 1  # the version, as before

    later = timezone.now() + timedelta(minutes=5)
    Article.objects.create(headline="Later", slug="later").publish(at=later)
    time_machine.move_to(later + timedelta(seconds=1), tick=False)
    with CaptureQueriesContext(connection) as counting:
        carry_out_due_changes()
    # No draft due: the due drafts (1), then the count (`advance`: the next
    # timed change's three statements and the conditional update).
    assert len(counting.captured_queries) == 5
    assert ContentVersion.current() is not None
