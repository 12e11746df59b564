"""Local stand-ins for the Hugging Face API, for benchmarks (127.0.0.1 only)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def serve_json(items: list[dict[str, Any]] | None, hang: bool = False) -> Iterator[str]:
    """Serve ``items`` for every daily listing (first page only), or hang every request.

    Yields the base URL to put in ``HF_ENDPOINT``. A hanging server holds each request until
    the block exits, like a stalled network.
    """
    release = threading.Event()
    body = json.dumps(items or []).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if hang:
                release.wait(60)
                return
            page = "p=0" in self.path or "p=" not in self.path
            payload = body if page else b"[]"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        release.set()
        server.shutdown()
        server.server_close()
