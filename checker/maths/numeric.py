"""Exact numeric comparison: relative tolerance and significant figures (SPEC §5).

All comparisons use exact rationals (or 60-digit decimals for irrational values), never
binary floats, so a value exactly at the tolerance limit is accepted and rounding is
half away from zero as taught in school (−9.815 → −9.82).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

import sympy

from ..errors import ReadError

_CTX = Context(prec=60)
DEFAULT_TOLERANCE = sympy.Rational(1, 100)


def decimal_exponent(x: sympy.Expr) -> int | None:
    """About log10|x| (the power of ten of a real number), or None for zero or non-numbers."""
    try:
        v = sympy.N(x, 15)
    except (TypeError, ValueError):
        return None
    if not isinstance(v, sympy.Float) or v == 0:
        return None
    _, man, exp, bits = v._mpf_
    return int((exp + bits) * 0.30103)


def to_rational(x: sympy.Expr) -> sympy.Rational:
    """Exact Rational for a rational sympy number, else a 60-digit rational approximation."""
    if x.is_Rational:
        return x
    v = sympy.N(x, 60)
    if not v.is_real or not v.is_finite:
        raise ReadError("That value is not a finite real number.")
    if v != 0 and isinstance(v, sympy.Float):
        _, _, exp, bits = v._mpf_
        if abs(exp + bits) > 1400:  # beyond about 10^±420
            raise ReadError("That value is far too large or too small to work with.")
    return sympy.Rational(v)


def to_decimal(x: sympy.Expr) -> Decimal:
    """Decimal (60 significant digits) of a real sympy number."""
    r = to_rational(x)
    return _CTX.divide(Decimal(int(r.p)), Decimal(int(r.q)))


def parse_tolerance(value) -> sympy.Rational:
    """Relative tolerance from ``"0.5%"``, ``0.005`` or ``"0.005"``; default 1 %.

    Raises ValueError for a negative or unreadable tolerance.
    """
    if value is None:
        return DEFAULT_TOLERANCE
    text = str(value).strip()
    pct = text.endswith("%")
    try:
        f = Fraction(Decimal(text.rstrip("%").strip()))
    except ArithmeticError:
        raise ValueError(f"tolerance must be a number or a percentage, like 0.005 or '0.5%': {value!r}")
    if pct:
        f /= 100
    if f < 0:
        raise ValueError(f"tolerance must not be negative: {value!r}")
    return sympy.Rational(f.numerator, f.denominator)


def within(answer: sympy.Expr, reference: sympy.Expr, tol: sympy.Rational) -> bool:
    """|answer − reference| ≤ tol·|reference|, exactly; a zero reference accepts only zero."""
    a, r = to_rational(answer), to_rational(reference)
    return abs(a - r) <= tol * abs(r)


_NUM = re.compile(r"^(\d*)(?:\.(\d*))?(?:[eE][+-]?\d+)?$")


def sigfig_counts(text: str) -> range:
    """Significant figures a typed number shows: ``"1.10"`` → 3, ``"0.0050"`` → 2.

    An integer with trailing zeros is ambiguous: ``"1500"`` → range(2, 5) (2, 3 or 4);
    ``"1500."`` → 4. Returns a range of the counts the text could mean.
    """
    m = _NUM.match(text)
    if not m:
        raise ValueError(f"not a number: {text!r}")
    whole, frac = m.group(1), m.group(2)
    digits = (whole + (frac or "")).lstrip("0")
    if not digits:  # zero: count the zeros after the point, at least one
        return range(max(1, len(frac or "")), max(1, len(frac or "")) + 1)
    if frac is None and "." not in text:
        stripped = digits.rstrip("0")
        return range(len(stripped), len(digits) + 1)
    return range(len(digits), len(digits) + 1)


def round_sig(x: sympy.Expr | Decimal, n: int) -> Decimal:
    """``x`` rounded to ``n`` significant figures, half away from zero, exactly."""
    d = x if isinstance(x, Decimal) else to_decimal(x)
    if d == 0:
        return Decimal(0)
    exp = d.adjusted() - n + 1
    q = d.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP, context=_CTX)
    if q.adjusted() > d.adjusted():  # 9.96 → 10.0: one figure more before the point
        q = d.quantize(Decimal(1).scaleb(exp + 1), rounding=ROUND_HALF_UP, context=_CTX)
    return q


def format_sig(x: sympy.Expr | Decimal, n: int) -> str:
    """``x`` to ``n`` significant figures as a learner would type it: ``364.70``, ``1.5233e6``."""
    d = round_sig(x, n)
    if d == 0:
        return "0"
    exp = d.adjusted()
    if -3 <= exp < 5:
        places = max(n - 1 - exp, 0)
        return f"{d:.{places}f}"
    mant = d.scaleb(-exp)
    return f"{mant:.{n - 1}f}e{exp}"


def decimal_places(text: str) -> int:
    """Decimal places a typed number shows: ``"3.00"`` → 2, ``"3"`` → 0, ``"4.7e-1"`` → 2."""
    m = _NUM.match(text)
    if not m:
        raise ValueError(f"not a number: {text!r}")
    frac = m.group(2) or ""
    exp = text.lower().partition("e")[2]
    return len(frac) - (int(exp) if exp else 0)


def round_places(x: sympy.Expr | Decimal, n: int) -> Decimal:
    """``x`` rounded to ``n`` decimal places (n may be negative: tens, hundreds), half away from zero."""
    d = x if isinstance(x, Decimal) else to_decimal(x)
    return d.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP, context=_CTX)
