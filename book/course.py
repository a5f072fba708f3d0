"""What to build: the whole book, one chain or chapter of it (a quick preview), or a course.

A course is a teacher's own site and PDF made of their own chains and chosen chapters of this
book, without copying or deleting anything. It is one file, ``course.yaml``, in a folder that
may hold the teacher's own ``chapters/`` and ``problems/`` (the book's layout):

    title: Gases, Year 12
    chapters:
      - gases-by-experiment                 # the teacher's own chapter (chapters/NN-gases-by-experiment.md)
      - light-and-matter                    # a chapter of this book, all its chains
      - {chapter: hydrogen-atom, chains: [balmer-to-bohr]}   # a chapter of this book, these chains only

Chapters are numbered in the course's order. The selection is passed to mkdocs (which loads
``book/mkdocs_hooks.py`` by path) in the environment: $BOOK_COURSE (a course file) or
$BOOK_ONLY (chain or chapter paths of the book, separated by os.pathsep).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path

from . import yamlpos
from .load import Book, Chapter, Problem, load_book, schema_problems

ROOT = Path(__file__).resolve().parents[1]


class SelectionError(ValueError):
    """A path that is not a chain or chapter of the book."""


@contextlib.contextmanager
def selected(course: Path | None = None, only: list[str] | None = None, root: Path | None = None):
    """Within this block, mkdocs builds ``course``, or ``only`` these paths, of the book at ``root``."""
    want = {"BOOK_COURSE": str(Path(course).resolve()) if course else None,
            "BOOK_ONLY": os.pathsep.join(str(Path(p).resolve()) for p in only) if only else None,
            "BOOK_ROOT": str(root) if root else os.environ.get("BOOK_ROOT")}
    old = {k: os.environ.get(k) for k in want}
    try:
        for k, v in want.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        yield
    finally:
        for k, v in old.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def book_root() -> Path:
    """The book: this repository, or $BOOK_ROOT (used to print small test books)."""
    return Path(os.environ.get("BOOK_ROOT") or ROOT)


def current() -> tuple[Book, str | None]:
    """The book to build now, from the environment, and the site's title for a course."""
    if os.environ.get("BOOK_COURSE"):
        return load_course(Path(os.environ["BOOK_COURSE"]))
    book = load_book(book_root())
    if os.environ.get("BOOK_ONLY"):
        return only(book, os.environ["BOOK_ONLY"].split(os.pathsep)), None
    return book, None


def select(book: Book, paths: list[str]) -> list[tuple[Chapter, list[str]]]:
    """The chapters and chain ids that ``paths`` name: chain files, problems/<chapter>/ folders
    or chapter files, whether or not the chain loads (a broken chain stays in a preview).
    Raises SelectionError for a path that names none."""
    picked: dict[str, list[str]] = {}
    for p in paths:
        target = Path(p).resolve()
        hit = False
        for ch in book.chapters:
            for cid in ch.chain_ids:
                f = (book.root / "problems" / ch.id / f"{cid}.yaml").resolve()
                if target in (f, f.parent, ch.path.resolve()):
                    hit = True
                    if cid not in picked.setdefault(ch.id, []):
                        picked[ch.id].append(cid)
            if target == ch.path.resolve():
                hit = True
                picked.setdefault(ch.id, [])
        if not hit:
            raise SelectionError(f"{p}: not a chain or chapter of the book under {book.root.resolve()} (give a chain file "
                                 "problems/<chapter>/<chain>.yaml, a folder problems/<chapter>/ or a chapter "
                                 "file chapters/NN-<id>.md)")
    return [(ch, picked[ch.id]) for ch in book.chapters if ch.id in picked]


def chains_at(book: Book, paths: list[str]) -> list:
    """The loaded chains that ``paths`` name (see :func:`select`)."""
    return [book.chains[cid] for _, ids in select(book, paths) for cid in ids if cid in book.chains]


def only(book: Book, paths: list[str]) -> Book:
    """The book cut down to the chains and chapters at ``paths`` (for a quick preview); its
    problems are those of the files kept."""
    chapters, files = [], set()
    for ch, ids in select(book, paths):
        chapters.append(dataclasses.replace(ch, chains=[c for c in ch.chains if c.id in ids], chain_ids=ids))
        files |= {str(ch.path.relative_to(book.root))} | {f"problems/{ch.id}/{cid}.yaml" for cid in ids}
    chains = {c.id: c for ch in chapters for c in ch.chains}
    return Book(book.root, chapters, chains, [p for p in book.problems if p.path in files])


def load_course(path: Path) -> tuple[Book, str]:
    """The course described by ``path``: its own chapters and chains, then the chosen ones of
    the book, numbered in the course's order. Problems are reported with paths relative to
    the course's folder (the book's own as ``book/...`` relative to the book)."""
    path = path.resolve()
    rel = path.name
    try:
        data, pos = yamlpos.load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise SelectionError(f"{path}: cannot read the course file ({e.strerror})") from e
    except yamlpos.YamlError as e:
        return Book(path.parent, [], {}, [Problem(rel, e.line, e.column, str(e))]), path.stem
    problems = schema_problems(data, "course", pos, rel)
    if problems:
        return Book(path.parent, [], {}, problems), path.stem
    own = load_book(path.parent) if (path.parent / "chapters").is_dir() else Book(path.parent, [], {}, [])
    problems += own.problems
    main = load_book(book_root())
    own_ids = {ch.id: ch for ch in own.chapters}
    main_ids = {ch.id: ch for ch in main.chapters}
    chapters, chains, kept_files = [], {}, set()
    for i, entry in enumerate(data["chapters"]):
        cid, wanted = (entry, None) if isinstance(entry, str) else (entry["chapter"], entry.get("chains"))
        where = pos.at(("chapters", i))
        if cid in own_ids and cid in main_ids:
            problems.append(Problem(rel, *where, f"chapter `{cid}` is both the course's own and the book's: "
                                                 "rename your own"))
            continue
        ch: Chapter | None = own_ids.get(cid) or main_ids.get(cid)
        if ch is None:
            problems.append(Problem(rel, *where, f"no chapter `{cid}`: neither {path.parent.name}/chapters/NN-{cid}.md "
                                                 f"nor a chapter of the book ({', '.join(main_ids)})"))
            continue
        picked = ch.chains
        if wanted is not None:
            picked = [c for c in ch.chains if c.id in wanted]
            for j, name in enumerate(wanted):
                if name not in [c.id for c in ch.chains]:
                    problems.append(Problem(rel, *pos.at(("chapters", i, "chains", j)),
                                            f"chapter `{cid}` has no chain `{name}` "
                                            f"(it has: {', '.join(c.id for c in ch.chains) or 'none'})"))
        for c in picked:
            if c.id in chains:
                problems.append(Problem(rel, *where, f"chain `{c.id}` is in the course twice"))
        chains.update({c.id: c for c in picked})
        chapters.append(dataclasses.replace(ch, number=len(chapters) + 1, chains=list(picked),
                                            chain_ids=[c.id for c in picked] if wanted else ch.chain_ids))
        if ch is main_ids.get(cid):
            kept_files.add(str(ch.path.relative_to(main.root)))
            kept_files.update(str(c.path.relative_to(main.root)) for c in picked)
    # the book's problems that concern what the course takes from it
    problems += [dataclasses.replace(p, path=os.path.relpath(main.root / p.path, path.parent))
                 for p in main.problems if p.path in kept_files]
    return Book(path.parent, chapters, chains, problems), data["title"]
