"""Benchmark: the article list and detail endpoints as the page size grows.

    .venv/bin/python bench/api_list.py [--articles 2000] [--repeat 30]

Builds a throw-away database (SQLite in a temporary folder unless DATABASE_URL
is set, in which case a separate test database on that server is used), fills
it with published articles that each carry a lead image, tags and credits, then
times requests through Django's test client and counts SQL queries. Prints a
table. Compare rows of one run with each other, not runs across machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = tmp.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    # Every request comes from one client: a throttle would measure itself.
    os.environ.setdefault("CMS_API_THROTTLE_RATE", "off")
    import django

    django.setup()
    from django.db import connection
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        fill(args.articles)
        from django.conf import settings
        from django.test import Client

        # The stored documents, not the response cache, are under test here.
        settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
        client = Client()
        rows = []
        slug = client.get("/api/v1/articles/?limit=1").json()["results"][0]["slug"]
        cases = [
            (f"list, limit={n}", f"/api/v1/articles/?limit={n}")
            for n in (5, 20, 50, 100)
        ]
        deep = "/api/v1/articles/?limit=20"
        for _ in range(19):
            deep = client.get(deep).json()["next"]
        cases += [
            ("list, 20th page (cursor)", deep),
            ("list, section filter", "/api/v1/articles/?section=world&limit=20"),
            ("detail", f"/api/v1/articles/{slug}/"),
        ]
        for label, url in cases:
            queries = count_queries(client, url)
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            rows.append(
                (
                    label,
                    queries,
                    statistics.median(timings),
                    timings[int(len(timings) * 0.95) - 1],
                )
            )
        print(
            f"{args.articles} published articles on {connection.vendor}, {args.repeat} requests each\n"
        )
        print(f"{'request':<26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
        for label, count, p50, p95 in rows:
            print(f"{label:<26} {count:>7} {p50:>8.1f} {p95:>8.1f}")
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()
        tmp.cleanup()


def count_queries(client, url: str) -> int:
    """Queries of a request once its documents are stored and in memory."""
    from django.db import connection

    client.get(url)
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200
    return len(seen)


def fill(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Contributor, Credit, Image, Section, Tag

    now = timezone.now()
    with transaction.atomic():
        sections = [
            Section.objects.create(name=n) for n in ("World", "Canada", "Business")
        ]
        tags = [Tag.objects.create(name=f"Topic {n}") for n in range(20)]
        people = [Contributor.objects.create(name=f"Reporter {n}") for n in range(30)]
        ap = Contributor.objects.resolve("AP")
        reuters = Contributor.objects.resolve("Reuters")
        for n in range(count):
            image = Image.objects.create(caption=f"Photo {n}", alt_text=f"Scene {n}")
            Credit.objects.create(
                image=image, contributor=people[n % 30], role="creator"
            )
            Credit.objects.create(
                image=image, contributor=ap, role="distributor", position=1
            )
            story = Article.objects.create(
                headline=f"Story number {n}",
                standfirst="A standfirst of moderate length for the list view.",
                body="<p>Paragraph.</p>" * 12,
                section=sections[n % 3],
                lead_image=image,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n + 1),
            )
            story.tags.set(tags[n % 20 : n % 20 + 3])
            Credit.objects.create(
                article=story, contributor=people[(n + 1) % 30], role="author"
            )
            Credit.objects.create(
                article=story, contributor=reuters, role="contributor", position=1
            )


if __name__ == "__main__":
    main()
