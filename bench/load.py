"""Load test: the delivery API under gunicorn at 32 connections for a minute.

    .venv/bin/python bench/load.py [--stories 5000] [--duration 60]
    .venv/bin/python bench/load.py --restart      # PostgreSQL restarted mid-test

Makes a PostgreSQL database (`bench_load` on DATABASE_URL's server; dropped
afterwards unless --keep-database) with bench/api.py's published stories
(lead photo with credits, byline, section, three tags) plus the demo
newsroom, whose ten photos have real files for renditions. Serves it with
gunicorn in production settings (DEBUG off, the response cache in Redis at
REDIS_URL, API throttling off: one client IP is a load test, not abuse) and
drives it with wrk (bench/load.lua) over a mix of list (page sizes, filters,
cursor pages), detail (every story), search (several queries) and rendition
(several sizes and formats of each photo; each is rendered by a request
before the run, so the run measures renditions served from storage).

Default: the mix with the response cache on, as deployed, then with it off
(CMS_RESPONSE_CACHE_TIMEOUT=0), so the database path is measured too.

--restart: the mix with the cache on while a separate writer process
publishes a story every 100 ms; at --restart-at seconds PostgreSQL is
restarted. Reports when reads failed against the restart window, whether the
same gunicorn processes answer afterwards, and whether every write the
writer saw committed is in the database and served.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import (  # noqa: E402
    PARAGRAPH,
    PYTHON,
    drop_database,
    gunicorn,
    prepare_database,
)

DATABASE = "bench_load"
LUA = Path(__file__).with_suffix(".lua")
# Shares of the mix, in percent: readers open stories more than lists.
WEIGHTS = {"list": 30, "detail": 40, "search": 15, "rendition": 15}
# Two sync workers per core: each waits on PostgreSQL or Redis for part of
# every request, so one per core leaves the cores idle then; more only adds
# memory and context switches, with PostgreSQL and wrk on the same 2 cores.
WORKERS = 2 * (os.cpu_count() or 1)
WRITE_INTERVAL = 0.1
RENDITIONS = [
    ("thumbnail", "webp"), ("card", "jpeg"), ("card", "webp"), ("card", "avif"),
    ("hero", "jpeg"), ("square", "webp"), ("full", "jpeg"), ("full", "webp"),
]  # fmt: skip
# Reader-like searches, each matching a few stories. Every bench story has
# the same body, so a word from it matches them all: that case is measured
# on its own (BROAD_SEARCH), outside the mix.
SEARCHES = [
    "{third}",  # one bench story's headline
    '"story number {half}"',
    "{quarter} OR {third}",
    "{half} -missile",  # found, then excluded: no results
    "harvest",  # demo stories only
    "carnival OR trains",
    '"floating flood barriers"',
]
BROAD_SEARCH = "missile"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--restart", action="store_true")
    parser.add_argument("--restart-at", type=float, default=20.0, help="seconds in")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument(
        "--server",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
        help="PostgreSQL server to make the bench database on",
    )
    args = parser.parse_args()
    database_url = urlunsplit(urlsplit(args.server)._replace(path=f"/{DATABASE}"))
    media = tempfile.mkdtemp(prefix="bench-load-media-")
    # Read by the fill, the demo loader, gunicorn and the writer alike.
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        MEDIA_ROOT=media,
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        CACHE_KEY_PREFIX=f"bench-load-{os.getpid()}",
        CMS_API_THROTTLE_RATE="off",
    )
    try:
        prepare_database(args.server, database_url, args.stories)
        subprocess.run([PYTHON, "manage.py", "load_demo", "--no-user", "-v0"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        paths_file = Path(media) / "paths.tsv"
        subprocess.run([PYTHON, __file__, "--write-paths", str(paths_file)],
                       cwd=ROOT, check=True)  # fmt: skip
        paths = read_paths(paths_file)
        print(heading(args, paths))
        load = " ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"load average before the runs (1, 5, 15 min): {load}")
        if args.restart:
            restart_run(args, paths, paths_file, media)
        else:
            steady_runs(args, paths, paths_file, media)
    finally:
        if args.restart:  # PostgreSQL back up, whatever happened
            subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-t", "60"])
        if not args.keep_database:
            drop_database(args.server, DATABASE)
        shutil.rmtree(media, ignore_errors=True)


def heading(args, paths: dict[str, list[str]]) -> str:
    mix = ", ".join(
        f"{name} {share}% ({len(paths[name])} paths)" for name, share in WEIGHTS.items()
    )
    return (
        f"{args.stories} bench stories + the demo newsroom on PostgreSQL; gunicorn, "
        f"{args.workers} sync workers, DEBUG=false, response cache in Redis, "
        f"CMS_API_THROTTLE_RATE=off (one client IP would be throttled by design)\n"
        f"wrk: {args.connections} connections, {args.duration} s; mix: {mix}"
    )


# Steady load ------------------------------------------------------------------


def steady_runs(args, paths, paths_file: Path, media: str) -> None:
    rows = []
    for cached in (True, False):
        server = gunicorn(os.environ["DATABASE_URL"], cached, workers=args.workers)
        with server as base:
            if cached:
                report_first_renditions(base, paths["rendition"])
            warm_up(base, paths_file, media, args.connections)
            result = run_wrk(base, paths_file, media, args.connections, args.duration)
            if not cached:
                report_broad_search(base)
        rows.append(("cache on" if cached else "cache off", result))
        print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    print_table(rows)


def report_first_renditions(base: str, urls: list[str]) -> None:
    """Each rendition's first request renders it (and stores it); time them,
    one at a time, so the load runs measure renditions served from storage."""
    wait_until_ready(base)
    took = []
    for url in urls:
        started = time.perf_counter()
        status, _ = get(base + url)
        took.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{url}: {status}")
    again = []
    for url in urls[:20]:
        started = time.perf_counter()
        get(base + url)
        again.append((time.perf_counter() - started) * 1000)
    print(
        f"renditions: first request (rendered and stored), one at a time: "
        f"{len(took)} renditions, median {statistics.median(took):.0f} ms, "
        f"max {max(took):.0f} ms; served from storage afterwards: median "
        f"{statistics.median(again):.1f} ms"
    )


def report_broad_search(base: str) -> None:
    """A word every bench story has: the worst case of search, one request at
    a time with the response cache off."""
    url = f"{base}/api/v1/articles/?{urlencode({'q': BROAD_SEARCH})}"
    took = []
    for _ in range(3):
        started = time.perf_counter()
        status, body = get(url)
        took.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{url}: {status}")
    matches = json.loads(body)["count"]
    print(
        f"search matching every story (q={BROAD_SEARCH}, {matches} matches), "
        f"cache off, one at a time: median {statistics.median(took):.0f} ms"
    )


# PostgreSQL restart -----------------------------------------------------------


def restart_run(args, paths, paths_file: Path, media: str) -> None:
    while ci_running():
        print("CI is running; waiting before restarting PostgreSQL", file=sys.stderr)
        time.sleep(15)
    server = gunicorn(os.environ["DATABASE_URL"], True, workers=args.workers)
    with server as base:
        report_first_renditions(base, paths["rendition"])
        warm_up(base, paths_file, media, args.connections)
        before = server_pids(server.process.pid)
        writes = Path(media) / "writes.log"
        writer = subprocess.Popen(
            [PYTHON, __file__, "--write-stories", str(writes), str(args.duration)],
            cwd=ROOT,
        )
        window = {}
        restarter = threading.Timer(args.restart_at, restart_postgresql, [window])
        restarter.start()
        result = run_wrk(base, paths_file, media, args.connections, args.duration)
        restarter.join()
        writer.wait(timeout=args.duration + 60)
        after = server_pids(server.process.pid)
        answers = {name: get(base + paths[name][0])[0] for name in WEIGHTS}
        acked, failed, stray = check_writes(base, writes)
    print_table([("cache on, restart", result)])
    print_restart(result, window, before, after, answers, acked, failed, stray)


def ci_running() -> bool:
    return bool(
        subprocess.run(["pgrep", "-f", "ci/run"], capture_output=True).stdout.strip()
    )


def restart_postgresql(window: dict) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    window["started"] = time.time()
    # Failing or not, the run goes on: the report says what happened.
    window["returncode"] = subprocess.run([*command, "restart"]).returncode
    window["ended"] = time.time()
    # Ready again: the command waits for it, but say so from the outside.
    subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-t", "30"], check=True)


def server_pids(master: int) -> tuple[int, list[int]]:
    """gunicorn's master and its workers (the master's children)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return master, sorted(int(pid) for pid in children)


def check_writes(base: str, log: Path) -> tuple[list, list, list]:
    """Every write the writer saw committed must be in the database,
    published, and served. Returns (acknowledged, failed attempts, stories
    present that were never acknowledged: commits whose answer was lost)."""
    acked, failed = [], []
    for line in log.read_text().splitlines():
        kind, at, slug, *error = line.split()
        (acked if kind == "acked" else failed).append((float(at), slug, *error))
    stored = set(
        subprocess.run(
            ["psql", os.environ["DATABASE_URL"], "-Atc",
             "SELECT slug FROM articles_article WHERE slug LIKE 'load-write-%' "
             "AND status = 'published'"],
            capture_output=True, text=True, check=True,
        ).stdout.split()
    )  # fmt: skip
    lost = [slug for _, slug in acked if slug not in stored]
    unserved = [
        slug for _, slug in acked if get(f"{base}/api/v1/articles/{slug}/")[0] != 200
    ]
    if lost or unserved:
        raise SystemExit(f"acknowledged writes lost: {lost}; not served: {unserved}")
    stray = sorted(stored - {slug for _, slug in acked})
    return acked, failed, stray


def write_stories(log_path: str, seconds: float) -> None:
    """The writer: a story created and published every 100 ms through the
    ORM, each in one transaction. A failed attempt (the database away) is
    logged and tried again as a new story; "acked" is logged only once the
    transaction has committed."""
    import django

    django.setup()
    from django.db import DatabaseError, connection, transaction

    from articles.models import Article, Section, Tag

    section, tag = Section.objects.get(slug="world"), Tag.objects.get(slug="topic-1")
    deadline = time.monotonic() + seconds
    next_at, story, attempt = time.monotonic(), 0, 0
    with open(log_path, "w", buffering=1) as log:
        while time.monotonic() < deadline:
            slug = f"load-write-{story}-{attempt}"
            started = time.time()
            try:
                with transaction.atomic():
                    article = Article.objects.create(
                        headline=f"Written under load, story {story}",
                        slug=slug,
                        standfirst="Published every 100 ms by bench/load.py.",
                        body=PARAGRAPH,
                        section=section,
                    )
                    article.tags.add(tag)
                    article.publish()
            except DatabaseError as error:
                log.write(f"failed {started:.3f} {slug} {type(error).__name__}\n")
                attempt += 1
                with contextlib.suppress(DatabaseError):
                    connection.close()  # a new connection for the next try
            else:
                log.write(f"acked {time.time():.3f} {slug}\n")
                story, attempt = story + 1, 0
            next_at += WRITE_INTERVAL
            time.sleep(max(0.0, next_at - time.monotonic()))


# Paths --------------------------------------------------------------------------


def write_paths(out: str) -> None:
    """Every path of the mix, as "endpoint<TAB>path" lines."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from articles.models import Article, Image
    from articles.photos.renditions import rendition_url

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    lists = [
        "/api/v1/articles/",
        "/api/v1/articles/?limit=10",
        "/api/v1/articles/?limit=50",
        "/api/v1/articles/?section=world",
        "/api/v1/articles/?section=canada-1&limit=10",
        "/api/v1/articles/?tag=topic-7",
        "/api/v1/articles/?contributor=reporter-3",
    ]
    page = "/api/v1/articles/"
    for _ in range(2):  # the next two pages, by their cursors
        page = urlsplit(client.get(page).json()["next"])
        page = f"{page.path}?{page.query}"
        lists.append(page)
    count = Article.objects.filter(slug__startswith="story-").count()
    numbers = {"quarter": count // 4, "third": count // 3, "half": count // 2}
    searches = [
        f"/api/v1/articles/?{urlencode({'q': q.format(**numbers)})}" for q in SEARCHES
    ]
    details = [
        f"/api/v1/articles/{slug}/"
        for slug in Article.objects.published().values_list("slug", flat=True)
    ]
    # The demo photos: the bench stories' photos are rows without files.
    renditions = [
        rendition_url(image, spec, fmt)
        for image in Image.objects.published().exclude(file="").order_by("pk")
        if image.file.storage.exists(image.file.name)
        for spec, fmt in RENDITIONS
    ]
    with open(out, "w") as lines:
        for endpoint, paths in (
            ("list", lists),
            ("detail", details),
            ("search", searches),
            ("rendition", renditions),
        ):
            for path in paths:
                # Renditions not: their first request is timed by the bench.
                if endpoint != "rendition":
                    assert client.get(path).status_code == 200, path
                lines.write(f"{endpoint}\t{path}\n")


def read_paths(path: Path) -> dict[str, list[str]]:
    paths = defaultdict(list)
    for line in path.read_text().splitlines():
        endpoint, url = line.split("\t")
        paths[endpoint].append(url)
    return paths


# Loading ------------------------------------------------------------------------


def get(url: str) -> tuple[int | None, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""


def wait_until_ready(base: str) -> None:
    deadline = time.monotonic() + 120
    while get(base + "/healthz")[0] != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"{base} does not answer")
        time.sleep(0.2)
    time.sleep(2)  # its siblings boot alongside it


def warm_up(base: str, paths_file: Path, media: str, connections: int) -> None:
    """Every worker booted and through every endpoint before measuring. The
    port is open as soon as gunicorn's master listens, while its workers are
    still importing the project (seconds on a busy machine); a worker's first
    requests set up what later ones reuse."""
    wait_until_ready(base)
    run_wrk(base, paths_file, media, connections, 10, check=False)


def run_wrk(
    base: str,
    paths_file: Path,
    media: str,
    connections: int,
    duration: int,
    *,
    check: bool = True,
):
    """The mix, one connection per wrk thread (so load.lua can time each
    request), with a 10 s timeout: a rendition rendered under load is slow
    but no error."""
    out = Path(media) / "wrk.out"
    env = {
        **os.environ,
        "LOAD_PATHS": str(paths_file),
        "LOAD_WEIGHTS": ",".join(f"{k}={v}" for k, v in WEIGHTS.items()),
        "LOAD_OUT": str(out),
    }
    started = time.time()
    run = subprocess.run(
        ["wrk", f"-t{connections}", f"-c{connections}", f"-d{duration}s",
         "--timeout", "10s", "-s", str(LUA), base],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    result = parse_wrk(out.read_text(), started)
    if check and not any(result["latencies"].values()):
        raise SystemExit(f"no answers from {base}:\n{run.stdout}{run.stderr}")
    return result


def parse_wrk(text: str, started: float) -> dict:
    result = {
        "started": started,
        "latencies": defaultdict(list),
        "failed_at": Counter(),
        "answered_at": Counter(),
        "statuses": Counter(),
        "first_failure": None,
        "last_failure": None,
    }
    for line in text.splitlines():
        kind, *values = line.split()
        if kind == "summary":
            requests, duration_us, connect, read, write, status, timeout = map(
                int, values
            )
            result.update(
                requests=requests,
                duration=duration_us / 1e6,
                socket_errors={
                    "connect": connect,
                    "read": read,
                    "write": write,
                    "timeout": timeout,
                },
                status_errors=status,
            )
        elif kind == "latency":
            result["latencies"][values[0]] += map(float, values[1:])
        elif kind in ("failed_at", "failed"):
            result["failed_at"][int(values[0])] += int(values[1])
        elif kind == "answered":
            result["answered_at"][int(values[0])] += int(values[1])
        elif kind == "status":
            result["statuses"][(values[0], int(values[1]))] += int(values[2])
        elif kind == "failures":
            first, last = float(values[0]), float(values[1])
            result["first_failure"] = min(first, result["first_failure"] or first)
            result["last_failure"] = max(last, result["last_failure"] or last)
    return result


# Report -------------------------------------------------------------------------


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def print_table(rows) -> None:
    print(
        f"\n{'run':<18} {'endpoint':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>8} {'errors':>6}"
    )
    for label, result in rows:
        duration = result["duration"]
        failed = Counter()
        for (endpoint, status), count in result["statuses"].items():
            if status > 399:
                failed[endpoint] += count
        everything = []
        for endpoint in WEIGHTS:
            times = sorted(result["latencies"][endpoint])
            everything += times
            print(_row(label, endpoint, times, duration, failed[endpoint]))
        socket = sum(result["socket_errors"].values())
        print(
            _row(label, "all", sorted(everything), duration, sum(failed.values()))
            + f" + {socket} socket"
        )
        if socket:
            print(f"{'':<18} socket errors: {result['socket_errors']}")


def _row(label, endpoint, times, duration, errors) -> str:
    if not times:
        return f"{label:<18} {endpoint:<10} {0:>8}"
    return (
        f"{label:<18} {endpoint:<10} {len(times):>8} {len(times) / duration:>7.0f} "
        f"{percentile(times, 0.5):>7.1f} {percentile(times, 0.99):>7.1f} "
        f"{times[-1]:>8.1f} {errors:>6}"
    )


def print_restart(result, window, before, after, answers, acked, failed, stray):
    start, end = window["started"], window["ended"]
    print(
        f"\nPostgreSQL restarted at {start - result['started']:.1f} s into the run; "
        f"the restart command took {end - start:.2f} s (the restart window)"
        + (
            ""
            if window["returncode"] == 0
            else f", and FAILED ({window['returncode']})"
        )
    )
    failures = sum(result["failed_at"].values())
    if failures:
        first = result["first_failure"] - start
        last = result["last_failure"] - start
        statuses = Counter()
        for (_, status), count in result["statuses"].items():
            if status > 399:
                statuses[status] += count
        print(
            f"reads: {failures} failed responses (by status {dict(statuses)}), "
            f"first at {first:+.2f} s and last at {last:+.2f} s from the restart's "
            f"start: {'within' if first >= -0.5 and last <= end - start + 0.5 else 'OUTSIDE'} "
            f"the window (+0.00 to {end - start:+.2f} s, half a second's slack)"
        )
    else:
        print("reads: no failed responses")
    print("  second from restart   answered   failed")
    for second in range(math.floor(start) - 2, math.ceil(end) + 3):
        print(
            f"  {second - start:>+19.1f} {result['answered_at'][second]:>10} "
            f"{result['failed_at'][second]:>8}"
        )
    same = before == after
    print(
        f"app: gunicorn master {before[0]} with workers {before[1]} before, "
        f"{after[0]} with {after[1]} after: {'the same processes' if same else 'CHANGED'}; "
        f"after the run: " + ", ".join(f"{k} {v}" for k, v in answers.items())
    )
    if failed:
        print(
            f"writes: {len(acked)} acknowledged (one every "
            f"{(acked[-1][0] - acked[0][0]) / (len(acked) - 1) * 1000:.0f} ms), "
            f"every one in the database and "
            f"served by the API; {len(failed)} attempts failed and were retried, "
            f"from {failed[0][0] - start:+.2f} s to {failed[-1][0] - start:+.2f} s "
            f"({dict(Counter(f[2] for f in failed))})"
        )
    else:
        print(f"writes: {len(acked)} acknowledged, all stored; none failed")
    print(
        f"  stories stored though their commit was not acknowledged: {len(stray)}"
        + (f" ({', '.join(stray)})" if stray else "")
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-paths"]:
        write_paths(sys.argv[2])
    elif sys.argv[1:2] == ["--write-stories"]:
        write_stories(sys.argv[2], float(sys.argv[3]))
    else:
        main()
