"""Chapters and chains → Markdown pages for mkdocs (with HTML blocks for the steps).

Each chapter becomes one page: its prose, then each chain as a section. A step carries its
prompt, an answer box (made live by the site's JS), hidden hints, and the worked solution.
The answer specs the browser grades with are embedded in the chain's data-spec, encoded
(see encode_specs) so that an answer cannot be read at a glance.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import checker

from . import figures
from . import params as params_mod
from . import structures
from .load import Book, Chain, Chapter, Step

_UNIT_WORDS = {"quantity": "a number with units", "number": "a number", "expression": "an expression",
               "equation": "an equation", "formula": "a formula", "reaction": "a balanced reaction",
               "electron-configuration": "an electron configuration",
               # The keys are hidden on a touch screen, which has none (book.css).
               "derivation": 'one equation per line<span class="keys-hint">; Ctrl+Enter checks</span>',
               "structure": "SMILES or a condensed formula such as CH3CH2OH"}


def chapter_uri(ch: Chapter) -> str:
    """Source path of a chapter's generated page, e.g. ``04-hydrogen-atom.md``."""
    return f"{ch.number:02d}-{ch.id}.md"


def _inline_math(text: str) -> str:
    """``$x$`` → ``\\(x\\)`` in text placed in raw HTML, where Markdown does not run."""
    return re.sub(r"\$([^$]+)\$", lambda m: r"\(" + html.escape(m.group(1), quote=False) + r"\)",
                  html.escape(text, quote=False).replace("&amp;", "&")) if "$" in text else html.escape(text)


_DISPLAY_MATH = re.compile(r"[ \t]*\$\$(.+?)\$\$[ \t]*\n?", re.S)


def markdown(text: str) -> str:
    """Author Markdown made ready for mkdocs: display math ``$$...$$`` written inside a
    paragraph becomes its own block, as arithmatex requires; ``smiles`` blocks become drawings
    (book/structures.py)."""
    text = structures.depict(text)
    return _DISPLAY_MATH.sub(lambda m: "\n\n$$" + m.group(1).strip() + "$$\n\n", text).strip()


def _block(cls: str, markdown_text: str, attrs: str = "", chain: Chain | None = None) -> str:
    text = markdown(markdown_text)
    if chain is not None:
        text = with_params(figures.expand(text, chain.placeable), chain)
    return f'<div class="{cls}"{attrs} markdown="1">\n\n{text}\n\n</div>\n'


def step_spec(chain: Chain, step: Step, default: Chain) -> dict:
    """What the browser needs to grade and show one step: the spec (with ``{{param}}``
    placeholders in a randomized chain) and the answer of the ``default`` variant."""
    try:
        text, latex = checker.answer(default.spec(default.steps[step.number - 1]))
    except (checker.ReadError, ValueError):  # only in a preview: `build` refuses a book that fails check
        text, latex = "", ""
    return {"id": step.id, "spec": chain.spec(step), "requires": step.requires, "answer": text, "answer_latex": latex}


def with_params(text: str, chain: Chain) -> str:
    """Markdown with ``{{param}}`` shown as its default value, marked so the browser can show
    the learner's own value: plain text in a ``span.param``; math in a ``.param-math`` that
    keeps its TeX template."""
    if not chain.params or not params_mod.names_used(text):
        return text
    values = params_mod.defaults(chain.params)

    def math(m):
        tex = m.group(0)
        if not params_mod.names_used(tex):
            return tex
        # Braces escaped: Markdown's attr_list would read {…}, and {{name}} must stay a template.
        template = html.escape(tex.strip("$").strip(), quote=True).replace("{", "&#123;").replace("}", "&#125;")
        shown = params_mod.in_markdown(tex, values)
        if tex.startswith("$$"):
            return f'\n\n<div class="param-math" data-template="{template}" markdown="1">\n\n{shown}\n\n</div>\n\n'
        return f'<span class="param-math" data-template="{template}">{shown}</span>'

    text = re.sub(r"\$\$.+?\$\$|\$[^$]+\$", math, text, flags=re.S)
    return params_mod.PLACEHOLDER.sub(
        lambda m: f'<span class="param" data-param="{m.group(1)}">{html.escape(values[m.group(1)].text)}</span>', text)


def _input(sid: str, kind: str) -> str:
    common = f'id="in-{sid}" class="step-input" autocomplete="off" autocapitalize="off" spellcheck="false" disabled'
    if kind == "derivation":  # one equation per line: Enter is a new line, Ctrl+Enter checks
        return f'<textarea {common} rows="4"></textarea>'
    return f'<input {common} type="text">'


def render_step(chapter: Chapter, chain_no: int, chain: Chain, step: Step) -> str:
    """HTML (with Markdown blocks) for one step: prompt, answer box, hints, solution."""
    label = f"{chapter.number}.{chain_no}.{step.number}"
    sid = f"{chain.id}--{step.id}"
    a = step.answer
    kind = a["type"]
    units = f' in {html.escape(a["units"])}' if a.get("units") else ""
    figs = f', {a["sigfigs"]} significant figures' if a.get("sigfigs") else ""
    if kind == "choice":
        opts = "".join(
            f'<label class="choice"><input type="radio" name="{sid}" value="{html.escape(o)}" disabled> '
            f'<span>{_inline_math(o)}</span></label>\n' for o in a["options"])
        field = (f'<fieldset class="step-choices"><legend>Choose one</legend>\n{opts}</fieldset>\n'
                 '<div class="step-row"><button type="button" class="md-button step-check" disabled>Check</button></div>\n')
    else:
        field = (f'<label class="step-label" for="in-{sid}">Your answer ({_UNIT_WORDS.get(kind, kind)}'
                 f'{units}{figs})</label>\n'
                 f'<div class="step-row">{_input(sid, kind)}'
                 f'<button type="button" class="md-button step-check" disabled>Check</button></div>\n'
                 f'<div class="step-preview" aria-hidden="true"></div>\n')
    hints = "".join(_block("hint", h, ' hidden', chain) for h in step.hints)
    return (
        f'<div class="step locked" id="{sid}" data-step="{step.id}" markdown="1">\n'
        f'<h3 class="step-title">Step {label}</h3>\n'
        + _block("step-prompt", step.prompt, "", chain)
        + f'<div class="step-work">\n{field}'
        f'<div class="step-buttons"><button type="button" class="md-button step-hint" disabled>'
        f'Hint (0 of {len(step.hints)})</button>'
        f'<button type="button" class="md-button step-giveup" disabled>Show the answer</button></div>\n'
        f'<div class="step-feedback" role="status" aria-live="polite"></div>\n'
        f'<p class="step-locked-note">Solve the step before this one first.</p>\n</div>\n'
        + f'<div class="step-hints" markdown="1">\n\n{hints}</div>\n'
        + _block("step-solution", _labelled("Worked solution.", step.solution), " hidden", chain)
        + "</div>\n\n"
    )


def encode_specs(data: dict) -> tuple[str, str]:
    """A chain's specs as base64 of their UTF-8 JSON XORed with a key, and the key (hex).

    The key is a hash of the specs themselves (it changes when they do, and a build is
    reproducible). This only keeps the expected answers from being read at a glance in the
    page source: the key ships with them, because grading happens in the reader's browser.
    web/assets/js/steps.js decodes them (decodeSpecs)."""
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    key = hashlib.sha256(raw).digest()[:16]
    return base64.b64encode(bytes(b ^ key[i % len(key)] for i, b in enumerate(raw))).decode("ascii"), key.hex()


_SEALED = re.compile(r'<div class="(hint|step-solution)" hidden="hidden">')


def _labelled(label: str, text: str) -> str:
    """Bold ``label`` before Markdown ``text``: run in with its first paragraph, or on a line of its
    own when the text starts with a block (a fence, a list, a table, display math)."""
    text = text.strip()
    if text.startswith(("```", "~~~", "- ", "* ", "|", "$$", "[[", "1. ", ">")):
        return f"**{label}**\n\n{text}"
    return f"**{label}** {text}"


def seal_hidden_blocks(page_html: str, finish=lambda block: block) -> str:
    """Hints and worked solutions (hidden until asked for) with their HTML encoded as the
    specs are, in ``data-sealed`` and ``data-key``: the page source does not show them at a
    glance, nor does the search index. steps.js unseals a block when it is shown. ``finish``
    completes a block's HTML before it is sealed (a figure's SVG in a worked solution)."""
    out, pos = [], 0
    for m in _SEALED.finditer(page_html):
        if m.start() < pos:
            continue  # inside a block already sealed
        depth, i = 1, m.end()
        while depth:  # the matching </div>
            close = page_html.index("</div>", i)
            opened = page_html.find("<div", i, close)
            if opened != -1:
                depth, i = depth + 1, opened + 4
            else:
                depth, i = depth - 1, close + 6
        inner = finish(page_html[m.end(): i - 6])
        payload, key = encode_specs(inner)
        out.append(page_html[pos:m.start()])
        out.append(f'<div class="{m.group(1)}" hidden="hidden" data-sealed="{payload}" data-key="{key}"></div>')
        pos = i
    out.append(page_html[pos:])
    return "".join(out)


def decode_specs(payload: str, key: str) -> dict:
    """The inverse of :func:`encode_specs`, for tests and benchmarks."""
    k = bytes.fromhex(key)
    raw = base64.b64decode(payload)
    return json.loads(bytes(b ^ k[i % len(k)] for i, b in enumerate(raw)).decode("utf-8"))


def render_chain(chapter: Chapter, chain_no: int, chain: Chain) -> str:
    """Markdown for one chain: heading, intro, steps, and its answer specs in ``data-spec``."""
    default = params_mod.variant(chain, params_mod.defaults(chain.params)) if chain.params else chain
    data = {"chain": chain.id, "steps": [step_spec(chain, s, default) for s in chain.steps],
            "params": {n: {"values": [v.__dict__ for v in p.values], "default": p.default,
                           **({"of": list(p.of)} if p.of else {})}
                       for n, p in chain.params.items()}}
    # In an attribute, not a <script>: instant navigation re-runs inline scripts as JavaScript.
    payload, key = encode_specs(data)
    steps = "".join(render_step(chapter, chain_no, chain, s) for s in chain.steps)
    return (
        f"## {chapter.number}.{chain_no} {chain.title} {{#{chain.id}}}\n\n"
        f'<div class="chain" data-chain="{chain.id}" data-spec="{payload}" data-key="{key}" markdown="1">\n\n'
        f'<p class="checker-status" data-state="loading">Checker: loading…</p>\n\n'
        + (with_params(figures.expand(markdown(chain.intro), chain.placeable), chain) + "\n\n" if chain.intro else "")
        + steps
        + "</div>\n\n"
    )


def render_chapter(ch: Chapter) -> str:
    """Markdown page for one chapter: title, prose (or synopsis if unwritten), chains."""
    parts = [f"# {ch.number}. {ch.title}\n\n"]
    if ch.body.strip():
        parts.append(figures.expand(markdown(ch.body), ch.figures) + "\n\n")
    else:
        parts.append(f'<div class="synopsis" markdown="1">\n\n{markdown(ch.synopsis)}\n\n</div>\n\n'
                     '!!! note "Being written"\n    This chapter is planned; its chains are not written yet.\n\n')
    parts += [render_chain(ch, i, chain) for i, chain in enumerate(ch.chains, 1)]
    return "".join(parts)


def render_index(book: Book, intro: str) -> str:
    """The book's contents page: the introduction, then parts and chapters with synopses."""
    out = [intro.strip() + "\n\n"]
    part = None
    for ch in book.chapters:
        if ch.part != part:
            part = ch.part
            out.append(f"## Part {part}\n\n")
        status = f"{len(ch.chains)} chain{'s' if len(ch.chains) != 1 else ''}" if ch.chains else "planned"
        out.append(f"**[{ch.number}. {ch.title}]({chapter_uri(ch)})** · *{status}*  \n{ch.synopsis}\n\n")
    return "".join(out)


def outline_attribute(book) -> str:
    """The book's chapters, chains (numbered as on the pages) and step ids, as an HTML attribute
    value of JSON, for the progress and class pages' scripts."""
    outline = [{"number": ch.number, "title": ch.title, "url": "../" + chapter_uri(ch)[:-3] + "/",
                "chains": [{"id": c.id, "title": c.title, "number": f"{ch.number}.{i}",
                            "steps": [s.id for s in c.steps]} for i, c in enumerate(ch.chains, 1)]}
               for ch in book.chapters if ch.chains]
    return html.escape(json.dumps(outline, ensure_ascii=False), quote=True)


def render_progress_page(book: Book) -> str:
    """The progress page: the book's chapters and chains (with their step ids), which
    web/assets/js/progress-page.js fills with this browser's counts and export/import."""
    data = outline_attribute(book)
    return (
        "# Your progress\n\n"
        "Your answers are kept in this browser only. Export them to a file to keep a copy or to "
        "move to another computer, and import that file there: an import adds to what this "
        "browser has, step by step, and never takes a step back.\n\n"
        f'<div id="progress-page" data-outline="{data}">\n'
        '<p class="progress-resume"></p>\n'
        '<p class="progress-reminder admonition note" hidden></p>\n'
        '<div class="progress-table"><p>Loading your progress…</p></div>\n'
        '<p class="progress-actions">'
        '<button type="button" class="md-button progress-export">Export progress</button> '
        '<label class="md-button progress-import-label">Import progress'
        '<input type="file" class="progress-import" accept="application/json,.json" hidden></label></p>\n'
        '<div class="progress-confirm" hidden></div>\n'
        '<div class="progress-message" role="status" aria-live="polite"></div>\n'
        "</div>\n\n"
        "## Offline and storage {#offline}\n\n"
        "By default this browser keeps the checker and the pages you visit, so they work offline. "
        "You can keep the whole book instead, or remove the offline copy to free the space; your "
        "progress is kept either way.\n\n"
        '<div id="offline-panel">\n'
        '<p class="offline-status">Looking at what this browser stores…</p>\n'
        '<progress class="offline-progress" max="1" value="0" hidden></progress>\n'
        '<p><button type="button" class="md-button offline-save">Save the whole book for offline use</button> '
        '<button type="button" class="md-button offline-remove">Remove offline copy</button></p>\n'
        '<p class="offline-message" role="status" aria-live="polite"></p>\n'
        '<p>For paper: <a href="../print/">the print edition</a> (print it, or save it as a PDF, '
        "from your browser's Print; its contents are then links, without page numbers).</p>\n"
        "</div>\n"
    )
