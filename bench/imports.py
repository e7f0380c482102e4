"""Benchmark: import_articles throughput and memory, per format and database.

    .venv/bin/python bench/imports.py [--stories 10000] [--databases sqlite,postgresql]
        [--only NewsML]

Generates, in a temporary directory, the same stories (headline, standfirst,
four paragraphs, a section, three tags, a byline, "with files from" credit, a
lead photo with caption and photographer/agency credits) as:

- JSON Lines in our export format (one file);
- IPTC ninjs 3.1 documents (a wire drop: one file per story);
- a WordPress WXR export (one file);
- IPTC NewsML-G2 news items (a wire drop: one file per item).

The NewsML-G2 drop is then a wire source's watched folder: a first poll
reads every file (all unchanged: import_articles wrote them), and the time of
a second poll, which reads none (`articles/interchange/wire_polling.py`:
size and modification time), is the "poll, unchanged" row (targets: 1,000
items/s into PostgreSQL, a 10,000-file poll under 2 s).

Each import runs `manage.py import_articles` in a fresh process on a fresh,
migrated database (SQLite file, or the `bench_imports` database on
DATABASE_URL's PostgreSQL server, default postgres://postgres@127.0.0.1:5432/,
dropped afterwards), and is timed from the process's own start to its end;
peak memory is the process's maximum resident set size. A second, 4x smaller
JSON Lines file shows whether memory grows with the file size, and a re-run
of the same file shows the cost of an import that changes nothing.
Compare rows of one run, not runs across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECTIONS = ["World", "Politics", "Business", "Science", "Sport", "Culture"]
TAGS = [f"Topic {n}" for n in range(60)]
WRITERS = [f"Reporter {n}" for n in range(40)]
PHOTOGRAPHERS = [f"Photographer {n}" for n in range(20)]
AGENCIES = ["AP", "Reuters", "AFP"]
PARAGRAPH = (
    "Officials said on Monday that the talks would continue next week, after "
    "negotiators failed to agree on the timing of the first payments. The "
    "proposal, seen by reporters, sets out a schedule over five years."
)
START = datetime(2026, 1, 1, tzinfo=UTC)


def story(n: int) -> dict:
    return {
        "n": n,
        "headline": f"Negotiators agree on a timetable for talks, round {n}",
        "standfirst": f"The {n}th round ended with a schedule but no deal.",
        "paragraphs": [f"{PARAGRAPH} ({n}.{p})" for p in range(4)],
        "section": SECTIONS[n % len(SECTIONS)],
        "tags": [TAGS[(n + k * 7) % len(TAGS)] for k in range(3)],
        "writer": WRITERS[n % len(WRITERS)],
        "agency": AGENCIES[n % len(AGENCIES)],
        "photographer": PHOTOGRAPHERS[n % len(PHOTOGRAPHERS)],
        "caption": f"Delegates arrive for round {n} of the talks.",
        "published_at": START + timedelta(minutes=n),
    }


def write_jsonl(path: Path, count: int) -> None:
    def contributor(name: str, kind: str = "person") -> dict:
        return {"name": name, "kind": kind}

    with open(path, "w") as out:
        header = {"type": "export", "format": "newsroom-cms", "version": 1}
        out.write(json.dumps(header) + "\n")
        for n in range(count):
            s = story(n)
            record = {
                "type": "article",
                "source_id": f"bench:{n}",
                "headline": s["headline"],
                "standfirst": s["standfirst"],
                "body_html": "".join(f"<p>{p}</p>" for p in s["paragraphs"]),
                "status": "published",
                "published_at": s["published_at"].isoformat(),
                "section": {"name": s["section"]},
                "tags": [{"name": tag} for tag in s["tags"]],
                "credits": [
                    {"role": "author", "contributor": contributor(s["writer"])},
                    {
                        "role": "contributor",
                        "contributor": contributor(s["agency"], "agency"),
                    },
                ],
                "lead_image": {
                    "caption": s["caption"],
                    "credits": [
                        {
                            "role": "creator",
                            "contributor": contributor(s["photographer"]),
                        },
                        {
                            "role": "distributor",
                            "contributor": contributor(s["agency"], "agency"),
                        },
                    ],
                },
            }
            out.write(json.dumps(record) + "\n")


def write_ninjs(directory: Path, count: int) -> None:
    directory.mkdir()
    for n in range(count):
        s = story(n)
        document = {
            "uri": f"urn:bench:wire:{n}",
            "type": "text",
            "pubStatus": "usable",
            "versionCreated": s["published_at"].isoformat(),
            "headlines": [{"role": "main", "value": s["headline"]}],
            "descriptions": [{"role": "summary", "value": s["standfirst"]}],
            "bodies": [
                {
                    "role": "main",
                    "contentType": "text/html",
                    "value": "".join(f"<p>{p}</p>" for p in s["paragraphs"]),
                }
            ],
            "by": s["writer"],
            "subjects": [{"name": tag} for tag in s["tags"]],
            "associations": [
                {
                    "name": "featuremedia",
                    "type": "picture",
                    "uri": f"urn:bench:photo:{n}",
                    "descriptions": [{"role": "caption", "value": s["caption"]}],
                    "by": s["photographer"],
                    "renditions": [
                        {"name": "original", "href": f"https://wire.example/{n}.jpg"}
                    ],
                }
            ],
        }
        (directory / f"{n:06d}.json").write_text(json.dumps(document))


def write_newsml(directory: Path, count: int) -> None:
    directory.mkdir()
    for n in range(count):
        s = story(n)
        subjects = "".join(
            f'<subject qcode="bench:{escape(tag)}"><name>{escape(tag)}</name></subject>'
            for tag in s["tags"]
        )
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in s["paragraphs"])
        (directory / f"{n:06d}.xml").write_text(
            f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:bench:g2:{n}"
  version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
 <itemMeta><itemClass qcode="ninat:text"/><provider literal="{s["agency"]}"/>
  <versionCreated>{s["published_at"].isoformat()}</versionCreated>
  <firstCreated>{s["published_at"].isoformat()}</firstCreated>
  <pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><urgency>{n % 8 + 1}</urgency>{subjects}
  <slugline>BENCH-{n}</slugline><headline>{escape(s["headline"])}</headline>
  <by>By {s["writer"]}</by><creditline>{s["agency"]}</creditline>
  <description role="drol:summary">{escape(s["standfirst"])}</description>
 </contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
  <body>{paragraphs}</body></html></inlineXML></contentSet>
</newsItem>""",
            encoding="utf-8",
        )


POLL_ROW = "NewsML-G2 poll, unchanged"
# A wire source on the NewsML-G2 drop, polled twice in one process: the
# second poll's own time (no process start-up) is the row's.
POLL_SCRIPT = """
import time
from articles.interchange.wire_tasks import poll_due
from articles.models import WireSource
from django.utils import timezone
source = WireSource.objects.create(name="bench", location="newsml")
[first] = poll_due()
WireSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
started = time.perf_counter()
[second] = poll_due()
seconds = time.perf_counter() - started
print(f"first poll: {first.files_read} read, {first.unchanged} unchanged, "
      f"{first.seconds} s; second: {second.files_read} read")
print(f"POLL {seconds:.3f}")
"""


def write_wxr(path: Path, count: int) -> None:
    with open(path, "w") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>https://bench.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://bench.example</wp:base_site_url>\n"
        )
        for n, writer in enumerate(WRITERS):
            out.write(
                f"<wp:author><wp:author_id>{n + 1}</wp:author_id>"
                f"<wp:author_login>w{n}</wp:author_login>"
                f"<wp:author_display_name><![CDATA[{writer}]]></wp:author_display_name>"
                "</wp:author>\n"
            )
        for n in range(count):
            s = story(n)
            body = "\n\n".join(s["paragraphs"])
            date = s["published_at"].strftime("%Y-%m-%d %H:%M:%S")
            tags = "".join(
                f'<category domain="post_tag" nicename="t{k}"><![CDATA[{tag}]]></category>'
                for k, tag in enumerate(s["tags"])
            )
            out.write(
                f"<item><title>{escape(s['headline'])}</title>"
                f"<dc:creator><![CDATA[w{n % len(WRITERS)}]]></dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{s['standfirst']}]]></excerpt:encoded>"
                f"<wp:post_id>{n + 1000}</wp:post_id>"
                f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="s"><![CDATA[{s["section"]}]]></category>'
                f"{tags}</item>\n"
            )
        out.write("</channel>\n</rss>\n")


# Databases -------------------------------------------------------------------


class Database:
    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        if kind == "sqlite":
            self.path = workdir / "bench.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            server = os.environ.get(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"
            )
            parts = urlsplit(server)
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path="/bench_imports"))

    def fresh(self) -> None:
        if self.kind == "sqlite":
            self.path.unlink(missing_ok=True)
        else:
            self._sql("DROP DATABASE IF EXISTS bench_imports WITH (FORCE)")
            self._sql("CREATE DATABASE bench_imports")
        run(["migrate", "-v0"], self.url)

    def drop(self) -> None:
        if self.kind == "sqlite":
            self.path.unlink(missing_ok=True)
        else:
            self._sql("DROP DATABASE IF EXISTS bench_imports WITH (FORCE)")

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)


def run(
    args: list[str],
    database_url: str,
    media: Path | None = None,
    extra_env: dict | None = None,
):
    env = dict(
        os.environ, DATABASE_URL=database_url, DEBUG="false", **(extra_env or {})
    )
    env.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    if media:
        env["MEDIA_ROOT"] = str(media)
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stdout, stderr = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{stdout}\n{stderr}")
    # ru_maxrss is in kilobytes on Linux.
    last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    return seconds, usage.ru_maxrss / 1024, last


def poll_row(kind: str, url: str, workdir: Path, stories: int) -> tuple:
    """The wire source's second poll of the drop (nothing changed); its
    seconds are the poll's own, measured in the process."""
    _, peak, last = run(
        ["shell", "-c", POLL_SCRIPT], url, extra_env={"CMS_WIRE_ROOT": str(workdir)}
    )
    return (kind, POLL_ROW, stories, float(last.split()[1]), peak, last)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--only", default="", help="Only the inputs whose name has this (NewsML)."
    )
    options = parser.parse_args()
    count = options.stories

    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:
        workdir = Path(tmp)
        inputs = {
            "JSON Lines": workdir / "content.jsonl",
            f"JSON Lines ({count // 4:,})": workdir / "small.jsonl",
            "ninjs (file per story)": workdir / "ninjs",
            "WordPress WXR": workdir / "export.xml",
            "NewsML-G2 (file per item)": workdir / "newsml",
        }
        inputs = {k: v for k, v in inputs.items() if options.only in k}
        writers = {
            "JSON Lines": lambda path: write_jsonl(path, count),
            f"JSON Lines ({count // 4:,})": lambda path: write_jsonl(path, count // 4),
            "ninjs (file per story)": lambda path: write_ninjs(path, count),
            "WordPress WXR": lambda path: write_wxr(path, count),
            "NewsML-G2 (file per item)": lambda path: write_newsml(path, count),
        }
        for label, path in inputs.items():
            writers[label](path)

        rows = []
        # The time a process takes to start and load Django, to read the
        # import's own cost apart from it.
        for kind in options.databases.split(","):
            database = Database(kind, workdir)
            try:
                database.fresh()
                startup, _, _ = run(["check", "-v0"], database.url)
                for label, path in inputs.items():
                    database.fresh()
                    stories = count // 4 if "(" in label and "JSON" in label else count
                    seconds, peak, summary = run(
                        ["import_articles", str(path)], database.url, workdir / "media"
                    )
                    rows.append((kind, label, stories, seconds, peak, summary))
                    if label.startswith("NewsML-G2"):
                        rows.append(poll_row(kind, database.url, workdir, stories))
                    if label == "JSON Lines":
                        seconds, peak, summary = run(
                            ["import_articles", str(path)],
                            database.url,
                            workdir / "media",
                        )
                        rows.append(
                            (
                                kind,
                                "JSON Lines, again (unchanged)",
                                stories,
                                seconds,
                                peak,
                                summary,
                            )
                        )
            finally:
                database.drop()

    print(
        f"\nimport_articles, {count:,} generated stories. seconds: the whole "
        f"process; stories/s: less the process start-up ({startup:.1f} s, "
        "manage.py check), then with it\n"
    )
    print(
        f"| {'database':10} | {'input':32} | {'stories':>7} | {'seconds':>7} | "
        f"{'stories/s':>9} | {'with start-up':>13} | {'peak RSS':>8} |"
    )
    print(
        f"|{'-' * 12}|{'-' * 34}|{'-' * 9}|{'-' * 9}|{'-' * 11}|{'-' * 15}|{'-' * 10}|"
    )
    for kind, label, stories, seconds, peak, _ in rows:
        # The poll is timed inside its process: no start-up to take off.
        own = seconds if label == POLL_ROW else seconds - startup
        print(
            f"| {kind:10} | {label:32} | {stories:>7,} | {seconds:>7.2f} | "
            f"{stories / max(own, 0.001):>9,.0f} | "
            f"{stories / seconds:>13,.0f} | {peak:>5.0f} MB |"
        )
    print()
    for kind, label, _, _, _, summary in rows:
        print(f"{kind}, {label}: {summary}")


if __name__ == "__main__":
    main()
