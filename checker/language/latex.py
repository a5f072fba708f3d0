"""Syntax tree → LaTeX, for the live preview of how an answer was read.

The preview follows the tree, not sympy's simplified form, so ``1/2x`` shows as
``\\frac{1}{2}\\,x`` and the learner sees exactly which reading was taken.
"""

from __future__ import annotations

import re

from ..data.constants import CONSTANTS
from .parser import GREEK
from ..data.units import lookup_unit

_GREEK_NAMES = set(GREEK.values()) - {"omicron"}
_FUNC_TEX = {
    "exp": r"\exp", "ln": r"\ln", "log10": r"\log_{10}", "sin": r"\sin", "cos": r"\cos",
    "tan": r"\tan", "asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan",
    "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh",
}
_PREC = {"add": 1, "sub": 1, "eq": 0, "mul": 2, "div": 2, "neg": 2, "pow": 3, "reading": 2}


def name_latex(name: str) -> str:
    """Default LaTeX for a symbol name: Greek spelled out, ``_`` as subscript, [X] as a concentration."""
    if name.startswith("["):
        species = re.sub(r"(\d+)", r"_{\1}", name[1:-1])
        species = re.sub(r"([+-]+)$", r"^{\1}", species)
        return r"[\mathrm{" + species + "}]"
    head, _, sub = name.partition("_")
    head = "\\" + head if head in _GREEK_NAMES else head
    if len(head) > 1 and not head.startswith("\\"):
        head = r"\mathit{" + head + "}"
    return head + ("_{" + sub + "}" if sub else "")


def _number(text: str) -> str:
    mant, _, exp = text.lower().partition("e")
    return mant if not exp else f"{mant}\\times 10^{{{int(exp)}}}"


def _units_only(n: tuple) -> bool:
    """Is this part of a tree made of units alone (``mol``, ``mol K``, ``s^2``)?"""
    if n[0] == "unit":
        return True
    if n[0] == "pow":
        return _units_only(n[1]) and n[2][0] in ("num", "neg")
    if n[0] in ("mul", "div"):
        return _units_only(n[1]) and _units_only(n[2])
    return False


def to_latex(node: tuple, latex_names: dict[str, str] | None = None) -> str:
    """LaTeX of a syntax tree; ``latex_names`` overrides how declared symbols are shown."""
    names = latex_names or {}

    def go(n: tuple) -> str:
        kind = n[0]
        if kind == "num":
            return _number(n[1])
        if kind == "sym":
            return names.get(n[1]) or name_latex(n[1])
        if kind == "const":
            return CONSTANTS[n[1]].latex
        if kind == "unit":
            return lookup_unit(n[1]).latex
        if kind == "reading":  # 25.0 °C
            return go(n[1]) + r"\," + go(n[2])
        if kind == "e":
            return r"\mathrm{e}"
        if kind == "pi":
            return r"\pi"
        if kind == "call":
            if n[1] == "sqrt":
                return r"\sqrt{" + go(n[2]) + "}"
            if n[1] == "abs":
                return r"\left|" + go(n[2]) + r"\right|"
            return _FUNC_TEX[n[1]] + r"\left(" + go(n[2]) + r"\right)"
        if kind == "neg":
            return "-" + wrap(n[1], 2)
        if kind == "div":
            if _units_only(n[2]):  # 787.2 kJ/mol, not a fraction with "mol" under the number
                return wrap(n[1], 2) + "/" + wrap(n[2], 3)
            return r"\frac{" + go(n[1]) + "}{" + go(n[2]) + "}"
        if kind == "pow":
            return wrap(n[1], 4) + "^{" + go(n[2]) + "}"
        if kind == "mul":
            if n[2][0] == "pow" and n[2][1] == ("num", "10") or (n[1][0] == "num" and n[2][0] == "num"):
                sep = r" \times "
            elif n[3] and n[2][0] != "num":
                sep = r"\,"
            else:
                sep = r" \cdot "
            return wrap(n[1], 2) + sep + wrap(n[2], 2.5 if n[2][0] == "neg" else 2)
        if kind == "add":
            return go(n[1]) + " + " + wrap(n[2], 1.5)
        if kind == "sub":
            return go(n[1]) + " - " + wrap(n[2], 1.5)
        if kind == "eq":
            return go(n[1]) + " = " + go(n[2])
        return "?"  # pragma: no cover

    def wrap(n: tuple, need: float) -> str:
        inner = go(n)
        prec = _PREC.get(n[0], 5)
        if n[0] == "num" and need >= 4 and "e" in n[1].lower():
            prec = 2
        return r"\left(" + inner + r"\right)" if prec < need else inner

    return go(node)
