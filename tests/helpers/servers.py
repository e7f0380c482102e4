"""Real processes and the machine's services for the end-to-end suites
(faults, replicas, logging, the production stack): databases of their own
for `manage.py` subprocesses, the app under gunicorn, and the settings as a
fresh process reads them."""

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

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")
# The machine's PostgreSQL server and Redis, there for every run.
POSTGRES = os.environ.get(
    "CMS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("CMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# moto's S3 server (the `s3_endpoint` fixture) takes any keys; these are ours.
REGION = "us-east-1"
KEYS = {"aws_access_key_id": "newsroom-test", "aws_secret_access_key": "not-secret"}


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
                time.sleep(0.02)  # the server's own time to notice


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
                time.sleep(0.003)  # watching another process
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


def run_manage(env: dict, *args: str) -> str:
    """Run `manage.py ARGS` to completion with `env`; its stdout."""
    done = subprocess.run(
        [PYTHON, MANAGE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr}"
    return done.stdout


def manage(database: TargetDatabase, media: Path, *args: str) -> str:
    """Run `manage.py ARGS` to completion against `database`; its stdout."""
    return run_manage(manage_env(database, media), *args)


def manage_check(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`manage.py check ARGS` in a fresh process, with `env` over this one's
    environment: settings it refuses stop it, naming the variable."""
    environment = dict(os.environ, **env)
    # Set by the browser tests for this process only; no deployment has it
    # (and `check --deploy` refuses it).
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [PYTHON, MANAGE, "check", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env) -> subprocess.CompletedProcess:
    """Import cms.settings in a fresh process with `env` (and no other
    DATABASE_ variable); it prints what the databases became."""
    script = (
        "import json, cms.settings as s; print(json.dumps({"
        "'aliases': list(s.DATABASES), 'replica1': s.DATABASES.get('replica1'),"
        "'default_options': s.DATABASES['default'].get('OPTIONS', {}),"
        "'routers': getattr(s, 'DATABASE_ROUTERS', None),"
        "'pin': s.DATABASE_REPLICA_PIN_SECONDS}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    return subprocess.run(
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
            time.sleep(0.1)  # gunicorn is another process: poll until it answers

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
