// The book's interactive steps: answer box with live preview, Check, feedback, hints one at a
// time, worked solution, unlocking, and progress kept in localStorage. Grading happens in a
// module Web Worker (checker-worker.js) that runs the project's Python checker in Pyodide.
// Loaded once; mkdocs-material's instant navigation swaps pages, so each page is set up from
// `document$` and the worker stays warm across pages.
(function () {
  "use strict";
  const SCRIPT_URL = document.currentScript.src;
  const GRADE_TIMEOUT_MS = 8000;
  const PREVIEW_DELAY_MS = 250;

  // ---- checker client: one worker for the whole visit -------------------------------------
  const checker = {
    state: "loading", detail: "starting", worker: null, seq: 0, pending: new Map(),
    listeners: new Set(), waiting: [],

    start() {
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
      clearTimeout(entry.timer);
      this.pending.delete(msg.id);
      entry.resolve(msg.result);
    },
    setState(state, detail) {
      this.state = state;
      this.detail = detail || "";
      if (state === "ready") this.waiting.splice(0).forEach((go) => go());
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
        const timer = setTimeout(() => {
          this.pending.delete(id);
          resolve({ status: "error", feedback: "That check ran too long and was stopped. The checker is restarting; try a simpler form of your answer." });
          this.restart("The checker was restarted.");
        }, GRADE_TIMEOUT_MS);
        this.pending.set(id, { resolve, timer });
        this.worker.postMessage({ id, op, spec, response });
      });
    },
  };

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
        if (!data || data.version !== 1 || typeof data.chains !== "object" || data.chains === null) {
          throw new Error("unexpected shape");
        }
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

  // ---- randomized variants (same choice as book/params.py) ---------------------------------
  const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h >>> 0;
  }
  function chooseValues(seed, chainId, params) {
    const out = {};
    for (const [name, p] of Object.entries(params || {})) {
      out[name] = p.values[fnv1a(`${seed}:${chainId}:${name}`) % p.values.length];
    }
    return out;
  }
  // Each value goes into answers in parentheses, as book/params.py in_answer does.
  function specFor(template, values) {
    const sub = (v) => (typeof v === "string" ? v.replace(PLACEHOLDER, (m, n) => (values[n] ? `(${values[n].text})` : m)) : v);
    const spec = { ...template };
    for (const key of ["expected", "start", "goal"]) spec[key] = sub(spec[key]);
    if (spec.mistakes) spec.mistakes = spec.mistakes.map((m) => ({ ...m, answer: sub(m.answer) }));
    return spec;
  }
  function showValues(root, values) {
    root.querySelectorAll(".param").forEach((el) => {
      const v = values[el.dataset.param];
      if (v) el.textContent = v.text;
    });
    root.querySelectorAll(".param-math").forEach((el) => {
      const tex = el.dataset.template.replace(PLACEHOLDER, (m, n) => (values[n] ? values[n].latex : m));
      el.innerHTML = katexHTML(tex, el.tagName === "DIV");
    });
  }

  // ---- rendering helpers -------------------------------------------------------------------
  function katexHTML(tex, display) {
    try {
      return window.katex.renderToString(tex, { throwOnError: false, displayMode: !!display });
    } catch (err) {
      return escapeHTML(tex);
    }
  }
  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  // Feedback is Markdown with $LaTeX$: render the math and `code`, escape the rest.
  function feedbackHTML(text) {
    return String(text).split(/(\$[^$]+\$|`[^`]+`)/).map((part) => {
      if (part.startsWith("$") && part.endsWith("$") && part.length > 1) return katexHTML(part.slice(1, -1));
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1) return `<code>${escapeHTML(part.slice(1, -1))}</code>`;
      return escapeHTML(part).replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
    }).join("");
  }
  function renderMath(root) {
    if (window.renderMathInElement) {
      window.renderMathInElement(root, {
        delimiters: [{ left: "\\(", right: "\\)", display: false }, { left: "\\[", right: "\\]", display: true }],
        throwOnError: false,
      });
    }
  }

  // ---- one chain on the page -----------------------------------------------------------------
  function setupChain(chainEl) {
    const data = JSON.parse(chainEl.dataset.spec);
    const chainId = data.chain;
    const randomized = Object.keys(data.params || {}).length > 0;
    const values = randomized ? chooseValues(progress.seed(), chainId, data.params) : {};
    const steps = data.steps.map((s) => ({
      ...s, spec: randomized ? specFor(s.spec, values) : s.spec,
      el: chainEl.querySelector(`[data-step="${CSS.escape(s.id)}"]`),
    }));
    if (randomized) {
      showValues(chainEl, values);
      steps.forEach((s) => {  // the answer of this learner's variant, for "show the answer"
        checker.request("answer", s.spec, "").then((r) => {
          if (!r.latex) return;
          s.answer_latex = r.latex;
          const line = s.el.querySelector(".step-answer-line");
          if (line) line.innerHTML = `<strong>Answer:</strong> ${katexHTML(r.latex)}`;
        });
      });
    }
    const statusEl = chainEl.querySelector(".checker-status");

    function showStatus(state, detail) {
      statusEl.dataset.state = state;
      statusEl.textContent = state === "ready" ? "Checker ready: your answers are graded in this browser."
        : state === "failed" ? `The checker could not start: ${detail}. You can still read each step and reveal its answer.`
        : `Checker loading (${detail})…`;
      refresh();
    }

    function responseOf(step) {
      const radio = step.el.querySelector('input[type="radio"]:checked');
      if (radio) return radio.value;
      const input = step.el.querySelector(".step-input");
      return input ? input.value : "";
    }

    function setFeedback(step, cls, html) {
      const fb = step.el.querySelector(".step-feedback");
      fb.className = `step-feedback ${cls}`;
      fb.innerHTML = html;
    }

    function reveal(step, rec) {
      const sol = step.el.querySelector(".step-solution");
      if (sol.hidden) {
        sol.hidden = false;
        const line = document.createElement("p");
        line.className = "step-answer-line";
        line.innerHTML = `<strong>Answer:</strong> ${katexHTML(step.answer_latex)}`;
        sol.prepend(line);
      }
      step.el.classList.add(rec.status === "solved" ? "solved" : "revealed");
    }

    function refresh() {
      steps.forEach((step) => {
        const rec = progress.step(chainId, step.id);
        const unlocked = step.requires.every((r) => isDone(progress.step(chainId, r)));
        const done = isDone(rec);
        step.el.classList.toggle("locked", !unlocked);
        const canCheck = unlocked && !done && checker.state !== "failed";
        step.el.querySelectorAll(".step-input, input[type=radio]").forEach((i) => { i.disabled = !unlocked || done; });
        step.el.querySelector(".step-check").disabled = !canCheck;
        const hintBtn = step.el.querySelector(".step-hint");
        const hints = step.el.querySelectorAll(".hint");
        const shown = Math.min(rec.hints || 0, hints.length);
        hints.forEach((h, i) => { h.hidden = i >= shown; });
        hintBtn.textContent = `Hint (${shown} of ${hints.length})`;
        hintBtn.disabled = !unlocked || shown >= hints.length;
        step.el.querySelector(".step-giveup").disabled = !unlocked || done;
        if (done) {
          reveal(step, rec);
          const input = step.el.querySelector(".step-input");
          if (input && rec.answer && !input.value) input.value = rec.answer;
          const fb = step.el.querySelector(".step-feedback");
          if (!fb.textContent) {
            setFeedback(step, rec.status === "solved" ? "correct" : "revealed",
              rec.status === "solved" ? "Solved." : "You revealed the answer: read the worked solution, then go on.");
          }
        }
      });
      showNotice();
    }

    async function check(step) {
      const response = responseOf(step);
      if (!response.trim()) {
        setFeedback(step, "invalid", "Type an answer first.");
        return;
      }
      setFeedback(step, "pending", checker.state === "ready" ? "Checking…" : "Checking as soon as the checker is ready…");
      const result = await checker.request("grade", step.spec, response);
      const rec = progress.step(chainId, step.id);
      if (result.status === "correct") {
        progress.update(chainId, step.id, { status: "solved", answer: response, attempts: (rec.attempts || 0) + 1 });
        setFeedback(step, "correct", `<strong>Correct.</strong> ${result.feedback && result.feedback !== "Correct." ? feedbackHTML(result.feedback) : ""}`);
        refresh();
        const next = steps.find((s) => !isDone(progress.step(chainId, s.id)));
        const nextInput = next && next.el.querySelector(".step-input, input[type=radio]");
        if (nextInput && !nextInput.disabled) nextInput.focus({ preventScroll: false });
      } else if (result.status === "incorrect") {
        progress.update(chainId, step.id, { attempts: (rec.attempts || 0) + 1, last: response });
        setFeedback(step, "incorrect", `<strong>Not yet.</strong> ${feedbackHTML(result.feedback)}`);
      } else {
        setFeedback(step, result.status === "invalid" ? "invalid" : "error", feedbackHTML(result.feedback || "Could not check that."));
      }
    }

    let previewTimer = null;
    steps.forEach((step) => {
      const input = step.el.querySelector(".step-input");
      const preview = step.el.querySelector(".step-preview");
      if (input) {
        const multiline = input.tagName === "TEXTAREA";
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter" && (!multiline || e.ctrlKey || e.metaKey)) { e.preventDefault(); check(step); }
        });
        input.addEventListener("input", () => {
          clearTimeout(previewTimer);
          if (!input.value.trim()) { preview.innerHTML = ""; return; }
          previewTimer = setTimeout(async () => {
            const typed = input.value;
            const r = await checker.request("preview", step.spec, typed);
            if (input.value !== typed) return;  // the learner typed on
            preview.innerHTML = r.error ? `<span class="preview-error">${escapeHTML(r.error)}</span>`
              : r.preview ? `Read as ${katexHTML(r.preview)}` : "";
          }, PREVIEW_DELAY_MS);
        });
      }
      step.el.querySelector(".step-check").addEventListener("click", () => check(step));
      step.el.querySelector(".step-hint").addEventListener("click", () => {
        const rec = progress.step(chainId, step.id);
        progress.update(chainId, step.id, { hints: (rec.hints || 0) + 1 });
        refresh();
        const shown = step.el.querySelectorAll(".hint:not([hidden])");
        if (shown.length) shown[shown.length - 1].focus();
      });
      const giveUp = step.el.querySelector(".step-giveup");
      giveUp.addEventListener("click", () => {
        if (giveUp.dataset.confirm !== "yes") {
          giveUp.dataset.confirm = "yes";
          giveUp.textContent = "Really show the answer?";
          return;
        }
        progress.update(chainId, step.id, { status: "revealed" });
        refresh();
      });
      step.el.querySelectorAll(".hint").forEach((h) => { h.tabIndex = -1; });
    });

    checker.listeners.add(showStatus);
    showStatus(checker.state, checker.detail);
    return () => checker.listeners.delete(showStatus);
  }

  // ---- page life cycle -----------------------------------------------------------------------
  let teardown = [];
  function setupPage() {
    teardown.forEach((fn) => fn());
    teardown = [];
    const article = document.querySelector("article") || document.body;
    renderMath(article);
    article.querySelectorAll(".chain").forEach((el) => {
      try {
        teardown.push(setupChain(el));
      } catch (err) {
        const note = document.createElement("p");
        note.className = "admonition warning";
        note.textContent = `This chain could not be set up: ${err.message}`;
        el.prepend(note);
      }
    });
    showNotice();
  }

  // A problem with stored progress is shown at the top of the page, whenever it is found.
  function showNotice() {
    if (!progress.notice) return;
    const article = document.querySelector("article") || document.body;
    const note = document.createElement("div");
    note.className = "admonition warning progress-notice";
    note.setAttribute("role", "alert");
    note.textContent = progress.notice;
    article.prepend(note);
    progress.notice = null;
  }

  checker.start();
  window.chemBook = { checker, progress, fnv1a, chooseValues };  // for tests and the curious
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupPage);
  } else {
    setupPage();
  }
})();
