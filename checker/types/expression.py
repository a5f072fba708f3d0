"""``expression`` answers: symbolic equivalence under the symbols' assumptions."""

from __future__ import annotations

import sympy

from ..maths.equivalence import equivalent
from ..errors import ReadError
from ..maths.evaluate import walk, expand_constants, to_sympy
from ..feedback import diagnose_expression, exact_logs, reading_rule, reads_right, rounded_logs_note
from ..language.latex import to_latex
from ..language.parser import parse
from ..result import Result, correct, incorrect
from ..spec import Spec


def refuse_forbidden(spec: Spec, node: tuple) -> None:
    """Raise ReadError if the answer uses a symbol or constant the spec lists as ``forbidden``
    (the quantity the step asks the learner to work out, or a shortcut to it)."""
    used = {n[1] for n in walk(node) if n[0] in ("sym", "const")}
    for name in spec.get("forbidden") or []:
        if name in used:
            raise ReadError(f"This step asks for an answer without {name}: "
                            "write it in terms of the other quantities.")


def symbol_table(spec: Spec, *expected: tuple) -> dict:
    """The spec's symbols, with those the expected answer takes a logarithm of made positive when
    the author gave them no assumptions: a chemist's ln K has K > 0, so RT ln(1/K) = -RT ln K."""
    table = spec.sympy_symbols()
    for node in expected:
        for n in walk(node):
            if n[0] == "call" and n[1] in ("ln", "log10"):
                for m in walk(n[2]):
                    info = spec.symbols.get(m[1]) if m[0] == "sym" else None
                    if info is not None and not info.assumptions:
                        table[m[1]] = sympy.Symbol(m[1], positive=True)
    return table


def grade_expression(spec: Spec, response: str) -> Result:
    """Symbolic equivalence under the symbols' assumptions, then authored mistakes, then rules."""
    scope = spec.symbol_scope()
    expected_node = parse(str(spec.get("expected")), scope)
    table = symbol_table(spec, expected_node)
    def read(text: str):
        node = parse(text, scope)
        return node, expand_constants(to_sympy(node, table), spec.constants)

    _, expected = read(str(spec.get("expected")))
    node, answer = read(response)
    refuse_forbidden(spec, node)
    latex_names = spec.latex_names()
    preview = to_latex(node, latex_names)
    if equivalent(answer, expected):
        return correct(preview)
    right = lambda tree: equivalent(expand_constants(to_sympy(tree, table), spec.constants), expected, quick=True)
    rounded = exact_logs(node)
    if rounded is not None and reads_right(right, rounded):  # -2.303 RT log K for -RT ln K, as textbooks print it
        return correct(preview, rounded_logs_note(node), note="rounded ln 10 or ln 2")
    authored = spec.mistake_feedback(lambda text: read(text)[1], lambda wrong: equivalent(answer, wrong))
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    found = reading_rule(node, response, right, lambda tree: to_latex(tree, latex_names)) \
        or diagnose_expression(answer, expected, frozenset(spec.symbols))
    if found:
        return incorrect(preview, found[0], note=found[1])
    return incorrect(preview, "Your expression is not equivalent to the answer.", note="no rule")


def preview(spec: Spec, response: str) -> str:
    """LaTeX of how ``response`` is read."""
    return to_latex(parse(response, spec.symbol_scope()), spec.latex_names())


grade = grade_expression
