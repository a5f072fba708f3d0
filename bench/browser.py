"""Benchmark: how soon the checker is ready in headless Chromium, and how long a check takes.

    .venv/bin/python bench/browser.py [--checks N]

Builds the site, serves it on localhost, and measures with Playwright and the system Chromium:
cold start (new browser profile: nothing cached), warm start (same profile, page reloaded),
and the time of N checks of the Balmer chain's first step (median and max).
Targets (learner-experience issue): ready in 2 s warm and 6 s cold; a check in 150 ms median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from book import site  # noqa: E402

READY = '.checker-status[data-state="ready"]'


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checks", type=int, default=20)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as profile:
        out = Path(tmp)
        server, url = site.serve_directory(out)
        site.build(site_dir=out, site_url=url)
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium",
                                                       args=site.CHROMIUM_FLAGS)
            page = ctx.new_page()
            workers = []
            page.on("worker", lambda w: workers.append(w) if "checker-worker" in w.url else None)
            page_phases = """() => ({"page parsed": Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd),
                "worker created": Math.round(chemBook.checker.startedAt),
                "ready message": Math.round(chemBook.checker.readyAt)})"""
            t = time.perf_counter()
            page.goto(url + "04-hydrogen-atom/")
            page.wait_for_selector(READY, timeout=300_000)
            cold = time.perf_counter() - t
            cold_phases = {"page": page.evaluate(page_phases), "worker": workers[-1].evaluate("self.timings")}
            # A returning learner: the offline copy is installed and the first visit has kept
            # its decompressed snapshot (written in the background after the start).
            while "snapshot kept" not in workers[-1].evaluate("self.timings"):
                page.wait_for_timeout(500)
            page.wait_for_function("async () => (await caches.keys()).some((k) => k.startsWith('chem-book-'))",
                                   timeout=120_000, polling=500)
            t = time.perf_counter()
            page.reload()
            page.wait_for_selector(READY, timeout=300_000)
            warm = time.perf_counter() - t
            warm_phases = {"page": page.evaluate(page_phases), "worker": workers[-1].evaluate("self.timings")}
            spec = page.evaluate("chemBook.decodeSpecs(document.querySelector('.chain')).steps[0].spec")
            times = []
            for _ in range(args.checks):
                times.append(page.evaluate("""async (spec) => {
                    const t = performance.now();
                    await chemBook.checker.request("grade", spec, "1.5233e6 m^-1");
                    return performance.now() - t; }""", spec))
            ctx.close()
        server.shutdown()
    print(f"cold start (empty profile)  {cold:6.1f} s")
    print(f"warm start (reload)         {warm:6.1f} s")
    print(f"check: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over {len(times)}")
    for name, phases in (("cold", cold_phases), ("warm", warm_phases)):
        print(f"{name} phases, ms after navigation (page) and after the worker's creation (worker):")
        for where, marks in phases.items():
            print(f"  {where:7} " + ", ".join(f"{k} {v}" for k, v in marks.items()))


if __name__ == "__main__":
    main()
