// The print edition: choose the paper, render the math, then scale down whatever is still wider
// than the measure (a table, a term of a display, a formula that cannot break); otherwise Chromium
// would shrink every page to fit the widest. book/pdf.py waits for window.chemBookPrintReady.
// The text area: the page less print.css's margins (20 mm at the sides, 22 and 24 mm above and below).
const PAPER = { A4: { width: 170, height: 251 }, letter: { width: 175.9, height: 233.4 } };  // mm
const MM = 96 / 25.4;  // CSS pixels

const contentRight = (e) => {
  const box = e.getBoundingClientRect(), style = getComputedStyle(e);
  return box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
};

// [element, scale] for each thing wider than its block. Read everything before writing anything:
// each write would make the next read lay out the whole book again.
function tooWide() {
  const found = [];
  for (const e of document.querySelectorAll(".katex-display > .katex, table, .figure-plot, pre")) {
    const room = e.parentElement.clientWidth;
    if (e.scrollWidth > room + 0.5) found.push([e, room / e.scrollWidth]);
  }
  for (const e of document.querySelectorAll(":not(.katex-display) > .katex")) {
    const right = contentRight(e.parentElement.closest("p, li, td, th, dd, dt, caption, figcaption, h1, h2, h3, h4, h5, h6, div")
      || document.body);
    const over = [...e.getClientRects()].filter((r) => r.right > right + 0.5);
    if (over.length) found.push([e, Math.min(...over.map((r) => (right - r.left) / r.width))]);
  }
  return found;
}

document.addEventListener("DOMContentLoaded", async () => {
  const size = new URLSearchParams(location.search).get("paper") === "letter" ? "letter" : "A4";
  const style = document.createElement("style");
  style.textContent = `@page { size: ${size}; } body { width: ${PAPER[size].width}mm; }`;
  document.head.appendChild(style);
  window.renderMathInElement(document.body, {
    delimiters: [{ left: "\\(", right: "\\)", display: false }, { left: "\\[", right: "\\]", display: true }],
    throwOnError: false,
    output: "html",  // no hidden MathML: nothing in a PDF reads it, and it doubles what Chromium paints
  });
  await document.fonts.ready;  // KaTeX's fonts: widths measured before they load are wrong
  for (const [e, scale] of tooWide()) e.style.zoom = Math.max(scale, 0.5).toFixed(3);
  // At least this many pages (book/pdf.py splits the printing by it): each section begins a page
  // and fills its height in pages (less a tenth, for margins truncated at a break); other breaks
  // only add pages.
  window.chemBookLeastPages = [...document.querySelectorAll(".cover, .toc, .chapter, .appendix")]
    .reduce((n, e) => n + Math.max(1, Math.ceil(e.offsetHeight / (PAPER[size].height * MM) - 0.1)), 0);
  window.chemBookPrintReady = true;
});
