"""mkdocs hooks: generate the book's pages from chapters/ and problems/ at build time.

Registered in mkdocs.yml (``hooks:``). Pages are never committed: on every build the
chapters and chains are loaded, validated (schema and structure; `build.py check` also
grades), rendered to Markdown, and added to mkdocs' files with the vendored assets.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from book import assets, offline, printbook, render  # noqa: E402
from book.load import Book, load_book  # noqa: E402

log = logging.getLogger("mkdocs.book")
_state: dict[str, Book] = {}


def book_root() -> Path:
    """The book to build: this repository, or $BOOK_ROOT (used to print small test books)."""
    return Path(os.environ.get("BOOK_ROOT") or ROOT)


def on_config(config):
    book = load_book(book_root())
    for p in book.problems:
        (log.error if p.severity == "error" else log.warning)(str(p))
    if book.errors:
        raise PluginError(f"{len(book.errors)} error(s) in chapters/ or problems/; run `python3 build.py check`")
    _state["book"] = book
    nav = [{"Contents": "index.md"}]
    part, section = None, None
    for ch in book.chapters:
        if ch.part != part:
            part, section = ch.part, []
            nav.append({f"Part {ch.part}": section})
        section.append({f"{ch.number}. {ch.title}": render.chapter_uri(ch)})
    config["nav"] = [nav[0], {"Your progress": "progress.md"}] + nav[1:] + [
        {"Authoring guide": "authoring.md"}, {"Licence": "licence.md"}]
    return config


def on_files(files: Files, config) -> Files:
    book = _state["book"]
    index = book_root() / "chapters" / "index.md"
    intro = index.read_text(encoding="utf-8") if index.is_file() else f"# {config['site_name']}\n"
    files.append(File.generated(config, "index.md", content=render.render_index(book, intro)))
    files.append(File.generated(config, "progress.md", content=render.render_progress_page(book)))
    for ch in book.chapters:
        files.append(File.generated(config, render.chapter_uri(ch), content=render.render_chapter(ch)))
    try:
        vendored = assets.site_assets()
    except assets.AssetError as e:
        raise PluginError(str(e)) from e
    for uri, src in vendored.items():
        if isinstance(src, Path):
            files.append(File.generated(config, uri, abs_src_path=str(src)))
        else:
            files.append(File.generated(config, uri, content=src))
    return files


# mkdocs-material's bundle would fetch a ResizeObserver polyfill and mermaid from unpkg in
# browsers that lack them (we use neither); point those at the site itself instead, so the
# site never contacts another host, even in an old browser.
THEME_CDN = "https://unpkg.com/"


def on_page_content(html, page, config, files):
    """Hints and worked solutions are sealed in the page (render.seal_hidden_blocks)."""
    return render.seal_hidden_blocks(html)


def on_post_build(config):
    out = Path(config["site_dir"]) / "print" / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(printbook.print_page(_state["book"], config), encoding="utf-8")
    bundles = list((Path(config["site_dir"]) / "assets" / "javascripts").glob("bundle.*.js"))
    for path in bundles:
        text = path.read_text(encoding="utf-8")
        if THEME_CDN in text:
            path.write_text(text.replace(THEME_CDN, "./"), encoding="utf-8")
    offline.write_service_worker(Path(config["site_dir"]))  # last: it lists every file


def on_serve(server, config, builder):
    for folder in ("chapters", "problems", "checker", "book"):
        server.watch(str(ROOT / folder))
    return server
