"""Are two symbolic expressions equal? Cheap checks first, then numeric probing.

Probing substitutes random values that respect each symbol's assumptions (positive,
integer, real) and compares at 20 significant digits; a seeded generator keeps verdicts
reproducible. Only when too few points are defined does sympy's ``simplify`` decide,
under the hard time limit.
"""

from __future__ import annotations

import random

import sympy

from .. import limits
from .numeval import Unknown, fast_value

POINTS = 8
RTOL = sympy.Float("1e-9")


def sample_point(symbols, rng: random.Random) -> dict:
    """Random values for ``symbols`` respecting their assumptions (Rationals, so exact)."""
    point = {}
    for s in symbols:
        if s.is_integer:
            v = rng.randint(1, 9) if s.is_positive or s.is_nonnegative else rng.choice([-3, -2, -1, 1, 2, 3, 4, 5])
        else:
            v = sympy.Rational(rng.randint(300, 3000), 1000)
            if not (s.is_positive or s.is_nonnegative) and rng.random() < 0.3:
                v = -v
        point[s] = sympy.Integer(v) if isinstance(v, int) else v
    return point


def value_at(expr: sympy.Expr, point: dict, precise: bool = False) -> complex | None:
    """Numeric value of ``expr`` at ``point``, or None where it is undefined or infinite.

    Fast: mpmath at 40 digits over the tree (``numeval``). ``precise``, or a node ``numeval``
    does not know: ``evalf(subs=...)``, ten times slower, which raises its working precision
    as needed (for a cancellation of 20 or more digits).
    """
    v = Unknown if precise else fast_value(expr, point)
    if v is Unknown:
        try:
            v = complex(expr.evalf(20, subs=point))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return None
    if v is None or v != v or abs(v) == float("inf"):
        return None
    return v


def close(a: complex, b: complex) -> bool:
    """Equal to about nine significant digits."""
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-15)


def probe(exprs: list[sympy.Expr], n: int = POINTS, seed: int = 1234, precise: bool = False) -> list[tuple]:
    """Values of each expression at up to ``n`` random points where all are defined
    (``precise``: see ``value_at``)."""
    symbols = sorted(set().union(*(e.free_symbols for e in exprs)), key=str)
    rng = random.Random(seed)
    rows: list[tuple] = []
    for _ in range(n * 4):
        limits.check()
        point = sample_point(symbols, rng)
        row = tuple(value_at(e, point, precise) for e in exprs)
        if all(v is not None for v in row):
            rows.append(row)
            if len(rows) >= n:
                break
    return rows


def equivalent(a: sympy.Expr, b: sympy.Expr, quick: bool = False) -> bool:
    """True if ``a`` and ``b`` are the same function of their symbols. ``quick``: a "no" from
    the fast probe stands (for feedback that tries other readings of a wrong answer, where a
    missed hint costs nothing but a wrong one would)."""
    if a == b:
        return True
    rows = probe([a, b])
    if len(rows) >= 3 and all(close(x, y) for x, y in rows):
        return True
    if quick:
        return False
    if len(rows) >= 3:  # a "no" is checked again at the precision the values need
        rows = probe([a, b], precise=True)
        return len(rows) >= 3 and all(close(x, y) for x, y in rows)
    limits.check()
    return sympy.simplify(a - b) == 0
