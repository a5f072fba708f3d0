"""Fast numeric values of sympy expressions at a point, with mpmath at 40 digits.

Probing equivalence evaluates each expression at dozens of points. Walking the tree with
mpmath is many times faster than sympy's ``xreplace`` or ``evalf(subs=...)``, which build
new sympy objects (and ask assumptions) at every node. Only the node types that answers
use are known here; for any other, ``fast_value`` returns ``Unknown`` and the caller falls
back to sympy.
"""

from __future__ import annotations

import mpmath
import sympy

DIGITS = 40

_UNARY = {
    sympy.exp: mpmath.exp, sympy.log: mpmath.log, sympy.sin: mpmath.sin, sympy.cos: mpmath.cos,
    sympy.tan: mpmath.tan, sympy.asin: mpmath.asin, sympy.acos: mpmath.acos, sympy.atan: mpmath.atan,
    sympy.sinh: mpmath.sinh, sympy.cosh: mpmath.cosh, sympy.tanh: mpmath.tanh, sympy.Abs: abs,
}


class Unknown(Exception):
    """A node this evaluator does not handle."""


def _value(e: sympy.Basic, point: dict, memo: dict):
    hit = memo.get(e)
    if hit is not None:
        return hit
    if e.is_Symbol:
        if e not in point:
            raise Unknown(e)
        v = _value(point[e], point, memo)  # a sympy number: Rational, Float, or a + b*I
    elif e.is_Rational:
        v = mpmath.mpf(e.p) / e.q
    elif e.is_Float:
        v = mpmath.mpf(e)
    elif e is sympy.pi:
        v = +mpmath.pi
    elif e is sympy.E:
        v = mpmath.e + 0
    elif e is sympy.I:
        v = mpmath.mpc(0, 1)
    elif e.is_Add:
        v = mpmath.fsum(_value(a, point, memo) for a in e.args)
    elif e.is_Mul:
        v = mpmath.fprod(_value(a, point, memo) for a in e.args)
    elif e.is_Pow:
        base, exp = e.args
        b = _value(base, point, memo)
        if exp.is_Integer:
            if b == 0 and exp < 0:
                raise ZeroDivisionError
            v = b ** int(exp)
        else:
            v = mpmath.power(b, _value(exp, point, memo))
    elif e.func in _UNARY and len(e.args) == 1:
        v = _UNARY[e.func](_value(e.args[0], point, memo))
    elif e.func is sympy.log and len(e.args) == 2:
        v = mpmath.log(_value(e.args[0], point, memo), _value(e.args[1], point, memo))
    else:
        raise Unknown(e.func)
    memo[e] = v
    return v


def fast_value(expr: sympy.Expr, point: dict) -> complex | None | type[Unknown]:
    """``complex`` value of ``expr`` at ``point`` (symbols → sympy numbers); None where it is
    undefined (a zero denominator, a logarithm of zero) or infinite; ``Unknown`` (the class)
    when the expression has a node this evaluator does not know."""
    try:
        with mpmath.workdps(DIGITS):
            v = _value(expr, point, {})
            return complex(v)
    except Unknown:
        return Unknown
    except (ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None
