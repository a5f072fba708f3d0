"""Benchmark: the print edition of the whole book (issue 20: at most 90 s for `build.py pdf`).

    .venv/bin/python bench/pdf.py

Builds the site once (timed), then prints its /print/ page twice from the same served site: in
one tab, and in one tab per core (what `build.py pdf` does). The ratio between the two says what
printing in parallel gains on this machine, whatever its load.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from book import site  # noqa: E402
from book.pdf import make_pdf  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        t = time.perf_counter()
        if site.build(site_dir=out) != 0:
            sys.exit("bench/pdf.py: the book fails `check` (the errors above)")
        built = time.perf_counter() - t
        server, url = site.serve_directory(out)
        try:
            one = make_pdf(Path(tmp) / "one.pdf", site_url=url, parts=1)
            many = make_pdf(Path(tmp) / "many.pdf", site_url=url)
        finally:
            server.shutdown()
    print(f"site built in {built:.1f} s")
    for name, info in (("one tab", one), (f"{many['parts']} tabs", many)):
        print(f"printed in {name:7}  {info['seconds']:5.1f} s  {info['pages']} pages, "
              f"{info['pages'] / info['seconds']:.1f} pages/s, {info['bytes'] / 1e6:.1f} MB")
    print(f"in parallel: {many['seconds'] / one['seconds']:.2f} of the time in one tab; "
          f"build + print = {built + many['seconds']:.0f} s (target 90 s)")


if __name__ == "__main__":
    main()
