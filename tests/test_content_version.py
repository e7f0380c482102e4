"""The content version the response cache keys on: it moves once per
transaction, survives a rolled-back savepoint, is never written by a reader,
and counts timed changes through the task worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ContentVersion
from articles.publishing.outbox import after_commit_once


def number() -> int:
    return ContentVersion.objects.get(pk=1).number


@pytest.fixture
def version(db) -> int:
    ContentVersion.bump()
    ContentVersion.current()  # a reader came: the next change moves it
    return number()


def story(headline: str = "Harbour wall") -> Article:
    return Article.objects.create(headline=headline, body="<p>x</p>")


def test_several_changes_in_one_transaction_move_it_once(version):
    with transaction.atomic():
        story("One").publish()
        story("Two").publish()
        story("Three").publish()

    assert number() == version + 1


def test_a_change_after_a_reader_in_the_same_transaction_moves_it_again(version):
    story("One").publish()
    ContentVersion.current()
    story("Two").publish()

    assert number() == version + 2


def test_a_rolled_back_savepoint_does_not_take_the_move_with_it(version):
    first = story("One")
    with transaction.atomic():
        try:
            with transaction.atomic():
                first.publish()  # moves it, then is rolled back
                raise RuntimeError
        except RuntimeError:
            pass
        story("Two").publish()

    assert number() == version + 1
    assert Article.objects.get(pk=first.pk).status == "draft"


def test_a_draft_edit_leaves_it_alone(version):
    draft = story()
    draft.headline = "Harbour wall, again"
    draft.save()

    assert number() == version


def test_a_reader_never_writes_and_a_timed_change_bypasses_the_cache(
    version, time_machine
):
    later = timezone.now() + timedelta(minutes=5)
    scheduled = story()
    scheduled.publish(at=later)
    ContentVersion.current()
    assert ContentVersion.objects.get(pk=1).next_change_at == later

    time_machine.move_to(later + timedelta(seconds=1))
    with CaptureQueriesContext(connection) as reading:
        assert ContentVersion.current() is None

    assert [q["sql"].split()[0] for q in reading.captured_queries] == ["SELECT"]
    before = number()
    assert ContentVersion.advance() is True
    assert number() == before + 1
    assert ContentVersion.current() is not None
    assert ContentVersion.advance() is False  # counted once


def test_scheduling_a_story_queues_the_count_at_its_time(
    version, django_capture_on_commit_callbacks
):
    later = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = story()
        scheduled.publish(at=later)

    queued = DBTaskResult.objects.filter(task_path__endswith="advance_content_version")
    assert list(queued.values_list("run_after", flat=True)) == [later]

    # Saved again with the same time: nothing more is queued.
    with django_capture_on_commit_callbacks(execute=True):
        scheduled.headline = "Harbour wall, scheduled"
        scheduled.save()
    assert queued.count() == 1


def test_after_commit_once_runs_each_key_once_and_forgets_it(
    db, django_capture_on_commit_callbacks
):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            after_commit_once(("test", 1), lambda: ran.append(1))
        after_commit_once(("test", 2), lambda: ran.append(2))

    assert ran == [1, 2]
    assert not {
        key for key in connection.__dict__.get("outbox_queued", {}) if key[0] == "test"
    }
