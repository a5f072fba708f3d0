// The class view (book/classview.py): progress files that students exported, read in this
// browser (nothing is uploaded), shown as one table per chain: a row per student, a column per
// step. A file that is not a progress file is listed and left out; one from another edition of
// the book (its build differs) is flagged, since its steps may not be this site's.
(function () {
  "use strict";
  const book = window.chemBook;
  const { progress, escapeHTML } = book;

  // One student's record of one step, as a cell: a symbol and words, never colour alone.
  function cell(rec) {
    const tries = rec.attempts ? `${rec.attempts} ${rec.attempts === 1 ? "attempt" : "attempts"}` : "";
    const hints = rec.hints ? `${rec.hints} ${rec.hints === 1 ? "hint" : "hints"}` : "";
    const detail = [tries, hints].filter(Boolean).join(", ");
    const [mark, word, cls] = rec.status === "solved" ? ["✓", "solved", "solved"]
      : rec.status === "revealed" ? ["◐", "answer shown", "revealed"]
        : rec.attempts ? ["✗", "not yet", "tried"] : ["·", "not started", "none"];
    return `<td class="class-cell ${cls}" title="${word}${detail ? ": " + detail : ""}">` +
      `<span aria-hidden="true">${mark}</span> <span class="class-word">${word}</span>` +
      (detail ? `<br><small>${detail}</small>` : "") + "</td>";
  }

  function chainTable(chain, students) {
    const head = chain.steps.map((s, i) => `<th scope="col" title="${escapeHTML(s)}">Step ${chain.number}.${i + 1}</th>`).join("");
    const rows = students.map((st) => {
      const recs = chain.steps.map((s) => (st.data.chains[chain.id] || {})[s] || {});
      const solved = recs.filter((r) => r.status === "solved").length;
      return `<tr><th scope="row">${escapeHTML(st.name)}${st.flag ? " ⚠" : ""}</th>${recs.map(cell).join("")}` +
        `<td>${solved} of ${chain.steps.length}</td></tr>`;
    });
    const counts = chain.steps.map((s) => {
      const n = students.filter((st) => ((st.data.chains[chain.id] || {})[s] || {}).status === "solved").length;
      return `<td>${n} of ${students.length}</td>`;
    });
    return `<h3 id="class-${escapeHTML(chain.id)}">${chain.number} ${escapeHTML(chain.title)}</h3>` +
      `<div class="class-scroll" style="overflow-x: auto; max-width: 100%"><table class="class-chain" data-chain="${escapeHTML(chain.id)}">` +
      `<thead><tr><th scope="col">Student</th>${head}<th scope="col">Solved</th></tr></thead>` +
      `<tbody>${rows.join("")}<tr class="class-total"><th scope="row">Solved by</th>${counts.join("")}<td></td></tr></tbody>` +
      "</table></div>";
  }

  async function open(root, files) {
    const build = root.dataset.build;
    const outline = JSON.parse(root.dataset.outline);
    const students = [];
    const notes = [];
    for (const file of files) {
      const name = file.name.replace(/\.json$/i, "").replace(/^chem-book-progress-?/, "") || file.name;
      let data;
      try {
        data = JSON.parse(await file.text());
      } catch (_) {
        notes.push(`<li class="problem">${escapeHTML(file.name)}: left out, it is not a progress file (not JSON).</li>`);
        continue;
      }
      const why = progress.problemWith(data);
      if (why) {
        notes.push(`<li class="problem">${escapeHTML(file.name)}: left out, ${escapeHTML(why)}.</li>`);
        continue;
      }
      let flag = "";
      if (!data.build) flag = "it does not say which edition of the book it is from";
      else if (data.build !== build) flag = `it is from another edition of the book (${data.build}; this site is ${build}): its steps may differ`;
      students.push({ name, data, flag });
      notes.push(flag ? `<li class="problem flagged">⚠ ${escapeHTML(file.name)}: ${escapeHTML(flag)}.</li>`
        : `<li class="ok">${escapeHTML(file.name)}: read.</li>`);
    }
    students.sort((a, b) => a.name.localeCompare(b.name));
    root.querySelector(".class-files").innerHTML = `<ul>${notes.join("")}</ul>`;
    const chains = outline.flatMap((ch) => ch.chains)
      .filter((c) => students.some((st) => st.data.chains[c.id]));
    root.querySelector(".class-table").innerHTML = students.length === 0 ? ""
      : chains.length === 0 ? "<p>None of these students has started a chain of this book yet.</p>"
        : chains.map((c) => chainTable(c, students)).join("") +
          '<p><button type="button" class="md-button class-csv">Download the table (CSV)</button></p>';
    const button = root.querySelector(".class-csv");
    if (button) button.addEventListener("click", () => download(csv(chains, students), "class-progress.csv"));
  }

  // The same table for a spreadsheet: one row per student and step.
  function csv(chains, students) {
    const quote = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    const rows = [["student", "chain", "step", "step id", "status", "attempts", "hints", "edition"]];
    for (const c of chains) {
      c.steps.forEach((s, i) => {
        for (const st of students) {
          const rec = (st.data.chains[c.id] || {})[s] || {};
          rows.push([st.name, c.title, `${c.number}.${i + 1}`, s, rec.status || (rec.attempts ? "tried" : ""),
            rec.attempts || 0, rec.hints || 0, st.data.build || ""]);
        }
      });
    }
    return rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
  }
  function download(text, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function setup() {
    const root = document.getElementById("class-view");
    if (!root) return;
    root.querySelector(".class-open").addEventListener("change", (e) => {
      open(root, Array.from(e.target.files));
      e.target.value = "";
    });
  }

  book.onPage(setup);
})();
