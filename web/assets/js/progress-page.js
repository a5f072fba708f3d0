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
    const sameSite = (u) => { try { return new URL(u, location.href).origin === location.origin; } catch (_) { return false; } };
    resume.innerHTML = data.last && typeof data.last.url === "string" && sameSite(data.last.url)
      ? `<a class="md-button md-button--primary" href="${escapeHTML(data.last.url)}">Resume where I left off</a>`
      : "You have not answered anything yet: start with the first chapter.";
  }

  function say(root, text, ok) {
    const box = root.querySelector(".progress-message");
    box.className = `progress-message ${ok ? "ok" : "problem"}`;
    box.textContent = text;
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
      say(root, "Your progress was saved to a file.", true);
    });
    root.querySelector(".progress-import").addEventListener("change", async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      const result = progress.importText(await file.text());
      say(root, result.message, result.ok);
      e.target.value = "";
      if (result.ok) render(root);
    });
  }

  book.onPage(setup);
})();
