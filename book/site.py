"""Building and serving the site with mkdocs (the pages themselves come from the hooks)."""

from __future__ import annotations

import functools
import http.server
import logging
import mimetypes
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# How the browser tests and the PDF start the system Chromium (no sandbox as root in CI; no
# background traffic, which this machine's closed network would refuse).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  # Headless, Debian's Chromium is the whole browser in a hidden window, which
                  # loads its address bar's popup (a web page of its own) for every new context:
                  # 0.4 s of a core each, for nothing anyone sees.
                  "--disable-features=WebUIOmniboxPopup"]


def _log_to_console() -> None:
    """Show mkdocs' messages (warnings, "Detected file changes", "Serving on") as its CLI does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def fix_mime_types() -> None:
    """Pyodide needs .mjs served as JavaScript (module workers are strict) and .wasm as
    application/wasm (for streaming compilation); older Pythons know neither."""
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("application/wasm", ".wasm")


def build(site_dir: Path | None = None, site_url: str | None = None, strict: bool = False,
          course: Path | None = None, only: list[str] | None = None, refuse_errors: bool = True) -> int:
    """Build the site (the book, a ``course`` file, or ``only`` some chains or chapters) into
    ``site_dir`` (default site/) for ``site_url`` (default $SITE_URL or http://localhost:8000/;
    mkdocs-material's instant navigation only works at that origin). A book that fails
    `check` is refused: its problems are printed and 1 returned. Raises on other errors."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    from . import check
    from . import course as courses

    _log_to_console()
    site_dir = Path(site_dir).resolve() if site_dir else None
    with courses.selected(course, only):
        if refuse_errors:
            try:
                book, _ = courses.current()
            except courses.SelectionError as e:
                print(f"error: {e}", file=sys.stderr)
                return 2
            if check.run(book.root, out=sys.stderr, cache_dir=ROOT / ".cache", book=book) != 0:
                print("build refused: the book fails `check` (the errors above); fix them and build again",
                      file=sys.stderr)
                return 1
        os.chdir(ROOT)
        overrides = {"site_dir": str(site_dir)} if site_dir else {}  # resolved before the chdir
        if site_url:
            overrides["site_url"] = site_url
        config = load_config(str(ROOT / "mkdocs.yml"), strict=strict, **overrides)
        mk_build(config)
    return 0


def serve(addr: str = "localhost:8000", course: Path | None = None, only: list[str] | None = None) -> int:
    """Live preview of the book, a ``course``, or ``only`` some chains or chapters: rebuilds and
    reloads when chapters/, problems/, checker/ or the course's folder change. An author's error
    never stops it: the affected page shows the errors (see book/mkdocs_hooks.py)."""
    from mkdocs.commands.serve import serve as mk_serve

    from . import course as courses

    fix_mime_types()
    _log_to_console()
    os.environ["BOOK_PREVIEW"] = "1"
    with courses.selected(course, only):  # resolves the paths: before the chdir
        try:
            courses.current()
        except courses.SelectionError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        os.chdir(ROOT)
        mk_serve(str(ROOT / "mkdocs.yml"), dev_addr=addr, livereload=True)
    return 0


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


def serve_directory(directory: Path, prefix: str = "/"):
    """Serve a built site from ``directory`` at ``prefix`` on a free localhost port, in a
    background thread. Returns (server, base URL); call ``server.shutdown()`` when done."""
    fix_mime_types()
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"
