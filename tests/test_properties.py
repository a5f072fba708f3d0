"""Property-based tests (hypothesis): equivalent rewrites are correct, perturbed ones are not,
and no input crashes the checker or runs past its time limit."""

import time

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker import grade

x, y = sympy.symbols("x y", positive=True)
SPEC = {"type": "expression", "symbols": {"x": {"positive": True}, "y": {"positive": True}}}

atoms = st.sampled_from([x, y, sympy.Integer(2), sympy.Integer(3), sympy.Rational(1, 2)])


def combine(children):
    return st.one_of(
        st.tuples(children, children).map(lambda t: t[0] + t[1]),
        st.tuples(children, children).map(lambda t: t[0] * t[1]),
        st.tuples(children, children).map(lambda t: t[0] / t[1]),
        st.tuples(children, st.integers(-3, 3)).map(lambda t: t[0] ** t[1]),
        children.map(sympy.sqrt),
        children.map(sympy.log),
    )


expressions = st.recursive(atoms, combine, max_leaves=6).filter(
    lambda e: e.free_symbols and e.is_finite is not False and len(str(e)) < 200)


def text(e: sympy.Expr) -> str:
    """sympy's str() as answer language: ** for powers; ln, abs and e are spelt our way."""
    import re

    return re.sub(r"\bE\b", "e", str(e).replace("log(", "ln(").replace("Abs(", "abs("))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.sampled_from([sympy.expand, sympy.factor, sympy.together, sympy.expand_log]))
def test_equivalent_rewrites_are_correct(e, rewrite):
    rewritten = rewrite(e)
    assume(not rewritten.has(sympy.I) and not e.has(sympy.I))  # the answer language has no i
    r = grade({**SPEC, "expected": text(e)}, text(rewritten))
    assert r.status == "correct", (text(e), text(rewritten), r)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.sampled_from(["+1", "*2", "+x", "*y"]))
def test_perturbed_rewrites_are_incorrect(e, change):
    perturbed = sympy.sympify(f"({str(e)}){change}", locals={"x": x, "y": y})
    if sympy.simplify(perturbed - e) == 0:  # e.g. a change that cancels
        return
    r = grade({**SPEC, "expected": text(e)}, text(perturbed))
    assert r.status == "incorrect", (text(e), text(perturbed), r)


ALPHABET = "xy0123456789.+-*/^()[] eEln sqrtexplog,=#'\"\\_πλ²⁻·×"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=ALPHABET, max_size=40),
       st.sampled_from(["expression", "quantity", "number", "equation", "formula", "reaction",
                        "electron-configuration", "derivation"]))
def test_no_input_crashes_or_hangs(typed, kind):
    spec = {"type": kind, "expected": {"expression": "x*y", "quantity": "2 J", "number": "3",
                                       "equation": "x = 2*y", "formula": "H2O",
                                       "reaction": "2 H2 + O2 -> 2 H2O",
                                       "electron-configuration": "1s2", "derivation": None}[kind],
            "symbols": {"x": {"positive": True}, "y": {"positive": True}},
            "start": "x = 2*y", "goal": "y = x/2"}
    t = time.monotonic()
    r = grade(spec, typed)
    assert r.status in ("correct", "incorrect", "invalid")
    assert isinstance(r.feedback, str) and isinstance(r.preview, str)
    assert time.monotonic() - t < 3
