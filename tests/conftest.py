"""Shared fixtures: the built site (once per session), a local HTTP server, and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """A static server on a free port, for a folder that the site is built into later."""
    out = tmp_path_factory.mktemp("site")
    server, url = serve(out)
    yield out, url
    server.shutdown()


@pytest.fixture(scope="session")
def site_dir(_server) -> Path:
    """The real book, built once, for the URL it is served at (instant navigation needs it)."""
    from book import site

    out, url = _server
    site.build(site_dir=out, site_url=url)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        # Serve the site under a sub-path (e.g. /chem/), as a static host would; 404 elsewhere.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that reloads mid-download resets the connection; that is not a failure.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(directory: Path, prefix: str = "/"):
    """Start a static server for ``directory`` at ``prefix`` on a free localhost port;
    returns (server, base URL)."""
    from book.site import fix_mime_types

    fix_mime_types()
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def site_url(site_dir, _server):
    return _server[1]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. A missing browser fails the test, never skips it."""
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: install the chromium package or set CHROMIUM")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield b
        b.close()
