"""The print edition: one HTML page with the whole book, paginated and printed to PDF by
headless Chromium itself (CSS paged media; see book/pdf.py).

The page is rendered with the same Markdown extensions as the site (mkdocs.yml) and the same
KaTeX + mhchem, so math looks exactly as on the web. Steps are numbered chapter.chain.step and
show their prompts only; "Hints and Solutions" at the back gives, for each step, its hints,
answer and worked solution. Randomized chains print their default variant.
"""

from __future__ import annotations

import datetime
import html

import checker
import markdown as md

from . import figures, params
from .load import Book, Chain, Chapter, Step
from .render import markdown as tidy

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="../assets/katex/katex.min.css">
<link rel="stylesheet" href="../assets/css/print.css">
<script src="../assets/katex/katex.min.js"></script>
<script src="../assets/katex/contrib/mhchem.min.js"></script>
<script src="../assets/katex/contrib/auto-render.min.js"></script>
<script src="../assets/js/print.js"></script>
<style>
{running_heads}</style>
</head>
<body>
{body}
</body>
</html>
"""


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line ends escaped)."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;-()'" else f"\\{ord(c):x} " for c in text) + '"'


def running_heads(heads: list[tuple[str, str]], titled: set[str]) -> str:
    """CSS giving each (id, title) section a named page whose top margin shows its title:
    Chromium has named pages and margin boxes, but not string-set. The first page of a section
    in ``titled`` begins with that title, so it has no running head when the section is printed
    alone (book/pdf.py), as the first page of a document."""
    return "".join(f"#{sid} {{ page: s{i}; }}\n@page s{i} {{ @top-center {{ content: {_css_string(title)}; }} }}\n"
                   + (f"@page s{i}:first {{ @top-center {{ content: none; }} }}\n" if sid in titled else "")
                   for i, (sid, title) in enumerate(heads))


def _toc_line(target: str, text: str) -> str:
    # The page number is filled in after the book is paginated (book/pdf.py).
    return (f'<li><a href="#{target}">{html.escape(text)}</a>'
            f'<span class="toc-page" data-target="{target}"></span></li>\n')


def _written(book: Book) -> list[Chapter]:
    return [ch for ch in book.chapters if ch.chains or ch.body.strip()]


SOLUTIONS = "hints-and-solutions"


def sections(book: Book) -> list[tuple[str, str]]:
    """(id, title) of each section the contents list."""
    written = _written(book)
    return ([(f"chapter-{ch.id}", f"{ch.number}. {ch.title}") for ch in written]
            + ([("chapters-to-come", "Chapters to come")] if len(written) < len(book.chapters) else [])
            + [(SOLUTIONS, "Hints and Solutions")])


def _solved(book: Book) -> list[tuple[str, Chapter]]:
    """(id, chapter) of each chapter's part of "Hints and Solutions": each begins a page, so
    that book/pdf.py can print it alone. The first is the appendix's own beginning."""
    return [(SOLUTIONS if i == 0 else f"solutions-{ch.id}", ch)
            for i, ch in enumerate(ch for ch in book.chapters if ch.chains)]


def page_heads(book: Book) -> list[tuple[str, str]]:
    """(id, running head) of each section that begins a page."""
    return ([(sid, title) for sid, title in sections(book) if sid != SOLUTIONS]
            + [(sid, f"Hints and Solutions \u00b7 {ch.number}. {ch.title}") for sid, ch in _solved(book)])


def _printed(chain: Chain) -> Chain:
    return params.variant(chain, params.defaults(chain.params)) if chain.params else chain


def _label(ch: Chapter, chain_no: int, step: Step) -> str:
    return f"{ch.number}.{chain_no}.{step.number}"


def _md(text: str, figs: dict) -> str:
    """Author Markdown for print: tidied, with its figures (no data table on paper)."""
    return figures.expand(tidy(text), figs, for_print=True)


def _step(ch: Chapter, chain_no: int, chain: Chain, step: Step) -> str:
    label = _label(ch, chain_no, step)
    return (f'<div class="print-step" id="step-{label}" markdown="1">\n'
            f'<h4 class="step-number">{label}</h4>\n\n{_md(step.prompt, chain.placeable)}\n\n</div>\n\n')


def _solution(ch: Chapter, chain_no: int, chain: Chain, step: Step) -> str:
    label = _label(ch, chain_no, step)
    text, latex = checker.answer(chain.spec(step))
    # A choice's answer is its option's text (with any $math$ in it), as the site shows it.
    # A structure's is its SMILES, as code that may break between structures.
    kind = step.answer["type"]
    shown = (tidy(text) if kind == "choice" else ", ".join(f"`{s.strip()}`" for s in text.split(","))
             if kind == "structure" else "$" + latex.replace("$", "") + "$")
    hints = "".join(f"*Hint {i}.* {_md(h, chain.placeable)}\n\n" for i, h in enumerate(step.hints, 1))
    return (f'<div class="print-solution" markdown="1">\n'
            f'<h4 class="step-number"><a href="#step-{label}">{label}</a></h4>\n\n'
            f'{hints}'
            f'**Answer:** {shown}\n\n'
            f'{_md(step.solution, chain.placeable)}\n\n</div>\n\n')


def book_markdown(book: Book, title: str, subtitle: str) -> str:
    """The whole print edition as Markdown with HTML blocks."""
    today = datetime.date.today().isoformat()
    out = [f'<section class="cover">\n<h1 class="book-title">{html.escape(title)}</h1>\n'
           f'<p class="subtitle">{html.escape(subtitle)}</p>\n'
           f'<p class="edition">Print edition, {today}. Text and problems CC BY 4.0.</p>\n</section>\n\n',
           '<nav class="toc">\n<h2 class="toc-title">Contents</h2>\n<ul>\n']
    out += [_toc_line(sid, text) for sid, text in sections(book)]
    out.append('</ul>\n</nav>\n\n')
    written = _written(book)
    planned = [ch for ch in book.chapters if ch not in written]
    for ch in written:
        out.append(f'<section class="chapter" id="chapter-{ch.id}" markdown="1">\n\n'
                   f'<h1 class="chapter-title">{ch.number}. {html.escape(ch.title)}</h1>\n\n')
        out.append(_md(ch.body, ch.figures) + "\n\n" if ch.body.strip() else f"*{ch.synopsis}*\n\n")
        for n, chain in enumerate(ch.chains, 1):
            c = _printed(chain)
            out.append(f'<h2 class="chain-title">{ch.number}.{n} {html.escape(c.title)}</h2>\n\n')
            out.append(_md(c.intro, c.placeable) + "\n\n" if c.intro else "")
            out += [_step(ch, n, c, s) for s in c.steps]
        out.append("</section>\n\n")
    if planned:  # one section for the outline still to be written, not a near-empty page each
        out.append('<section class="chapter" id="chapters-to-come" markdown="1">\n'
                   '<h1 class="chapter-title">Chapters to come</h1>\n\n')
        out += [f'<h3>{ch.number}. {html.escape(ch.title)}</h3>\n\n<div class="synopsis" markdown="1">\n\n'
                f'{tidy(ch.synopsis)}\n\n</div>\n\n' for ch in planned]
        out.append("</section>\n\n")
    solved = _solved(book)
    if not solved:  # no chain yet: the appendix is there, empty
        out.append(f'<section class="appendix" id="{SOLUTIONS}">\n<h1 class="chapter-title">Hints and Solutions</h1>\n</section>\n')
    for sid, ch in solved:
        out.append(f'<section class="appendix" id="{sid}" markdown="1">\n\n'
                   + ('<h1 class="chapter-title">Hints and Solutions</h1>\n\n' if sid == SOLUTIONS else "")
                   + f'<h2 class="solutions-chapter">{ch.number}. {html.escape(ch.title)}</h2>\n\n')
        for n, chain in enumerate(ch.chains, 1):
            c = _printed(chain)
            out.append(f'<h3 class="chain-title">{ch.number}.{n} {html.escape(c.title)}</h3>\n\n')
            out += [_solution(ch, n, c, s) for s in c.steps]
        out.append("</section>\n\n")
    return "".join(out)


def print_page(book: Book, config) -> str:
    """The print edition as a standalone HTML page, rendered with the site's Markdown settings."""
    configs = {k: dict(v) for k, v in config["mdx_configs"].items()}
    configs.setdefault("toc", {})["permalink"] = False  # no ¶ anchors on paper
    renderer = md.Markdown(extensions=config["markdown_extensions"], extension_configs=configs)
    body = renderer.convert(book_markdown(book, config["site_name"], config.get("site_description") or ""))
    body = figures.inline_svgs(body, {f: fig for ch in book.chapters for f, fig in ch.figures.items()})
    heads = running_heads(page_heads(book), titled={sid for sid, _ in sections(book)})
    return PAGE.format(title=html.escape(config["site_name"]), body=body, running_heads=heads)
