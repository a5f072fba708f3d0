"""Syntax tree → sympy expression (symbolic answers) or → Quantity (answers with units).

Numbers stay exact (decimal text → Rational). Powers whose result would be astronomically
large (``9^9^9^9``) are refused before sympy tries to compute them.
"""

from __future__ import annotations

import math
from functools import lru_cache

import sympy

from ..data.constants import CONSTANTS
from ..errors import ReadError
from ..data.units import DIMLESS, Quantity, exact, lookup_unit
from ..language.parser import Scope, parse

MAX_DIGITS = 10_000  # refuse exact numbers with more digits than this
_FUNCS = {
    "sqrt": sympy.sqrt, "exp": sympy.exp, "ln": sympy.log,
    "log10": lambda x: sympy.log(x, 10),
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "asin": sympy.asin,
    "acos": sympy.acos, "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "tanh": sympy.tanh, "abs": sympy.Abs,
}


def _digits(r: sympy.Rational) -> float:
    return max(len(str(abs(int(r.p)))), len(str(int(r.q))))


def _guard_power(base: sympy.Expr, exponent: sympy.Expr) -> None:
    """Raise ReadError if ``base**exponent`` would be too large to compute exactly
    (``9^9^9^9``, ``(1+1e-100)^(10^100)``), or is a power of a symbol beyond 1000."""
    if not exponent.is_number:
        return
    try:
        e = abs(float(exponent))
    except (TypeError, ValueError, OverflowError):
        raise ReadError("That power is too large to work with.")
    if base.is_Rational and base not in (0, 1, -1):
        if e * _digits(base) > MAX_DIGITS:  # an exact power has about this many digits
            raise ReadError("That number is far too large to work with.")
    elif base.is_number:
        try:
            b = abs(complex(sympy.N(base, 15)))
        except (TypeError, ValueError, OverflowError):
            b = math.inf
        if b not in (0.0, 1.0) and (not math.isfinite(b) or e * abs(math.log10(b)) > MAX_DIGITS):
            raise ReadError("That number is far too large to work with.")
    elif e > 1000:
        raise ReadError("That power is too large to work with.")


def to_sympy(node: tuple, symbols: dict[str, sympy.Symbol]) -> sympy.Expr:
    """Sympy expression of a syntax tree; ``symbols`` maps declared names to Symbols.

    Raises ReadError for units or constants in a symbolic answer and for runaway powers.
    """
    kind = node[0]
    if kind == "num":
        return exact(node[1])
    if kind == "sym":
        return symbols[node[1]]
    if kind == "e":
        return sympy.E
    if kind == "pi":
        return sympy.pi
    if kind == "neg":
        return -to_sympy(node[1], symbols)
    if kind == "call":
        return _FUNCS[node[1]](to_sympy(node[2], symbols))
    if kind == "unit" and node[1] == "°":  # the degree of arc, a pure number
        return sympy.pi / 180
    if kind in ("const", "unit"):
        raise ReadError("Units are not part of this answer: give an expression.")
    a, b = to_sympy(node[1], symbols), to_sympy(node[2], symbols)
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        if b == 0:
            raise ReadError("Division by zero.")
        return a / b
    if kind == "pow":
        _guard_power(a, b)
        return a ** b
    if kind == "eq":
        return sympy.Eq(a, b, evaluate=False)
    raise ReadError("Could not read that answer.")  # pragma: no cover - every node kind is above


@lru_cache(maxsize=None)
def constant_quantity(name: str) -> Quantity:
    """The constant ``name`` from the table (CODATA 2022 / exact SI) as a Quantity."""
    c = CONSTANTS[name]
    value = to_quantity(parse(c.value, Scope(constants=set(CONSTANTS))))
    unit = to_quantity(parse(c.unit, Scope(units=True))) if c.unit != "1" else Quantity(sympy.Integer(1))
    if value.dimensionless:  # a plain number in the stated unit
        return value * unit
    if value.dims != unit.dims:  # defined from other constants (hbar = h/(2 pi)): units agree
        raise ValueError(f"constant {name}: its definition and its unit '{c.unit}' disagree")
    return value


@lru_cache(maxsize=None)
def constant_definitions() -> dict[str, tuple]:
    """Syntax trees of constants defined from others (``hbar`` → ``h/(2*pi)``), so symbolic
    answers written with either form compare equal."""
    out = {}
    for name, c in CONSTANTS.items():
        node = parse(c.relation or c.value, Scope(constants=set(CONSTANTS)))
        if any(n[0] == "const" for n in walk(node)):
            out[name] = node
    return out


def walk(node: tuple):
    """Every node of a syntax tree, depth first."""
    yield node
    for child in node[1:]:
        if isinstance(child, tuple):
            yield from walk(child)


def expand_constants(expr: sympy.Expr, declared: list[str]) -> sympy.Expr:
    """Replace derived constants among ``declared`` (``hbar``, ``a_0``, ``R_inf``...) by their
    definitions in terms of more basic constants, read as positive symbols, so that an answer
    written with either form compares equal. Constants brought in by a definition (``a_0`` →
    ``hbar``) are expanded in turn."""
    expandable = set(declared)
    for _ in range(4):
        subs = {}
        for sym in expr.free_symbols:
            node = constant_definitions().get(sym.name) if sym.name in expandable else None
            if node is not None:
                names = {n[1] for n in walk(node) if n[0] == "const"}
                expandable |= names
                table = {n: sympy.Symbol(n, positive=True) for n in names}
                subs[sym] = to_sympy(_constants_as_symbols(node), table)
        if not subs:
            return expr
        expr = expr.subs(subs)
    return expr


def _constants_as_symbols(node: tuple) -> tuple:
    if node[0] == "const":
        return ("sym", node[1])
    return tuple(_constants_as_symbols(c) if isinstance(c, tuple) else c for c in node)


def to_quantity(node: tuple, absolute: bool = True) -> Quantity:
    """Quantity (exact SI value + dimension) of a syntax tree of numbers, units and constants.

    A Celsius reading (``25.0 °C``) is 298.15 K; with ``absolute=False`` it is read as a
    step of 25.0 K instead (a temperature difference, or the scale of what was typed).
    """
    kind = node[0]
    if kind == "num":
        return Quantity(exact(node[1]))
    if kind == "unit":
        u = lookup_unit(node[1])
        return Quantity(u.factor, u.dims)
    if kind == "reading":
        u = lookup_unit(node[2][1])
        n = to_quantity(node[1], absolute).value
        return Quantity(n * u.factor + (u.offset if absolute else 0), u.dims)
    if kind == "const":
        return constant_quantity(node[1])
    if kind == "e":
        return Quantity(sympy.E)
    if kind == "pi":
        return Quantity(sympy.pi)
    if kind == "sym":
        raise ReadError(f"'{node[1]}' is a symbol; this answer is a number with units.")
    if kind == "neg":
        return -to_quantity(node[1], absolute)
    if kind == "call":
        arg = to_quantity(node[2], absolute)
        if node[1] == "sqrt":
            return arg.power(sympy.Rational(1, 2))
        if node[1] == "abs":
            return Quantity(abs(arg.value), arg.dims)
        if not arg.dimensionless:
            raise ReadError(f"{node[1]}() needs a pure number inside, not a quantity with units.")
        return Quantity(_FUNCS[node[1]](arg.value))
    a, b = to_quantity(node[1], absolute), to_quantity(node[2], absolute)
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        return a / b
    if kind == "pow":
        if not b.dimensionless:
            raise ReadError("An exponent must be a pure number.")
        _guard_power(a.value, b.value)
        return a.power(b.value)
    raise ReadError("An equation is not a quantity.")


def units_in(node: tuple) -> list[str]:
    """Names of the units that occur in a syntax tree, in order."""
    if node[0] == "unit":
        return [node[1]]
    return [u for child in node[1:] if isinstance(child, tuple) for u in units_in(child)]


def has_readings(node: tuple) -> bool:
    """Does the tree hold a Celsius reading (``25.0 °C``)?"""
    return any(n[0] == "reading" for n in walk(node))


__all__ = ["to_sympy", "to_quantity", "constant_quantity", "units_in", "has_readings", "DIMLESS"]
