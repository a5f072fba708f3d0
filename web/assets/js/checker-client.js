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
        this.worker = new Worker(new URL("checker-worker.js", SCRIPT_URL), { type: "module" });
      } catch (err) {
        this.setState("failed", `this browser cannot start the checker (${err.message})`);
        return;
      }
      this.worker.onmessage = (e) => this.onMessage(e.data);
      this.worker.onerror = (e) => this.setState("failed", e.message || "the checker script failed to load");
      this.setState("loading", "starting Python");
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

  book.checker = checker;
  checker.start();

  // Offline after the first visit: sw.js (written at build time) caches the whole site.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    book.offline = navigator.serviceWorker.register(new URL("../../sw.js", SCRIPT_URL))
      .then(() => navigator.serviceWorker.ready)
      .catch((err) => { console.warn("offline copy unavailable:", err.message); });
  }
})();
