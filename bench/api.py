"""Benchmark: the delivery API under gunicorn, against a bare Django view.

    .venv/bin/python bench/api.py [--articles 1000,20000] [--duration 5]

For each data-set size, makes a PostgreSQL database (`bench_api` on
DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/; dropped
afterwards), fills it with published articles that each have a lead photo
(with creator and agency credits), a byline, "with files from" credits, a
section and three tags, renders their delivery documents, then serves the
project with gunicorn (2 sync workers) on 127.0.0.1 and loads it with wrk at 1
and 8 connections:

- list: /api/v1/articles/ (20 items); detail: /api/v1/articles/{slug}/;
  collection: /api/v1/collections/bench-front/ (a front of 20 chosen stories)
- uncached: the response cache off, every request served from the database
  (stored documents); cached: the response cache on (local memory)
- bare: a Django view returning fixed JSON through the same middleware, the
  ceiling of this stack, on the same server in the same run.

SQL queries per request are counted in-process with Django's test client.
Needs wrk (`apt-get install wrk`). Compare rows of one run, not runs across
machines: the load generator shares the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_report import print_table  # noqa: E402

PYTHON = sys.executable
FRONT = "/api/v1/collections/bench-front/"
WORKERS = 2
WORKER_OPTIONS = os.environ.get("BENCH_WORKER_OPTIONS", "").split()

PARAGRAPH = (
    "<p>Canada has joined nearly 50 countries in denouncing North Korea's "
    "transfer of ballistic missiles to Russia, which officials say are being "
    "used against Ukraine. The joint statement, issued on Monday, said the "
    "transfers violate several United Nations Security Council resolutions.</p>"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,20000")
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds per size (medians of ratios)"
    )
    parser.add_argument(
        "--server",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
        help="PostgreSQL server to make the bench database on",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    url = urlsplit(args.server)
    database_url = urlunsplit(url._replace(path="/bench_api"))

    results, query_counts = [], {}
    for size in sizes:
        prepare_database(args.server, database_url, size)
        queries = query_counts[size] = count_queries(database_url)
        slug = queries.pop("slug")
        for _round, cached in [
            (r, c) for r in range(args.repeat) for c in (False, True)
        ]:
            with gunicorn(database_url, cached) as base:
                warm(base, ["/api/v1/articles/", f"/api/v1/articles/{slug}/", FRONT])
                for label, path in (
                    ("list", "/api/v1/articles/"),
                    ("detail", f"/api/v1/articles/{slug}/"),
                    ("collection", FRONT),
                    ("bare view", "/bench/bare/"),
                ):
                    for connections in (1, 8):
                        rps, p50, p99 = wrk(base + path, connections, args.duration)
                        results.append(
                            (
                                _round,
                                size,
                                label,
                                cached,
                                connections,
                                queries.get((label, cached), 0),
                                rps,
                                p50,
                                p99,
                            )
                        )
                        print(".", end="", flush=True, file=sys.stderr)
        drop_database(args.server)
    print(file=sys.stderr)
    print_table(results, query_counts, WORKERS)


# Data ------------------------------------------------------------------------


def django_for(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def prepare_database(server: str, database_url: str, size: int) -> None:
    """A fresh database named as in `database_url`, migrated and filled."""
    name = urlsplit(database_url).path.lstrip("/")
    drop_database(server, name)
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], check=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [PYTHON, __file__, "--fill", str(size)], cwd=ROOT, env=env, check=True
    )


def drop_database(server: str, name: str = "bench_api") -> None:
    subprocess.run(
        ["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        check=True,
        stderr=subprocess.DEVNULL,
    )


def fill(size: int) -> None:
    """Realistic rows, written in bulk (no signals), then every document
    rendered as a save would."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.delivery.documents import build_documents
    from articles.models import (
        Article,
        Collection,
        ContentVersion,
        Contributor,
        Credit,
        Image,
        Section,
        Slot,
        Tag,
    )

    now = timezone.now()
    with transaction.atomic():
        parents = [
            Section.objects.create(name=name, slug=name.lower())
            for name in ("World", "Canada", "Business", "Sport", "Arts")
        ]
        sections = parents + [
            Section.objects.create(name=f"{p.name} {n}", slug=f"{p.slug}-{n}", parent=p)
            for p in parents
            for n in range(3)
        ]
        tags = [
            Tag.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(60)
        ]
        people = [
            Contributor.objects.create(name=f"Reporter {n}", slug=f"reporter-{n}")
            for n in range(80)
        ]
        ap = Contributor.objects.resolve("AP")
        reuters = Contributor.objects.resolve("Reuters")
        images = Image.objects.bulk_create(
            Image(
                file=f"images/{h[:2]}/{h}.jpg",
                sha256=h,
                width=4000,
                height=2667,
                file_size=3_500_000,
                content_type="image/jpeg",
                caption=f"Officials meet in the capital on day {n} of the talks.",
                alt_text=f"Officials around a table, photo {n}",
                copyright_notice="© 2026 The Associated Press",
                dominant_color="#4a5a6a",
                placeholder="LEHV6nWB2yk8pyo0adR*.7kCMdnj",
            )
            for n in range(size)
            for h in [hashlib.sha256(str(n).encode()).hexdigest()]
        )
        articles = Article.objects.bulk_create(
            Article(
                headline=f"Story number {n}: countries condemn missile transfers",
                slug=f"story-{n}",
                standfirst="Nearly 50 countries denounce the arms deals in a joint statement.",
                body=PARAGRAPH * 8,
                section=sections[n % len(sections)],
                lead_image=images[n],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n + 1),
                first_published_at=now - timedelta(minutes=n + 1),
            )
            for n in range(size)
        )
        credits = []
        for n, (article, image) in enumerate(zip(articles, images, strict=True)):
            credits += [
                Credit(image=image, contributor=people[n % 80], role="creator"),
                Credit(image=image, contributor=ap, role="distributor", position=1),
                Credit(
                    article=article, contributor=people[(n + 1) % 80], role="author"
                ),
                Credit(
                    article=article, contributor=reuters, role="contributor", position=1
                ),
            ]
        Credit.objects.bulk_create(credits, batch_size=5000)
        through = Article.tags.through
        through.objects.bulk_create(
            [
                through(article=article, tag=tags[(n + k) % 60])
                for n, article in enumerate(articles)
                for k in range(3)
            ],
            batch_size=5000,
        )
        front = Collection.objects.create(slug="bench-front", name="Bench front")
        Slot.objects.bulk_create(
            Slot(collection=front, position=n, article=articles[n * 7])
            for n in range(20)
        )
        ContentVersion.bump()
    ids = [article.pk for article in articles]
    for start in range(0, len(ids), 500):
        build_documents(ids[start : start + 500])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would, soon after a load


def count_queries(database_url: str) -> dict:
    """SQL queries per request, in-process, cache off and on."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    out = subprocess.run(
        [PYTHON, __file__, "--count-queries"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    counts = json.loads(out)
    return {
        (key.split("|")[0], key.split("|")[1] == "cached") if "|" in key else key: value
        for key, value in counts.items()
    }


def _count_queries() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    slug = client.get("/api/v1/articles/?limit=1").json()["results"][0]["slug"]
    counts = {"slug": slug}
    urls = {
        "list": "/api/v1/articles/",
        "detail": f"/api/v1/articles/{slug}/",
        "bare view": "/bench/bare/",
        "collection": FRONT,
        **{f"list, {n} items": f"/api/v1/articles/?limit={n}" for n in (10, 20, 50)},
    }
    for cached in (False, True):
        settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
        for label, url in urls.items():
            client.get(url)  # documents built, cache filled
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[f"{label}|{'cached' if cached else 'uncached'}"] = len(queries)
    print(json.dumps(counts))


# Serving and loading ---------------------------------------------------------


class gunicorn:
    def __init__(
        self,
        database_url: str,
        cached: bool,
        *,
        workers: int = WORKERS,
        env: dict[str, str] | None = None,
    ):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CMS_RESPONSE_CACHE_TIMEOUT": "300" if cached else "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            **(env or {}),
        }
        self.workers = workers
        self.port = free_port()

    def __enter__(self) -> str:
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "cms.wsgi", "--workers", str(self.workers), *WORKER_OPTIONS,
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null",
             "--error-logfile", "-", "--log-level", "warning"],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{self.port}"
        wait_for(self.port)
        # Warm every worker (connections, caches) before measuring.
        subprocess.run(["wrk", "-t1", "-c4", "-d1s", base + "/api/v1/articles/"],
                       capture_output=True, check=True)  # fmt: skip
        # The first request right after wrk's run waits about a second (the
        # bare view's too: the sync workers are still done with wrk's last
        # connections); a pause keeps that out of the first measurement.
        time.sleep(2)
        return base

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def warm(base: str, paths: list[str], rounds: int = 10) -> None:
    """Requests one at a time until each worker has served each path (its
    first request loads the URL configuration and the API's modules, which
    takes seconds on a busy machine, longer than wrk's warm-up run)."""
    for _ in range(rounds * WORKERS):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def wrk(url: str, connections: int, duration: int) -> tuple[float, float, float]:
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out:
        raise SystemExit(f"errors from {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _latency(out, "50%"), _latency(out, "99%")


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--fill":
        fill(int(sys.argv[2]))
    elif sys.argv[1:] == ["--count-queries"]:
        _count_queries()
    else:
        main()
