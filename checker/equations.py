"""Graders for ``equation`` and ``derivation`` answers.

Two equations are equivalent when each implies the other. ``A ⇒ B`` is tested by solving A
for one of its symbols, taking random values for the others (respecting assumptions), and
checking that B holds at those points. An identity such as ``1 = 1`` is never an answer.
"""

from __future__ import annotations

import random
from functools import lru_cache

import sympy

from . import limits
from .equivalence import sample_point, value_at
from .errors import ReadError
from .evaluate import expand_constants, to_sympy
from .latex import to_latex
from .parser import parse
from .result import Result, correct, incorrect, invalid
from .spec import Spec
from .symbolic import refuse_forbidden

Equation = tuple  # (lhs, rhs) sympy expressions


def read_equation(text: str, spec: Spec) -> tuple[tuple, Equation]:
    """Parse ``lhs = rhs``; raises ReadError if there is no '='."""
    node = parse(text, spec.symbol_scope(), allow_equation=True)
    if node[0] != "eq":
        raise ReadError("Write an equation, with '=' between its two sides.")
    table = spec.sympy_symbols()
    sides = tuple(expand_constants(to_sympy(n, table), spec.constants) for n in node[1:])
    return node, sides


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


def implies(a: Equation, b: Equation, points: int = 5) -> bool | None:
    """Does equation ``a`` imply equation ``b``? None when it could not be decided."""
    f = a[0] - a[1]
    symbols = sorted(f.free_symbols, key=str)
    if not symbols:  # a has no unknowns: it is true or false
        return None
    rng = random.Random(11)
    for s in sorted(symbols, key=lambda s: (s.is_integer is True, str(s))):  # solve for a real one
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
    _, expected = read_equation(str(spec.get("expected")), spec)
    node, answer = read_equation(response, spec)
    preview = to_latex(node, spec.latex_names())
    if is_identity(answer):
        return incorrect(preview, "That equation is true whatever the values: it says nothing about them.")
    if equivalent_equations(answer, expected):
        return correct(preview)
    authored = spec.mistake_feedback(lambda text: read_equation(text, spec)[1],
                                     lambda wrong: equivalent_equations(answer, wrong))
    if authored:
        return incorrect(preview, authored)
    missing = (expected[0].free_symbols | expected[1].free_symbols) - (answer[0].free_symbols | answer[1].free_symbols)
    if missing:
        names = ", ".join(sorted(map(str, missing)))
        return incorrect(preview, f"The relation involves {names}, but your equation does not.")
    return incorrect(preview, "Your equation is not equivalent to the relation asked for: "
                              "it has different solutions.")


def _isolated(eq: Equation) -> sympy.Symbol | None:
    """The symbol an equation is solved for (``G = -R T ln K`` → G), if any."""
    for side, other in (eq, eq[::-1]):
        if side.is_Symbol and side not in other.free_symbols:
            return side
    return None


def _same_shape(last: Equation, goal: Equation) -> bool:
    """If the goal is solved for a symbol, the last line must be solved for it too."""
    target = _isolated(goal)
    return target is None or _isolated(last) == target


def grade_derivation(spec: Spec, response: str) -> Result:
    """One equation per line; each must follow from the line before (the first from ``start``)
    and the last must be the ``goal``. The feedback names the first line that does not follow."""
    lines = [ln for ln in response.splitlines() if ln.strip()]
    if not lines:
        raise ReadError("Write your derivation, one equation per line.")
    if len(lines) > 40:
        raise ReadError("That derivation is too long (more than 40 lines).")
    _, start = read_equation(str(spec.get("start")), spec)
    _, goal = read_equation(str(spec.get("goal")), spec)
    steps, previews = [], []
    for i, text in enumerate(lines, 1):
        try:
            node, eq = read_equation(text, spec)
            refuse_forbidden(spec, node)
        except ReadError as e:
            return invalid(f"Line {i}: {e}", r" \\ ".join(previews))
        steps.append(eq)
        previews.append(to_latex(node, spec.latex_names()))
    preview = r" \\ ".join(previews)
    previous, label = start, "the starting equation"
    for i, eq in enumerate(steps, 1):
        if is_identity(eq):
            return incorrect(preview, f"Line {i} is true whatever the values, so it carries nothing forward.")
        if implies(previous, eq) is not True:
            return incorrect(preview, f"Line {i} does not follow from {label}.")
        previous, label = eq, f"line {i}"
    if not equivalent_equations(steps[-1], goal) or not _same_shape(steps[-1], goal):
        return incorrect(preview, f"Every line follows, but the last one (line {len(steps)}) is not yet the goal.")
    return correct(preview)
