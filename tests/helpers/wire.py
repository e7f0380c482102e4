"""Wire sources for tests: a folder of corpus files copied into tmp_path
(never into the repository), and an HTTP server on 127.0.0.1 that answers a
feed with an ETag (304 when it is sent back) or fails with 500s."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.utils import timezone

from articles.interchange.wire_polling import claim, poll
from articles.models import WirePoll, WireSource
from tests.helpers.corpus import CORPUS

SAMPLES = CORPUS / "newsml-g2" / "agency-samples" / "superdesk"
OTHER = CORPUS / "agency-other" / "superdesk"


def wire_folder(root: Path, name: str, files: list[Path]) -> Path:
    folder = root / name
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


def poll_source(source: WireSource) -> WirePoll:
    """Claim the source (due now or not) and poll it, as the worker does."""
    WireSource.objects.filter(pk=source.pk).update(
        next_poll_at=timezone.now() - timedelta(seconds=1)
    )
    claimed = claim(source.pk, timezone.now())
    assert claimed is not None
    return poll(claimed)


class FeedServer:
    """Serves `body` with `etag`, or `failures` 500s first; records each
    request's headers."""

    def __init__(self, body: bytes = b"", etag: str = '"v1"'):
        self.body, self.etag, self.failures = body, etag, 0
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                if server.failures:
                    server.failures -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == server.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("ETag", server.etag)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/wire/dpa.xml"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
