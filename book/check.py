"""``build.py check``: everything `load` checks, plus grading each step against itself.

For every step: the expected answer, written out as a learner would type it, must be
graded ``correct``; each authored mistake must be graded ``incorrect`` with its own
feedback; a quantity's expected value must have the dimension of its ``units``; the
math in prompts must be well-formed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import checker

from . import course, figures, params, structures, tables
from .load import Book, Chain, Problem, Step, load_book


def _problem(chain: Chain, path: tuple, message: str, severity: str = "error") -> Problem:
    line, col = chain.positions.at(path)
    return Problem(str(chain.path.relative_to(chain.path.parents[2])), line, col, message, severity)


def _label(step: Step) -> str:
    """A step as an author finds it: its number on the page (1-based) and its id."""
    return f"step {step.number} (`{step.id}`)"


def math_problems(text: str) -> list[str]:
    """Unbalanced ``$`` or braces in Markdown with inline math (code spans ignored)."""
    text = re.sub(r"`[^`]*`", "", text).replace(r"\$", "")
    out = []
    if text.replace("$$", "").count("$") % 2:
        out.append("unbalanced `$`: a math span is not closed")
    for m in re.finditer(r"\$\$?(.+?)\$\$?", text, re.S):
        depth = 0
        for ch in re.sub(r"\\[{}]", "", m.group(1)):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                break
        if depth:
            out.append(f"unbalanced braces in math `{m.group(1)[:40]}`")
    return out


def check_step(chain: Chain, i: int, step: Step) -> list[Problem]:
    """Problems with one step's answer spec, mistakes and Markdown."""
    out: list[Problem] = []
    base = ("steps", i)
    for key in ("prompt", "solution"):
        text = getattr(step, key)
        out += [_problem(chain, base + (key,), f"{_label(step)} {key}: {m}")
                for m in math_problems(text) + structures.problems(text)]
    for j, h in enumerate(step.hints):
        out += [_problem(chain, base + ("hints", j), f"{_label(step)} hint {j + 1}: {m}")
                for m in math_problems(h) + structures.problems(h)]
    spec = chain.spec(step)
    out += _tolerance_problems(chain, base, step)
    if spec.get("type") == "quantity" and re.search(r"[^\d\s.]", str(spec.get("units") or "")):
        try:  # the units alone, so that a typo there is reported at `units:`
            checker.answer({"type": "quantity", "expected": f"1 {spec['units']}"})
        except checker.ReadError as e:
            return out + [_problem(chain, base + ("answer", "units"),
                                   f"{_label(step)}: units `{spec['units']}` cannot be read: "
                                   f"{str(e).split(' Units go after')[0]}")]
    missing = _unlisted_constants(chain, spec)
    if missing:  # the checker would read them, but a learner could not type them: one fix, listed
        return out + [_unlisted(chain, base, missing[0])]
    try:
        text, _ = checker.answer(spec)
    except checker.ReadError as e:
        return out + [_unreadable(chain, base, step, e)]
    except ValueError as e:  # a key the answer type does not know, or the expected value and units disagree
        return out + [_problem(chain, base + ("answer", getattr(e, "key", "units")), f"{_label(step)}: {e}")]
    r = checker.grade(spec, text)
    if r.status != "correct":
        out.append(_problem(chain, base + ("answer", "expected"),
                            f"{_label(step)}: the expected answer, typed as `{text}`, is graded "
                            f"{r.status}: {r.feedback}"))
    if not step.mistakes and spec.get("type") not in ("choice", "derivation"):
        out.append(_problem(chain, base + ("answer",),
                            f"{_label(step)} has no authored mistake: add the slip a real student makes, "
                            "with feedback that names it", severity="warning"))
    if step.mistakes and spec.get("type") == "derivation":
        out.append(_problem(chain, base + ("mistakes",),
                            f"{_label(step)}: a derivation does not use `mistakes` (each line is checked "
                            "against the one before); put the slip in a hint or the worked solution"))
        return out
    for j, m in enumerate(step.mistakes):
        try:
            typed = _typed_mistake(spec, str(m["answer"]))
        except (ValueError, checker.ReadError) as e:
            m = re.search(r"Unknown (?:unit or constant|symbol) '([^']+)'", str(e))
            tip = f" Add {m.group(1)} to `constants:`." if m and m.group(1) in tables.CONSTANTS \
                and m.group(1) not in chain.constants else ""
            out.append(_problem(chain, base + ("mistakes", j, "answer"), f"{_label(step)} mistake: {e}{tip}"))
            continue
        r = checker.grade(spec, typed)
        if r.status != "incorrect" or r.feedback != m["feedback"]:
            got = "graded correct — it is not a mistake" if r.status == "correct" else \
                f"graded {r.status} with other feedback: {r.feedback}"
            out.append(_problem(chain, base + ("mistakes", j, "answer"),
                                f"{_label(step)} mistake `{m['answer']}` (typed `{typed}`) is {got}"))
    return out


def _unlisted_constants(chain: Chain, spec: dict) -> list[str]:
    """Constants of the table that a number or quantity's expected value uses but the chain does
    not list (the checker reads them in `expected`; learners may only type listed ones)."""
    if spec.get("type") not in ("number", "quantity"):
        return []
    from checker.language.parser import Scope, parse
    from checker.maths.evaluate import walk
    text = str(spec.get("expected"))
    try:  # as the checker reads it: the listed constants first (so `h` may be the hour)
        parse(text, Scope(constants=set(chain.constants), units=True))
        return []
    except (checker.ReadError, ValueError):
        pass
    try:
        node = parse(text, Scope(constants=set(tables.CONSTANTS), units=True))
    except (checker.ReadError, ValueError):
        return []
    return sorted({n[1] for n in walk(node) if n[0] == "const"} - set(chain.constants))


def _unlisted(chain: Chain, base: tuple, name: str) -> Problem:
    const = tables.CONSTANTS[name]
    where = ("constants",) if chain.constants else base + ("answer", "expected")
    # One message per constant, not per step: it is one fix.
    return _problem(chain, where, f"`{name}` ({const.meaning}) is used by the expected answers but is not "
                                  f"listed: add {name} to `constants:`, e.g. "
                                  f"`constants: [{', '.join(chain.constants + [name])}]`")


def _unreadable(chain: Chain, base: tuple, step: Step, e: Exception) -> Problem:
    """The expected answer cannot be read: a constant not listed, or an undeclared symbol."""
    m = re.search(r"Unknown (?:unit or constant|symbol) '([^']+)'", str(e))
    name = m.group(1) if m else None
    if name in tables.CONSTANTS and name not in chain.constants:
        return _unlisted(chain, base, name)
    tip = " Declare it under `symbols:` (or `constants:`)." if m and "symbol" in m.group(0) else ""
    return _problem(chain, base + ("answer", "expected"),
                    f"{_label(step)}: the expected answer cannot be read: {e}{tip}")


LOOSE = 0.10  # a bare tolerance above this is almost always a percentage written without %


def _tolerance_problems(chain: Chain, base: tuple, step: Step) -> list[Problem]:
    tol = step.answer.get("tolerance")
    if tol is None or "%" in str(tol):
        return []
    try:
        value = float(tol)
    except ValueError:
        return []
    if value <= LOOSE:
        return []
    return [_problem(chain, base + ("answer", "tolerance"),
                     f"{_label(step)}: `tolerance: {tol}` is a fraction, so it means {value * 100:g} %: "
                     f"write `tolerance: \"{tol}%\"` if you meant {tol} %", severity="warning")]


def _typed_mistake(spec: dict, answer: str) -> str:
    """A mistake as a learner would type it: rounded as the step asks (to 12 figures when it
    asks for none, so a tight tolerance still matches), in the step's units, or in SI units
    when the slip has other units (a forgotten factor of e, a volume for an amount).
    Raises ReadError or ValueError when the mistake cannot be read."""
    typing = {**spec, "expected": answer}
    if spec.get("type") in ("number", "quantity") and spec.get("sigfigs") is None:
        typing["sigfigs"] = 12
    try:
        return checker.answer(typing)[0]
    except ValueError:  # other dimensions than the answer's units
        typing = {k: v for k, v in typing.items() if k not in ("units", "units_only")}
        return checker.answer(typing)[0]


VARIANT_SEEDS = 50


def check_chain(chain: Chain) -> list[Problem]:
    """Problems with one chain; a randomized chain is checked in the variants of 50 seeds."""
    if not chain.params:
        return _check_variant(chain)
    variants_seen: set = set()
    found: dict[tuple, tuple[Problem, str, int]] = {}  # each problem once, with its first variant
    assignments = [params.defaults(chain.params)] + [params.for_seed(s, chain.id, chain.params)
                                                     for s in range(VARIANT_SEEDS)]
    for values in assignments:
        key = tuple(sorted((n, v.text) for n, v in values.items()))
        if key in variants_seen:
            continue
        variants_seen.add(key)
        label = ", ".join(f"{n} = {v.text}" for n, v in sorted(values.items()))
        for p in _check_variant(params.variant(chain, values)):
            k = (p.line, p.column, p.message)
            first = found.get(k)
            found[k] = (p, first[1] if first else label, (first[2] if first else 0) + 1)
    # A problem in every variant is the chain's own; one in some variants names the first of them.
    return [p if n == len(variants_seen) else
            Problem(p.path, p.line, p.column, f"{p.message} (variant {label})", p.severity)
            for p, label, n in found.values()]


def _check_variant(chain: Chain) -> list[Problem]:
    out = []
    for field in ("intro",):
        out += [_problem(chain, (field,), f"{field}: {m}") for m in math_problems(getattr(chain, field))]
    for i, step in enumerate(chain.steps):
        out += [p for p in check_step(chain, i, step) if p not in out]
    out += [_problem(chain, path, message) for path, message in figures.reading_problems(chain)]
    return out


def _fingerprint() -> str:
    """Changes whenever the checker or these checks change: part of every cache key."""
    h = hashlib.sha256()
    for path in sorted((Path(checker.__file__).parent).rglob("*.py")) + [Path(__file__), Path(params.__file__),
                                                                          Path(figures.__file__)]:
        h.update(path.read_bytes())
    return h.hexdigest()


class Cache:
    """Results of `check_chain` by chain content and checker version, in one JSON file.
    An unreadable cache file is ignored (and rewritten), never trusted."""

    def __init__(self, path: Path | None):
        self.path, self.entries, self.version = path, {}, _fingerprint()
        if path and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == self.version:
                    self.entries = data["chains"]
            except (ValueError, KeyError, TypeError):
                self.entries = {}

    def key(self, chain: Chain) -> str:
        h = hashlib.sha256(chain.path.read_bytes())
        for csv in sorted(chain.path.parent.glob("*.csv")):  # figure data beside the chain
            h.update(csv.read_bytes())
        return h.hexdigest()

    def get(self, chain: Chain) -> list[Problem] | None:
        hit = self.entries.get(self.key(chain))
        return None if hit is None else [Problem(**p) for p in hit]

    def put(self, chain: Chain, problems: list[Problem]) -> None:
        self.entries[self.key(chain)] = [p.__dict__ for p in problems]

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written under a name of its own, then renamed: parallel checks (the tests run two)
            # never read half a file.
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": self.version, "chains": self.entries}), encoding="utf-8")
            os.replace(tmp, self.path)


def grade(chains: list[Chain], cache: Cache, progress=sys.stderr) -> tuple[list[Problem], int]:
    """Problems of ``chains`` (from ``cache`` where unchanged), and how many were graded afresh."""
    problems, graded = [], 0
    for n, chain in enumerate(chains, 1):
        found = cache.get(chain)
        note = "unchanged"
        if found is None:
            try:
                found, note = check_chain(chain), "checked"
                cache.put(chain, found)
            except Exception as e:  # a bug of ours must never look like the author's traceback
                found, note = [Problem(str(chain.path.relative_to(chain.path.parents[2])), 1, 1,
                                       f"check could not finish this chain ({type(e).__name__}: {e}); "
                                       "this is a bug in the book's tools: please report it")], "failed"
            graded += 1
        if progress:
            print(f"[{n}/{len(chains)}] {chain.path.relative_to(chain.path.parents[2])} ({note})", file=progress)
        problems += found
    cache.save()
    return problems, graded


def run(root: Path, paths: list[str] | None = None, out=sys.stdout, cache_dir: Path | None = None,
        book: Book | None = None) -> int:
    """Check the book under ``root`` (or only chains whose files are in ``paths``); print
    problems, errors first then warnings, and return the exit code (1 on any error).

    With ``cache_dir``, a chain whose file and checker are unchanged since its last check is
    not graded again. Progress goes to stderr. ``book`` (a course, a preview) replaces the
    book under ``root``.
    """
    started = time.perf_counter()
    book: Book = load_book(root) if book is None else book
    problems = list(book.problems)
    try:
        chains = course.chains_at(book, paths) if paths else list(book.chains.values())
    except course.SelectionError as e:
        print(f"error: {e}", file=out)
        return 2
    cache = Cache(cache_dir / "check.json" if cache_dir else None)
    found, graded = grade(chains, cache)
    problems += found
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for p in errors:
        print(p, file=out)
    if warnings:
        print("warnings:", file=out)
        for p in warnings:
            print(p, file=out)
    steps = sum(len(c.steps) for c in chains)
    print(f"checked {len(book.chapters)} chapters, {len(chains)} chains ({graded} graded, "
          f"{len(chains) - graded} unchanged), {steps} steps in {time.perf_counter() - started:.1f} s: "
          f"{len(errors)} error(s), {len(warnings)} warning(s)", file=out)
    return 1 if errors else 0
