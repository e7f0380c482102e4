"""A webhook receiver on 127.0.0.1 and the task worker, for the suites that
send webhooks or CDN purges for real."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import call_command

from articles.models import Article


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
