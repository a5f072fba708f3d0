"""The class view: a teacher's page that reads the progress files students export and shows,
per chain and step, who solved it, with attempts, hints and answers shown. The files are read
in the browser (web/assets/js/class-view.js); nothing is uploaded anywhere.

Each build has an identity (a hash of its chapters and chains): exports carry it, so a file
from another edition of the book, whose steps may differ, is flagged.
"""

from __future__ import annotations

import hashlib
import html

from .load import Book
from .render import outline_attribute


def build_id(book: Book) -> str:
    """Short hash of every chapter and chain file in ``book`` (the edition a progress file is for)."""
    h = hashlib.sha256()
    for path in [p for ch in book.chapters for p in [ch.path] + [c.path for c in ch.chains]]:
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return h.hexdigest()[:12]


def render_class_page(book: Book, build: str) -> str:
    """The class page: the book's chains and steps (numbered as on the pages) for the script."""
    data = outline_attribute(book)
    return (
        "# Class progress\n\n"
        "For teachers: ask each student to export their progress (page *Your progress*, "
        "**Export progress**) and send you the file; name each file after its student. Open them "
        "all here to see, for every chain and step, who solved it, after how many attempts and "
        "hints, and who had the answer shown. The files are read by this page in your browser: "
        "nothing is uploaded anywhere.\n\n"
        f'<div id="class-view" data-outline="{data}" data-build="{html.escape(build)}">\n'
        '<p><label class="md-button class-open-label">Open progress files'
        '<input type="file" class="class-open" accept="application/json,.json" multiple hidden></label></p>\n'
        '<div class="class-files" role="status" aria-live="polite"></div>\n'
        '<div class="class-table"></div>\n'
        f'<p class="class-edition">This site\'s edition: <code>{html.escape(build)}</code>.</p>\n'
        "</div>\n"
    )
