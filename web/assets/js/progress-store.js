// The learner's progress, in localStorage: never trusted blindly. An unreadable store is set
// aside (never deleted) and reported; an imported file is validated before it replaces anything.
(function () {
  "use strict";
  const book = (window.chemBook = window.chemBook || {});

  // ---- progress: localStorage, never trusted blindly ---------------------------------------
  const STORE_KEY = "chem-book:progress:v1";
  const progress = {
    notice: null,
    read() {
      let raw = null;
      try {
        raw = localStorage.getItem(STORE_KEY);
        if (!raw) return { version: 1, chains: {} };
        const data = JSON.parse(raw);
        if (problemWith(data)) throw new Error(problemWith(data));
        return data;
      } catch (err) {
        // Keep the unreadable text aside (never delete a learner's data) and start afresh.
        try { if (raw) localStorage.setItem(`${STORE_KEY}:corrupt:${Date.now()}`, raw); } catch (_) { /* full */ }
        try { localStorage.removeItem(STORE_KEY); } catch (_) { /* storage disabled */ }
        this.notice = "Your saved progress could not be read, so it was set aside and this page starts afresh.";
        return { version: 1, chains: {} };
      }
    },
    // The learner's seed for randomized chains: drawn once, kept with the progress.
    seed() {
      const data = this.read();
      if (Number.isInteger(data.seed)) return data.seed;
      const seed = crypto.getRandomValues(new Uint32Array(1))[0];
      data.seed = seed;
      try { localStorage.setItem(STORE_KEY, JSON.stringify(data)); } catch (_) { /* kept for this visit */ }
      return seed;
    },
    step(chain, step) {
      const c = this.read().chains[chain];
      const s = c && c[step];
      return s && typeof s === "object" ? s : {};
    },
    update(chain, step, patch) {
      const data = this.read();
      const c = (data.chains[chain] = data.chains[chain] || {});
      c[step] = Object.assign({}, c[step], patch);
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify(data));
      } catch (err) {
        this.notice = "Your progress could not be saved in this browser (storage is full or disabled).";
      }
    },
  };
  const isDone = (rec) => rec.status === "solved" || rec.status === "revealed";

  // Is `data` a progress file this book wrote? Returns a reason when it is not.
  const STATUSES = new Set([undefined, "solved", "revealed"]);
  function problemWith(data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return "it is not a progress file";
    if (data.book !== undefined && data.book !== "chem-book") return "it is progress for another book";
    if (data.version !== 1) return `it is version ${data.version}, not version 1`;
    if (!data.chains || typeof data.chains !== "object" || Array.isArray(data.chains)) return "it has no chains";
    if (data.seed !== undefined && !Number.isInteger(data.seed)) return "its seed is not a whole number";
    for (const [chain, steps] of Object.entries(data.chains)) {
      if (!steps || typeof steps !== "object" || Array.isArray(steps)) return `chain ${chain} is not a list of steps`;
      for (const [step, rec] of Object.entries(steps)) {
        if (!rec || typeof rec !== "object" || !STATUSES.has(rec.status)) return `step ${chain}/${step} is not readable`;
        for (const n of ["attempts", "hints"]) {
          if (rec[n] !== undefined && !(Number.isInteger(rec[n]) && rec[n] >= 0)) return `step ${chain}/${step} has a bad ${n}`;
        }
      }
    }
    return null;
  }
  progress.exportText = function () {
    // The build identity (book/classview.py), so a teacher's class view flags another edition.
    const build = (document.querySelector('meta[name="chem-book-build"]') || {}).content;
    return JSON.stringify({ book: "chem-book", ...this.read(), ...(build ? { build } : {}), exported: new Date().toISOString() }, null, 1);
  };
  // Replace the progress by an exported file's; a bad or foreign file changes nothing.
  progress.importText = function (text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { ok: false, message: "That file is not a progress file (it is not JSON)." };
    }
    const why = problemWith(data);
    if (why) return { ok: false, message: `That file was not imported: ${why}. Nothing was changed.` };
    const clean = { version: 1, chains: data.chains };
    if (Number.isInteger(data.seed)) clean.seed = data.seed;
    if (data.last && typeof data.last === "object") clean.last = data.last;
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(clean));
    } catch (err) {
      return { ok: false, message: "This browser would not store the progress (storage is full or disabled)." };
    }
    return { ok: true, message: `Imported progress for ${Object.keys(clean.chains).length} chain(s).` };
  };
  // Where the learner was last working, for "resume where I left off".
  progress.visit = function (chain, step, url) {
    const data = this.read();
    data.last = { chain, step, url };
    try { localStorage.setItem(STORE_KEY, JSON.stringify(data)); } catch (_) { /* not essential */ }
  };
  progress.problemWith = problemWith;

  book.progress = progress;
  book.isDone = isDone;
})();
