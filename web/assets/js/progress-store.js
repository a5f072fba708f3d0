// The learner's progress, in localStorage: never trusted blindly. An unreadable store is set
// aside (never deleted) and reported; an imported file is validated, then merged step by step (never replacing), after the learner agrees.
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
  // How far a step has got: nothing, tried (attempts or hints), answer shown, solved.
  const rank = (rec) => (rec.status === "solved" ? 3 : rec.status === "revealed" ? 2 : rec.attempts || rec.hints ? 1 : 0);
  // One step from two sources: the further state wins; attempts and hints are the larger.
  function mergeStep(mine, theirs) {
    const out = rank(theirs) > rank(mine) ? { ...mine, ...theirs } : { ...theirs, ...mine };
    for (const n of ["attempts", "hints"]) {
      const most = Math.max(mine[n] || 0, theirs[n] || 0);
      if (most) out[n] = most;
    }
    return out;
  }
  // What importing a file would do, step by step, before anything changes: a bad or foreign
  // file gives {ok: false, message}; else {ok: true, merged, added, advanced, kept, chains}.
  // This browser's seed and place are kept; a step is never taken back to an earlier state.
  progress.planImport = function (text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { ok: false, message: "That file is not a progress file (it is not JSON)." };
    }
    const why = problemWith(data);
    if (why) return { ok: false, message: `That file was not imported: ${why}. Nothing was changed.` };
    const mine = this.read();
    const merged = JSON.parse(JSON.stringify(mine));
    if (!Number.isInteger(merged.seed) && Number.isInteger(data.seed)) merged.seed = data.seed;
    if (!merged.last && data.last && typeof data.last === "object") merged.last = data.last;
    const plan = { ok: true, merged, added: 0, advanced: 0, kept: 0, chains: {} };
    for (const [chain, steps] of Object.entries(data.chains)) {
      const c = (merged.chains[chain] = merged.chains[chain] || {});
      for (const [step, theirs] of Object.entries(steps)) {
        const here = c[step] && typeof c[step] === "object" ? c[step] : {};
        const next = mergeStep(here, theirs);
        const changed = JSON.stringify(next) !== JSON.stringify(here);
        plan[!c[step] ? "added" : changed ? "advanced" : "kept"] += 1;
        if (changed) plan.chains[chain] = (plan.chains[chain] || 0) + 1;
        c[step] = next;
      }
    }
    return plan;
  };
  // Apply a plan; the state before it is kept so that `undoImport` can restore it.
  const BEFORE_IMPORT = `${STORE_KEY}:before-import`;
  progress.applyImport = function (plan) {
    try {
      localStorage.setItem(BEFORE_IMPORT, localStorage.getItem(STORE_KEY) || JSON.stringify({ version: 1, chains: {} }));
      localStorage.setItem(STORE_KEY, JSON.stringify(plan.merged));
    } catch (err) {
      return { ok: false, message: "This browser would not store the progress (storage is full or disabled). Nothing was changed." };
    }
    return { ok: true, message: `Imported: ${plan.added} step(s) new here, ${plan.advanced} further along than here. Nothing of yours was removed.` };
  };
  progress.canUndoImport = () => { try { return !!localStorage.getItem(BEFORE_IMPORT); } catch (_) { return false; } };
  progress.undoImport = function () {
    const before = localStorage.getItem(BEFORE_IMPORT);
    if (!before) return false;
    localStorage.setItem(STORE_KEY, before);
    localStorage.removeItem(BEFORE_IMPORT);
    return true;
  };
  // The text typed (or the option chosen) in a step not yet checked: kept across a reload,
  // apart from the progress (it is not work done, and never exported).
  const DRAFTS_KEY = "chem-book:drafts:v1";
  const drafts = () => { try { return JSON.parse(localStorage.getItem(DRAFTS_KEY)) || {}; } catch (_) { return {}; } };
  progress.draft = (chain, step) => drafts()[`${chain}/${step}`];
  progress.saveDraft = function (chain, step, value) {
    const all = drafts();
    if (value) all[`${chain}/${step}`] = value; else delete all[`${chain}/${step}`];
    try { localStorage.setItem(DRAFTS_KEY, JSON.stringify(all)); } catch (_) { /* a draft is not essential */ }
  };
  // Where the learner was last working, for "resume where I left off".
  progress.visit = function (chain, step, url) {
    const data = this.read();
    data.last = { chain, step, url };
    try { localStorage.setItem(STORE_KEY, JSON.stringify(data)); } catch (_) { /* not essential */ }
  };
  progress.problemWith = problemWith;
  progress.mergeStep = mergeStep;

  book.progress = progress;
  book.isDone = isDone;
})();
