"""Benchmark: what one API request costs in-process, through the project's
WSGI handler (every middleware, the connection's health check), without a
server or a load generator sharing the cores.

    .venv/bin/python bench/api_profile.py [--articles 1000] [--repeat 500]
    .venv/bin/python bench/api_profile.py --profile "list, uncached"

Makes a PostgreSQL database (`bench_profile` on DATABASE_URL's server,
dropped afterwards unless --keep-database) filled as bench/api.py fills its
own, then times the bare view, the list and a detail, with the response
cache off (uncached) and on (a hit), and a front of 20 stories uncached (by
the hot path, and by DRF with `?format=json`: issue 18's ratio to the
list), as medians in microseconds and as a share of the bare view's cost
measured in the same run. `--profile` prints
cProfile's top functions for one of the cases instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import FRONT, drop_database, prepare_database  # noqa: E402

NAME = "bench_profile"


def environ(path: str) -> dict:
    target, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_ACCEPT": "*/*",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def request(app, path: str) -> tuple[str, bytes]:
    status = []
    body = b"".join(app(environ(path), lambda s, h, *a: status.append(s)))
    return status[0], body


def cases(slug: str) -> dict[str, tuple[str, bool]]:
    return {
        "bare view": ("/bench/bare/", False),
        "list, uncached": ("/api/v1/articles/", False),
        "detail, uncached": (f"/api/v1/articles/{slug}/", False),
        "list, cached": ("/api/v1/articles/", True),
        "detail, cached": (f"/api/v1/articles/{slug}/", True),
        # A front of 20 stories (issue 18): by the hot path, and by DRF
        # (`?format=json` goes on to the view, which answers the same JSON).
        "front, uncached": (FRONT, False),
        "front by DRF": (f"{FRONT}?format=json", False),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--profile", help="one case's cProfile instead of timings")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--reuse-database", action="store_true")
    parser.add_argument(
        "--server",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    database_url = urlunsplit(urlsplit(args.server)._replace(path=f"/{NAME}"))
    if not args.reuse_database:
        prepare_database(args.server, database_url, args.articles)
    try:
        run(database_url, args)
    finally:
        if not (args.keep_database or args.reuse_database):
            drop_database(args.server, NAME)


def run(database_url: str, args) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    slug = "story-0"
    table = cases(slug)
    if args.profile:
        path, cached = table[args.profile]
        settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
        for _ in range(50):
            request(app, path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            request(app, path)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        return
    timings: dict[str, list[float]] = {label: [] for label in table}
    cpu: dict[str, list[float]] = {label: [] for label in table}
    # Rounds alternate between the cases, so a busy moment on the machine
    # falls on all of them alike.
    for _ in range(args.repeat // 10):
        for label, (path, cached) in table.items():
            settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
            request(app, path)  # documents in memory, the cache filled
            for _ in range(10):
                start, used = time.perf_counter(), time.process_time()
                status, _body = request(app, path)
                timings[label].append((time.perf_counter() - start) * 1e6)
                cpu[label].append((time.process_time() - used) * 1e6)
            assert status.startswith("200"), (label, status)
    print(
        f"in-process, {args.repeat} requests each: median wall and CPU (this "
        "process's, without the database's) in µs, and bare view / case"
    )
    bare, bare_cpu = (statistics.median(t["bare view"]) for t in (timings, cpu))
    for label in table:
        wall, used = statistics.median(timings[label]), statistics.median(cpu[label])
        print(
            f"  {label:<18} wall {wall:>7.0f} {bare / wall:>5.2f}"
            f"   cpu {used:>7.0f} {bare_cpu / used:>5.2f}"
        )
    # Issue 18's measure: a front's cost in uncached list requests.
    medians = {label: statistics.median(timings[label]) for label in table}
    for label in ("front, uncached", "front by DRF"):
        print(
            f"  {label} / list, uncached: {medians[label] / medians['list, uncached']:.2f}"
        )


if __name__ == "__main__":
    main()
