// The checker client: one module Web Worker (checker-worker.js) for the whole visit, so it
// stays warm across mkdocs-material's instant navigation. A check that runs past
// `timeoutMs` (3 s) is cut off: the worker is terminated and started again.
(function () {
  "use strict";
  const SCRIPT_URL = document.currentScript.src;
  const book = (window.chemBook = window.chemBook || {});

  // ---- checker client: one worker for the whole visit -------------------------------------
  const checker = {
    timeoutMs: 3000,
    state: "loading", detail: "starting", worker: null, seq: 0, pending: new Map(),
    listeners: new Set(), waiting: [],

    start() {
      this.startedAt = performance.now();  // for bench/browser.py
      try {
        const url = new URL("checker-worker.js", SCRIPT_URL);
        if (offlineRemoved()) url.search = "?offline=off";
        this.worker = new Worker(url, { type: "module" });
      } catch (err) {
        this.setState("failed", `this browser cannot start the checker (${err.message})`);
        return;
      }
      this.worker.onmessage = (e) => this.onMessage(e.data);
      this.worker.onerror = (e) => this.setState("failed", e.message || "the checker script failed to load");
      this.setState("loading", "downloading the checker");
    },
    onMessage(msg) {
      if (msg.type === "status") {
        this.setState(msg.state, msg.detail);
        return;
      }
      const entry = this.pending.get(msg.id);
      if (!entry) return;
      if (msg.type === "started") {
        entry.timer = setTimeout(entry.expire, this.timeoutMs);
        return;
      }
      clearTimeout(entry.timer);
      this.pending.delete(msg.id);
      entry.resolve(msg.result);
    },
    setState(state, detail) {
      this.state = state;
      this.detail = detail || "";
      if (state === "ready") {
        this.readyAt = performance.now();  // for bench/browser.py
        this.waiting.splice(0).forEach((go) => go());
      }
      if (state === "failed") {
        this.waiting.splice(0).forEach((go) => go());
        this.pending.forEach((p) => p.resolve({ status: "error", feedback: "The checker is not available." }));
        this.pending.clear();
      }
      this.listeners.forEach((fn) => fn(state, this.detail));
    },
    restart(reason) {
      if (this.worker) this.worker.terminate();
      this.pending.forEach((p) => { clearTimeout(p.timer); p.resolve({ status: "error", feedback: reason }); });
      this.pending.clear();
      this.start();
    },
    whenReady() {
      if (this.state === "ready" || this.state === "failed") return Promise.resolve();
      return new Promise((go) => this.waiting.push(go));
    },
    async request(op, spec, response) {
      await this.whenReady();
      if (this.state !== "ready") return { status: "error", feedback: "The checker is not available." };
      const id = ++this.seq;
      return new Promise((resolve) => {
        // Runs when a check has been running (not waiting in the queue) for timeoutMs.
        const expire = () => {
          this.pending.delete(id);
          resolve({ status: "error", timedOut: true,
            feedback: "That check ran for more than 3 seconds and was stopped. The checker is restarting; your progress is kept. Try a simpler form of your answer." });
          this.restart("The checker was restarted.");
        };
        this.pending.set(id, { resolve, expire, timer: null });
        this.worker.postMessage({ id, op, spec, response });
      });
    },
  };

  // "Remove offline copy" (offline.js) is the reader's choice until they save the book again.
  const OFFLINE_OFF = "chem-book:offline-removed";
  function offlineRemoved() {
    try { return localStorage.getItem(OFFLINE_OFF) === "1"; } catch (_) { return false; }
  }
  book.offlineRemoved = offlineRemoved;
  book.setOfflineRemoved = (removed) => {
    try { if (removed) localStorage.setItem(OFFLINE_OFF, "1"); else localStorage.removeItem(OFFLINE_OFF); } catch (_) { /* kept for this visit */ }
  };

  book.checker = checker;
  checker.start();

  // Offline: sw.js (written at build time) keeps the pages visited and the checker; once it
  // runs, it is asked to keep what this first page loaded before it did (see offline.js).
  book.siteRoot = new URL("../../", SCRIPT_URL).href;
  book.registerOffline = () => navigator.serviceWorker.register(new URL("sw.js", book.siteRoot));
  if ("serviceWorker" in navigator && location.protocol !== "file:" && !offlineRemoved()) {
    book.offline = book.registerOffline()
      .then(() => navigator.serviceWorker.ready)
      .then(async (registration) => {
        // Once the checker is ready, its files are in the HTTP cache: keeping them then costs
        // no second download (asked at once, the two would race on the network).
        await checker.whenReady();
        const used = [location.href.split("#")[0], ...performance.getEntriesByType("resource").map((e) => e.name)];
        registration.active.postMessage({ keep: used });
        return registration;
      })
      .catch((err) => { console.warn("offline copy unavailable:", err.message); });
  }
})();
