"""``derivation`` answers: one equation per line, each following from the line before."""

from __future__ import annotations

from ..errors import ReadError
from ..language.latex import to_latex
from ..language.parser import parse
from ..result import Result, correct, incorrect, invalid
from ..spec import Spec
from .equation import Equation, equivalent_equations, implies, is_identity, read_equation
from .expression import refuse_forbidden


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


def preview(spec: Spec, response: str) -> str:
    """LaTeX of each line as read, one per row."""
    lines = [ln for ln in response.splitlines() if ln.strip()] or [response]
    return r" \\ ".join(to_latex(parse(ln, spec.symbol_scope(), allow_equation=True), spec.latex_names())
                         for ln in lines)


grade = grade_derivation
