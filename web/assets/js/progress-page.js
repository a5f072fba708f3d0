// The progress page: solved and attempted counts for every chain, "resume where I left off",
// and export/import of the progress as a file (validated: a bad file changes nothing).
(function () {
  "use strict";
  const book = window.chemBook;
  const { progress, isDone, escapeHTML } = book;

  function render(root) {
    const outline = JSON.parse(root.dataset.outline);
    const data = progress.read();
    const rows = [];
    for (const ch of outline) {
      for (const c of ch.chains) {
        const recs = c.steps.map((id) => (data.chains[c.id] || {})[id] || {});
        const solved = recs.filter((r) => r.status === "solved").length;
        const revealed = recs.filter((r) => r.status === "revealed").length;
        const attempted = recs.filter((r) => r.attempts > 0 || isDone(r)).length;
        rows.push(`<tr><td>${ch.number}.<span class="progress-chapter-title"> ${escapeHTML(ch.title)}</span></td>` +
          `<td><a href="${ch.url}#${c.id}">${escapeHTML(c.title)}</a></td>` +
          `<td>${solved} of ${c.steps.length}</td><td>${attempted}</td><td>${revealed}</td></tr>`);
      }
    }
    root.querySelector(".progress-table").innerHTML =
      '<table><thead><tr><th scope="col">Chapter</th><th scope="col">Chain</th><th scope="col">Solved</th>' +
      '<th scope="col">Tried</th><th scope="col">Answer shown</th></tr></thead>' +
      `<tbody>${rows.join("")}</tbody></table>`;
    const resume = root.querySelector(".progress-resume");
    const next = nextOpenStep(outline, data);
    resume.innerHTML = next === null ? "You have solved or seen every step of the book."
      : next ? `<a class="md-button md-button--primary" href="${escapeHTML(next.url)}">${data.last ? "Resume where I left off" : "Start"}</a>`
      : "You have not answered anything yet: start with the first chapter.";
    const remind = root.querySelector(".progress-reminder");
    remind.textContent = book.exportReminder() || "";
    remind.hidden = !remind.textContent;
  }

  // The first step not yet solved (nor its answer shown), from the chain last worked in, then
  // on through the book and round to its start. null: every step is done; undefined: no
  // progress at all.
  function nextOpenStep(outline, data) {
    const all = [];
    outline.forEach((ch) => ch.chains.forEach((c) => c.steps.forEach((id) => all.push({ ch, chain: c.id, id }))));
    const hasAny = Object.values(data.chains).some((c) => Object.keys(c).length);
    if (!hasAny && !data.last) return undefined;
    const from = Math.max(0, data.last ? all.findIndex((s) => s.chain === data.last.chain) : 0);
    for (let k = 0; k < all.length; k++) {
      const s = all[(from + k) % all.length];
      if (!isDone((data.chains[s.chain] || {})[s.id] || {})) return { ...s, url: `${s.ch.url}#${s.chain}--${s.id}` };
    }
    return null;
  }

  // A message under the buttons; after an import, with a button that undoes it.
  function say(root, text, ok, undo) {
    const box = root.querySelector(".progress-message");
    box.className = `progress-message ${ok ? "ok" : "problem"}`;
    box.textContent = text;
    if (!undo) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button progress-undo";
    button.textContent = "Undo import";
    button.addEventListener("click", () => {
      progress.undoImport();
      render(root);
      say(root, "The import was undone: your progress is as it was before.", true);
    });
    box.append(" ", button);
  }

  function setup() {
    const root = document.getElementById("progress-page");
    if (!root) return;
    render(root);
    root.querySelector(".progress-export").addEventListener("click", () => {
      const blob = new Blob([progress.exportText()], { type: "application/json" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `chem-book-progress-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      book.exported();
      render(root);
      say(root, "Your progress was saved to a file.", true);
    });
    // Import: read the file, say what it would change, and change nothing until asked.
    root.querySelector(".progress-import").addEventListener("change", async (e) => {
      const file = e.target.files[0];
      e.target.value = "";
      if (!file) return;
      const plan = progress.planImport(await file.text());
      if (!plan.ok) { say(root, plan.message, false); return; }
      if (!plan.added && !plan.advanced) {
        say(root, "Nothing to import: this browser already has everything in that file.", true);
        return;
      }
      const titles = {};
      JSON.parse(root.dataset.outline).forEach((ch) => ch.chains.forEach((c) => { titles[c.id] = c.title; }));
      const box = root.querySelector(".progress-confirm");
      box.hidden = false;
      box.innerHTML = `<p>Importing <strong>${escapeHTML(file.name)}</strong> adds ${plan.added} step(s) new to this browser ` +
        `and takes ${plan.advanced} further along; ${plan.kept} step(s) where you are as far here stay as they are. ` +
        "Nothing of yours is removed, and you can undo the import.</p>" +
        `<ul>${Object.entries(plan.chains).map(([c, n]) => `<li>${escapeHTML(titles[c] || c)}: ${n} step(s)</li>`).join("")}</ul>` +
        '<button type="button" class="md-button md-button--primary progress-import-confirm">Import</button> ' +
        '<button type="button" class="md-button progress-import-cancel">Cancel</button>';
      box.querySelector(".progress-import-cancel").addEventListener("click", () => {
        box.hidden = true;
        say(root, "Import cancelled: nothing was changed.", true);
      });
      box.querySelector(".progress-import-confirm").addEventListener("click", () => {
        box.hidden = true;
        const result = progress.applyImport(plan);
        say(root, result.message, result.ok, result.ok);
        render(root);
      });
      box.querySelector(".progress-import-confirm").focus();
    });
  }

  book.onPage(setup);
})();
