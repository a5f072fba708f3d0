"""``equation`` answers: the same solution set, in any rearrangement.

Two equations are equivalent when each implies the other. ``A ⇒ B`` is tested by solving A
for one of its symbols, taking random values for the others (respecting assumptions), and
checking that B holds at those points. An identity such as ``1 = 1`` is never an answer.
"""

from __future__ import annotations

import random
from functools import lru_cache

import sympy

from .. import limits
from ..maths.equivalence import sample_point, value_at
from ..errors import ReadError
from ..maths.evaluate import expand_constants, to_sympy
from ..feedback import exact_logs, reading_rule, reads_right, rounded_logs_note, shown_names
from ..language.latex import to_latex
from ..language.parser import parse
from ..result import Result, correct, incorrect
from ..spec import Spec
from .expression import symbol_table

Equation = tuple  # (lhs, rhs) sympy expressions


def read_equation(text: str, spec: Spec, table: dict | None = None) -> tuple[tuple, Equation]:
    """Parse ``lhs = rhs``; raises ReadError if there is no '='. ``table``: the symbols (see
    :func:`symbol_table`), by default the spec's."""
    node = parse(text, spec.symbol_scope(), allow_equation=True)
    if node[0] != "eq":
        raise ReadError("Write an equation, with '=' between its two sides.")
    return node, sides_of(node, spec, table)


def equation_table(spec: Spec, *texts: str) -> dict:
    """Symbols for equations whose expected forms are ``texts`` (logs' arguments positive)."""
    nodes = []
    for text in texts:
        try:
            nodes.append(parse(text, spec.symbol_scope(), allow_equation=True))
        except ReadError:
            pass  # reported when the equation itself is read
    return symbol_table(spec, *nodes)


def holds(eq: Equation, point: dict) -> bool | None:
    """Does ``lhs = rhs`` hold at ``point``? None if undefined there.

    The difference is compared with the size of the terms on both sides, so ``PV - nRT = 0``
    holds where rounding leaves a tiny remainder.
    """
    sides = [[value_at(t, point) for t in sympy.Add.make_args(side)] for side in eq]
    if any(v is None for side in sides for v in side):
        return None
    a, b = sum(sides[0]), sum(sides[1])
    scale = max(sum(abs(v) for side in sides for v in side), 1e-300)
    return abs(a - b) <= 1e-9 * scale


def is_identity(eq: Equation) -> bool:
    """True if the equation holds at every point (``x = x``, ``1 = 1``)."""
    symbols = sorted(eq[0].free_symbols | eq[1].free_symbols, key=str)
    rng = random.Random(7)
    results = [holds(eq, sample_point(symbols, rng)) for _ in range(6)]
    known = [r for r in results if r is not None]
    return bool(known) and all(known)


def _admissible(symbol: sympy.Symbol, value) -> bool:
    try:
        v = complex(value)
    except (TypeError, ValueError):
        return False
    if symbol.is_real is not False and abs(v.imag) > 1e-12 * max(1.0, abs(v.real)):
        return False
    if symbol.is_positive and v.real <= 0:
        return False
    if symbol.is_nonnegative and v.real < 0:
        return False
    if symbol.is_integer and abs(v.real - round(v.real)) > 1e-9:
        return False
    return True


@lru_cache(maxsize=512)
def _solutions(f: sympy.Expr, s: sympy.Symbol) -> tuple:
    """Solutions of f = 0 for s (cached: a derivation solves each line more than once)."""
    try:
        return tuple(sympy.solve(f, s, check=False, simplify=False, rational=False))
    except (NotImplementedError, ValueError, TypeError):
        return ()


def _solve_order(a: Equation, f: sympy.Expr, s: sympy.Symbol) -> tuple:
    """Which symbol to solve for first: one standing alone on a side (K = ...), then one the
    equation is a polynomial in (sympy solves those fast; ΔG° inside an exponent is slow), a real
    one before an integer one."""
    alone = any(side == s and s not in other.free_symbols for side, other in (a, a[::-1]))
    return (not alone, not f.is_polynomial(s), s.is_integer is True, str(s))


def implies(a: Equation, b: Equation, points: int = 5) -> bool | None:
    """Does equation ``a`` imply equation ``b``? None when it could not be decided."""
    f = a[0] - a[1]
    symbols = sorted(f.free_symbols, key=str)
    if not symbols:  # a has no unknowns: it is true or false
        return None
    rng = random.Random(11)
    for s in sorted(symbols, key=lambda s: _solve_order(a, f, s)):
        limits.check()
        solutions = _solutions(f, s)
        if not solutions:
            continue
        others = [t for t in sorted((f.free_symbols | b[0].free_symbols | b[1].free_symbols), key=str) if t != s]
        checked = 0
        for _ in range(points * 5):
            limits.check()
            point = sample_point(others, rng)
            for sol in solutions:
                v = value_at(sol, point)
                if v is None or not _admissible(s, v):
                    continue
                full = {**point, s: sympy.Float(v.real, 20) + sympy.I * sympy.Float(v.imag, 20)}
                ok = holds(b, full)
                if ok is None:
                    continue
                if not ok:
                    return False
                checked += 1
            if checked >= points:
                return True
    return None


def equivalent_equations(a: Equation, b: Equation) -> bool:
    """Same solution set: each equation implies the other."""
    return implies(a, b) is True and implies(b, a) is True


def grade_equation(spec: Spec, response: str) -> Result:
    """Same solution set as the expected equation, in any rearrangement; identities never pass."""
    table = equation_table(spec, str(spec.get("expected")))
    _, expected = read_equation(str(spec.get("expected")), spec, table)
    node, answer = read_equation(response, spec, table)
    latex_names = spec.latex_names()
    preview = to_latex(node, latex_names)
    if is_identity(answer):
        return incorrect(preview, "That equation is true whatever the values: it says nothing about them.",
                         note="identity")
    if equivalent_equations(answer, expected):
        return correct(preview)
    # the expected equation first: its solutions are cached, so a wrong reading is rejected cheaply
    right = lambda tree: equivalent_equations(expected, sides_of(tree, spec, table))
    rounded = exact_logs(node)
    if rounded is not None and reads_right(right, rounded):  # ΔG° = -2.303 RT log K, as textbooks print it
        return correct(preview, rounded_logs_note(node), note="rounded ln 10 or ln 2")
    authored = spec.mistake_feedback(lambda text: read_equation(text, spec, table)[1],
                                     lambda wrong: equivalent_equations(answer, wrong))
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    missing = (expected[0].free_symbols | expected[1].free_symbols) - (answer[0].free_symbols | answer[1].free_symbols)
    if missing:
        return incorrect(preview, f"The relation involves {shown_names(map(str, missing))}, but your equation does not.",
                         note="missing symbol")
    found = reading_rule(node, response, right, lambda tree: to_latex(tree, latex_names))
    if found:
        return incorrect(preview, found[0], note=found[1])
    return incorrect(preview, "Your equation is not equivalent to the relation asked for: "
                              "it has different solutions.", note="no rule")


def sides_of(node: tuple, spec: Spec, table: dict | None = None) -> Equation:
    """The two sides of an equation's syntax tree as sympy expressions."""
    table = table or spec.sympy_symbols()
    return tuple(expand_constants(to_sympy(n, table), spec.constants) for n in node[1:])


def preview(spec: Spec, response: str) -> str:
    """LaTeX of how ``response`` is read."""
    return to_latex(parse(response, spec.symbol_scope(), allow_equation=True), spec.latex_names())


grade = grade_equation
