"""A webhook receiver on 127.0.0.1, the task worker, and the stories the
suites that send webhooks or CDN purges for real both start from."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Contributor, Credit


class Receiver:
    """Records every POST; answers `failures` 500s before it starts to 2xx."""

    def __init__(self):
        self.requests: list[dict] = []
        self.failures = 0
        self.redirect_to = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": body, "path": self.path}
                )
                if receiver.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                    self.end_headers()
                    return
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"receiver is down")
                    return
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/news"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[tuple[str, str]]:
        return [
            (json.loads(r["body"])["event"], json.loads(r["body"])["article"]["slug"])
            for r in self.requests
        ]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def run_worker() -> None:
    """The real task worker, in this process: every task due now, then back."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def story(headline: str, **fields) -> Article:
    """A story saved straight to the database (a draft unless `status` says)."""
    return Article.objects.create(
        headline=headline, body="<p>Text.</p>", slug=fields.pop("slug", None), **fields
    )


def agency_on_stories() -> tuple[Contributor, list[Article]]:
    """Reuters, credited on three published stories and on a draft; the
    worker has sent what their publishing queued. Reuters and the three."""
    agency = Contributor.objects.create(name="Reuters", slug="reuters")
    stories = [
        story(f"Story {n}", slug=f"story-{n}", status="published") for n in range(3)
    ]
    hidden = story("Draft", slug="draft")
    for article in [*stories, hidden]:
        Credit.objects.create(article=article, contributor=agency, role="contributor")
    run_worker()
    return agency, stories


def rescheduled_story() -> Article:
    """A story scheduled a second ahead, then moved an hour later; the worker
    has run just past the first time (under time-machine)."""
    article = Article.objects.create(
        headline="Moved",
        slug="moved",
        status="published",
        published_at=timezone.now() + timedelta(seconds=1),
    )
    article.published_at = timezone.now() + timedelta(hours=1)
    article.save()

    with time_machine.travel(timezone.now() + timedelta(seconds=1.1), tick=True):
        run_worker()  # past the first time
    return article
