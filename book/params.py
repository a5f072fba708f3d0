"""Randomized variants: a chain's ``params:`` are drawn per learner from a list or a range.

    params:
      lam: {values: ["656.47", "486.27"], units: nm}
      m:   {range: ["1.00", "5.00"], step: "0.25", units: g, default: "2.00"}

Prompts, hints, solutions, expected answers and mistakes use ``{{lam}}``. In answers a value is
substituted in parentheses, ``1/{{lam}}`` → ``1/(656.47 nm)``; in prose as text, and inside
math as LaTeX. The browser draws a seed per learner and picks each value with :func:`choose`
(the same FNV-1a hash is in web/assets/js/steps.js), so a learner's variant is stable.
The default variant (first value, or ``default:``) is what the PDF and pages without a seed show.

A derived param is computed from others, so every step uses the same draw:

    params:
      p_mmHg: {range: ["700", "780"], step: "10", units: mmHg}
      p_atm: {value: "{{p_mmHg}}", units: atm, sigfigs: 4}    # or, for a pure number,
      ratio: "{{p_mmHg}}/(760 mmHg)"                           # 4 significant figures

Its value is worked out by the checker for every combination of the params it depends on and
rounded as it is shown; answers use that shown value. The browser finds it by the indices of
those params (``of``), so it needs no checker to show it.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

import checker

from . import tables

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")
MAX_VALUES = 1000
MAX_COMBINATIONS = 500  # values of one derived param (each is worked out at every load)
DERIVED_SIGFIGS = 4


@dataclass(frozen=True)
class Value:
    """One value of a parameter: as the learner would type it, and as LaTeX."""

    text: str
    latex: str


@dataclass(frozen=True)
class Param:
    name: str
    values: tuple  # of Value
    default: int   # index of the default value
    of: tuple = ()  # a derived param: the drawn params it depends on; values[i] for their
    #                 indices i = mixed radix over ``of`` (the first most significant)


def _decimal_text(x) -> str:
    return x if isinstance(x, str) else repr(x)


def read_param(name: str, raw: dict) -> Param:
    """A Param from its YAML mapping. Raises ValueError (with what was expected) if unreadable."""
    units = f" {raw['units']}" if raw.get("units") else ""
    if "values" in raw:
        texts = [_decimal_text(v) for v in raw["values"]]
    else:
        lo, hi = (Decimal(_decimal_text(x)) for x in raw["range"])
        step = Decimal(_decimal_text(raw["step"]))
        if step <= 0 or hi < lo:
            raise ValueError(f"param `{name}`: range must go up, with a positive step")
        places = max(-lo.as_tuple().exponent, -step.as_tuple().exponent, 0)
        count = int((hi - lo) / step) + 1
        if count > MAX_VALUES:
            raise ValueError(f"param `{name}`: {count} values; at most {MAX_VALUES}")
        texts = [f"{lo + i * step:.{places}f}" for i in range(count)]
    values = []
    for t in texts:
        text = f"{t}{units}"
        try:
            latex = checker.preview({"type": "quantity", "expected": "1"}, text) if units else \
                checker.preview({"type": "number", "expected": "1"}, text)
        except checker.ReadError as e:
            raise ValueError(f"param `{name}`: value `{text}` cannot be read: {e}") from e
        values.append(Value(text, latex))
    default = 0
    if "default" in raw:
        want = f"{_decimal_text(raw['default'])}{units}"
        if want not in [v.text for v in values]:
            raise ValueError(f"param `{name}`: default `{want}` is not one of its values")
        default = [v.text for v in values].index(want)
    return Param(name, tuple(values), default)


def is_derived(raw) -> bool:
    return isinstance(raw, str) or (isinstance(raw, dict) and "value" in raw)


def derive(params: dict[str, Param], raw: dict, constants: list | None = None) -> list[tuple[str, str]]:
    """Add the derived params of ``raw`` (name -> YAML) to ``params`` (the drawn ones, read
    already), in dependency order. Returns (name, message) for each that cannot be made."""
    todo = {n: ({"value": r} if isinstance(r, str) else r) for n, r in raw.items() if is_derived(r)}
    errors = []
    while todo:
        ready = [n for n, r in todo.items() if names_used(str(r["value"])) <= set(params)]
        if not ready:
            for n, r in todo.items():
                missing = sorted(names_used(str(r["value"])) - set(params))
                errors.append((n, f"param `{n}` depends on `{'`, `'.join(missing)}`, which "
                                  + ("depend on it in turn (a cycle)" if set(missing) <= set(todo) else "is not a param")))
            break
        for n in ready:
            try:
                params[n] = _derived(n, todo.pop(n), params, constants or [])
            except ValueError as e:
                errors.append((n, str(e)))
    return errors


def _derived(name: str, raw: dict, params: dict[str, Param], constants: list) -> Param:
    expr = str(raw["value"])
    used = names_used(expr)
    of = tuple(sorted({b for u in used for b in (params[u].of or (u,))}))  # drawn params only
    count = 1
    for b in of:
        count *= len(params[b].values)
    if count > MAX_COMBINATIONS:
        raise ValueError(f"param `{name}`: {count} combinations of {', '.join(of)}; at most {MAX_COMBINATIONS}")
    spec = {"type": "quantity", "units": raw.get("units") or "1", "sigfigs": raw.get("sigfigs") or DERIVED_SIGFIGS,
            "constants": list(constants)}
    values = []
    for indices in itertools.product(*(range(len(params[b].values)) for b in of)):
        chosen = dict(zip(of, indices))
        text = in_answer(expr, {u: params[u].values[index_in(params[u], chosen, params)] for u in used})
        try:
            values.append(Value(*checker.answer({**spec, "expected": text})))
        except checker.ReadError as e:
            m = re.search(r"Unknown (?:unit or constant|symbol) '([^']+)'", str(e))
            tip = f"; add {m.group(1)} to `constants:`" if m and m.group(1) in tables.CONSTANTS else ""
            raise ValueError(f"param `{name}`: `{text}` cannot be read: {e}{tip}") from e
        except ValueError as e:  # a value with dimension and no `units:`, or units that disagree
            what = str(e).replace("the expected answer is", "its value is")
            if not raw.get("units"):
                what = (re.sub(r", but units '1' are .*", "", what)
                        + f": give the units to show it in, `{name}: {{value: \"...\", units: ...}}`; it is "
                        "converted to them, so write the quantity itself, without a conversion factor")
            raise ValueError(f"param `{name}`: {what}") from e
    default = index_in(Param(name, (), 0, of), {b: params[b].default for b in of}, params)
    return Param(name, tuple(values), default, of)


def index_in(param: Param, chosen: dict[str, int], params: dict[str, Param]) -> int:
    """Index of ``param``'s value given the indices ``chosen`` of the drawn params."""
    if not param.of:
        return chosen[param.name]
    i = 0
    for b in param.of:
        i = i * len(params[b].values) + chosen[b]
    return i


def fnv1a(text: str) -> int:
    """32-bit FNV-1a hash of the UTF-8 bytes of ``text``."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def choose(seed: int, chain_id: str, param: Param) -> int:
    """Index of the value a learner with ``seed`` gets (same as the browser's choice)."""
    return fnv1a(f"{seed}:{chain_id}:{param.name}") % len(param.values)


def defaults(params: dict[str, Param]) -> dict[str, Value]:
    """The default variant: name → its default value."""
    return {n: p.values[p.default] for n, p in params.items()}


def for_seed(seed: int, chain_id: str, params: dict[str, Param]) -> dict[str, Value]:
    """The variant a learner with ``seed`` gets: name → value (derived ones from the same draw)."""
    chosen = {n: choose(seed, chain_id, p) for n, p in params.items() if not p.of}
    return {n: p.values[index_in(p, chosen, params)] for n, p in params.items()}


def in_answer(text: str, values: dict[str, Value]) -> str:
    """Substitute into an answer-language string: each value in parentheses."""
    return PLACEHOLDER.sub(lambda m: f"({values[m.group(1)].text})", text)


def in_markdown(text: str, values: dict[str, Value]) -> str:
    """Substitute into Markdown: LaTeX inside $...$, plain text outside."""
    def math(m):
        return PLACEHOLDER.sub(lambda p: values[p.group(1)].latex, m.group(0))
    text = re.sub(r"\$\$.+?\$\$|\$[^$]+\$", math, text, flags=re.S)
    return PLACEHOLDER.sub(lambda m: values[m.group(1)].text, text)


def names_used(text: str) -> set[str]:
    """The parameter names a text refers to with ``{{name}}``."""
    return set(PLACEHOLDER.findall(text))


def variant(chain, values: dict[str, Value]):
    """A copy of ``chain`` with ``values`` substituted everywhere (for checking a variant)."""
    out = copy.deepcopy(chain)
    for step in out.steps:
        step.prompt = in_markdown(step.prompt, values)
        step.solution = in_markdown(step.solution, values)
        step.hints = [in_markdown(h, values) for h in step.hints]
        step.answer = {k: in_answer(v, values) if isinstance(v, str) and k in ("expected", "start", "goal") else v
                       for k, v in step.answer.items()}
        step.mistakes = [{**m, "answer": in_answer(str(m["answer"]), values)} for m in step.mistakes]
    out.intro = in_markdown(out.intro, values)
    return out
