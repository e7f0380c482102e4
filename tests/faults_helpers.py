"""Plumbing for the fault-injection suite (tests/test_faults.py): databases
of their own for `manage.py` subprocesses, the integrity audit of an import
read with a plain driver connection, and a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")


def on_postgresql() -> bool:
    """The engine of this test run (CI runs the suite on both)."""
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


class TargetDatabase:
    """A database that only subprocesses use: a SQLite file in tmp_path, or,
    when this run is on PostgreSQL, a database on the same server named after
    this process and `label` (two runs on one server do not meet). With
    `server` (a PostgreSQL URL), on that server whatever this run's engine."""

    def __init__(self, tmp_path: Path, label: str, server: str | None = None) -> None:
        self.postgresql = server is not None or on_postgresql()
        if self.postgresql:
            parts = urlsplit(server or os.environ["DATABASE_URL"])
            self.name = f"faults_{os.getpid()}_{label}"
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        else:
            self.path = tmp_path / f"{label}.sqlite3"
            self.name = str(self.path)
            self.url = f"sqlite:///{self.path}"

    def create(self) -> None:
        if self.postgresql:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgresql:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def connect(self):
        """A plain driver connection (no Django), in autocommit: it sees
        what is committed and nothing else."""
        if self.postgresql:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def writing(self, connection=None) -> bool:
        """Whether another process has a write transaction open: on SQLite
        its rollback journal exists, on PostgreSQL a backend of this
        database holds a transaction id."""
        if not self.postgresql:
            return sqlite_reserved(self.path)
        return bool(
            connection.execute(
                "SELECT COUNT(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_xid IS NOT NULL"
            ).fetchone()[0]
        )

    def other_backends(self, connection) -> list[int]:
        """PostgreSQL: the pids of every other connection to this database."""
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return [pid for (pid,) in rows]

    def wait_until_alone(self, timeout: float = 15) -> None:
        """PostgreSQL: wait until the server has noticed that a killed client
        is gone and rolled back its transaction."""
        if not self.postgresql:
            return
        deadline = time.monotonic() + timeout
        with self.connect() as connection:
            while self.other_backends(connection):
                assert time.monotonic() < deadline, "a dead client's backend stayed"
                time.sleep(0.02)


# SQLite takes a POSIX lock on this byte of the database file for as long as
# a write transaction is open (its RESERVED lock).
SQLITE_RESERVED_BYTE = 0x40000001


def sqlite_reserved(path: Path) -> bool:
    """Whether any process holds SQLite's RESERVED lock on `path`, read from
    /proc/locks: looking takes no lock and opens nothing."""
    try:
        inode = path.stat().st_ino
        locks = Path("/proc/locks").read_text()
    except FileNotFoundError:
        return False
    for line in locks.splitlines():
        fields = line.split()
        if "->" in fields:
            continue  # a process waiting for a lock, not holding one
        if len(fields) < 8 or fields[1] != "POSIX" or fields[3] != "WRITE":
            continue
        if int(fields[5].rsplit(":", 1)[1]) != inode:
            continue
        start, end = int(fields[6]), fields[7]
        if start <= SQLITE_RESERVED_BYTE and (
            end == "EOF" or int(end) >= SQLITE_RESERVED_BYTE
        ):
            return True
    return False


class WriteWatch:
    """Watches, every few milliseconds, whether a write transaction is open
    on `database`; keeps the moments it opened and closed."""

    def __init__(self, database: TargetDatabase) -> None:
        self.database = database
        self.changes: list[tuple[float, bool]] = []
        self.open = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        connection = self.database.connect() if self.database.postgresql else None
        try:
            while not self._stop.is_set():
                now_open = self.database.writing(connection)
                if now_open != self.open:
                    self.changes.append((time.monotonic(), now_open))
                    self.open = now_open
                time.sleep(0.003)
        finally:
            if connection is not None:
                connection.close()

    def opened_since(self, moment: float) -> float | None:
        """When a write transaction first opened from `moment` on."""
        return next((t for t, opened in self.changes if opened and t >= moment), None)

    def last_opened_before(self, moment: float) -> float | None:
        return max(
            (t for t, opened in self.changes if opened and t <= moment), default=None
        )

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def manage_env(database: TargetDatabase, media: Path, **extra: str) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=database.url,
        MEDIA_ROOT=str(media),
        SECRET_KEY="fault-injection-tests-only",
        DEBUG="false",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    env.pop("REDIS_URL", None)  # each subprocess its own memory cache
    # Set by the browser tests for this process only; no deployment has it
    # (and `check --deploy` refuses it).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(database: TargetDatabase, media: Path, *args: str) -> str:
    """Run `manage.py ARGS` to completion against `database`; its stdout."""
    done = subprocess.run(
        [PYTHON, MANAGE, *args],
        cwd=ROOT,
        env=manage_env(database, media),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """The app as in production: gunicorn with sync workers on a free port
    of 127.0.0.1, in a subprocess with `env` (see `manage_env`), its output
    in `log`. `start()` returns once `ready_path` answers 200."""

    def __init__(
        self, env: dict, log: Path, workers: int = 2, args: tuple[str, ...] = ()
    ) -> None:
        self.env, self.log, self.workers, self.args = env, log, workers, args
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str = "/api/v1/articles/") -> AppServer:
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "cms.wsgi", "--workers", str(self.workers)]
                + ["--bind", f"127.0.0.1:{self.port}", "--no-control-socket"]
                + ["--timeout", "30", "--graceful-timeout", "5", *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base + ready_path, timeout=10) as r:
                    if r.status == 200:
                        return self
            except OSError:  # not listening yet, or an error status
                pass
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


# The audit of an import ------------------------------------------------------

# Each query counts rows that break a rule; every count must be 0. The stories
# of bench/imports.py's write_jsonl: a byline and a "with files from" credit,
# three tags, a section, and a lead photo (no file) credited to a
# photographer and an agency; each gets a history entry "Imported from <id>"
# that records the article and its two credits.
STORY_RULES = {
    "story without its 2 article credits": """
        SELECT COUNT(*) FROM articles_article a WHERE
          (SELECT COUNT(*) FROM articles_credit c WHERE c.article_id = a.id) <> 2
          OR (SELECT COUNT(DISTINCT c.role) FROM articles_credit c
              WHERE c.article_id = a.id AND c.role IN ('author', 'contributor')) <> 2
    """,
    "story without its 3 tags": """
        SELECT COUNT(*) FROM articles_article a WHERE
          (SELECT COUNT(*) FROM articles_article_tags t
           JOIN articles_tag g ON g.id = t.tag_id WHERE t.article_id = a.id) <> 3
    """,
    "story without its section": """
        SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
          (SELECT 1 FROM articles_section s WHERE s.id = a.section_id)
    """,
    "story without its lead photo": """
        SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
          (SELECT 1 FROM articles_image i WHERE i.id = a.lead_image_id)
    """,
    "lead photo without its 2 credits": """
        SELECT COUNT(*) FROM articles_article a WHERE
          (SELECT COUNT(*) FROM articles_credit c WHERE c.image_id = a.lead_image_id) <> 2
          OR (SELECT COUNT(DISTINCT c.role) FROM articles_credit c
              WHERE c.image_id = a.lead_image_id
                AND c.role IN ('creator', 'distributor')) <> 2
    """,
    "lead photo shared by two stories": """
        SELECT COUNT(*) - COUNT(DISTINCT lead_image_id) FROM articles_article
    """,
    "story without its import revision": """
        SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
          (SELECT 1 FROM reversion_version v
           JOIN reversion_revision r ON r.id = v.revision_id
           WHERE v.db = 'default' AND v.content_type_id = {article}
             AND v.object_id = CAST(a.id AS TEXT)
             AND r.comment = 'Imported from ' || a.source_id)
    """,
    "import revision without the story's 2 credits": """
        SELECT COUNT(*) FROM reversion_version v WHERE v.content_type_id = {article}
          AND (SELECT COUNT(*) FROM reversion_version w
               WHERE w.revision_id = v.revision_id
                 AND w.content_type_id = {credit}) <> 2
    """,
}
ORPHAN_RULES = {
    "photo that no story uses": """
        SELECT COUNT(*) FROM articles_image i WHERE
          NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.lead_image_id = i.id)
          AND NOT EXISTS (SELECT 1 FROM articles_article_body_images b
                          WHERE b.image_id = i.id)
    """,
    "credit without a target": """
        SELECT COUNT(*) FROM articles_credit c WHERE
          NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = c.article_id)
          AND NOT EXISTS (SELECT 1 FROM articles_image i WHERE i.id = c.image_id)
    """,
    "credit without its contributor": """
        SELECT COUNT(*) FROM articles_credit c WHERE NOT EXISTS
          (SELECT 1 FROM articles_contributor p WHERE p.id = c.contributor_id)
    """,
    "tag link without its story or tag": """
        SELECT COUNT(*) FROM articles_article_tags t WHERE
          NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = t.article_id)
          OR NOT EXISTS (SELECT 1 FROM articles_tag g WHERE g.id = t.tag_id)
    """,
    "contributor credited nowhere": """
        SELECT COUNT(*) FROM articles_contributor p WHERE NOT EXISTS
          (SELECT 1 FROM articles_credit c WHERE c.contributor_id = p.id)
    """,
    "tag on no story": """
        SELECT COUNT(*) FROM articles_tag g WHERE NOT EXISTS
          (SELECT 1 FROM articles_article_tags t WHERE t.tag_id = g.id)
    """,
    "section with no story": """
        SELECT COUNT(*) FROM articles_section s WHERE NOT EXISTS
          (SELECT 1 FROM articles_article a WHERE a.section_id = s.id)
    """,
    "version without its revision": """
        SELECT COUNT(*) FROM reversion_version v WHERE NOT EXISTS
          (SELECT 1 FROM reversion_revision r WHERE r.id = v.revision_id)
    """,
    "revision without versions": """
        SELECT COUNT(*) FROM reversion_revision r WHERE NOT EXISTS
          (SELECT 1 FROM reversion_version v WHERE v.revision_id = r.id)
    """,
    "version of a story that is not there": """
        SELECT COUNT(*) FROM reversion_version v WHERE v.content_type_id = {article}
          AND NOT EXISTS (SELECT 1 FROM articles_article a
                          WHERE a.id = CAST(v.object_id AS INTEGER))
    """,
    "version of a credit that is not there": """
        SELECT COUNT(*) FROM reversion_version v WHERE v.content_type_id = {credit}
          AND NOT EXISTS (SELECT 1 FROM articles_credit c
                          WHERE c.id = CAST(v.object_id AS INTEGER))
    """,
    "webhook event, delivery or task (no endpoint exists)": """
        SELECT (SELECT COUNT(*) FROM articles_articleevent)
             + (SELECT COUNT(*) FROM articles_webhookdelivery)
             + (SELECT COUNT(*) FROM django_tasks_database_dbtaskresult)
    """,
}


def audit(database: TargetDatabase) -> tuple[list[str], dict[str, int]]:
    """The source ids of the stories in the database, and the count of rows
    breaking each rule (partial stories, then orphans)."""
    connection = database.connect()
    try:
        types = dict(
            connection.execute(
                "SELECT model, id FROM django_content_type WHERE app_label = 'articles'"
            ).fetchall()
        )
        source_ids = [
            source_id
            for (source_id,) in connection.execute(
                "SELECT source_id FROM articles_article"
            ).fetchall()
        ]
        broken = {}
        for name, sql in {**STORY_RULES, **ORPHAN_RULES}.items():
            query = sql.format(article=types["article"], credit=types["credit"])
            broken[name] = connection.execute(query).fetchone()[0]
        versions = connection.execute(
            "SELECT COUNT(*) FROM articles_contentversion"
        ).fetchone()[0]
        broken["content version missing"] = int(bool(source_ids) and versions != 1)
        return source_ids, broken
    finally:
        connection.close()
