"""Graders for ``expression`` and ``choice`` answers."""

from __future__ import annotations

from .equivalence import equivalent
from .errors import ReadError
from .evaluate import walk, expand_constants, to_sympy
from .feedback import diagnose_expression
from .latex import to_latex
from .parser import parse
from .result import Result, correct, incorrect, invalid
from .spec import Spec


def refuse_forbidden(spec: Spec, node: tuple) -> None:
    """Raise ReadError if the answer uses a symbol or constant the spec lists as ``forbidden``
    (the quantity the step asks the learner to work out, or a shortcut to it)."""
    used = {n[1] for n in walk(node) if n[0] in ("sym", "const")}
    for name in spec.get("forbidden") or []:
        if name in used:
            raise ReadError(f"This step asks for an answer without {name}: "
                            "write it in terms of the other quantities.")


def grade_expression(spec: Spec, response: str) -> Result:
    """Symbolic equivalence under the symbols' assumptions, then authored mistakes, then rules."""
    scope, table = spec.symbol_scope(), spec.sympy_symbols()
    def read(text: str):
        node = parse(text, scope)
        return node, expand_constants(to_sympy(node, table), spec.constants)

    _, expected = read(str(spec.get("expected")))
    node, answer = read(response)
    refuse_forbidden(spec, node)
    preview = to_latex(node, spec.latex_names())
    if equivalent(answer, expected):
        return correct(preview)
    authored = spec.mistake_feedback(lambda text: read(text)[1], lambda wrong: equivalent(answer, wrong))
    if authored:
        return incorrect(preview, authored)
    msg = diagnose_expression(answer, expected, frozenset(spec.symbols))
    return incorrect(preview, msg or "Your expression is not equivalent to the answer.")


def grade_choice(spec: Spec, response: str) -> Result:
    """Exactly one of ``options``; surrounding spaces are ignored."""
    options = [str(o) for o in spec.get("options") or []]
    chosen = response.strip()
    if chosen not in options:
        return invalid("Choose one of the options.")
    if chosen == str(spec.get("expected")).strip():
        return correct(chosen)
    authored = spec.mistake_feedback(str.strip, lambda wrong: wrong == chosen)
    if authored:
        return incorrect(chosen, authored)
    return incorrect(chosen, "Not that one. Think it through again.")
