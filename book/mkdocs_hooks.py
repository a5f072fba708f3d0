"""mkdocs hooks: generate the book's pages from chapters/ and problems/ at build time.

Registered in mkdocs.yml (``hooks:``). Pages are never committed: on every build the
chapters and chains are loaded, validated (schema and structure; `build.py check` also
grades), rendered to Markdown, and added to mkdocs' files with the vendored assets.
What is built (the book, one chain or chapter, a course) comes from book/course.py.

In a preview ($BOOK_PREVIEW, set by `build.py serve`) an author's error never stops the
build: chains are also graded (cached, as `check` does), every problem is logged as
file:line:column, a page whose sources have errors shows them in a banner, and a chain that
cannot be shown keeps its last good rendering.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from book import assets, check, classview, course, figures, offline, printbook, render, tables  # noqa: E402
from book.load import Book, Chapter, Problem  # noqa: E402

log = logging.getLogger("mkdocs.book")
_state: dict = {"good": {}}  # "book", "problems"; "good": last rendering of each chain that worked


def preview() -> bool:
    return os.environ.get("BOOK_PREVIEW") == "1"


def on_config(config):
    try:
        book, title = course.current()
    except (course.SelectionError, OSError) as e:
        if not preview():
            raise PluginError(str(e)) from e
        log.error(str(e))
        book, title = _state.get("book") or Book(ROOT, [], {}, []), None
    if title:
        config["site_name"] = title
    problems = list(book.problems)
    if preview():  # grade too, so the page says what `check` would
        try:
            problems += check.grade(list(book.chains.values()), check.Cache(ROOT / ".cache" / "check.json"),
                                    progress=None)[0]
        except OSError as e:  # a file removed while the preview was loading: the next rebuild sees it
            log.error(f"could not grade the chains ({e})")
    for p in problems:
        (log.error if p.severity == "error" else log.warning)(str(p))
    errors = [p for p in problems if p.severity == "error"]
    if errors and not preview():
        raise PluginError(f"{len(errors)} error(s) in chapters/ or problems/; run `python3 build.py check`")
    if errors:
        log.error(f"{len(errors)} error(s): the pages affected show them in a banner")
        book = _with_last_good_chapters(book, _state.get("book"))
    _state.update(book=book, problems=problems)
    config["extra"]["build_id"] = classview.build_id(book)  # exports carry it (book/theme/main.html)
    nav = [{"Contents": "index.md"}]
    part, section = None, None
    for ch in book.chapters:
        if ch.part != part:
            part, section = ch.part, []
            nav.append({f"Part {ch.part}": section})
        section.append({f"{ch.number}. {ch.title}": render.chapter_uri(ch)})
    config["nav"] = [nav[0], {"Your progress": "progress.md"}] + nav[1:] + [
        {"Authoring guide": "authoring.md"}, {"Class progress": "class.md"}, {"Licence": "licence.md"}]
    return config


def on_files(files: Files, config) -> Files:
    book = _state["book"]
    index = book.root / "chapters" / "index.md"
    intro = index.read_text(encoding="utf-8") if index.is_file() else f"# {config['site_name']}\n"
    index_page = render.render_index(book, intro)
    if preview():  # errors that no chapter page shows (a course file, a chain no chapter lists)
        index_page = _banner([p for p in _state["problems"] if p.severity == "error"
                              and not any(_concerns(p, ch) for ch in book.chapters)], "the book's sources") + index_page
    files.append(File.generated(config, "index.md", content=index_page))
    files.append(File.generated(config, "progress.md", content=render.render_progress_page(book)))
    files.append(File.generated(config, "class.md",
                                content=classview.render_class_page(book, config["extra"]["build_id"])))
    for ch in book.chapters:
        page = render.render_chapter(ch) if not preview() else _preview_chapter(ch, _state["problems"])
        files.append(File.generated(config, render.chapter_uri(ch), content=page))
        for fig in ch.figures.values():  # each figure's data, downloadable
            files.append(File.generated(config, figures.csv_uri(fig), content=fig.csv_text()))
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


def on_page_markdown(markdown, page, config, files):
    """The authoring guide's list of units and constants, from the checker's own tables."""
    if page.file.src_uri == "authoring.md":
        return markdown.replace(tables.MARKER, tables.guide_tables())
    return markdown


def _preview_chapter(ch: Chapter, problems: list[Problem]) -> str:
    """A chapter page that never fails: its sources' errors in a banner at the top, each chain
    rendered, or else as it last rendered, or else a note."""
    mine = [p for p in problems if p.severity == "error" and _concerns(p, ch)]
    banner = _banner(mine, "this page's sources")
    loaded = {c.id: c for c in ch.chains}
    chains = []
    for i, cid in enumerate(ch.chain_ids, 1):
        key = (ch.id, cid)
        try:
            if cid not in loaded:
                raise LookupError(cid)
            text = render.render_chain(ch, i, loaded[cid])
            if any(p.path.endswith(f"problems/{ch.id}/{cid}.yaml") for p in mine):
                text = _state["good"].get(key, text)  # graded wrong: keep the last good one if any
            else:
                _state["good"][key] = text
        except Exception:  # an author's error must not stop the preview
            text = _state["good"].get(key) or (f'!!! failure "Chain `{cid}` cannot be shown yet"\n'
                                               "    Fix the errors in the banner above; it appears once it loads.\n\n")
        chains.append(text)
    return banner + render.render_chapter(dataclasses.replace(ch, chains=[])) + "".join(chains)


def _banner(errors: list[Problem], where: str) -> str:
    if not errors:
        return ""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in errors)
    return (f'<div class="admonition failure build-errors" role="alert"><p class="admonition-title">'
            f'{len(errors)} error(s) in {where} (run <code>python3 build.py check</code>); what cannot be '
            f'shown keeps its last version that worked</p><ul>{items}</ul></div>\n\n')


def _with_last_good_chapters(book: Book, last: Book | None) -> Book:
    """``book`` with the chapters that no longer load (a broken front matter, a broken course
    file) as they last were, so that their pages stay up while the author fixes them."""
    if last is None:
        return book
    have = {ch.id for ch in book.chapters}
    lost = [ch for ch in last.chapters if ch.id not in have]
    if not lost:
        return book
    chains = {**{c.id: c for ch in lost for c in ch.chains}, **book.chains}
    return dataclasses.replace(book, chapters=sorted(book.chapters + lost, key=lambda ch: ch.number), chains=chains)


def _concerns(p: Problem, ch: Chapter) -> bool:
    path = p.path.replace(os.sep, "/")
    return path.endswith(f"chapters/{ch.path.name}") or any(
        path.endswith(f"problems/{ch.id}/{cid}.yaml") for cid in ch.chain_ids)


# mkdocs-material's bundle would fetch a ResizeObserver polyfill and mermaid from unpkg in
# browsers that lack them (we use neither); point those at the site itself instead, so the
# site never contacts another host, even in an old browser.
THEME_CDN = "https://unpkg.com/"


def on_post_page(output, page, config):
    return figures.inline_svgs(output, _figures())


def _figures() -> dict:
    return {f: fig for ch in _state["book"].chapters for f, fig in ch.figures.items()}


def on_page_content(html, page, config, files):
    """Hints and worked solutions are sealed in the page (render.seal_hidden_blocks)."""
    figs = _figures()  # a figure in a hint or worked solution is drawn before the block is sealed
    return render.seal_hidden_blocks(html, lambda block: figures.inline_svgs(block, figs))


def on_post_build(config):
    out = Path(config["site_dir"]) / "print" / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        out.write_text(printbook.print_page(_state["book"], config), encoding="utf-8")
    except Exception as e:  # in a preview, a chain that cannot be printed must not stop the server
        if not preview():
            raise
        log.error(f"the print page could not be made ({type(e).__name__}: {e}); fix the errors above")
        out.write_text("<p>The print page is made once the errors shown by the preview are fixed.</p>",
                       encoding="utf-8")
    bundles = list((Path(config["site_dir"]) / "assets" / "javascripts").glob("bundle.*.js"))
    for path in bundles:
        text = path.read_text(encoding="utf-8")
        if THEME_CDN in text:
            path.write_text(text.replace(THEME_CDN, "./"), encoding="utf-8")
    offline.write_service_worker(Path(config["site_dir"]))  # last: it lists every file


def on_serve(server, config, builder):
    for folder in ("chapters", "problems", "checker", "book"):
        server.watch(str(ROOT / folder))
    if os.environ.get("BOOK_COURSE"):
        server.watch(str(Path(os.environ["BOOK_COURSE"]).parent))
    return server
