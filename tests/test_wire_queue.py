"""The wire queue and the sources' admin, for editors only, and the task
worker polling sources for real (`manage.py db_worker --batch`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.interchange.wire_tasks import schedule_poll
from articles.models import Article, WireItem, WirePoll, WireSource
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.webhooks import run_worker
from tests.helpers.wire import OTHER, SAMPLES, poll_source, wire_folder

QUEUE = "/admin/articles/wireitem/"
SOURCES = "/admin/articles/wiresource/"
POLL_TASK = "articles.interchange.wire_tasks.poll_wire_source"


@pytest.fixture
def wire_root(settings, tmp_path):
    settings.CMS_WIRE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def queued(wire_root, staff) -> WireSource:
    wire_folder(
        wire_root,
        "desk",
        [SAMPLES / "ap.xml", OTHER / "IPTC7901.txt", OTHER / "anpa-1.tst"],
    )
    # Named by its agency: items that credit none are the source's.
    source = WireSource.objects.create(name="AP", location="desk")
    poll_source(source)
    return source


def pending_polls() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=POLL_TASK, status="READY"))


@pytest.mark.django_db(transaction=True)
def test_the_worker_polls_a_source_and_queues_one_next_poll(wire_root):
    wire_folder(wire_root, "dpa", [SAMPLES / "dpa.xml"])
    source = WireSource.objects.create(name="dpa", location="dpa")
    schedule_poll(source)
    schedule_poll(source)  # a second chain (a second save) ends at its first run

    run_worker()

    [entry] = WirePoll.objects.all()
    assert (entry.failed, entry.created) == (False, 1)
    source.refresh_from_db()
    [upcoming] = pending_polls()
    assert upcoming.run_after == source.next_poll_at
    assert source.next_poll_at == entry.polled_at + timedelta(minutes=5)

    run_worker()  # not due yet: nothing runs
    assert WirePoll.objects.count() == 1
    with time_machine.travel(source.next_poll_at + timedelta(seconds=1)):
        run_worker()
    assert [p.files_read for p in WirePoll.objects.order_by("pk")] == [1, 0]
    assert len(pending_polls()) == 1


@pytest.mark.django_db
def test_the_command_polls_due_sources_once_and_schedules(wire_root):
    wire_folder(wire_root, "dpa", [SAMPLES / "dpa.xml"])
    WireSource.objects.create(name="dpa", location="dpa")
    WireSource.objects.create(name="off", location="dpa", enabled=False)

    call_command("poll_wire_sources")
    call_command("poll_wire_sources")  # not due again for five minutes

    assert [(p.source.name, p.created) for p in WirePoll.objects.all()] == [("dpa", 1)]
    call_command("poll_wire_sources", "--schedule")
    assert len(pending_polls()) == 1


def test_the_queue_lists_items_newest_first_with_their_desk_facts(
    client, queued, staff
):
    client.force_login(staff["edith"])
    later = WireItem.objects.get(article__source_id__startswith="anpa:")
    later.received_at = timezone.now() + timedelta(minutes=1)
    later.save()

    page = client.get(QUEUE)

    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert [item.article.headline for item in rows] == [
        "For Argentine chemo patients, mirrors can hurt",
        "Scripps Networks tops 4Q profit and revenue expectations",
        "DiamondRock Hospitality posts 4Q FFO of $50.7 million, results top "
        "expectations",
        "Nutrisystem beats 4Q earnings and revenue expectations",
        "Germany Social Democrats: Coalition talks with Merkel could fail",
    ]
    html = page.content.decode()
    assert "Argentina-Cancer Beauty" in html  # the slug
    assert "Deutsche Presse-Agentur" in html  # the agency


def test_the_queue_filters_by_agency_urgency_and_subject(client, queued, staff):
    client.force_login(staff["edith"])

    def headlines(query: str) -> list[str]:
        page = client.get(QUEUE + query)
        assert page.status_code == 200
        return sorted(item.article.headline for item in page.context["cl"].result_list)

    assert headlines("?agency=Deutsche+Presse-Agentur") == [
        "Germany Social Democrats: Coalition talks with Merkel could fail"
    ]
    assert headlines("?article__urgency=1") == [
        "For Argentine chemo patients, mirrors can hurt"
    ]
    tennessee = Article.objects.get(
        headline="Scripps Networks tops 4Q profit and revenue expectations"
    ).tags.get(name="Tennessee")
    assert tennessee.uri  # a subject with its scheme's code
    assert headlines(f"?subject={tennessee.pk}") == [
        "Scripps Networks tops 4Q profit and revenue expectations"
    ]


def test_use_this_gives_the_story_to_the_editor_with_its_credits(client, queued, staff):
    client.force_login(staff["edith"])
    item = WireItem.objects.get(article__source_id__startswith="iptc7901:")

    response = client.post(f"{QUEUE}{item.pk}/use/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{item.article_id}/change/"
    item.refresh_from_db()
    assert item.used_by == staff["edith"]
    story = item.article
    story.refresh_from_db()
    assert story.created_by == staff["edith"]
    assert [(c.contributor.name, c.role) for c in story.credits.all()] == [
        ("Deutsche Presse-Agentur", "author")
    ]
    listed = client.get(QUEUE).context["cl"].result_list
    assert item not in listed  # out of the queue

    # An item that credits no one: "With files from" its agency.
    ap = WireItem.objects.filter(article__source_id__startswith="newsml:").first()
    client.post(f"{QUEUE}{ap.pk}/use/")
    assert [(c.contributor.name, c.contributor.kind, c.role)
            for c in ap.article.credits.all()] == [("AP", "agency", "contributor")]  # fmt: skip
    detail = client.get(f"{QUEUE}{item.pk}/change/").content.decode()
    assert f'href="/admin/articles/article/{item.article_id}/change/"' in detail


def test_merging_two_agencies_items_keeps_both_credits(client, queued, staff):
    client.force_login(staff["edith"])
    dpa = WireItem.objects.get(article__source_id__startswith="iptc7901:")
    ap = WireItem.objects.get(article__source_id__startswith="anpa:")

    response = client.post(
        QUEUE,
        {"action": "merge_selected", "_selected_action": [dpa.pk, ap.pk]},
    )

    assert response.status_code == 302
    assert [
        (c.contributor.name, c.role) for c in dpa.article.credits.order_by("position")
    ] == [
        ("Deutsche Presse-Agentur", "author"),
        ("PAUL BYRNE", "author"),
        ("ALMUDENA CALATRAVA", "author"),
        ("AP", "contributor"),
    ]
    ap.refresh_from_db()
    assert (ap.merged_into_id, ap.used_by) == (dpa.article_id, staff["edith"])


def test_sources_and_queue_are_for_editors_and_superusers_only(client, queued, staff):
    for username in ("wanda", "pablo"):
        client.force_login(staff[username])
        assert client.get(SOURCES).status_code == 403
        assert client.get(QUEUE).status_code == 403
        item = WireItem.objects.first()
        assert client.post(f"{QUEUE}{item.pk}/use/").status_code == 403
    client.force_login(staff["edith"])
    assert client.get(SOURCES).status_code == 200
    assert client.get(f"{SOURCES}{queued.pk}/change/").status_code == 200


def test_poll_now_queues_a_poll_and_the_log_is_read_only(client, queued, staff):
    client.force_login(staff["edith"])
    response = client.post(
        SOURCES, {"action": "poll_selected_now", "_selected_action": [queued.pk]}
    )
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.next_poll_at <= timezone.now()
    assert len(pending_polls()) == 1
    page = client.get(f"{SOURCES}{queued.pk}/change/").content.decode()
    assert "Last polls" in page
    assert 'name="polls-0-created"' not in page  # shown, not editable


def test_saving_a_source_queues_a_poll_now_and_a_new_place_forgets_what_was_read(
    client, queued, staff
):
    client.force_login(staff["edith"])
    queued.refresh_from_db()
    assert queued.seen  # the fixture polled it
    form = {
        "name": "AP", "kind": "folder", "location": "elsewhere",
        "format": "newsml", "mode": "queue", "poll_interval": "00:02:00",
        "enabled": "on", "polls-TOTAL_FORMS": "1", "polls-INITIAL_FORMS": "1",
        "polls-MIN_NUM_FORMS": "0", "polls-MAX_NUM_FORMS": "0",
        "polls-0-id": str(queued.polls.get().pk), "polls-0-source": str(queued.pk),
    }  # fmt: skip
    response = client.post(f"{SOURCES}{queued.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    queued.refresh_from_db()
    assert (queued.location, queued.seen) == ("elsewhere", {})
    assert queued.next_poll_at <= timezone.now()
    [task] = pending_polls()
    assert task.args_kwargs["args"] == [queued.pk]


def test_use_this_says_where_the_item_is(client, queued, staff):
    client.force_login(staff["edith"])
    item = WireItem.objects.get(article__source_id__startswith="anpa:")
    page = client.post(f"{QUEUE}{item.pk}/use/", follow=True).content.decode()
    assert (
        "“For Argentine chemo patients, mirrors can hurt” is yours. "
        f'<a href="{QUEUE}{item.pk}/change/">The wire item</a>'
    ) in page
