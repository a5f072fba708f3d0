// Storage the reader controls (SPEC §10), on the progress page: save the whole book for
// offline use (with a progress bar and its size), remove the offline copy, how much is stored
// and whether the browser may clear it; and a reminder to export progress from time to time.
(function () {
  "use strict";
  const book = window.chemBook;
  const { progress } = book;
  const MB = (n) => `${(n / 1e6).toFixed(1)} MB`;
  const OURS = (name) => name.startsWith("chem-book-") || name === "checker-python-memory";

  // Ask the browser not to clear this site's storage under pressure (it may say no); once a
  // step is solved there is work to keep. Asked once per visit.
  let asked = null;
  book.persistStorage = function () {
    if (!asked && navigator.storage && navigator.storage.persist) asked = navigator.storage.persist().catch(() => false);
    return asked || Promise.resolve(false);
  };

  async function describe(panel) {
    const status = panel.querySelector(".offline-status");
    if (!("caches" in window) || !navigator.storage) {
      status.textContent = "This browser keeps no offline copy: the book needs the network.";
      return;
    }
    const [{ usage }, persisted, index] = await Promise.all([
      navigator.storage.estimate().catch(() => ({ usage: 0 })),
      navigator.storage.persisted ? navigator.storage.persisted().catch(() => false) : false,
      fetch(new URL("offline.json", book.siteRoot)).then((r) => r.json()).catch(() => null),
    ]);
    let missing = [];
    if (index && (await caches.has(index.cache))) {
      const cache = await caches.open(index.cache);
      const have = new Set((await cache.keys()).map((r) => r.url));
      missing = index.files.filter(([f]) => !have.has(new URL(f, book.siteRoot).href) && !f.endsWith(".snapshot"));
    } else if (index) {
      missing = index.files.filter(([f]) => !f.endsWith(".snapshot"));
    }
    panel.dataset.missing = missing.length;
    const rest = missing.reduce((n, [, size]) => n + size, 0);
    status.textContent = (book.offlineRemoved() ? "You removed the offline copy: nothing is kept for offline use. " : "") +
      `This site stores ${MB(usage)} in this browser` +
      (missing.length ? `; saving the whole book adds about ${MB(rest)} (${missing.length} files).` : "; the whole book is saved for offline use.") +
      (persisted ? " The browser has agreed to keep it." : " The browser may clear it when space runs low: export your progress to keep it safe.");
    panel.querySelector(".offline-save").disabled = !index || !missing.length;
    return { index, missing };
  }

  async function saveAll(panel) {
    const bar = panel.querySelector(".offline-progress");
    const say = panel.querySelector(".offline-message");
    const { index, missing } = (await describe(panel)) || {};
    if (!index) return;
    book.persistStorage();
    book.setOfflineRemoved(false);
    if (navigator.serviceWorker) book.registerOffline().catch(() => {});  // after a removal
    const total = missing.reduce((n, [, size]) => n + size, 0);
    let done = 0;
    bar.hidden = false;
    bar.max = total || 1;
    try {
      const cache = await caches.open(index.cache);
      for (const [file, size] of missing) {
        const url = new URL(file, book.siteRoot).href;
        const response = await fetch(url, { cache: "no-cache" });
        if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
        await cache.put(url, response);
        done += size;
        bar.value = done;
        say.textContent = `Saving the book: ${MB(done)} of ${MB(total)}…`;
      }
      say.textContent = `The whole book is saved for offline use (${MB(total)} added).`;
    } catch (err) {
      say.textContent = err && err.name === "QuotaExceededError"
        ? "This browser has no room for the whole book: the pages you visit are still kept, and everything works online."
        : `Saving stopped (${err.message}); what was saved is kept. Try again when online.`;
    }
    bar.hidden = true;
    describe(panel);
  }

  // Remove: nothing is kept any more (the service worker is unregistered, the checker keeps
  // no snapshot) until the reader saves the book again. Progress is in localStorage: kept.
  async function removeAll(panel) {
    book.setOfflineRemoved(true);
    panel.querySelector(".offline-message").textContent = "Removing the offline copy…";
    await book.checker.request("keep-nothing", null, "");  // once started: it keeps its snapshot as it starts
    if (navigator.serviceWorker) {
      // Every service worker of the site stops keeping, and says so once its last put is done:
      // a put finishing after the deletion below would make the offline copy again.
      const registrations = await navigator.serviceWorker.getRegistrations();
      const workers = new Set([navigator.serviceWorker.controller,
        ...registrations.flatMap((r) => [r.installing, r.waiting, r.active])].filter(Boolean));
      await Promise.all([...workers].map((sw) => new Promise((done) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = done;
        sw.postMessage({ keepNothing: true }, [channel.port2]);
        setTimeout(done, 5000);  // an old worker that does not answer: go on
      })));
      for (const registration of registrations) await registration.unregister();
    }
    for (const name of await caches.keys()) if (OURS(name)) await caches.delete(name);
    panel.querySelector(".offline-message").textContent =
      "The offline copy was removed, and nothing more is kept for offline use. Your progress is kept.";
    describe(panel);
  }

  // The reminder: progress lives in this browser only, which may clear it.
  const EXPORTED = "chem-book:exported-at";
  book.exportReminder = function () {
    const data = progress.read();
    const solved = Object.values(data.chains).reduce((n, c) => n + Object.values(c).filter((r) => r.status === "solved").length, 0);
    let last = null;
    try { last = JSON.parse(localStorage.getItem(EXPORTED)); } catch (_) { /* never exported */ }
    const since = solved - (last ? last.solved : 0);
    const days = last ? (Date.now() - Date.parse(last.at)) / 864e5 : Infinity;
    if (since < 5 && !(since > 0 && days > 14)) return null;
    return last ? `You have solved ${since} step(s) since you last exported your progress, on ${last.at.slice(0, 10)}. Export it again to keep a copy.`
      : `You have solved ${since} step(s). Your progress is kept in this browser only: export it to a file from time to time.`;
  };
  book.exported = function () {
    const data = progress.read();
    const solved = Object.values(data.chains).reduce((n, c) => n + Object.values(c).filter((r) => r.status === "solved").length, 0);
    try { localStorage.setItem(EXPORTED, JSON.stringify({ at: new Date().toISOString(), solved })); } catch (_) { /* not essential */ }
  };

  function setup() {
    const panel = document.getElementById("offline-panel");
    if (!panel) return;
    panel.querySelector(".offline-save").addEventListener("click", () => saveAll(panel));
    panel.querySelector(".offline-remove").addEventListener("click", () => removeAll(panel));
    describe(panel);
  }
  book.onPage(setup);
})();
