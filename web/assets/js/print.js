// The print edition: render the math, choose the paper, then let Paged.js lay out the pages.
// book/pdf.py waits for window.chemBookPrintReady before printing.
window.PagedConfig = {
  before: async () => {
    const size = new URLSearchParams(location.search).get("paper") === "letter" ? "letter" : "A4";
    const style = document.createElement("style");
    style.textContent = `@page { size: ${size}; }`;
    document.head.appendChild(style);
    window.renderMathInElement(document.body, {
      delimiters: [{ left: "\\(", right: "\\)", display: false }, { left: "\\[", right: "\\]", display: true }],
      throwOnError: false,
    });
  },
  after: () => { window.chemBookPrintReady = true; },
};
