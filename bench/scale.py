"""Benchmark: the delivery API over a million articles in PostgreSQL.

    .venv/bin/python bench/scale.py [--articles 1000000] [--requests 200]
        [--server postgres://postgres@127.0.0.1:5432/] [--regenerate]
        [--explain] [--drop]

Makes the database `bench_scale` on the server (DATABASE_URL's by default),
migrates it, and fills it with N stories over ten years (sections, some
nested; a few thousand tags and contributors; bylines and agency credits;
published, draft, in review, archived, scheduled and embargoed), streamed in
with COPY, together with the stored delivery document of every public story,
then VACUUM ANALYZE. A database that already holds a complete set of N is
reused (`--regenerate` makes it again); `--drop` drops it at the end.

Requests go through the project's URLconf in this process (Django's test
client, DEBUG off, the response cache off), so the figures are the app and
PostgreSQL, without an HTTP server or a load generator competing for the
same two cores. Each endpoint gets `--requests` requests (different slugs,
cursors or sections where it has them); p50, p95 and max in milliseconds and
the SQL queries per request are printed as a table. `--explain` prints
EXPLAIN (ANALYZE, BUFFERS) of the queries behind one request of each.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from base64 import b64encode
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "bench_scale"
TARGET_MS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--server",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="PostgreSQL server to make the bench database on",
    )
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    url = urlsplit(args.server)
    admin_url = urlunsplit(url._replace(path="/postgres"))
    database_url = urlunsplit(url._replace(path=f"/{DATABASE}"))
    os.environ["DATABASE_URL"] = database_url
    os.environ["CMS_RESPONSE_CACHE_TIMEOUT"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"  # Django's test client
    os.environ.pop("DATABASE_REPLICA_URLS", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    marker = f"bench_scale articles={args.articles} seed={args.seed} complete"
    if args.regenerate or database_comment(admin_url) != marker:
        started = time.perf_counter()
        generate(admin_url, database_url, args.articles, args.seed)
        set_comment(admin_url, marker)
        print(f"generated in {time.perf_counter() - started:.0f} s\n", flush=True)
    else:
        print(f"reusing {DATABASE} ({marker})\n", flush=True)
    try:
        import django

        django.setup()
        check_documents()
        measure(args.requests, args.explain, args.seed)
    finally:
        if args.drop:
            from django.db import connections

            connections.close_all()
            psql(admin_url, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            print(f"dropped {DATABASE}")


def psql(url: str, sql: str) -> str:
    out = subprocess.run(
        ["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def database_comment(admin_url: str) -> str:
    return psql(
        admin_url,
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname = '{DATABASE}'",
    )


def set_comment(admin_url: str, text: str) -> None:
    psql(admin_url, f"COMMENT ON DATABASE {DATABASE} IS '{text}'")


# Generation ---------------------------------------------------------------

BULK_TABLES = (
    "articles_article",
    "articles_article_tags",
    "articles_credit",
    "articles_articledocument",
)


def generate(admin_url: str, database_url: str, count: int, seed: int) -> None:
    import psycopg

    psql(admin_url, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(admin_url, f"CREATE DATABASE {DATABASE}")
    step = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=os.environ,
        check=True,
    )
    print(f"  migrated in {time.perf_counter() - step:.0f} s", flush=True)

    import django

    django.setup()
    from articles.delivery.documents import document_version
    from articles.text.credit_lines import article_credit_line
    from bench.scale_data import Newsroom, utc_now

    newsroom = Newsroom(seed=seed, now=utc_now())
    version = document_version()

    def credit_line(credits) -> str:
        return article_credit_line(
            SimpleNamespace(role=role, contributor=SimpleNamespace(name=p["name"]))
            for p, role, _ in credits
        )

    connections = [psycopg.connect(database_url) for _ in range(5)]
    main = connections[0]
    for connection in connections:
        # Rows are consistent by construction: no per-row foreign-key
        # triggers, and no waiting on the WAL flush at commit.
        connection.execute("SET session_replication_role = replica")
        connection.execute("SET synchronous_commit = off")
    step = time.perf_counter()
    indexes = drop_secondary_indexes(main)
    main.commit()
    write_small_tables(main, newsroom)
    main.commit()
    write_stories(connections, newsroom, count, version, credit_line)
    print(
        f"  {count:,} stories copied in {time.perf_counter() - step:.0f} s", flush=True
    )

    step = time.perf_counter()
    main.execute("SET maintenance_work_mem = '1GB'")
    for sql in indexes:
        main.execute(sql)
    main.commit()
    for table in BULK_TABLES:
        main.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT max(id) FROM {table}))"
            if table != "articles_articledocument"
            else "SELECT 1"
        )
    main.commit()
    print(f"  indexes built in {time.perf_counter() - step:.0f} s", flush=True)
    step = time.perf_counter()
    main.autocommit = True
    main.execute("VACUUM (ANALYZE)")
    print(f"  VACUUM ANALYZE in {time.perf_counter() - step:.0f} s", flush=True)
    for connection in connections:
        connection.close()


def drop_secondary_indexes(connection) -> list[str]:
    """Drop the bulk tables' indexes that back no constraint, returning the
    statements that make them again: building an index once over a million
    rows is many times faster than maintaining it row by row (GIN above all)."""
    rows = connection.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(BULK_TABLES)],
    ).fetchall()
    for name, _ in rows:
        connection.execute(f"DROP INDEX {name}")
    return [definition for _, definition in rows]


def write_small_tables(connection, newsroom) -> None:
    from bench.scale_data import line

    with connection.cursor().copy(
        "COPY articles_section (id, name, slug, parent_id) FROM STDIN"
    ) as copy:
        for s in newsroom.sections:
            copy.write(line((s["id"], s["name"], s["slug"], s["parent"])))
    with connection.cursor().copy(
        "COPY articles_tag (id, name, slug) FROM STDIN"
    ) as copy:
        for t in newsroom.tags:
            copy.write(line((t["id"], t["name"], t["slug"])))
    with connection.cursor().copy(
        "COPY articles_contributor (id, name, slug, kind, short_name, url, bio) "
        "FROM STDIN"
    ) as copy:
        for c in newsroom.contributors:
            copy.write(
                line(
                    (c["id"], c["name"], c["slug"], c["kind"], c["short_name"], "", "")
                )
            )
    for table in ("articles_section", "articles_tag", "articles_contributor"):
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT max(id) FROM {table}))"
        )


def write_stories(connections, newsroom, count, version, credit_line) -> None:
    """Five COPY streams at once, each on its own connection, fed in
    batches, so PostgreSQL parses and indexes while Python makes the next
    batch. Articles take two streams (alternate batches): each row's search
    vector is computed as it is stored, the bulk of the work."""
    from contextlib import ExitStack

    from bench.scale_data import ARTICLE_COLUMNS, line, stories

    statements = (
        f"COPY articles_article ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN",
        f"COPY articles_article ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN",
        "COPY articles_article_tags (article_id, tag_id, published_at) FROM STDIN",
        "COPY articles_credit (role, position, article_id, contributor_id) FROM STDIN",
        "COPY articles_articledocument (article_id, json, article_updated_at, "
        "version, built_at, expires_at) FROM STDIN",
    )
    with ExitStack() as stack:
        copies = [
            stack.enter_context(c.cursor().copy(sql))
            for c, sql in zip(connections, statements, strict=True)
        ]
        batches: list[list[str]] = [[] for _ in copies]
        built_at = newsroom.now
        for story in stories(newsroom, count, version, credit_line):
            _, _, tags, credits, documents = batches
            articles = batches[(story.id - 1) // 5000 % 2]
            articles.append(line(story.row))
            tags.extend(
                line((story.id, t["id"], story.published_at)) for t in story.tags
            )
            credits.extend(
                f"{role}\t{position}\t{story.id}\t{person['id']}\n"
                for person, role, position in story.credits
            )
            if story.document is not None:
                documents.append(
                    line(
                        (
                            story.id,
                            story.document,
                            story.row[10],
                            version,
                            built_at,
                            None,
                        )
                    )
                )
            if len(articles) == 5000:
                for copy, batch in zip(copies, batches, strict=True):
                    if batch:
                        copy.write("".join(batch))
                        batch.clear()
                if story.id % 100_000 == 0:
                    print(f"    {story.id:,}", flush=True)
        for copy, batch in zip(copies, batches, strict=True):
            copy.write("".join(batch))
    for connection in connections:
        connection.commit()


def check_documents(sample: int = 50) -> None:
    """The generated documents are what the app itself would have stored:
    a sample compared, byte for byte, with the serializer's output."""
    import orjson

    from articles.api.serializers import ArticleSerializer
    from articles.models import Article, ArticleDocument

    ids = list(
        ArticleDocument.objects.order_by("?").values_list("article_id", flat=True)[
            :sample
        ]
    )
    stored = dict(
        ArticleDocument.objects.filter(article_id__in=ids).values_list(
            "article_id", "json"
        )
    )
    for article in Article.objects.for_delivery().filter(pk__in=ids):
        made = orjson.dumps(ArticleSerializer(article).data).decode()
        if made != stored[article.pk]:
            sys.exit(
                f"document of article {article.pk} differs from the serializer's:\n"
                f"stored: {stored[article.pk][:600]}\nmade:   {made[:600]}"
            )
    print(f"{len(ids)} stored documents checked against the serializer: identical\n")


# Measurement -------------------------------------------------------------


def cursor_at(position) -> str:
    """The cursor DRF makes for a page starting after `position`."""
    return b64encode(urlencode({"p": str(position)}).encode()).decode()


def endpoints(rng: random.Random, count: int, seed: int) -> list[tuple[str, list[str]]]:
    """Each endpoint's URLs: `count` of them, varied where the endpoint has
    something to vary."""
    from articles.models import Article, Section, Tag

    public = Article.objects.published()
    total = public.count()
    slugs = list(
        public.filter(
            pk__in=[rng.randint(1, total) for _ in range(count * 2)]
        ).values_list("slug", flat=True)[:count]
    )
    # Deep pages: starting 9,000 to 11,000 pages of 20 down the list.
    ranks = sorted(rng.randint(180_000, 220_000) for _ in range(count))
    ranks = [min(r, total - 1) for r in ranks]
    newest_first = public.order_by("-published_at", "-pk")
    window = list(
        newest_first.values_list("published_at", flat=True)[ranks[0] : ranks[-1] + 1]
    )
    positions = [window[rank - ranks[0]] for rank in ranks]
    parents = list(Section.objects.filter(parent=None).values_list("slug", flat=True))
    children = list(Section.objects.exclude(parent=None).values_list("slug", flat=True))
    tag_ids = [1, 2, 3, 10, 50, 200, 1000, 2500]  # busiest to the long tail
    tags = list(Tag.objects.filter(pk__in=tag_ids).values_list("slug", flat=True))
    common, rare, phrase = search_words(seed)

    def cycle(values):
        return [values[n % len(values)] for n in range(count)]

    api = "/api/v1/articles/"
    return [
        ("list, first page", [api] * count),
        ("list, section (parent)", [f"{api}?section={s}" for s in cycle(parents)]),
        ("list, section (child)", [f"{api}?section={s}" for s in cycle(children)]),
        ("list, tag", [f"{api}?tag={t}" for t in cycle(tags)]),
        (
            "list, date range",
            [
                f"{api}?published_after={y}-03-01T00:00:00Z"
                f"&published_before={y}-03-08T00:00:00Z"
                for y in cycle(list(range(2017, 2026)))
            ],
        ),
        (
            "list, page ~10,000 (cursor)",
            [f"{api}?cursor={cursor_at(p)}" for p in positions],
        ),
        ("detail", [f"{api}{slug}/" for slug in slugs]),
        ("search, rare word", [f"{api}?q={w}" for w in cycle(rare)]),
        ("search, common word", [f"{api}?q={w}" for w in cycle(common)]),
        ("search, phrase", [f'{api}?q="{p}"' for p in cycle(phrase)]),
    ]


def search_words(seed: int) -> tuple[list[str], list[str], list[str]]:
    from bench.scale_data import COMMON, PHRASES, invented_words

    # Rare: the invented word in a few headlines (about five stories each at
    # 1M): the first ones made, as scale_data makes them.
    rare = invented_words(random.Random(seed + 1), 8, 4)
    return COMMON[:8], rare, PHRASES


def measure(requests: int, explain: bool, seed: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    rng = random.Random(seed)
    cases = endpoints(rng, requests, seed)
    # Warm up: the connection, Django's first-request work, and the pages
    # PostgreSQL reads for each kind of request.
    for _, urls in cases:
        for url in urls[:3]:
            client.get(url)
    rows = []
    for label, urls in cases:
        counts, timings = [], []
        for url in urls:
            seen = []

            def record(execute, sql, params, many, context, seen=seen):
                seen.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.content[:300])
            counts.append(len(seen))
        timings.sort()
        rows.append(
            (
                label,
                f"{min(counts)}-{max(counts)}"
                if min(counts) != max(counts)
                else str(counts[0]),
                statistics.median(timings),
                timings[max(0, int(len(timings) * 0.95) - 1)],
                timings[-1],
                client.get(urls[0]).json().get("count"),
            )
        )
    print(
        f"{connection.vendor}, {requests} requests each, response cache off, "
        f"target p95 < {TARGET_MS} ms\n"
    )
    print(f"| {'request':<28} | queries | p50 ms | p95 ms | max ms | target |")
    print(f"|{'-' * 30}|--------:|-------:|-------:|-------:|--------|")
    for label, queries, p50, p95, worst, _ in rows:
        met = "met" if p95 < TARGET_MS else "**missed**"
        print(
            f"| {label:<28} | {queries:>7} | {p50:>6.1f} | {p95:>6.1f} | {worst:>6.1f} | {met} |"
        )
    if explain:
        for label, urls in cases:
            explain_request(client, label, urls[0])


def explain_request(client, label: str, url: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query one request makes."""
    from django.db import connection

    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url)
    print(f"\n## {label}: {url}")
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n" + "\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
