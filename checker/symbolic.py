"""Graders for ``expression`` and ``choice`` answers."""

from __future__ import annotations

from .equivalence import equivalent
from .errors import ReadError
from .evaluate import to_sympy
from .feedback import diagnose_expression
from .latex import to_latex
from .parser import parse
from .result import Result, correct, incorrect, invalid
from .spec import Spec


def grade_expression(spec: Spec, response: str) -> Result:
    """Symbolic equivalence under the symbols' assumptions, then authored mistakes, then rules."""
    scope, table = spec.symbol_scope(), spec.sympy_symbols()
    expected = to_sympy(parse(str(spec.get("expected")), scope), table)
    node = parse(response, scope)
    preview = to_latex(node, spec.latex_names())
    answer = to_sympy(node, table)
    if equivalent(answer, expected):
        return correct(preview)
    for m in spec.mistakes:
        try:
            wrong = to_sympy(parse(str(m["answer"]), scope), table)
        except ReadError:
            continue
        if equivalent(answer, wrong):
            return incorrect(preview, m.get("feedback", "That is a common mistake."))
    msg = diagnose_expression(answer, expected)
    return incorrect(preview, msg or "Your expression is not equivalent to the answer.")


def grade_choice(spec: Spec, response: str) -> Result:
    """Exactly one of ``options``; surrounding spaces are ignored."""
    options = [str(o) for o in spec.get("options") or []]
    chosen = response.strip()
    if chosen not in options:
        return invalid("Choose one of the options.")
    if chosen == str(spec.get("expected")).strip():
        return correct(chosen)
    for m in spec.mistakes:
        if str(m.get("answer")).strip() == chosen:
            return incorrect(chosen, m.get("feedback", "Not that one."))
    return incorrect(chosen, "Not that one. Think it through again.")
