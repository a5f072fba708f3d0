"""`build.py new chapter <id>` and `build.py new chain <chapter> <id>`: start files that pass
`build.py check` as written, with comments that show the format."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .load import CHAPTER_FILE

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

CHAIN_TEMPLATE = '''\
# yaml-language-server: $schema=../../book/schema/chain.schema.json
# A chain is one argument told as questions. Each step must be answerable from the steps
# before it plus at most one new fact. `build.py check` grades every expected answer and every
# mistake against the checker; run it after each edit.
id: {id}
title: {title}
intro: |
  Say what question this chain answers and why it matters. Markdown, $math$ and $\\ce{{H2O}}$ work.
symbols:                 # names a learner may type in expressions, with assumptions
  lambda: {{latex: '\\lambda', meaning: wavelength, positive: true}}
constants: [h, c]        # from the constants table (CODATA 2022, exact SI): see checker/data/constants.py
steps:
  - id: photon-energy
    prompt: |
      Given data go in the prompt with their source. A photon has $\\lambda = 500.0$ nm.
      What is its energy, in eV, to 4 significant figures?
    # Expected answers are computed from data and constants, never typed-in results.
    answer: {{type: quantity, expected: "h*c/(500.0 nm)", units: eV, sigfigs: 4}}
    hints:
      - Which relation links a photon's energy to its wavelength?
      - '$E = hc/\\lambda$; convert nm to m, then J to eV.'   # single quotes keep LaTeX backslashes
    mistakes:             # slips real students make, each with feedback that names the slip
      - answer: "h*c/(500.0 m)"
        feedback: The wavelength is in nanometres, not metres.
    solution: |
      $E = hc/\\lambda = (6.62607015\\times10^{{-34}}\\,\\mathrm{{J\\,s}})(2.99792458\\times10^{{8}}\\,\\mathrm{{m\\,s^{{-1}}}})
      /(500.0\\times10^{{-9}}\\,\\mathrm{{m}}) = 3.973\\times10^{{-19}}\\,\\mathrm{{J}} = 2.480\\,\\mathrm{{eV}}$.
  - id: energy-formula
    prompt: Write the energy of a photon of wavelength $\\lambda$ in terms of $h$, $c$ and $\\lambda$.
    answer: {{type: expression, expected: "h*c/lambda"}}
    hints:
      - How are frequency and wavelength related?
    mistakes:
      - answer: "h*lambda/c"
        feedback: Upside down. A longer wavelength means a lower energy.
    solution: $E = h\\nu$ and $\\nu = c/\\lambda$, so $E = hc/\\lambda$.
'''

CHAPTER_TEMPLATE = '''\
---
title: {title}
part: "{part}"
synopsis: >-
  One paragraph: the question this chapter asks, the experiments that carry its argument,
  and where it arrives.
chains: []
---

Open the chapter's question here, and say what the reader should already know.
'''


class ScaffoldError(ValueError):
    """Bad arguments to `new`; the message says what was expected."""


def _title(identifier: str) -> str:
    return identifier.replace("-", " ").capitalize()


def chapter_path(root: Path, chapter_id: str) -> Path:
    for p in sorted((root / "chapters").glob("[0-9]*.md")):
        m = CHAPTER_FILE.match(p.name)
        if m and m.group(2) == chapter_id:
            return p
    known = ", ".join(CHAPTER_FILE.match(p.name).group(2) for p in sorted((root / "chapters").glob("[0-9]*.md"))
                      if CHAPTER_FILE.match(p.name))
    raise ScaffoldError(f"no chapter `{chapter_id}`; chapters are: {known}")


def new_chapter(root: Path, chapter_id: str) -> Path:
    """Write chapters/NN-<id>.md after the last chapter; returns its path."""
    if not KEBAB.match(chapter_id):
        raise ScaffoldError(f"`{chapter_id}` is not kebab-case (lower-case words joined by '-')")
    existing = sorted((root / "chapters").glob("[0-9]*.md"))
    for p in existing:
        m = CHAPTER_FILE.match(p.name)
        if m and m.group(2) == chapter_id:
            raise ScaffoldError(f"chapter `{chapter_id}` exists already: {p.relative_to(root)}")
    number = max((int(CHAPTER_FILE.match(p.name).group(1)) for p in existing if CHAPTER_FILE.match(p.name)),
                 default=0) + 1
    part = "I. Part one"
    if existing:
        m = re.search(r'^part:\s*"?([^"\n]+)"?\s*$', existing[-1].read_text(encoding="utf-8"), re.M)
        part = m.group(1) if m else part
    path = root / "chapters" / f"{number:02d}-{chapter_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CHAPTER_TEMPLATE.format(title=_title(chapter_id), part=part), encoding="utf-8")
    return path


def new_chain(root: Path, chapter_id: str, chain_id: str) -> Path:
    """Write problems/<chapter>/<id>.yaml and list it in the chapter's `chains:`; returns its path."""
    if not KEBAB.match(chain_id):
        raise ScaffoldError(f"`{chain_id}` is not kebab-case (lower-case words joined by '-')")
    chapter = chapter_path(root, chapter_id)
    if any(p.stem == chain_id for p in (root / "problems").glob("*/*.yaml")):
        raise ScaffoldError(f"a chain `{chain_id}` exists already")
    path = root / "problems" / chapter_id / f"{chain_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = os.path.relpath(Path(__file__).parent / "schema" / "chain.schema.json", path.parent)
    text = CHAIN_TEMPLATE.format(id=chain_id, title=_title(chain_id))
    path.write_text(text.replace("../../book/schema/chain.schema.json", schema.replace(os.sep, "/"), 1), encoding="utf-8")
    _list_chain(chapter, chain_id)
    return path


def _list_chain(chapter: Path, chain_id: str) -> None:
    text = chapter.read_text(encoding="utf-8")
    flow = re.search(r"^chains:\s*\[(.*?)\]\s*$", text, re.M)
    if flow:
        items = [s.strip() for s in flow.group(1).split(",") if s.strip()] + [chain_id]
        text = text[:flow.start()] + f"chains: [{', '.join(items)}]" + text[flow.end():]
    else:
        block = re.search(r"^chains:\s*\n((?:\s+-\s.*\n)*)", text, re.M)
        if not block:
            raise ScaffoldError(f"{chapter.name} has no `chains:` list in its front matter")
        text = text[:block.end()] + f"  - {chain_id}\n" + text[block.end():]
    chapter.write_text(text, encoding="utf-8")


COURSE_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A course: your own chapters and chains (in chapters/ and problems/ next to this file) and
# chosen chapters of the book, in this order. Build it with
#   python3 build.py build --course {name}
title: {title}
chapters:
"""


def add_to_course(course: Path, chapter_id: str) -> None:
    """List ``chapter_id`` at the end of the course file's `chapters:`, writing the file first if
    there is none. Raises ScaffoldError when the list is not the file's last block."""
    if not course.is_file():
        schema = os.path.relpath(Path(__file__).parent / "schema" / "course.schema.json", course.parent)
        course.parent.mkdir(parents=True, exist_ok=True)
        course.write_text(COURSE_TEMPLATE.format(schema=schema.replace(os.sep, "/"), name=course,
                                                 title=_title(course.parent.resolve().name)), encoding="utf-8")
    text = course.read_text(encoding="utf-8")
    if re.search(rf"^\s*-\s*{re.escape(chapter_id)}\s*(#.*)?$", text, re.M):
        return  # listed already
    if re.search(r"^chapters:\s*$(\n\s*-\s.*$|\n\s*#.*$)*\n*\Z", text, re.M):
        course.write_text(text.rstrip("\n") + f"\n  - {chapter_id}\n", encoding="utf-8")
    else:
        raise ScaffoldError(f"add `- {chapter_id}` to `chapters:` in {course} yourself (it is not the file's last list)")
