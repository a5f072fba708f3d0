"""Benchmark: grade the corpus natively and print p50, p99 and max latency per answer type.

    .venv/bin/python bench/grading.py [--repeat N]

The corpus is tests/cases/grading.yaml plus every step of the book (its worked answer and its
authored mistakes). Each response is graded N times (default 5) after one warm-up pass.
Targets (issue: checker): p50 <= 20 ms, p99 <= 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from book import params  # noqa: E402
from book.check import _typed_mistake as typed_mistake  # noqa: E402  (as `check` types it)
from book.load import load_book  # noqa: E402


def corpus() -> list[tuple[dict, str]]:
    cases = yaml.safe_load((ROOT / "tests/cases/grading.yaml").read_text(encoding="utf-8"))
    items = [(c["spec"], c["input"]) for c in cases]
    for chain in load_book(ROOT).chains.values():
        if chain.params:  # the default variant of a randomized chain
            chain = params.variant(chain, params.defaults(chain.params))
        for step in chain.steps:
            spec = chain.spec(step)
            items.append((spec, checker.answer(spec)[0]))
            items += [(spec, typed_mistake(spec, str(m["answer"]))) for m in step.mistakes]
    return items


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    items = corpus()
    for spec, text in items:  # warm-up: imports, caches
        checker.grade(spec, text)
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        for spec, text in items:
            t = time.perf_counter()
            checker.grade(spec, text)
            times[spec["type"]].append((time.perf_counter() - t) * 1000)
    print(f"{'type':<24}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    every = []
    for kind in sorted(times):
        t = times[kind]
        every += t
        print(f"{kind:<24}{len(t):>6}{statistics.median(t):>10.1f}{percentile(t, 99):>10.1f}{max(t):>10.1f}")
    print(f"{'all':<24}{len(every):>6}{statistics.median(every):>10.1f}{percentile(every, 99):>10.1f}{max(every):>10.1f}")


if __name__ == "__main__":
    main()
