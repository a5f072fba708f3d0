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
    """Default LaTeX for a symbol name: Greek spelled out, ``_`` as subscript, [X] as a
    concentration (``[A]_0`` with its subscript), ``Delta`` as the change in what follows
    (``DeltaH_vap`` → ΔH_vap, ``Delta_rH`` → Δ_r H), ``°`` as the standard-state mark."""
    if name.startswith("["):
        close = name.rfind("]")
        species = re.sub(r"(\d+)", r"_{\1}", name[1:close])
        species = re.sub(r"([+-]+)$", r"^{\1}", species)
        sub = name[close + 2:]
        return r"[\mathrm{" + species + "}]" + ("_{" + sub + "}" if sub else "")
    if "°" in name:  # E°cell → E°_cell, ΔG° → ΔG°
        head, _, rest = name.partition("°")
        rest = rest.replace("°", "").lstrip("_")
        return name_latex(head) + r"^{\circ}" + ("_{" + rest + "}" if rest else "")
    delta = re.fullmatch(r"Delta_?([A-Za-z].*)", name)
    if delta:
        rest = delta.group(1)
        process = re.fullmatch(r"(r|f|c|sub|vap|fus)_?([A-Z].*)", rest)
        if process:
            return r"\Delta_{\mathrm{" + process.group(1) + "}} " + name_latex(process.group(2))
        rest = re.sub(r"^([A-Za-z])(\d+)$", r"\1_\2", rest)  # Delta_G0 → ΔG_0
        return r"\Delta " + name_latex(rest)
    name = re.sub(r"^([A-Za-z])(\d+)$", r"\1_\2", name)  # k1, P1: one letter with a numbered subscript
    head, _, sub = name.partition("_")
    sub = "1/2" if sub == "half" else sub  # t_half → t_{1/2}
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
