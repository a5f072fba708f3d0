"""Randomized variants: a chain's ``params:`` are drawn per learner from a list or a range.

    params:
      lam: {values: ["656.47", "486.27"], units: nm}
      m:   {range: ["1.00", "5.00"], step: "0.25", units: g, default: "2.00"}

Prompts, hints, solutions, expected answers and mistakes use ``{{lam}}``. In answers a value is
substituted in parentheses, ``1/{{lam}}`` → ``1/(656.47 nm)``; in prose as text, and inside
math as LaTeX. The browser draws a seed per learner and picks each value with :func:`choose`
(the same FNV-1a hash is in web/assets/js/steps.js), so a learner's variant is stable.
The default variant (first value, or ``default:``) is what the PDF and pages without a seed show.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal

import checker

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")
MAX_VALUES = 1000


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
    """The variant a learner with ``seed`` gets: name → value."""
    return {n: p.values[choose(seed, chain_id, p)] for n, p in params.items()}


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
