#!/usr/bin/env python3
"""The book's command line. Every command first sets up .venv and node_modules if needed.

    python3 build.py serve [PATH...] live preview at http://localhost:8000 (edits reload); PATH: only
                                     these chains or chapters (quick); --course FILE: a course
    python3 build.py build           the static site into site/ (--course FILE: a course's site)
    python3 build.py check [PATH...] validate chains and chapters, grade each answer against itself
    python3 build.py test [ARGS...]  run every test (pytest ARGS...)
    python3 build.py pdf [--letter]  the print edition as one PDF (book.pdf; --course FILE: a course's)
    python3 build.py new chapter ID  start a chapter (chapters/NN-ID.md)
    python3 build.py new chain CHAPTER ID  start a chain (problems/CHAPTER/ID.yaml), listed in CHAPTER
    (new ... --course my-course/course.yaml: in a course's own folder, listed in course.yaml)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from book.bootstrap import chromium_path, ensure_environment  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the site into site/")
    build.add_argument("--site-dir", type=Path, help="where to write it (default site/)")
    serve = sub.add_parser("serve", help="live preview")
    serve.add_argument("--addr", default="localhost:8000")
    serve.add_argument("paths", nargs="*", help="only these chain files, problems/<chapter>/ folders or chapter files")
    check = sub.add_parser("check", help="validate and self-grade chains")
    check.add_argument("paths", nargs="*", help="chain files or folders (default: the whole book)")
    pdf = sub.add_parser("pdf", help="the print edition as a PDF")
    pdf.add_argument("--letter", action="store_true", help="US Letter paper (default A4)")
    pdf.add_argument("-o", "--output", default="book.pdf", help="where to write it (default book.pdf)")
    new = sub.add_parser("new", help="start a chapter or a chain that passes check")
    new.add_argument("kind", choices=["chapter", "chain"])
    new.add_argument("names", nargs="+", metavar="NAME", help="chapter: ID; chain: CHAPTER ID")
    for command in (build, serve, check, pdf, new):
        command.add_argument("--course", type=Path, help="a course file (course.yaml): its own chains and chosen "
                                                         "chapters of the book")
    test = sub.add_parser("test", help="run every test")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    if argv[:1] == ["test"]:  # everything after `test` is pytest's, options included (-k, -x, --durations)
        args = argparse.Namespace(command="test", pytest_args=argv[1:])
    else:
        args = ap.parse_args(argv)

    ensure_environment()
    if args.command == "check":
        from book import check as checking
        from book import course
        if args.course:
            try:
                book, _ = course.load_course(args.course)
            except course.SelectionError as e:
                print(f"build.py check: {e}", file=sys.stderr)
                return 2
            return checking.run(book.root, args.paths, cache_dir=ROOT / ".cache", book=book)
        return checking.run(ROOT, args.paths, cache_dir=ROOT / ".cache")
    if args.command == "new":
        from book import scaffold
        want = 1 if args.kind == "chapter" else 2
        if len(args.names) != want:
            ap.error(f"new {args.kind} takes {'ID' if want == 1 else 'CHAPTER ID'}")
        root = args.course.parent if args.course else ROOT  # a course keeps its own chapters and chains
        try:
            path = scaffold.new_chapter(root, *args.names) if want == 1 else scaffold.new_chain(root, *args.names)
            if args.course and want == 1:
                scaffold.add_to_course(args.course, args.names[0])
        except scaffold.ScaffoldError as e:
            print(f"build.py new: {e}", file=sys.stderr)
            return 2
        then = f"check --course {args.course}" if args.course else "check"
        print(f"wrote {os.path.relpath(path)}; now run: python3 build.py {then}")
        return 0
    if args.command == "pdf":
        from book.pdf import make_pdf
        out = Path(args.output).resolve()
        try:
            info = make_pdf(out, "letter" if args.letter else "a4", chromium=chromium_path(install=True),
                            course=args.course)
        except RuntimeError as e:
            print(f"build.py pdf: {e}", file=sys.stderr)
            return 1
        print(f"wrote {out}: {info['pages']} pages, {info['bytes'] / 1e6:.1f} MB in {info['seconds']:.0f} s")
        return 0
    if args.command == "test":
        os.environ.setdefault("CHROMIUM", chromium_path(install=True))
        import pytest

        from book import assets
        assets.site_assets()  # the Python snapshot made once, here, not by each test process
        # A test process per core, up to four (pytest-xdist); one core, or `-n 0` in ARGS: one process.
        workers = ["-n", str(min(4, os.cpu_count() or 1)), "--dist", "worksteal"] if (os.cpu_count() or 1) > 1 else []
        # The whole suite unless ARGS name test files or directories of their own.
        named = any(Path(a.split("::")[0]).exists() for a in args.pytest_args if not a.startswith("-"))
        return pytest.main(["-q", *workers, *([] if named else [str(ROOT / "tests")]), *args.pytest_args])
    from book import site
    if args.command == "build":
        return site.build(site_dir=args.site_dir, course=args.course)
    return site.serve(args.addr, course=args.course, only=args.paths)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
