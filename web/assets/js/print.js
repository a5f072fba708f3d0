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

const size = new URLSearchParams(location.search).get("paper") === "letter" ? "letter" : "A4";

document.addEventListener("DOMContentLoaded", async () => {
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
  window.chemBookPrintReady = true;
});

// book/pdf.py prints the book a few sections at a time, alone in the page (the others detached):
// Chromium's cost of printing a page grows with the whole document, so the book printed whole
// at 7.5 pages a second, and a chapter at a time at 20 or more. A unit of printing is the front
// matter; a section that begins with its title (a chapter, "Hints and Solutions"), so that its
// first page is a document's first, which has no running head (printbook.running_heads); or
// the chapters' parts of the solutions that follow, up to about `pages` pages as laid out on
// screen: each unit embeds its own subsets of the fonts, so fewer make a smaller PDF.
const ELSEWHERE = "http://chem-book.invalid/#";  // book/pdf.py turns these back into links within the PDF
let units = null, linked = null, numbering = null;
window.chemBookUnits = (pages) => {
  const page = PAPER[size].height * MM;
  units = [[...document.querySelectorAll(".cover, .toc")]];
  let filled = Infinity;
  for (const section of document.querySelectorAll(".chapter, .appendix")) {
    const length = section.offsetHeight / page;
    if (section.querySelector(":scope > .chapter-title") || filled + length > pages) units.push([]), filled = 0;
    units[units.length - 1].push(section);
    filled += length;
  }
  linked = new Set([...document.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.hash.slice(1))));
  numbering = document.head.appendChild(document.createElement("style"));
  return units.length;
};
// Show unit i alone, its first page numbered firstPage. A link to a place in another unit
// becomes a URL (Chromium drops a link whose target is not in the document), and each place
// here that a link elsewhere points to gets an invisible link of its own: Chromium names in a
// PDF only the places some link in the same document points to.
window.chemBookPrintUnit = (i, firstPage) => {
  units.flat().forEach((e) => e.remove());
  document.body.append(...units[i]);
  numbering.textContent = `@page :first { counter-increment: page ${firstPage}; }`;
  const here = new Set(units[i].flatMap((e) => [e, ...e.querySelectorAll("[id]")]).map((e) => e.id));
  for (const part of units[i]) {
    for (const a of part.querySelectorAll('a[href^="#"]')) {
      const id = decodeURIComponent(a.hash.slice(1));
      if (!here.has(id)) a.href = ELSEWHERE + encodeURIComponent(id);
    }
  }
  const named = [...linked].filter((id) => here.has(id));
  if (named.length && !units[i][0].querySelector(".print-dests")) {
    const dests = units[i][0].insertAdjacentElement("afterbegin", document.createElement("span"));
    dests.className = "print-dests";
    dests.innerHTML = named.map((id) => `<a class="print-dest" href="#${encodeURIComponent(id)}"></a>`).join("");
  }
};
// The contents' page numbers, once the book is printed: pageOf[id] for each section. Returns
// the sections it has no page for.
window.chemBookNumberContents = (pageOf) => {
  const numbers = units[0].flatMap((e) => [...e.querySelectorAll(".toc-page")]);
  for (const s of numbers) s.textContent = pageOf[s.dataset.target] || "";
  return numbers.filter((s) => !s.textContent).map((s) => s.dataset.target);
};
