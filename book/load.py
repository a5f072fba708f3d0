"""Load and validate the book: chapters/NN-<id>.md and problems/<chapter>/<id>.yaml.

Every problem is reported, not only the first, as ``file:line:column: message``.
The formats are defined once, as JSON Schemas in ``book/schema/`` (also used by editors).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from . import figures as figures_mod
from . import params as params_mod
from . import yamlpos

SCHEMA_DIR = Path(__file__).parent / "schema"
CHAPTER_FILE = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a source file; ``severity`` is "error" or "warning"."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass
class Step:
    """One question of a chain, as authored (SPEC §4)."""

    id: str
    number: int
    prompt: str
    answer: dict
    hints: list[str]
    mistakes: list[dict]
    solution: str
    requires: list[str]
    reads: dict | None = None  # a figure this step reads (SPEC §9); see book/figures.py


@dataclass
class Chain:
    """A problem chain: ordered steps plus the symbols and constants its answers use."""

    id: str
    title: str
    intro: str
    symbols: object
    constants: list[str]
    steps: list[Step]
    path: Path
    chapter_id: str
    positions: yamlpos.Positions
    params: dict = field(default_factory=dict)  # name -> params.Param
    figures: dict = field(default_factory=dict)  # id -> figures.Figure, declared here
    placeable: dict = field(default_factory=dict)  # id -> Figure its Markdown may place (its chapter's)
    broken_figures: set = field(default_factory=set)  # ids declared with errors (already reported)

    def spec(self, step: Step) -> dict:
        """The answer spec the checker grades ``step`` with: answer + symbols, constants, mistakes."""
        spec = dict(step.answer)
        if self.symbols:
            spec["symbols"] = self.symbols
        if self.constants:
            spec["constants"] = list(self.constants)
        if step.mistakes:
            spec["mistakes"] = [{"answer": str(m["answer"]), "feedback": m["feedback"]} for m in step.mistakes]
        return spec


@dataclass
class Chapter:
    """A chapter: front matter (title, part, synopsis, chain order) and Markdown prose."""

    id: str
    number: int
    title: str
    part: str
    synopsis: str
    chain_ids: list[str]
    body: str
    path: Path
    chains: list[Chain] = field(default_factory=list)
    positions: yamlpos.Positions = field(default_factory=yamlpos.Positions)
    figures: dict = field(default_factory=dict)  # id -> Figure of any of its chains


@dataclass
class Book:
    """Everything under chapters/ and problems/, plus the problems found while loading."""

    root: Path
    chapters: list[Chapter]
    chains: dict[str, Chain]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """The JSON Schema validator for ``chain`` or ``chapter``."""
    return Draft202012Validator(json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text()))


_ITEM = {"steps": "step", "hints": "hint", "mistakes": "mistake", "options": "option", "chains": "chain"}


def _where(path) -> str:
    """A path into the data as an author counts: ``step 2 answer``, ``step 1 hint 2`` (1-based)."""
    out: list[str] = []
    for i, p in enumerate(path):
        if isinstance(p, int):
            parent = path[i - 1] if i else None
            if parent in _ITEM and out and out[-1] == parent:
                out[-1] = f"{_ITEM[parent]} {p + 1}"
            else:
                out.append(f"item {p + 1}")
        else:
            out.append(str(p))
    return " ".join(out) or "the file"


# JSON Schema's and Python's type names, as an author would say them.
_WORDS = {"array": "a list (`[a, b]`, or lines starting with `- `)", "list": "a list",
          "object": "a mapping (`key: value` lines)", "dict": "a mapping", "string": "text", "str": "text",
          "integer": "a whole number", "int": "a whole number", "number": "a number", "float": "a number",
          "boolean": "true or false", "bool": "true or false", "null": "nothing", "NoneType": "nothing"}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text_problems(data, pos: yamlpos.Positions, rel: str, path: tuple = ()) -> list[Problem]:
    """Control characters in any string: TeX in double quotes (``"\\times"`` is a tab and
    ``imes``) that the page would show as "imes" or "□rac"."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in text_problems(v, pos, rel, path + (k,))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in text_problems(v, pos, rel, path + (i,))]
    if path in pos.escapes:
        return [Problem(rel, line, col, f"{_where(path)}: {msg}") for line, col, msg in pos.escapes[path]]
    if isinstance(data, str) and (m := _CONTROL.search(data)):
        return [Problem(rel, *pos.line_in(path, data, m.start()),
                        f"{_where(path)} contains a control character (U+{ord(m.group()):04X}): a backslash "
                        "in double quotes starts an escape; write TeX in single quotes or in a | block")]
    return []


def schema_problems(data, schema: str, pos: yamlpos.Positions, rel: str) -> list[Problem]:
    """Schema errors as Problems with positions and, for misspelt keys, a suggestion."""
    out = []
    v = validator(schema)
    errors = sorted(v.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    suggested = set()  # (path, key) a misspelt key was taken for: no "missing" error for it too
    for err in errors:
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for key in set(err.instance) - set(allowed):
                suggested.update((tuple(err.absolute_path), k)
                                 for k in difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6))
    for err in errors:
        path = tuple(err.absolute_path)
        where = _where(path)
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - set(allowed)):
                near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                tip = f" — did you mean `{near[0]}`?" if near else f"; expected one of: {', '.join(allowed)}"
                line, col = pos.at(path + (key,), key=True)
                out.append(Problem(rel, line, col, f"unknown key `{key}` in {where}{tip}"))
            continue
        line, col = pos.at(path)
        if err.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", err.message)
            if missing and (path, missing[0]) in suggested:
                continue
            msg = f"{where} is missing `{missing[0] if missing else '?'}`"
        elif err.validator == "enum":
            msg = f"{where}: {err.instance!r} is not one of: {', '.join(map(str, err.validator_value))}"
        elif err.validator == "pattern":
            msg = f"{where}: {err.instance!r} must be kebab-case (lower-case words joined by '-')"
        elif err.validator == "minItems":
            msg = f"{where} needs at least {err.validator_value} item(s)"
        elif err.validator == "type":
            want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
            msg = (f"{where}: expected {' or '.join(_WORDS.get(w, w) for w in want)}, found "
                   f"{_WORDS.get(type(err.instance).__name__, type(err.instance).__name__)}")
        else:
            msg = f"{where}: {err.message}"
        out.append(Problem(rel, line, col, msg))
    return out


def read_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---``-delimited YAML front matter from Markdown: (yaml, body, yaml's first line - 1)."""
    if not text.startswith("---\n"):
        return "", text, 0
    end = text.find("\n---", 4)
    if end < 0:
        return "", text, 0
    body_start = text.find("\n", end + 4)
    return text[4:end + 1], text[body_start + 1:] if body_start >= 0 else "", 1


def load_chapter(path: Path, root: Path, problems: list[Problem]) -> Chapter | None:
    """Read one chapter file; its problems are appended to ``problems`` (None if unusable)."""
    rel = str(path.relative_to(root))
    m = CHAPTER_FILE.match(path.name)
    if not m:
        problems.append(Problem(rel, 1, 1, "chapter files are named NN-<id>.md, e.g. 04-hydrogen-atom.md"))
        return None
    try:
        fm, body, shift = read_front_matter(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        problems.append(Problem(rel, 1, 1, f"not UTF-8 text (byte {e.start}): save the file as UTF-8"))
        return None
    if not fm:
        problems.append(Problem(rel, 1, 1, "a chapter starts with YAML front matter between '---' lines"))
        return None
    try:
        data, pos = yamlpos.load(fm)
    except yamlpos.YamlError as e:
        problems.append(Problem(rel, e.line + shift, e.column, str(e)))
        return None
    pos = pos.shifted(shift)
    found = schema_problems(data, "chapter", pos, rel) + text_problems(data, pos, rel)
    problems.extend(found)
    if found:
        return None
    return Chapter(m.group(2), int(m.group(1)), data["title"], data["part"], data["synopsis"],
                   list(data["chains"]), body, path, positions=pos)


def load_chain(path: Path, root: Path, problems: list[Problem]) -> Chain | None:
    """Read and validate one chain file; its problems are appended to ``problems`` (None if
    the file cannot be used at all)."""
    rel = str(path.relative_to(root))
    try:
        data, pos = yamlpos.load(path.read_text(encoding="utf-8"))
    except yamlpos.YamlError as e:
        problems.append(Problem(rel, e.line, e.column, str(e)))
        return None
    except UnicodeDecodeError as e:
        problems.append(Problem(rel, 1, 1, f"not UTF-8 text (byte {e.start}): save the file as UTF-8"))
        return None
    found = schema_problems(data, "chain", pos, rel)
    problems.extend(found + text_problems(data, pos, rel))
    if found:
        return None
    if data["id"] != path.stem:
        line, col = pos.at(("id",))
        problems.append(Problem(rel, line, col, f"chain id `{data['id']}` must match its file name `{path.stem}`"))
    steps, seen = [], {}
    for i, s in enumerate(data["steps"]):
        line, col = pos.at(("steps", i, "id"))
        if s["id"] in seen:
            problems.append(Problem(rel, line, col, f"duplicate step id `{s['id']}` (first used in step {seen[s['id']]})"))
        requires = list(s.get("requires") or ([steps[-1].id] if steps else []))
        for r in s.get("requires") or []:
            if r not in seen:
                where = "a later step" if any(t["id"] == r for t in data["steps"]) else "no step"
                problems.append(Problem(rel, *pos.at(("steps", i, "requires")),
                                        f"step {i + 1} (`{s['id']}`) requires `{r}`, which is {where}; "
                                        "`requires` may only name earlier steps"))
        seen[s["id"]] = i + 1
        steps.append(Step(s["id"], i + 1, s["prompt"], dict(s["answer"]), list(s["hints"]),
                          list(s.get("mistakes") or []), s["solution"], requires, reads=s.get("reads")))
    params = {}
    unusable = []
    for name, raw in (data.get("params") or {}).items():
        try:
            if not params_mod.is_derived(raw):
                params[name] = params_mod.read_param(name, raw)
        except (ValueError, ArithmeticError) as e:
            unusable.append(Problem(rel, *pos.at(("params", name)), str(e)))
    unusable += placeholder_problems(data, pos, rel, set(data.get("params") or {}))
    for name, message in params_mod.derive(params, data.get("params") or {}, data.get("constants")) if not unusable else []:
        unusable.append(Problem(rel, *pos.at(("params", name)), message))
    problems.extend(unusable)
    if unusable:  # the chain cannot be shown or graded with a placeholder that has no value
        return None
    figs, found = figures_mod.load(data.get("figures"), data["id"], path, root)
    for e in found:
        problems.append(Problem(*e.where, str(e)) if e.where else Problem(rel, *pos.at(e.path), str(e)))
    for i, step in enumerate(steps):
        if step.reads:
            problems += [Problem(rel, *pos.at(("steps", i) + e.path), f"step `{step.id}`: {e}")
                         for e in figures_mod.apply_reading(step, figs)]
    broken = {f.get("id") for f in data.get("figures") or []} - set(figs)
    return Chain(data["id"], data["title"], data.get("intro", ""), data.get("symbols"),
                 list(data.get("constants") or []), steps, path, path.parent.name, pos, params, figs,
                 broken_figures=broken)


def _place_figures(root: Path, chapters: list[Chapter], chains: dict[str, Chain], problems: list[Problem]) -> None:
    """Number each chapter's figures in the order its page shows them (prose, then each chain's
    intro, prompts, hints and solutions) and report a figure placed where it cannot be drawn,
    placed twice, declared twice, or never placed."""
    declared: dict[str, Chain] = {}
    for chain in chains.values():
        for fid in chain.figures:
            if fid in declared:
                problems.append(Problem(str(chain.path.relative_to(root)), *chain.positions.at(("figures",)),
                                        f"duplicate figure id `{fid}` (also in {declared[fid].path.relative_to(root)})"))
            declared.setdefault(fid, chain)
    for ch in chapters:
        ch.figures = {fid: f for c in ch.chains for fid, f in c.figures.items() if declared.get(fid) is c}
        broken = set().union(*(c.broken_figures for c in ch.chains))
        texts = [(ch.path, ch.body, _body_line(ch), None)]
        for c in ch.chains:
            c.placeable = ch.figures
            texts.append((c.path, c.intro, c.positions.at(("intro",))[0], c))
            for i, s in enumerate(c.steps):
                texts.append((c.path, s.prompt, c.positions.at(("steps", i, "prompt"))[0], c))
                texts += [(c.path, h, c.positions.at(("steps", i, "hints", j))[0], c) for j, h in enumerate(s.hints)]
                texts.append((c.path, s.solution, c.positions.at(("steps", i, "solution"))[0], c))
        n, lines = 0, {}
        for path, text, first, chain in texts:
            for fid, k in figures_mod.placements(text):
                rel = str(path.relative_to(root))
                if path not in lines:
                    lines[path] = path.read_text(encoding="utf-8").splitlines()
                line, col = _find(lines[path], first, fid)
                fig = ch.figures.get(fid)
                if fid in broken or (fid not in ch.figures and len(ch.chains) < len(ch.chain_ids)):
                    continue  # reported with the chain that failed to load
                if fig is None:
                    where = f"in chain `{declared[fid].id}` of another chapter" if fid in declared else "declared in no chain"
                    problems.append(Problem(rel, line, col, f"figure `{fid}` is {where}; a page places the "
                                                            f"figures of its own chapter's chains ({', '.join(ch.figures) or 'none'})"))
                elif fig.number:
                    problems.append(Problem(rel, line, col, f"figure `{fid}` is placed twice (it is already Figure {fig.number})"))
                else:
                    n += 1
                    fig.number = f"{ch.number}.{n}"
        for path, text, first, chain in texts:  # then the references, to numbers now known
            for fid, k in figures_mod.references(text):
                if fid not in ch.figures or not ch.figures[fid].number:
                    if path not in lines:
                        lines[path] = path.read_text(encoding="utf-8").splitlines()
                    line, col = _find(lines[path], first, fid, "[[ref:")
                    problems.append(Problem(str(path.relative_to(root)), line, col,
                                            f"`[[ref: {fid}]]` refers to no figure placed in this chapter "
                                            f"({', '.join(ch.figures) or 'none'})"))
    for fid, chain in declared.items():
        if not chain.figures[fid].number and chain.id in {c.id for ch in chapters for c in ch.chains}:
            problems.append(Problem(str(chain.path.relative_to(root)), *chain.positions.at(("figures",)),
                                    f"figure `{fid}` is never placed: put a line `[[figure: {fid}]]` in the "
                                    "chain's intro, a prompt or solution, or the chapter's prose", "warning"))


def _body_line(ch: Chapter) -> int:
    """The file line where a chapter's Markdown body starts."""
    text = ch.path.read_text(encoding="utf-8")
    return text[:len(text) - len(ch.body)].count("\n") + 1


def _find(lines: list[str], first: int, fid: str, marker: str = "[[figure:") -> tuple[int, int]:
    """(line, column) of the ``[[figure: fid]]`` (or other) marker at or after line ``first``."""
    for i in range(max(first - 1, 0), len(lines)):
        col = lines[i].find(marker)
        if col >= 0 and fid in lines[i]:
            return i + 1, col + 1
    return first, 1


def placeholder_problems(data: dict, pos: yamlpos.Positions, rel: str, params: dict) -> list[Problem]:
    """``{{name}}`` with no such param, and ``{{...}}`` that is not a name, at their line."""
    out = []
    fields = [("intro",)] + [("params", n) + (() if isinstance(v, str) else ("value",))
                             for n, v in (data.get("params") or {}).items() if params_mod.is_derived(v)]
    for i, s in enumerate(data["steps"]):
        fields += [("steps", i, "prompt"), ("steps", i, "solution")] + \
            [("steps", i, "hints", j) for j in range(len(s["hints"]))] + \
            [("steps", i, "answer", k) for k in ("expected", "start", "goal") if isinstance(s["answer"].get(k), str)] + \
            [("steps", i, "mistakes", j, "answer") for j in range(len(s.get("mistakes") or []))]
    for i, s in enumerate(data["steps"]):  # text that is shown as written: a placeholder would show as {{p}}
        for f in [("steps", i, "mistakes", j, "feedback") for j in range(len(s.get("mistakes") or []))] + \
                [("steps", i, "answer", "options", j) for j in range(len(s["answer"].get("options") or []))]:
            value = data
            for k in f:
                value = value[k]
            if isinstance(value, str) and (m := re.search(r"\{\{(.*?)\}\}", value)):
                out.append(Problem(rel, *pos.line_in(f, value, m.start()),
                                   f"{_where(f)}: `{m.group()}` is not replaced here (only in prompts, hints, "
                                   "answers, mistakes' answers and worked solutions): say it without the value"))
    for f in fields:
        value = data
        for k in f:
            value = value.get(k) if isinstance(value, dict) else value[k]
        if not isinstance(value, str):
            continue
        for m in re.finditer(r"\{\{(.*?)\}\}", value):
            inside = m.group(1).strip()
            where = pos.line_in(f, value, m.start())
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", inside):
                out.append(Problem(rel, *where, f"{_where(f)}: `{m.group()}` is not a param name; for a value "
                                                f"computed from params, define it under `params:`, e.g. "
                                                f"`p_kPa: \"{{{{p}}}}*101.325/760\"`, and write `{{{{p_kPa}}}}`"))
            elif inside not in params:
                known = ", ".join(sorted(params)) or "none"
                near = difflib.get_close_matches(inside, list(params), n=1)
                tip = f" — did you mean `{near[0]}`?" if near else f" (params: {known})"
                out.append(Problem(rel, *where, f"{_where(f)} uses `{m.group()}`, but `{inside}` is not "
                                                f"under `params:`{tip}"))
    return out


def load_book(root: Path | str) -> Book:
    """Load every chapter and chain under ``root``, collecting Problems instead of stopping."""
    root = Path(root)
    problems: list[Problem] = []
    chapter_files = sorted((root / "chapters").glob("[0-9]*.md"))
    chapters = [c for p in chapter_files if (c := load_chapter(p, root, problems))]
    chains: dict[str, Chain] = {}
    for p in sorted((root / "problems").glob("*/*.yaml")):
        chain = load_chain(p, root, problems)
        if chain is None:
            continue
        if chain.id in chains:
            problems.append(Problem(str(p.relative_to(root)), *chain.positions.at(("id",)),
                                    f"duplicate chain id `{chain.id}` (also in {chains[chain.id].path.relative_to(root)})"))
            continue
        chains[chain.id] = chain
    listed = set()
    for ch in chapters:
        for i, cid in enumerate(ch.chain_ids):
            rel = str(ch.path.relative_to(root))
            line, col = ch.positions.at(("chains", i))
            chain = chains.get(cid)
            if chain is None:
                if not (root / "problems" / ch.id / f"{cid}.yaml").is_file():  # else: its own errors say why
                    problems.append(Problem(rel, line, col, f"chapter lists chain `{cid}`, but there is no "
                                                          f"problems/{ch.id}/{cid}.yaml"))
            elif chain.chapter_id != ch.id:
                problems.append(Problem(rel, line, col, f"chain `{cid}` is in problems/{chain.chapter_id}/, "
                                                      f"not problems/{ch.id}/"))
            else:
                ch.chains.append(chain)
                listed.add(cid)
    _place_figures(root, chapters, chains, problems)
    for cid, chain in chains.items():
        if cid not in listed and len(chapters) == len(chapter_files):  # else a broken chapter may list it
            problems.append(Problem(str(chain.path.relative_to(root)), 1, 1,
                                    f"chain `{cid}` is not listed in any chapter's `chains:`"))
    return Book(root, chapters, chains, problems)
