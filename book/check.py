"""``build.py check``: everything `load` checks, plus grading each step against itself.

For every step: the expected answer, written out as a learner would type it, must be
graded ``correct``; each authored mistake must be graded ``incorrect`` with its own
feedback; a quantity's expected value must have the dimension of its ``units``; the
math in prompts must be well-formed.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import checker

from . import figures, params
from .load import Book, Chain, Problem, Step, load_book


def _problem(chain: Chain, path: tuple, message: str, severity: str = "error") -> Problem:
    line, col = chain.positions.at(path)
    return Problem(str(chain.path.relative_to(chain.path.parents[2])), line, col, message, severity)


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
        out += [_problem(chain, base + (key,), f"step `{step.id}` {key}: {m}") for m in math_problems(getattr(step, key))]
    for j, h in enumerate(step.hints):
        out += [_problem(chain, base + ("hints", j), f"step `{step.id}` hint: {m}") for m in math_problems(h)]
    spec = chain.spec(step)
    try:
        text, _ = checker.answer(spec)
    except checker.ReadError as e:
        tip = " Declare it under `symbols:` (or `constants:`)." if "Unknown symbol" in str(e) else ""
        return out + [_problem(chain, base + ("answer", "expected"),
                               f"step `{step.id}`: the expected answer cannot be read: {e}{tip}")]
    except ValueError as e:  # the expected value and the declared units disagree
        return out + [_problem(chain, base + ("answer", "units"), f"step `{step.id}`: {e}")]
    r = checker.grade(spec, text)
    if r.status != "correct":
        out.append(_problem(chain, base + ("answer", "expected"),
                            f"step `{step.id}`: the expected answer, typed as `{text}`, is graded "
                            f"{r.status}: {r.feedback}"))
    if not step.mistakes and spec.get("type") not in ("choice", "derivation"):
        out.append(_problem(chain, base + ("answer",),
                            f"step `{step.id}` has no authored mistake: add the slip a real student makes, "
                            "with feedback that names it", severity="warning"))
    if step.mistakes and spec.get("type") == "derivation":
        out.append(_problem(chain, base + ("mistakes",),
                            f"step `{step.id}`: a derivation does not use `mistakes` (each line is checked "
                            "against the one before); put the slip in a hint or the worked solution"))
        return out
    for j, m in enumerate(step.mistakes):
        try:
            typed = _typed_mistake(spec, str(m["answer"]))
        except (ValueError, checker.ReadError) as e:
            out.append(_problem(chain, base + ("mistakes", j, "answer"), f"step `{step.id}` mistake: {e}"))
            continue
        r = checker.grade(spec, typed)
        if r.status != "incorrect" or r.feedback != m["feedback"]:
            got = "graded correct — it is not a mistake" if r.status == "correct" else \
                f"graded {r.status} with other feedback: {r.feedback}"
            out.append(_problem(chain, base + ("mistakes", j, "answer"),
                                f"step `{step.id}` mistake `{m['answer']}` (typed `{typed}`) is {got}"))
    return out


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
    out: list[Problem] = []
    variants_seen, problems_seen = set(), set()
    assignments = [params.defaults(chain.params)] + [params.for_seed(s, chain.id, chain.params)
                                                     for s in range(VARIANT_SEEDS)]
    for values in assignments:
        key = tuple(sorted((n, v.text) for n, v in values.items()))
        if key in variants_seen:
            continue
        variants_seen.add(key)
        label = ", ".join(f"{n} = {v.text}" for n, v in sorted(values.items()))
        for p in _check_variant(params.variant(chain, values)):
            if (p.line, p.column, p.message) not in problems_seen:  # report each problem once
                problems_seen.add((p.line, p.column, p.message))
                out.append(Problem(p.path, p.line, p.column, f"{p.message} (variant {label})", p.severity))
    return out


def _check_variant(chain: Chain) -> list[Problem]:
    out = []
    for field in ("intro",):
        out += [_problem(chain, (field,), f"{field}: {m}") for m in math_problems(getattr(chain, field))]
    for i, step in enumerate(chain.steps):
        out += check_step(chain, i, step)
    out += [_problem(chain, path, message) for path, message in figures.reading_problems(chain)]
    return out


def _fingerprint() -> str:
    """Changes whenever the checker or these checks change: part of every cache key."""
    h = hashlib.sha256()
    for path in sorted((Path(checker.__file__).parent).rglob("*.py")) + [Path(__file__), Path(figures.__file__)]:
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
            self.path.write_text(json.dumps({"version": self.version, "chains": self.entries}), encoding="utf-8")


def run(root: Path, paths: list[str] | None = None, out=sys.stdout, cache_dir: Path | None = None) -> int:
    """Check the book under ``root`` (or only chains whose files are in ``paths``); print
    problems, errors first then warnings, and return the exit code (1 on any error).

    With ``cache_dir``, a chain whose file and checker are unchanged since its last check is
    not graded again. Progress goes to stderr.
    """
    started = time.perf_counter()
    book: Book = load_book(root)
    problems = list(book.problems)
    wanted = {Path(p).resolve() for p in paths or []}
    chains = [c for c in book.chains.values()
              if not wanted or c.path.resolve() in wanted or c.path.parent.resolve() in wanted]
    cache = Cache(cache_dir / "check.json" if cache_dir else None)
    graded = 0
    for n, chain in enumerate(chains, 1):
        found = cache.get(chain)
        note = "unchanged"
        if found is None:
            found, note = check_chain(chain), "checked"
            cache.put(chain, found)
            graded += 1
        print(f"[{n}/{len(chains)}] {chain.path.relative_to(root)} ({note})", file=sys.stderr)
        problems += found
    cache.save()
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
