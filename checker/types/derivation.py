"""``derivation`` answers: one equation per line, each following from the line before."""

from __future__ import annotations

import sympy

from ..errors import ReadError
from ..language.latex import to_latex
from ..language.parser import parse
from ..result import Result, correct, incorrect, invalid
from ..spec import Spec
from ..feedback import reading_rule
from .equation import Equation, equation_table, equivalent_equations, implies, is_identity, read_equation, sides_of
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


def _same_form(a: Equation, b: Equation) -> bool:
    """The same equation as written (sides in either order, as sympy reads them)."""
    return a == b or a == b[::-1]


def _shows(line: Equation, wanted: Equation, like_start: bool) -> bool:
    """Does ``line`` state the intermediate result ``wanted``, in any rearrangement? When
    ``wanted`` says no more than the start (``like_start``: PV = nRT and n = PV/RT are
    rearrangements of each other), the line must also share a side with it (Z_eff^2 = n^2 I/E_R,
    or n^2 I/E_R = Z_eff^2) or only move every term to one side; otherwise the start itself
    would count as the intermediate step."""
    if _same_form(line, wanted):
        return True
    shares = not like_start or bool({line[0], line[1]} & {wanted[0], wanted[1]}) or \
        (line[0] - line[1]) in (wanted[0] - wanted[1], wanted[1] - wanted[0])
    return shares and equivalent_equations(line, wanted)


def _shown_steps(start: Equation, steps: list[Equation]) -> int:
    """Lines that are steps: not the starting equation restated (PV = nRT as P V = n R T, or
    exp as e^), not a repeat of a line before, compared as sympy reads them."""
    seen = [start]
    for eq in steps:
        if not any(_same_form(eq, s) for s in seen):
            seen.append(eq)
    return len(seen) - 1


def _required(spec: Spec) -> tuple[int, list[str]]:
    """``min_lines`` and ``must_show`` of a derivation spec; ValueError if they are malformed."""
    n = spec.get("min_lines", 1)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 40:
        raise ValueError("min_lines must be a whole number from 1 to 40")
    shown = spec.get("must_show") or []
    if isinstance(shown, str) or not isinstance(shown, list) or not all(isinstance(x, str) for x in shown):
        raise ValueError("must_show must be a list of equations")
    return n, shown


def grade_derivation(spec: Spec, response: str) -> Result:
    """One equation per line; each must follow from the line before (the first from ``start``)
    and the last must be the ``goal``. The feedback names the first line that does not follow.
    ``min_lines`` and ``must_show`` (SPEC §7) stop a multi-step derivation passing with the goal
    line alone."""
    min_lines, must_show = _required(spec)
    lines = [ln for ln in response.splitlines() if ln.strip()]
    if not lines:
        raise ReadError("Write your derivation, one equation per line.")
    if len(lines) > 40:
        raise ReadError("That derivation is too long (more than 40 lines).")
    table = equation_table(spec, str(spec.get("start")), str(spec.get("goal")))
    _, start = read_equation(str(spec.get("start")), spec, table)
    _, goal = read_equation(str(spec.get("goal")), spec, table)
    try:
        wanted = [read_equation(text, spec, table)[1] for text in must_show]
    except ReadError as e:  # the author's equation, not the learner's
        raise ValueError(f"must_show cannot be read: {e}") from None
    steps, previews, nodes = [], [], []
    for i, text in enumerate(lines, 1):
        try:
            node, eq = read_equation(text, spec, table)
            refuse_forbidden(spec, node)
        except ReadError as e:
            return invalid(f"Line {i}: {e}", r" \\ ".join(previews))
        steps.append(eq)
        nodes.append(node)
        previews.append(to_latex(node, spec.latex_names()))
    preview = r" \\ ".join(previews)
    previous, label = start, "the starting equation"
    for i, eq in enumerate(steps, 1):
        if is_identity(eq):
            return incorrect(preview, f"Line {i} is true whatever the values, so it carries nothing forward.",
                             note="identity line")
        if implies(previous, eq) is not True:
            before = previous
            right = lambda tree: implies(before, sides_of(tree, spec, table)) is True
            hint = reading_rule(nodes[i - 1], lines[i - 1], right, lambda tree: to_latex(tree, spec.latex_names()))
            return incorrect(preview, f"Line {i} does not follow from {label}." + (" " + hint[0] if hint else ""),
                             note=hint[1] if hint else "line does not follow")
        previous, label = eq, f"line {i}"
    if not equivalent_equations(steps[-1], goal) or not _same_shape(steps[-1], goal):
        return incorrect(preview, f"Every line follows, but the last one (line {len(steps)}) is not yet the goal.",
                         note="goal not reached")
    missing = [w for w in wanted  # the goal line itself is no intermediate step
               if not any(_shows(eq, w, implies(w, start) is True) for eq in steps[:-1])]
    if missing:
        what = "an intermediate result" if len(missing) == 1 else f"{len(missing)} intermediate results"
        return incorrect(preview, f"You reached the goal, but show how you got there: {what} on the way "
                                  "is missing. Write each step on its own line.", note="must_show")
    shown = _shown_steps(start, steps) if min_lines > 1 else 1
    if shown < min_lines:
        return incorrect(preview, f"You reached the goal, but show how you got there: this derivation takes "
                                  f"at least {min_lines} lines after the starting equation, and you wrote "
                                  f"{shown}. Write each step on its own line.", note="min_lines")
    return correct(preview)


def worked_text(spec: Spec, padded: bool = True) -> str:
    """The shortest derivation the spec accepts: the ``must_show`` results, then the goal, with
    the goal's terms gathered on one side before it if ``min_lines`` asks for more lines (left out
    when not ``padded``: what a reader is shown as the answer)."""
    min_lines, must_show = _required(spec)
    if not padded:
        return "\n".join(must_show + [str(spec.get("goal"))])
    goal = str(spec.get("goal"))
    lhs, _, rhs = goal.partition("=")
    padding = [f"{lhs.strip()} - ({rhs.strip()}) = 0", f"({rhs.strip()}) - ({lhs.strip()}) = 0"]
    extra = max(0, min_lines - len(must_show) - 1)
    return "\n".join(must_show + padding[:extra] + [goal])


def preview(spec: Spec, response: str) -> str:
    """LaTeX of each line as read, one per row."""
    lines = [ln for ln in response.splitlines() if ln.strip()] or [response]
    return r" \\ ".join(to_latex(parse(ln, spec.symbol_scope(), allow_equation=True), spec.latex_names())
                         for ln in lines)


grade = grade_derivation
