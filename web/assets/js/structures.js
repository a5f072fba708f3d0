// Structure steps (SPEC §8): on a page that has them, ask the checker's worker to load RDKit
// once the checker is ready (other pages never load it), and give each structure step a
// Draw button that opens a drawing editor (OpenChemLib's, self-hosted, loaded on first use).
// The editor fills the same answer box: its molfile goes to RDKit, which perceives the stereo
// from the drawing and writes SMILES into the box. Typing always works without the editor.
(function () {
  "use strict";
  const book = window.chemBook;
  const ASSETS = new URL("../", document.currentScript.src);
  let editorModule = null;
  const loadEditor = () => (editorModule ??= import(new URL("openchemlib/openchemlib.js", ASSETS).href)
    .catch((err) => { editorModule = null; throw err; }));

  function structureSteps(article) {
    const out = [];
    article.querySelectorAll(".chain").forEach((chainEl) => {
      let data;
      try {
        data = book.decodeSpecs(chainEl);  // encoded in the page (steps.js)
      } catch {
        return;
      }
      data.steps.filter((s) => s.spec && s.spec.type === "structure").forEach((s) => {
        const el = chainEl.querySelector(`[data-step="${CSS.escape(s.id)}"]`);
        if (el) out.push({ el, spec: s.spec });
      });
    });
    return out;
  }

  function addEditor(step) {
    const input = step.el.querySelector(".step-input");
    const buttons = step.el.querySelector(".step-buttons");
    if (!input || !buttons || step.el.querySelector(".step-draw")) return;
    const draw = document.createElement("button");
    draw.type = "button";
    draw.className = "md-button step-draw";
    draw.textContent = "Draw";
    draw.setAttribute("aria-expanded", "false");
    draw.disabled = input.disabled;
    new MutationObserver(() => { draw.disabled = input.disabled; })
      .observe(input, { attributes: true, attributeFilter: ["disabled"] });
    buttons.prepend(draw);
    const panel = document.createElement("div");
    panel.className = "structure-editor";
    panel.hidden = true;
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", "Structure drawing editor; typing in the answer box works too");
    input.closest(".step-row").after(panel);
    let editor = null;
    draw.addEventListener("click", async () => {
      panel.hidden = !panel.hidden;
      draw.setAttribute("aria-expanded", String(!panel.hidden));
      if (panel.hidden || editor) return;
      try {
        const OCL = await loadEditor();
        editor = new OCL.CanvasEditor(panel, { initialMode: "molecule" });
        panel.editor = editor;  // for tests that draw through the editor's own API
        try {  // start from what is typed, when it is SMILES
          if (input.value.trim()) editor.setMolecule(OCL.Molecule.fromSmiles(input.value.trim()));
        } catch { /* a condensed formula: start empty */ }
        editor.setOnChangeListener(async (event) => {
          if (event.type !== "molecule") return;
          const mol = editor.getMolecule();
          if (mol.getAllAtoms() === 0) {
            input.value = "";
          } else {
            const r = await book.checker.request("molfile", step.spec, mol.toMolfile());
            if (!r.smiles) return;
            input.value = r.smiles;
          }
          input.dispatchEvent(new Event("input", { bubbles: true }));
        });
      } catch (err) {
        panel.textContent = `The drawing editor could not load (${err.message}). Type the structure instead.`;
      }
    });
  }

  function setup() {
    const article = document.querySelector("article") || document.body;
    const steps = structureSteps(article);
    if (!steps.length) return;
    book.checker.request("chem", { type: "structure" }, "");  // waits for the checker, then loads RDKit
    steps.forEach(addEditor);
  }
  book.onPage(setup);
})();
