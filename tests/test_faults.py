"""Fault injection (issue 8, suite 5), with real processes and real databases:
imports SIGKILLed at random points, the app servers' database connections
terminated under load, and changes rolled back before they commit.

The first two run `manage.py` in subprocesses against a database of their own
(a SQLite file in tmp_path, or on PostgreSQL a database named after this
process, dropped afterwards), whichever engine this test run is on."""

from __future__ import annotations

import io
import json
import random
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.management.commands.import_articles import CHUNK
from articles.models import (
    Article,
    ArticleEvent,
    ContentVersion,
    WebhookDelivery,
    WebhookEndpoint,
    Withdrawal,
)
from bench.imports import write_jsonl
from tests.helpers.audit import audit
from tests.helpers.safety import record
from tests.helpers.servers import (
    MANAGE,
    PYTHON,
    ROOT,
    AppServer,
    TargetDatabase,
    WriteWatch,
    manage,
    manage_env,
    on_postgresql,
)
from tests.helpers.transactions import rolled_back
from tests.helpers.webhooks import run_worker

SEED = 20261201

# 1. Imports killed at random points ------------------------------------------

# Three full batches and a short one: the command hands the writer CHUNK
# records at a time, one transaction each.
STORIES = 3 * CHUNK + CHUNK // 2
BATCH_ENDS = [0, CHUNK, 2 * CHUNK, 3 * CHUNK, STORIES]  # what can be committed
REPORTED = re.compile(r"^(created|updated|unchanged): .*, round (\d+)$")
SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) failed")


class ImportRun:
    """`manage.py import_articles -v 2` in a subprocess. With -v 2 it prints
    one line per story right after its batch committed, so the lines read so
    far tell which batches are done; the --errors file is opened when the
    command starts its work (after Django has loaded)."""

    def __init__(self, database, export: Path, media: Path, workdir: Path, n: int):
        self.errors = workdir / f"errors-{n}.jsonl"
        self.stderr = workdir / f"stderr-{n}.txt"
        self.reported: list[tuple[float, str, int]] = []  # (when, verb, story)
        self.other: list[str] = []
        with open(self.stderr, "w") as stderr:
            self.process = subprocess.Popen(
                [PYTHON, MANAGE, "import_articles", str(export), "-v", "2"]
                + ["--errors", str(self.errors)],
                cwd=ROOT,
                env=manage_env(database, media),
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if match := REPORTED.match(line.rstrip("\n")):
                self.reported.append(
                    (time.monotonic(), match.group(1), int(match.group(2)))
                )
            else:
                self.other.append(line)

    def wait_for(self, ready, what: str, timeout: float = 120):
        """ready()'s first true value, polled every 2 ms."""
        deadline = time.monotonic() + timeout
        while not (value := ready()):
            if self.process.poll() is not None:
                self.reader.join(5)
                if value := ready():
                    return value
                raise AssertionError(
                    f"the import ended ({self.process.returncode}) before {what}:\n"
                    f"{''.join(self.other)}{self.stderr.read_text()}"
                )
            assert time.monotonic() < deadline, f"no {what} in {timeout} s"
            time.sleep(0.002)  # the import is another process: poll it
        return value

    def started(self) -> float:
        """When the command began its work."""
        self.wait_for(self.errors.exists, "the command started")
        return time.monotonic()

    def batches_done(self, batches: int) -> float:
        """When the lines of the first `batches` batches were all printed."""
        count = BATCH_ENDS[batches]
        self.wait_for(lambda: len(self.reported) >= count, f"{count} stories")
        return self.reported[count - 1][0]

    def write_time(self, watch: WriteWatch) -> float | None:
        """How long the write transaction of the last batch this run created
        lasted: from its opening to the batch's first line."""
        times = []
        for end in BATCH_ENDS[:-1]:
            if end < len(self.reported):
                first, verb, _ = self.reported[end]
                opened = watch.last_opened_before(first)
                if verb == "created" and opened is not None:
                    times.append(first - opened)
        return times[-1] if times else None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self.reader.join(10)
        assert self.process.returncode == -signal.SIGKILL, (
            f"the import ended by itself before it was killed: {self.other}"
        )

    def finish(self) -> str:
        self.process.wait(180)
        self.reader.join(10)
        assert self.process.returncode == 0, self.stderr.read_text()
        return "".join(self.other)


def check_integrity(database, reported: set[int], at_most: int) -> int:
    """Every story whole, nothing orphaned, only whole batches and the first
    ones of the file, and every story an import reported still there.
    Returns the number of stories."""
    source_ids, broken = audit(database)
    assert {rule: count for rule, count in broken.items() if count} == {}
    count = len(source_ids)
    assert count in BATCH_ENDS, f"{count} stories: a batch was cut"
    numbers = {int(source_id.removeprefix("bench:")) for source_id in source_ids}
    assert numbers == set(range(count)), "not the first stories of the file"
    lost = reported - numbers
    assert not lost, f"{len(lost)} stories reported saved are gone"
    # At most the batch in flight committed without being reported yet.
    assert count <= at_most
    return count


def test_imports_killed_at_random_points_leave_whole_stories_only(tmp_path):
    rng = random.Random(SEED)
    export, media = tmp_path / "content.jsonl", tmp_path / "media"
    write_jsonl(export, STORIES)
    database = TargetDatabase(tmp_path, "import")
    database.create()
    try:
        manage(database, media, "migrate", "-v0")
        # Each kill: the batch it aims at, and how far into that batch's
        # write transaction (a share of how long one lasts on this machine),
        # from the first moments of the import to late in it. A kill that
        # comes after the commit lands in the next batch: the short last one
        # is there so that no kill can come after the end.
        plan = [
            (0, rng.uniform(0.02, 0.3)),
            (1, rng.uniform(0.1, 0.5)),
            (2, rng.uniform(0.1, 0.45)),
            (2, rng.uniform(0.45, 0.7)),
        ]
        write_times: list[float] = []  # seconds, as measured on this machine
        reported: set[int] = set()
        counts, inside = [], 0
        for n, (batch, share) in enumerate(plan):
            watch = WriteWatch(database)
            run = ImportRun(database, export, media, tmp_path, n)
            try:
                start = run.started()
                after = run.batches_done(batch) if batch else start
                opened = run.wait_for(
                    lambda after=after, watch=watch: watch.opened_since(after),
                    "a write transaction",
                )
                if measured := run.write_time(watch):
                    write_times.append(measured)
                write_time = min(write_times, default=0.5)
                # Into the other process's transaction by the planned share.
                time.sleep(max(0.0, opened + share * write_time - time.monotonic()))
                was_open = watch.open
                run.kill()
            finally:
                watch.stop()
            inside += was_open
            database.wait_until_alone()
            this_run = {story for _, _, story in run.reported}
            reported |= this_run
            at_most = min(end for end in BATCH_ENDS if end > len(this_run))
            counts.append(check_integrity(database, reported, at_most))
        # Most kills came while a batch was being written, not between.
        assert inside >= len(plan) // 2, counts

        final = ImportRun(database, export, media, tmp_path, len(plan))
        output = final.finish()
        before = counts[-1]
        summary = tuple(map(int, SUMMARY.search(output).groups()))
        assert summary == (STORIES - before, 0, before, 0), output
        assert final.errors.read_text() == ""  # no failure, no warning
        assert check_integrity(database, reported, STORIES) == STORIES

        # The audit sees damage: a credit, a tag and a history entry removed.
        damage = database.connect()
        try:
            for table, column in (
                ("articles_credit", "article_id"),
                ("articles_article_tags", "article_id"),
                ("reversion_version", "object_id"),
            ):
                damage.execute(
                    f"DELETE FROM {table} WHERE id = (SELECT MIN(id) FROM {table} "
                    f"WHERE {column} IS NOT NULL)"
                )
        finally:
            damage.close()
        broken = {rule for rule, count in audit(database)[1].items() if count}
        assert {
            "story without its 2 article credits",
            "story without its 3 tags",
            "story without its import revision",
        } <= broken
    finally:
        database.drop()

    print(f"stories after each kill: {counts}; kills while writing: {inside}")
    record("faults", "import kills", len(plan))
    record("faults", "import kills while a batch was written", inside)
    record("faults", "partial stories", 0)
    record("faults", "orphan rows", 0)
    record("faults", "lost stories", 0)


# 2. The database connection dropped during requests --------------------------

DROPS = 5
DROP_WINDOW = 1.0  # seconds after a drop in which a request may fail
ARTICLES = 30
TABLES = (
    "articles_article",
    "articles_credit",
    "articles_image",
    "articles_article_tags",
    "reversion_version",
)


def row_counts(connection) -> dict[str, int]:
    return {
        table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in TABLES
    }


def get(base: str, path: str) -> tuple[int | None, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""  # no answer at all: the server is gone


def served_whole(path: str, body: bytes) -> bool:
    """The answer is the content written before: every story in the list."""
    data = json.loads(body)
    if path.startswith("/api/v1/articles/?"):
        return len(data["results"]) == ARTICLES
    return bool(data.get("headline") or data.get("results"))


@pytest.mark.skipif(
    not on_postgresql(),
    reason="terminating the server's connections needs PostgreSQL "
    "(pg_terminate_backend); SQLite has no server connection to drop",
)
def test_dropped_database_connections_are_replaced_without_a_restart(tmp_path):
    """The app as in production (gunicorn, two sync workers, persistent
    connections) on a database of its own; its connections are terminated
    from another session five times while two clients keep asking. Not
    pytest-django's live_server: it opens a new connection in each request's
    thread, so no connection would outlive a request to be found dead."""
    media, export = tmp_path / "media", tmp_path / "content.jsonl"
    write_jsonl(export, ARTICLES)
    database = TargetDatabase(tmp_path, "drops")
    database.create()
    app = None
    try:
        manage(database, media, "migrate", "-v0")
        manage(database, media, "import_articles", str(export))
        with database.connect() as admin:
            written = row_counts(admin)
        log = tmp_path / "gunicorn.log"
        # Hundreds of requests a second from one address: not a client the
        # API throttle is meant to let through, and not what is tested here.
        env = manage_env(
            database, media, DATABASE_CONN_MAX_AGE="600", CMS_API_THROTTLE_RATE="off"
        )
        app = AppServer(env, log).start()
        server, base = app.process, app.base
        slugs = [
            story["slug"]
            for story in json.loads(get(base, "/api/v1/articles/?limit=100")[1])[
                "results"
            ]
        ]
        assert len(slugs) == ARTICLES
        paths = [
            "/api/v1/articles/?limit=100",
            *(f"/api/v1/articles/{slug}/" for slug in slugs[:6]),
            "/api/v1/tags/",
        ]

        answers: list[tuple[float, float, int | None, str]] = []
        stop = threading.Event()

        def client(offset: int) -> None:
            for n in range(offset, 10**9):
                if stop.is_set():
                    return
                path = paths[n % len(paths)]
                started = time.monotonic()
                status, body = get(base, path)
                if status == 200 and not served_whole(path, body):
                    status = -1  # answered, but not with what was written
                answers.append((started, time.monotonic(), status, path))

        clients = [threading.Thread(target=client, args=(n,)) for n in range(2)]
        for thread in clients:
            thread.start()
        drops: list[tuple[float, list[int]]] = []
        try:
            with database.connect() as admin:
                time.sleep(1.0)  # the clients' traffic under way before a drop
                for _ in range(DROPS):
                    deadline = time.monotonic() + 10
                    while not database.other_backends(admin):  # the workers'
                        assert time.monotonic() < deadline, "no server connection"
                        time.sleep(0.01)  # until the gunicorn workers connect
                    # Every connection to the app's database but this one (the
                    # test's own connection is to another database).
                    rows = admin.execute(
                        "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()"
                    ).fetchall()
                    drops.append(
                        (time.monotonic(), [pid for pid, done in rows if done])
                    )
                    time.sleep(0.5)  # real requests between drops
                # Requests after the last drop, outside its window.
                time.sleep(DROP_WINDOW + 1.5)
                stop.set()
                for thread in clients:
                    thread.join(15)
                reconnected = set(database.other_backends(admin))
                kept = row_counts(admin)
        finally:
            stop.set()

        last_drop = drops[-1][0]
        assert all(pids for _, pids in drops), "a drop found no server connection"
        assert None not in {status for _, _, status, _ in answers}, "server down"
        failed = [answer for answer in answers if answer[2] != 200]
        outside = [
            (round(started - last_drop, 2), status, path)
            for started, ended, status, path in failed
            if not any(started <= at + DROP_WINDOW and ended >= at for at, _ in drops)
        ]
        assert outside == [], f"failures outside the drop windows: {outside}"
        assert {status for _, _, status, _ in failed} <= {500, 502, 503}
        settled = [a for a in answers if a[0] > last_drop + DROP_WINDOW]
        assert len(settled) >= 20
        assert [a for a in settled if a[2] != 200] == []
        # New connections, not the ones terminated; the same two workers
        # (nothing restarted), and every row written before still there.
        terminated = {pid for _, pids in drops for pid in pids}
        assert reconnected and not reconnected & terminated
        assert server.poll() is None
        assert log.read_text().count("Booting worker") == 2, log.read_text()
        assert kept == written
    finally:
        if app is not None:
            app.stop()
        database.drop()

    print(
        f"{len(answers)} requests, {len(failed)} failed within a drop window, "
        f"{len(terminated)} connections terminated in {DROPS} drops"
    )
    record("faults", "connection drops", len(terminated))
    record("faults", "requests failed outside a drop window", 0)
    record("faults", "rows lost after connection drops", 0)


# 3. After commit only --------------------------------------------------------

LIST = "/api/v1/articles/"


def aftermath() -> dict:
    """Everything a committed change to public content leaves behind."""
    return {
        "events": ArticleEvent.objects.count(),
        "deliveries": WebhookDelivery.objects.count(),
        "tasks": DBTaskResult.objects.count(),
        "withdrawals": Withdrawal.objects.count(),
        "articles": sorted(Article.objects.values_list("slug", "status")),
        "version row": ContentVersion.objects.values_list(
            "number", "changed_at", "next_change_at"
        ).get(),
        "cache key version": ContentVersion.current(),
    }


@pytest.mark.django_db(transaction=True)
def test_rolled_back_changes_notify_nobody_and_invalidate_nothing(
    api_client, receiver, settings, tmp_path
):
    """tests/test_webhooks.py checks a rolled-back publish leaves no event
    and test_response_cache.py a rolled-back unpublish keeps the cache; here
    every kind of change, with both at once, and that no task is queued:
    publish, schedule, unpublish and delete rolled back, a publish in a
    savepoint rolled back inside a transaction that commits, and a dry-run
    import of published stories (the bulk path)."""
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    # The content is made before anyone listens: no events yet.
    live = Article.objects.create(
        headline="Live story", slug="live", body="<p>x</p>", status="published"
    )
    for slug in ("scoop", "second-scoop"):
        Article.objects.create(headline=slug.title(), slug=slug, body="<p>x</p>")
    endpoint = WebhookEndpoint.objects.create(name="Website", url=receiver.url)
    first = api_client.get(LIST)
    cached = api_client.get(LIST)
    assert (first["X-Cache"], cached["X-Cache"]) == ("MISS", "HIT")
    before = aftermath()
    assert before["events"] == before["tasks"] == 0

    def still_cached() -> None:
        response = api_client.get(LIST)
        assert response["X-Cache"] == "HIT"
        assert response["ETag"] == cached["ETag"]
        assert response.content == cached.content
        assert aftermath() == before

    def in_transaction(change, *, leaves) -> None:
        with rolled_back():
            change(Article.objects.get(pk=live.pk))
            # The change did write its event (or withdrawal) and move the
            # version: it is the rollback that takes them back.
            assert leaves()
            assert ContentVersion.current() != before["cache key version"]
        assert connection.run_on_commit == []
        still_cached()

    def publish_scoop(_):
        Article.objects.get(slug="scoop").publish()

    def schedule_scoop(_):
        Article.objects.get(slug="scoop").publish(
            at=timezone.now() + timedelta(hours=1)
        )

    in_transaction(publish_scoop, leaves=ArticleEvent.objects.exists)
    in_transaction(schedule_scoop, leaves=ArticleEvent.objects.exists)
    in_transaction(Article.unpublish, leaves=Withdrawal.objects.exists)
    in_transaction(Article.delete, leaves=Withdrawal.objects.exists)

    # A savepoint rolled back inside a transaction that commits.
    with transaction.atomic():
        endpoint.name = "Website, renamed"
        endpoint.save()
        with rolled_back():
            Article.objects.get(slug="second-scoop").publish()
            assert ArticleEvent.objects.exists()
        assert connection.run_on_commit == []  # nothing left to run on commit
    assert WebhookEndpoint.objects.get().name == "Website, renamed"
    still_cached()

    # The importer's bulk path (announce_new), rolled back by --dry-run.
    export = tmp_path / "content.jsonl"
    write_jsonl(export, 3)
    out = io.StringIO()
    call_command("import_articles", str(export), "--dry-run", stdout=out)
    assert "(dry run: nothing was written)" in out.getvalue()
    still_cached()

    run_worker()
    assert receiver.requests == []

    # The same publish, committed: each check above would have seen it.
    Article.objects.get(slug="scoop").publish()
    after = aftermath()
    assert (after["events"], after["tasks"]) == (1, 1)
    assert after["cache key version"] != before["cache key version"]
    response = api_client.get(LIST)
    assert response["X-Cache"] == "MISS"
    assert [a["slug"] for a in response.json()["results"]] == ["scoop", "live"]
    run_worker()
    assert [
        (r["headers"]["X-Webhook-Event"], json.loads(r["body"])["article"]["slug"])
        for r in receiver.requests
    ] == [("article.published", "scoop")]

    record("faults", "rolled-back changes", 6)
    record("faults", "notifications after rollback", 0)
    record("faults", "cache invalidations after rollback", 0)


@pytest.mark.django_db(transaction=True)
def test_a_story_whose_publish_was_rolled_back_is_still_a_secret_at_its_next_save(
    endpoint,
):
    Article.objects.create(headline="Secret draft", slug="secret", body="<p>x</p>")
    draft = Article.objects.get(slug="secret")
    with rolled_back():
        draft.publish()
    draft.refresh_from_db()
    assert draft.status == "draft"

    draft.headline = "Secret draft, edited"
    draft.save()

    # /api/v1/withdrawals/ is public: a row there names the draft's slug.
    assert list(Withdrawal.objects.values_list("slug", flat=True)) == []
    assert list(ArticleEvent.objects.values_list("kind", flat=True)) == []
