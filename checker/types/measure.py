"""``number`` and ``quantity`` answers: value, units, significant figures (one module: a number
is a quantity without units)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..maths.evaluate import offset_of, to_quantity
from ..feedback import diagnose_number
from ..language.latex import to_latex
from ..maths.numeric import DEFAULT_TOLERANCE, decimal_exponent, parse_tolerance, round_sig, sigfig_counts, to_decimal, within
from ..language.parser import Scope, parse
from ..result import Result, correct, incorrect, invalid
from ..spec import Spec
from ..data.units import Quantity, describe_dims, exact


@dataclass
class Reading:
    """One answer read as a quantity: its tree, SI value (offset included) and what was typed."""

    node: tuple
    q: Quantity          # SI value including any °C offset
    offset: sympy.Expr   # the offset (K) that was added
    literal: str | None  # the one number typed, for counting significant figures

    @property
    def number_part(self) -> sympy.Expr:
        """The value of the one number typed (``2.18`` in ``2.18 x 10^-18 J``)."""
        return exact(self.literal)

    @property
    def scale(self) -> sympy.Expr:
        """SI value of everything but that number, its offset aside (``10^-18 J`` → 1e-18)."""
        return to_quantity(_with_literal_one(self.node, self.literal)).value

    def in_own_units(self, si_value: sympy.Expr) -> sympy.Expr:
        """``si_value`` expressed in the scale and units this answer was typed in."""
        return (si_value - self.offset) / self.scale


def _with_literal_one(node: tuple, literal: str) -> tuple:
    """The tree with the counted number replaced by 1 (the first number that is not a bare 1)."""
    done = [False]

    def go(n: tuple) -> tuple:
        if n[0] == "num" and not done[0] and n[1] == literal:
            done[0] = True
            return ("num", "1")
        return tuple(go(c) if isinstance(c, tuple) else c for c in n)

    return go(node)


def significant_literal(node: tuple) -> str | None:
    """The single number whose figures count (``"2.18"`` in ``2.18 x 10^-18 J``), or None
    when the answer is arithmetic of several numbers, or uses constants or functions."""
    found: list[str] = []

    def walk(n: tuple, in_exponent: bool, below: bool) -> bool:
        kind = n[0]
        if kind in ("const", "call", "e", "pi"):
            return False
        if kind == "num":
            if in_exponent:
                return True
            found.append(n[1])
            return not below  # a number under a fraction bar is arithmetic: 1/(656.47 nm)
        if kind == "pow":
            base_is_ten = n[1] == ("num", "10")
            return (base_is_ten or walk(n[1], in_exponent, below)) and walk(n[2], True, below)
        if kind == "div":
            return walk(n[1], in_exponent, below) and walk(n[2], in_exponent, True)
        return all(walk(c, in_exponent, below) for c in n[1:] if isinstance(c, tuple))

    if not walk(node, False, False):
        return None
    if len(found) > 1:  # a bare 1 beside the value is part of a unit: 1.5233e6 1/m
        found = [f for f in found if f != "1"]
    if len(found) == 1:
        return found[0]
    return "1" if not found else None


def read(text: str, scope: Scope) -> Reading:
    """Read ``text`` as a number or quantity (°C offsets applied). Raises ReadError."""
    node = parse(text, scope)
    q = to_quantity(node)
    offset = offset_of(node, q)
    return Reading(node, Quantity(q.value + offset, q.dims), offset, significant_literal(node))


@dataclass
class Rules:
    """How a value is compared: relative ``tolerance`` (given or the 1 % default) and ``sigfigs``."""

    tolerance: sympy.Rational
    tolerance_given: bool
    sigfigs: int | None

    @classmethod
    def of(cls, spec: Spec) -> "Rules":
        """The rules of an answer spec; raises ValueError for an unreadable tolerance."""
        sf = spec.get("sigfigs")
        return cls(parse_tolerance(spec.get("tolerance")), spec.get("tolerance") is not None,
                   int(sf) if sf is not None else None)

    def shown_figures(self, r: Reading) -> int:
        """How many figures the learner showed, as near to the wanted count as the text allows."""
        counts = sigfig_counts(r.literal)
        if self.sigfigs in counts:
            return self.sigfigs
        return counts.stop - 1 if self.sigfigs > counts.stop - 1 else counts.start

    def matches(self, r: Reading, reference: Quantity) -> bool:
        """Does the answer's value agree with ``reference`` at the precision the learner showed?"""
        if self.tolerance_given or self.sigfigs is None:
            if within(r.q.value, reference.value, self.tolerance):
                return True
            if self.sigfigs is None:
                return False
        # At the learner's own precision, but never more than asked: 364.70 for 364.7 is "right
        # value, too many figures", whatever its last digit.
        shown = self.shown_figures(r)
        k = min(shown, self.sigfigs)
        typed, wanted = to_decimal(r.number_part), r.in_own_units(reference.value)
        if round_sig(typed, k) == round_sig(wanted, k):
            return True
        # 96485 for 96484.79 at 4 figures: right to the 5 shown, though rounding it again gives
        # 9.649e4, not 9.648e4. The value is right; only the number of figures is not.
        return shown > self.sigfigs and round_sig(typed, shown) == round_sig(wanted, shown)


def _figures_message(want: int, r: Reading) -> str:
    counts = sigfig_counts(r.literal)
    shown = str(counts.start) if len(counts) == 1 else f"{counts.start} to {counts.stop - 1}"
    return (f"Your value is right, but give it to {want} significant figures "
            f"(you gave {shown}). The data support {want}.")


def grade_measure(spec: Spec, response: str, with_units: bool) -> Result:
    """Grade a ``number`` (with_units False) or ``quantity`` answer."""
    scope = spec.measure_scope()
    ref = read(str(spec.get("expected")), scope).q
    rules = Rules.of(spec)
    r = read(response, scope)
    preview = to_latex(r.node, spec.latex_names())
    size = decimal_exponent(r.q.value)
    if size is not None and abs(size) > 300:  # e.g. exp(+Ea/RT): a lost minus sign
        return incorrect(preview, f"Your value is about 10^{size}, far too {'large' if size > 0 else 'small'} "
                                  "for this question: check the sign of an exponent and every power of ten.")
    if rules.sigfigs is not None and r.literal is None:
        return _unrounded(spec, scope, r, ref, rules, preview, with_units)
    if with_units and spec.get("units_only") and r.q.dims == ref.dims and not _in_units(r, spec, scope):
        return incorrect(preview, f"Give the answer in {spec.get('units')}, as the question asks.")
    if r.q.dims == ref.dims:
        if rules.matches(r, ref):
            if rules.sigfigs is not None and rules.sigfigs not in sigfig_counts(r.literal):
                msg = _figures_message(rules.sigfigs, r)
                k = rules.sigfigs
                if round_sig(to_decimal(r.number_part), k) != round_sig(r.in_own_units(ref.value), k):
                    msg += (" Round your unrounded result, not this number: rounding a rounded "
                            "number again can change the last figure.")
                return incorrect(preview, msg)
            return correct(preview)
    authored = spec.mistake_feedback(lambda text: read(text, scope).q,
                                     lambda mq: mq.dims == r.q.dims and rules.matches(r, mq))
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    if r.q.dims != ref.dims:
        return incorrect(preview, _dimension_message(r, ref, spec))
    tol = max(rules.tolerance, DEFAULT_TOLERANCE)
    if rules.sigfigs is not None and within(r.q.value, ref.value, tol):
        return incorrect(preview, f"Close, but not right to {rules.sigfigs} significant figures: "
                                  "check your rounding and the data you used.")
    found = diagnose_number(r.q.value, ref.value, tol)
    if found:
        return incorrect(preview, found[0], note=found[1])
    return incorrect(preview, "That value is not right. Check your working step by step.", note="no rule")


def _in_units(r: Reading, spec: Spec, scope: Scope) -> bool:
    """Is the answer written in exactly the spec's ``units`` (same unit, same scale)?"""
    want = read("1 " + str(spec.get("units")), scope)
    return r.literal is not None and abs(r.scale) == want.q.value - want.offset and r.offset == want.offset


def _unrounded(spec: Spec, scope: Scope, r: Reading, ref: Quantity, rules: Rules, preview: str,
               with_units: bool) -> Result:
    """An arithmetic answer (``1/(656.47 nm)``) where a rounded number is wanted: authored
    mistakes still get their feedback; otherwise ask for one number, saying if the value is right."""
    close = sympy.Rational(1, 10**6)
    authored = spec.mistake_feedback(lambda text: read(text, scope).q,
                                     lambda mq: mq.dims == r.q.dims and within(r.q.value, mq.value, close))
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    how = f"one number{' with its units' if with_units else ''}, to {rules.sigfigs} significant figures"
    if r.q.dims == ref.dims and within(r.q.value, ref.value, close):
        return invalid(f"Your expression has the right value. Now work it out and give it as {how}.", preview)
    return invalid(f"Give the result as {how}, so it can be graded.", preview)


def _dimension_message(r: Reading, ref: Quantity, spec: Spec) -> str:
    units = spec.get("units")
    if r.q.dimensionless:
        return (f"Your answer has no units, but it should be {describe_dims(ref.dims)}"
                + (f" (for example in {units})." if units else ".") + " Add the units.")
    return (f"Your answer is {describe_dims(r.q.dims)}, but the question asks for "
            f"{describe_dims(ref.dims)}. Check your units.")



def answer_text(spec: Spec, default_figures: int = 4) -> str:
    """The expected answer as a learner would type it, in the spec's ``units``.

    ``{"expected": "1/(656.47 nm)", "units": "m^-1", "sigfigs": 5}`` → ``"1.5233e6 m^-1"``.
    Without ``sigfigs``, ``default_figures`` are shown. Raises ReadError if the expected
    answer or the units cannot be read, and ValueError if their dimensions differ.
    """
    with_units = spec.type == "quantity"
    scope = spec.measure_scope()
    ref = read(str(spec.get("expected")), scope).q
    figures = int(spec.get("sigfigs") or default_figures)
    units = spec.get("units") if with_units else None
    if not units:
        from ..data.units import si_unit_string
        units = si_unit_string(ref.dims) if with_units and not ref.dimensionless else ""
    value = ref.value
    if units:
        u = read("1 " + units if units != "1" else "1", scope)
        if u.q.dims != ref.dims:
            raise ValueError(f"the expected answer is {describe_dims(ref.dims)}, "
                             f"but units '{units}' are {describe_dims(u.q.dims)}")
        value = (ref.value - u.offset) / (u.q.value - u.offset)
    from ..maths.numeric import format_sig
    text = format_sig(value, figures)
    return f"{text} {units}".strip() if units and units != "1" else text


def preview(spec: Spec, response: str) -> str:
    """LaTeX of how ``response`` is read."""
    return to_latex(parse(response, spec.measure_scope()), spec.latex_names())


def grade(spec: Spec, response: str) -> Result:
    return grade_measure(spec, response, with_units=spec.type == "quantity")
