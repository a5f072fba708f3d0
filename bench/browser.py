"""Benchmark: how soon the checker is ready in headless Chromium, and how long a check takes.

    .venv/bin/python bench/browser.py [--checks N]

Builds the site, serves it on localhost, and measures with Playwright and the system Chromium:
cold start (new browser profile: nothing cached), warm start (same profile, page reloaded),
and the time of N checks of the Balmer chain's first step (median and max); then a page with
structure steps (chapter 7): the checker's ready time there, RDKit's (loaded after it), and N
structure checks. Chapter 4 has no structure steps: its ready times must not change. Last, every
chapter page, warm: when its steps are set up (`chem-book:page-usable`), median of the reloads.
Targets (learner-experience issue): ready in 2 s warm and 6 s cold; a check in 150 ms median.

    .venv/bin/python bench/browser.py --throttled

A first visit over a 10 Mbit/s link (Chromium's network emulation, CDP
Network.emulateNetworkConditions, 40 ms latency): the bytes the server sent before the checker
was ready (counted at the server, so what the browser's HTTP cache answered is not counted; the
server gzips text as static hosts do, and the site gzips its own largest binary files),
time until an answer can be typed, and time until the checker is ready (issue 21: at most
8 MB before ready).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from book import site  # noqa: E402

READY = '.checker-status[data-state="ready"]'
GZIPPED_TYPES = {"application/javascript", "application/json", "image/svg+xml"}


class Link:
    """One shared link of ``rate`` bytes/s for every connection (None: unlimited)."""

    def __init__(self):
        self.rate, self.lock, self.free_at = None, threading.Lock(), 0.0

    def send(self, n: int) -> None:
        if not self.rate:
            return
        with self.lock:
            now = time.perf_counter()
            self.free_at = max(self.free_at, now) + n / self.rate
            wait = self.free_at - now
        time.sleep(max(0.0, wait))


def counting_server(directory: Path, link: Link):
    """Like site.serve_directory, gzipping text as a static host does, and counts the bytes
    it sends: [(time, bytes, path)]. The
    bytes go through ``link``: Chromium's network emulation does not reach the checker's worker
    (measured: 50 MB in 4 s "at 10 Mbit/s"), so the server holds the line to the rate as well."""
    sent: list[tuple[float, int, str]] = []

    class Counting(site._QuietHandler):
        def do_GET(self):
            # Text is gzipped on the fly, as static hosts do (GitHub Pages, Netlify, nginx's
            # gzip on); binary files go as they are. Only when the browser accepts gzip.
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            kind = self.guess_type(str(path))
            if not (path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")
                    and (kind.startswith("text/") or kind in GZIPPED_TYPES)):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def setup(self):
            super().setup()
            raw, handler = self.wfile, self

            class Out:
                def write(self, data):
                    view = memoryview(data)
                    for i in range(0, len(view), 16384):
                        chunk = view[i:i + 16384]
                        link.send(len(chunk))
                        sent.append((time.perf_counter(), len(chunk), handler.path))
                        raw.write(chunk)
                    return len(data)

                def __getattr__(self, name):
                    return getattr(raw, name)
            self.wfile = Out()

    site.fix_mime_types()
    server = site._Server(("127.0.0.1", 0), functools.partial(Counting, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", sent


def throttled_first_visit(url: str, sent: list, link: Link, mbit: float = 10.0) -> None:
    """A first visit (empty profile) at ``mbit`` Mbit/s: bytes before ready, time to type, to ready."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=site.CHROMIUM_FLAGS)
        ctx = browser.new_context()
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 40,
                                                      "downloadThroughput": mbit * 1e6 / 8,
                                                      "uploadThroughput": mbit * 1e6 / 8})
        sent.clear()
        link.rate = mbit * 1e6 / 8
        t = time.perf_counter()
        page.goto(url + "04-hydrogen-atom/", wait_until="commit")
        page.wait_for_selector(".step-input:not([disabled])", timeout=300_000)
        typeable = time.perf_counter() - t
        shown, last = [], None
        while True:
            text = page.locator(".checker-status").first.inner_text()
            if text != last:
                shown.append(text)
                last = text
            if page.locator(READY).count():
                break
            page.wait_for_timeout(100)
        ready = time.perf_counter()
        link.rate = None
        browser.close()
    before = [(n, path) for when, n, path in sent if when <= ready]
    by_path: dict[str, int] = {}
    for n, path in before:
        by_path[path] = by_path.get(path, 0) + n
    print(f"first visit at {mbit:g} Mbit/s: {sum(n for n, _ in before) / 1e6:.1f} MB sent before the checker was ready, "
          f"{len(by_path)} files; answer box usable after {typeable:.1f} s, checker ready after {ready - t:.1f} s")
    for path, n in sorted(by_path.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {n / 1e6:6.2f} MB  {path}")
    progress = [s for s in shown if " of " in s]
    print(f"  status lines shown: {len(shown)}, with MB of MB: {len(progress)}"
          + (f" (first {progress[0]!r}, last {progress[-1]!r})" if progress else ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checks", type=int, default=20)
    ap.add_argument("--warm", type=int, default=5, help="warm starts (reloads); their medians are reported")
    ap.add_argument("--throttled", action="store_true", help="only the first visit at 10 Mbit/s")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    if args.throttled:
        with tempfile.TemporaryDirectory() as tmp:
            link = Link()
            server, url, sent = counting_server(Path(tmp), link)
            site.build(site_dir=Path(tmp), site_url=url)
            throttled_first_visit(url, sent, link)
            server.shutdown()
        return

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
            page_phases = """() => ({"first paint": Math.round(performance.getEntriesByName("first-contentful-paint")[0]?.startTime || 0),
                "page parsed": Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd),
                "page usable": Math.round(performance.getEntriesByName("chem-book:page-usable")[0]?.startTime || 0),
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
            # Warm starts vary by a few hundred ms on this machine: the median of args.warm reloads.
            warm_runs, warm_all = [], []
            for _ in range(args.warm):
                t = time.perf_counter()
                page.reload()
                page.wait_for_selector(READY, timeout=300_000)
                warm_runs.append(time.perf_counter() - t)
                warm_all.append({"page": page.evaluate(page_phases), "worker": workers[-1].evaluate("self.timings")})
                page.wait_for_timeout(1000)  # the archives are written after the start: let them be
            warm = statistics.median(warm_runs)
            warm_phases = {where: {k: round(statistics.median(run[where].get(k, 0) for run in warm_all))
                                   for k in warm_all[-1][where]} for where in ("page", "worker")}
            spec = page.evaluate("chemBook.decodeSpecs(document.querySelector('.chain')).steps[0].spec")
            times = []
            for _ in range(args.checks):
                times.append(page.evaluate("""async (spec) => {
                    const t = performance.now();
                    await chemBook.checker.request("grade", spec, "1.5233e6 m^-1");
                    return performance.now() - t; }""", spec))
            # A page with structure steps: the checker's ready time there, then RDKit's (loaded
            # by the worker after the checker is ready), and structure checks.
            t = time.perf_counter()
            page.goto(url + "07-molecular-shape/")
            page.wait_for_selector(READY, timeout=300_000)
            struct_ready = time.perf_counter() - t
            struct_page = page.evaluate(page_phases)  # the longest chapter page, its assets warm
            page.wait_for_function("() => chemBook.checker.request('chem', {type: 'structure'}, '').then((r) => r.ready)",
                                   timeout=300_000)
            struct_rdkit = time.perf_counter() - t
            rdkit_phases = {k: v for k, v in workers[-1].evaluate("self.timings").items() if k in ("ready", "rdkit requested", "rdkit ready")}
            struct_times = []
            for _ in range(args.checks):
                struct_times.append(page.evaluate("""async () => {
                    const t = performance.now();
                    await chemBook.checker.request("grade", {type: "structure", expected: "CCO"}, "CH3OCH3");
                    return performance.now() - t; }"""))
            # Every chapter page, warm (its assets cached, the page visited once): when it is
            # usable, median of args.warm reloads. The target is the same for the longest page.
            chapters = {}
            for chapter in sorted(d.name for d in out.iterdir() if d.is_dir() and d.name[:2].isdigit()):
                page.goto(url + chapter + "/")
                usable = []
                for _ in range(args.warm):
                    page.reload(wait_until="load")
                    page.wait_for_function("performance.getEntriesByName('chem-book:page-usable').length > 0")
                    usable.append(page.evaluate("performance.getEntriesByName('chem-book:page-usable')[0].startTime"))
                    page.wait_for_timeout(1000)  # as the warm starts: the last load's work done
                chapters[chapter] = (statistics.median(usable), (out / chapter / "index.html").stat().st_size)
            ctx.close()
        server.shutdown()
    print(f"cold start (empty profile)  {cold:6.1f} s")
    print(f"warm start (reload)         {warm:6.1f} s  (median of {len(warm_runs)}: "
          + ", ".join(f"{w:.1f}" for w in warm_runs) + "; in the page, navigation to ready: "
          + ", ".join(str(run["page"]["ready message"]) for run in warm_all) + " ms)")
    print(f"check: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over {len(times)}")
    print(f"page with structure steps (07): checker ready {struct_ready:.1f} s, RDKit ready {struct_rdkit:.1f} s "
          f"after navigation; worker ms: {rdkit_phases}; page ms: {struct_page}")
    print(f"structure check: median {statistics.median(struct_times):.0f} ms, max {max(struct_times):.0f} ms")
    print(f"chapter pages usable, warm (median of {args.warm} reloads each), target 500 ms:")
    for chapter, (ms, size) in chapters.items():
        print(f"  {chapter:48} {ms:5.0f} ms  ({size // 1000} KB)")
    print(f"  slowest: {max(ms for ms, _ in chapters.values()):.0f} ms")
    for name, phases in (("cold", cold_phases), ("warm (medians)", warm_phases)):
        print(f"{name} phases, ms after navigation (page) and after the worker's creation (worker):")
        for where, marks in phases.items():
            print(f"  {where:7} " + ", ".join(f"{k} {v}" for k, v in marks.items()))


if __name__ == "__main__":
    main()
