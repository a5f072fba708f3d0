// The book's interactive steps: answer box with live preview, Check, feedback, hints one at a
// time, worked solution, unlocking, randomized variants. Each page is set up from `document$`
// (mkdocs-material's instant navigation); the checker and the progress store are shared.
(function () {
  "use strict";
  const book = window.chemBook;
  const { checker, progress, isDone } = book;
  const PREVIEW_DELAY_MS = 250;
  let reminded = false;  // the reminder to export progress, shown once a visit
  const COARSE = window.matchMedia("(hover: none) and (pointer: coarse)");  // a touch screen

  // ---- randomized variants (same choice as book/params.py) ---------------------------------
  const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h >>> 0;
  }
  function chooseValues(seed, chainId, params) {
    const out = {}, index = {};
    for (const [name, p] of Object.entries(params || {})) {
      if (p.of) continue;
      index[name] = fnv1a(`${seed}:${chainId}:${name}`) % p.values.length;
      out[name] = p.values[index[name]];
    }
    // A derived value (book/params.py index_in): by the indices of the params it comes from.
    for (const [name, p] of Object.entries(params || {})) {
      if (p.of) out[name] = p.values[p.of.reduce((i, b) => i * params[b].values.length + index[b], 0)];
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
      return escapeHTML(part).replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[\s(])\*([^*\s](?:[^*]*[^*\s])?)\*(?=[\s.,;:!?)]|$)/g, "$1<em>$2</em>");  // *word*, not a*b
    }).join("");
  }
  // Math in hidden hints and solutions is typeset when they are first shown (`showBlock`):
  // a chapter's page then needs a fraction of the work, and the checker's worker, which
  // shares the machine's cores, starts sooner.
  const LATER = ["hint", "step-solution"];
  function renderMath(root, ignoredClasses = []) {
    if (window.renderMathInElement) {
      window.renderMathInElement(root, {
        delimiters: [{ left: "\\(", right: "\\)", display: false }, { left: "\\[", right: "\\]", display: true }],
        throwOnError: false,
        ignoredClasses,
      });
    }
  }
  // Wide formulas and tables scroll sideways on a phone: make them reachable by keyboard.
  // Run again on each block when it is typeset, since typesetting changes widths.
  // Class "wide" draws the shadow that says there is more to the side (book.css).
  // Run again on each block when it is typeset, and when the window is resized.
  function focusableScrolling(root) {
    // A formula in a step not yet typeset is measured when the step is (all of it at once):
    // measuring it now would lay out a step the browser skips until it comes near (book.css).
    const later = (el) => { const step = el.closest(".step"); return step && !step.dataset.typeset; };
    // Widths are read before classes are written, in two rounds (the second measures the inline
    // formulas the first made boxes): a write between two reads lays the page out again.
    // An inline formula wider than its paragraph (a long \ce{} reaction) cannot wrap: it becomes
    // a box of its own that scrolls, like a wide display formula.
    const inline = [...root.querySelectorAll("span.arithmatex")].filter((el) => !later(el)).filter((el) => {
      const room = el.parentElement && el.parentElement.clientWidth;
      return room && el.getBoundingClientRect().width > room;
    });
    inline.forEach((el) => el.classList.add("inline-wide"));
    const boxes = [...root.querySelectorAll("div.arithmatex, span.inline-wide, .md-typeset__table, .md-typeset__scrollwrap, .progress-table")]
      .filter((el) => !(el.classList.contains("arithmatex") && later(el)) && el.clientWidth)  // hidden: measured when shown
      .map((el) => [el, el.scrollWidth > el.clientWidth + 1]);
    boxes.forEach(([el, wide]) => {
      el.classList.toggle("wide", wide);
      if (wide) {
        el.tabIndex = 0;
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.classList.contains("arithmatex") ? "formula, scrolls sideways" : "table, scrolls sideways");
      }
    });
  }
  // Typeset one block, once.
  function typeset(el, ignoredClasses = []) {
    if (el.dataset.typeset) return;
    el.dataset.typeset = "1";
    renderMath(el, ignoredClasses);
    focusableScrolling(el);
  }
  function typesetStep(step) {
    typeset(step, LATER);
    step.querySelectorAll(LATER.map((c) => `.${c}:not([hidden])`).join(", ")).forEach((el) => typeset(el));  // shown already
  }
  // Steps are typeset as they come within a few screens of the viewport: a chapter's page
  // has dozens, and typesetting them all at once keeps the page (and a 2-core phone) busy.
  function typesetNearView(article) {
    const steps = article.querySelectorAll(".step");
    if (!("IntersectionObserver" in window)) {
      steps.forEach(typesetStep);
      return () => {};
    }
    const observer = new IntersectionObserver((entries) => entries.forEach((entry) => {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      typesetStep(entry.target);
    }), { rootMargin: "200% 0px" });
    steps.forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }
  // A choice's answer is its option's text (with any $math$ in it), never one long formula.
  function answerLineHTML(step) {
    const shown = step.spec.type === "choice" ? feedbackHTML(step.spec.expected) : katexHTML(step.answer_latex);
    return `<strong>Answer:</strong> ${shown}`;
  }
  // A block shown in a step still far from view (a returning learner's solved steps) is
  // typeset with its step, when that comes near: not all at once as the page opens.
  function showBlock(el) {
    unseal(el);
    el.hidden = false;
    const step = el.closest(".step");
    if (!step || step.dataset.typeset) typeset(el);
  }

  // Structures read, drawn by RDKit in the worker (structure steps only).
  function drawings(svgs) {
    return svgs && svgs.length ? `<span class="structures">${svgs.map((s) => `<span class="structure-drawing">${s}</span>`).join("")}</span>` : "";
  }
  // The chain's specs, as book/render.py encode_specs wrote them: base64 of their JSON XORed
  // with data-key. A deterrent against reading answers in the page source, not a secret.
  function decode(payload, hexKey) {
    const key = hexKey.match(/../g).map((h) => parseInt(h, 16));
    const bytes = Uint8Array.from(atob(payload), (c, i) => c.charCodeAt(0) ^ key[i % key.length]);
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  const decodeSpecs = (chainEl) => decode(chainEl.dataset.spec, chainEl.dataset.key);
  // A hint or worked solution is sealed the same way (book/render.py seal_hidden_blocks) and
  // opened when it is first shown, with this learner's values in a randomized chain.
  function unseal(el) {
    if (!el.dataset.sealed) return;
    el.innerHTML = decode(el.dataset.sealed, el.dataset.key);
    delete el.dataset.sealed;
    const chain = el.closest(".chain");
    if (chain && chain.chemValues) showValues(el, chain.chemValues);
  }

  // ---- one chain on the page -----------------------------------------------------------------
  function setupChain(chainEl) {
    const data = decodeSpecs(chainEl);
    const chainId = data.chain;
    const randomized = Object.keys(data.params || {}).length > 0;
    const values = randomized ? chooseValues(progress.seed(), chainId, data.params) : {};
    const steps = data.steps.map((s) => ({
      ...s, spec: randomized ? specFor(s.spec, values) : s.spec,
      el: chainEl.querySelector(`[data-step="${CSS.escape(s.id)}"]`),
    }));
    if (randomized) {
      chainEl.chemValues = values;
      showValues(chainEl, values);
      steps.forEach((s) => {  // the answer of this learner's variant, for "show the answer"
        checker.request("answer", s.spec, "").then((r) => {
          if (!r.latex) return;
          s.answer_latex = r.latex;
          const line = s.el.querySelector(".step-answer-line");
          if (line) line.innerHTML = answerLineHTML(s);
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
      return fb;
    }
    // After a check, the feedback is brought into view if it is hidden (below the fold, or
    // under a phone's keyboard); if it shows already, nothing moves.
    function showFeedback(fb) {
      const box = fb.getBoundingClientRect();
      const bottom = window.visualViewport ? window.visualViewport.height : window.innerHeight;
      const header = document.querySelector(".md-header");
      const top = header ? header.getBoundingClientRect().bottom : 0;
      if (box.top < top || box.bottom > bottom) fb.scrollIntoView({ block: "nearest" });  // with its scroll-margin
    }

    function reveal(step, rec) {
      const sol = step.el.querySelector(".step-solution");
      if (sol.hidden) {
        showBlock(sol);
        const line = document.createElement("p");
        line.className = "step-answer-line";
        line.innerHTML = answerLineHTML(step);
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
        hints.forEach((h, i) => { if (i < shown) showBlock(h); else h.hidden = true; });
        const label = `Hint (${shown} of ${hints.length})`;
        if (hintBtn.textContent !== label) hintBtn.textContent = label;  // a new text node would be laid out again
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
      progress.visit(chainId, step.id, `${location.pathname}#${step.el.id}`);
      const rec = progress.step(chainId, step.id);
      if (result.status === "correct") {
        progress.update(chainId, step.id, { status: "solved", answer: response, attempts: (rec.attempts || 0) + 1 });
        progress.saveDraft(chainId, step.id, null);
        if (book.persistStorage) book.persistStorage();  // now there is work to keep
        const fb = setFeedback(step, "correct", `<strong>Correct.</strong> ${result.feedback && result.feedback !== "Correct." ? feedbackHTML(result.feedback) : ""}`);
        refresh();
        const next = steps.find((s) => !isDone(progress.step(chainId, s.id)));
        const nextInput = next && next.el.querySelector(".step-input, input[type=radio]");
        // On a phone, focusing the next box would open the keyboard over the feedback.
        if (nextInput && !nextInput.disabled && !COARSE.matches) nextInput.focus({ preventScroll: true });
        const remind = !reminded && book.exportReminder && book.exportReminder();
        if (remind) {  // once a visit: the progress lives in this browser only
          reminded = true;
          fb.insertAdjacentHTML("beforeend", `<p class="export-reminder">${escapeHTML(remind)} <a href="${book.siteRoot}progress/">Export it</a></p>`);
        }
        showFeedback(fb);
      } else if (result.status === "incorrect") {
        progress.update(chainId, step.id, { attempts: (rec.attempts || 0) + 1, last: response });
        showFeedback(setFeedback(step, "incorrect", `<strong>Not yet.</strong> ${feedbackHTML(result.feedback)}`));
      } else {
        showFeedback(setFeedback(step, result.status === "invalid" ? "invalid" : "error", feedbackHTML(result.feedback || "Could not check that.")));
      }
    }

    let previewTimer = null;
    steps.forEach((step) => {
      const input = step.el.querySelector(".step-input");
      const preview = step.el.querySelector(".step-preview");
      const radios = step.el.querySelectorAll("input[type=radio]");
      // A draft typed or chosen before a reload is put back (the step is not done yet).
      const draft = progress.draft(chainId, step.id);
      const restore = draft && !isDone(progress.step(chainId, step.id));
      radios.forEach((radio) => {
        if (restore) radio.checked = radio.value === draft;
        radio.addEventListener("change", () => progress.saveDraft(chainId, step.id, radio.value));
        radio.addEventListener("keydown", (e) => {  // Enter on a choice checks it, as in a text box
          if (e.key === "Enter") { e.preventDefault(); check(step); }
        });
      });
      if (input) {
        const multiline = input.tagName === "TEXTAREA";
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter" && (!multiline || e.ctrlKey || e.metaKey)) { e.preventDefault(); check(step); }
        });
        input.addEventListener("input", () => {
          progress.saveDraft(chainId, step.id, input.value);
          clearTimeout(previewTimer);
          if (!input.value.trim()) { preview.innerHTML = ""; return; }
          previewTimer = setTimeout(async () => {
            const typed = input.value;
            const r = await checker.request("preview", step.spec, typed);
            if (input.value !== typed) return;  // the learner typed on
            preview.innerHTML = r.error ? `<span class="preview-error">${escapeHTML(r.error)}</span>`
              : r.preview ? `Read as ${katexHTML(r.preview)}` + drawings(r.svg) : "";
          }, PREVIEW_DELAY_MS);
        });
        if (restore) {
          input.value = draft;
          input.dispatchEvent(new Event("input"));  // its preview, once the checker is ready
        }
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
        progress.saveDraft(chainId, step.id, null);
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
    renderMath(article, [...LATER, "step"]);
    teardown.push(typesetNearView(article));
    // Printing a chapter from the browser: every step, typeset or not yet.
    const typesetAll = () => article.querySelectorAll(".step").forEach((el) => typeset(el, LATER));
    window.addEventListener("beforeprint", typesetAll);
    teardown.push(() => window.removeEventListener("beforeprint", typesetAll));
    focusableScrolling(article);
    if (document.fonts) document.fonts.ready.then(() => focusableScrolling(article));  // KaTeX's fonts change widths
    let resizeTimer = null;
    const onResize = () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => focusableScrolling(article), 200); };
    window.addEventListener("resize", onResize);
    teardown.push(() => window.removeEventListener("resize", onResize));
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
    performance.mark("chem-book:page-usable");  // text shown, answer boxes ready; math in view typesets next frame (bench/browser.py)
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

  Object.assign(book, { fnv1a, chooseValues, decodeSpecs, unseal, katexHTML, escapeHTML, renderMath, focusableScrolling, onPage });
  // Run `fn` on every page view: each instant navigation, or once without it.
  function onPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }
  onPage(setupPage);
})();
