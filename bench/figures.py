"""Benchmark: drawing the book's figures, cold and cached, and the whole build with a warm cache.

    .venv/bin/python bench/figures.py [--builds N]

Cold: every figure drawn with Matplotlib into an empty cache (computed columns included, each
in a fresh process so the Matplotlib import is counted once, as in a real first build).
Cached: the same figures read back from the cache. Build: `build.py build` into a scratch
folder with the warm cache, N times (default 3); CPU time is reported beside wall time because
the machine may be shared. Target (issue 16): the warm build within +20 % of the build before
figures (3.5 s wall, 3.2 s CPU user on the reference machine; see README).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DRAW_ALL = """
import sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from book import figures
from book.load import load_book
book = load_book({root!r})
loaded = time.perf_counter()
figs = [f for ch in book.chapters for f in ch.figures.values()]
for f in figs:
    figures.svg_for(f)
print(len(figs), loaded - t0, time.perf_counter() - loaded)
"""


def draw_all(cache: Path) -> tuple[int, float, float]:
    """(figures, seconds loading the book, seconds drawing or reading them), in a fresh process."""
    env = {**os.environ, "BOOK_FIGURE_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", DRAW_ALL.format(root=str(ROOT))], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def build_once(site_dir: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `build.py build` into ``site_dir``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, %r); from book import site; "
                    "site.build(site_dir=__import__('pathlib').Path(%r))" % (str(ROOT), str(site_dir))],
                   check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - t0, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--builds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "figures"
        n, load_cold, cold = draw_all(cache)
        _, load_warm, warm = draw_all(cache)
        print(f"{n} figures: cold {cold:.2f} s (load {load_cold:.2f} s, computed columns included), "
              f"cached {warm * 1000:.0f} ms (load {load_warm:.2f} s)")
    draw_all(ROOT / ".cache" / "figures")  # warm the cache that builds use
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.builds):
            wall, cpu = build_once(Path(tmp) / "site")
            walls.append(wall)
            cpus.append(cpu)
    print(f"whole build, warm figure cache: median {statistics.median(walls):.2f} s wall, "
          f"{statistics.median(cpus):.2f} s CPU (of {args.builds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
