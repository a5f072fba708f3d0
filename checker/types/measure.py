"""``number`` and ``quantity`` answers: value, units, significant figures, decimal places and
temperatures (one module: a number is a quantity without units).

Temperatures follow SPEC §7: a number directly followed by °C is a reading (25.0 °C = 298.15 K),
in the learner's answer and in the author's expected expression alike; a temperature difference
(``25.0 °C - 20.0 °C``, or ``difference: true``) takes °C and K alike as steps; a tolerance on a
temperature is taken in the author's unit (27 °C is not 25 °C within 1 %).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from ..data.constants import CONSTANTS
from ..data.units import CELSIUS, Quantity, describe_dims, dims, exact, si_unit_string
from ..errors import ReadError
from ..feedback import diagnose_number
from ..language.latex import to_latex
from ..language.parser import Scope, parse
from ..maths.evaluate import has_readings, to_quantity, units_in, walk
from ..maths.numeric import (DEFAULT_TOLERANCE, decimal_exponent, decimal_places, format_sig, parse_tolerance,
                             round_places, round_sig, sigfig_counts, to_decimal, within)
from ..result import Result, correct, incorrect, invalid
from ..spec import Spec, SpecKeyError

_KELVIN = dims(K=1)
_MOLARITY = dims(mol=1, m=-3)
_MOLALITY = dims(mol=1, kg=-1)
_ZERO_CELSIUS = exact("273.15")


@dataclass
class Reading:
    """One answer read as a quantity: its tree, SI value (offset included) and what was typed."""

    node: tuple
    q: Quantity          # SI value, a Celsius reading counted from absolute zero
    offset: sympy.Expr | None  # what a Celsius reading added (K), 0 otherwise, None if not one number
    literal: str | None  # the one number typed, for counting significant figures
    absolute: bool = True

    @property
    def number_part(self) -> sympy.Expr:
        """The value of the one number typed (``2.18`` in ``2.18 x 10^-18 J``)."""
        return exact(self.literal)

    @property
    def scale(self) -> sympy.Expr:
        """SI value of everything but that number, its offset aside (``10^-18 J`` → 1e-18)."""
        return to_quantity(_with_literal_one(self.node, self.literal), absolute=False).value

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

    def walk_(n: tuple, in_exponent: bool, below: bool) -> bool:
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
            return (base_is_ten or walk_(n[1], in_exponent, below)) and walk_(n[2], True, below)
        if kind == "div":
            return walk_(n[1], in_exponent, below) and walk_(n[2], in_exponent, True)
        return all(walk_(c, in_exponent, below) for c in n[1:] if isinstance(c, tuple))

    if not walk_(node, False, False):
        return None
    if len(found) > 1:  # a bare 1 beside the value is part of a unit: 1.5233e6 1/m
        found = [f for f in found if f != "1"]
    if len(found) == 1:
        return found[0]
    return "1" if not found else None


def read(text: str, scope: Scope, absolute: bool = True) -> Reading:
    """Read ``text`` as a number or quantity. With ``absolute`` (the default) a Celsius reading
    counts from absolute zero; without, it is a step (a temperature difference). Raises ReadError."""
    node = parse(text, scope)
    q = to_quantity(node, absolute)
    offset = sympy.Integer(0)
    if absolute and has_readings(node):
        try:
            offset = q.value - to_quantity(node, absolute=False).value
        except ReadError:  # 1/(0 °C) has no step reading: the offset is not one number
            offset = None
    return Reading(node, q, offset, significant_literal(node), absolute)


def _names_a_slip(r: Reading, rules: "Rules", mistake: Quantity) -> bool:
    """One significant figure is too coarse to say which slip an answer is (2 for 1.59): an
    authored mistake is matched only when the answer shows at least two figures (or all that are
    asked), or is the mistake's value itself (6 for sqrt(6) without the root)."""
    if r.literal is None or rules.sigfigs is None:
        return True
    return max(sigfig_counts(r.literal)) >= min(2, rules.sigfigs) or within(r.q.value, mistake.value, DEFAULT_TOLERANCE)


def read_expected(spec: Spec, absolute: bool = True) -> Reading:
    """The author's expected value. Written with constants the chain did not declare
    (``h*c/(500 nm)``), it is read with the whole constants table."""
    return read_authored(spec, str(spec.get("expected")), absolute)


def read_authored(spec: Spec, text: str, absolute: bool = True) -> Reading:
    """An author's value (the expected answer or an authored mistake), read as
    :func:`read_expected` says."""
    scope = spec.measure_scope()
    try:
        return read(text, scope, absolute)
    except ReadError:
        # A number may be computed from quantities whose units cancel: K = exp(-ΔG°/RT).
        for wider in (spec.quantity_scope(), Scope(constants=set(CONSTANTS), units=True)):
            try:
                ref = read(text, wider, absolute)
            except ReadError:
                continue
            if spec.type == "number" and not ref.q.dimensionless:
                raise ValueError(f"the expected value of a number answer is {describe_dims(ref.q.dims)}, "
                                 "not a pure number: use type quantity")
            return ref
        raise


@dataclass
class Rules:
    """How a value is compared: relative ``tolerance`` (given or the 1 % default), ``sigfigs``
    and ``decimals`` (decimal places)."""

    tolerance: sympy.Rational
    tolerance_given: bool
    sigfigs: int | None
    decimals: int | None = None

    @classmethod
    def of(cls, spec: Spec) -> "Rules":
        """The rules of an answer spec; raises ValueError for an unreadable tolerance."""
        sf, dp = spec.get("sigfigs"), spec.get("decimals")
        return cls(parse_tolerance(spec.get("tolerance")), spec.get("tolerance") is not None,
                   int(sf) if sf is not None else None, int(dp) if dp is not None else None)

    @property
    def rounded(self) -> bool:
        """Does the answer have to be one rounded number (sigfigs or decimals asked)?"""
        return self.sigfigs is not None or self.decimals is not None

    def shown_figures(self, r: Reading) -> int:
        """How many figures the learner showed, as near to the wanted count as the text allows."""
        counts = sigfig_counts(r.literal)
        if self.sigfigs in counts:
            return self.sigfigs
        return counts.stop - 1 if self.sigfigs > counts.stop - 1 else counts.start

    def matches(self, r: Reading, reference: sympy.Expr, shift: sympy.Expr = 0, author=None) -> str | None:
        """The rule by which the answer's value agrees with ``reference`` (SI), or None.

        ``shift``: what to subtract from both before a relative tolerance (273.15 K when the
        author gives a temperature in °C). ``author``: SI value → the author's units, where the
        author's rounding may be compared as well (36.0 kcal/mol is 151 kJ/mol at 3 s.f.).
        """
        if self.tolerance_given or not self.rounded:
            if within(r.q.value - shift, reference - shift, self.tolerance):
                return "within tolerance"
            if shift and reference == shift and r.literal and self._rounds_to(r, reference):
                return "rounds to 0 °C"  # 273 K for 0 °C: no relative tolerance exists around zero
            if not self.rounded:
                return "figures shown" if r.literal and self._as_shown(r, reference, author) else None
        ok = "figures shown"
        if self.sigfigs is not None and not self._sigfigs_agree(r, reference, author):
            return None
        if self.decimals is not None:
            shown, n = decimal_places(r.literal), self.decimals
            typed, wanted = to_decimal(r.number_part), r.in_own_units(reference)
            k = min(shown, n)
            if round_places(typed, k) != round_places(wanted, k) and \
                    not (shown > n and round_places(typed, shown) == round_places(wanted, shown)):
                return None
            ok = "decimal places shown"
        return ok

    @staticmethod
    def _rounds_to(r: Reading, reference: sympy.Expr) -> bool:
        """Is the typed number the reference rounded to the places the learner typed?"""
        places = decimal_places(r.literal)
        return round_places(r.in_own_units(reference), places) == round_places(to_decimal(r.number_part), places)

    def _sigfigs_agree(self, r: Reading, reference: sympy.Expr, author) -> bool:
        # At the learner's own precision, but never more than asked: 364.70 for 364.7 is "right
        # value, too many figures", whatever its last digit.
        shown = self.shown_figures(r)
        k = min(shown, self.sigfigs)
        typed, wanted = to_decimal(r.number_part), r.in_own_units(reference)
        if round_sig(typed, k) == round_sig(wanted, k):
            return True
        # 96485 for 96484.79 at 4 figures: right to the 5 shown, though rounding it again gives
        # 9.649e4, not 9.648e4. The value is right; only the number of figures is not.
        if shown > self.sigfigs and round_sig(typed, shown) == round_sig(wanted, shown):
            return True
        # Converted from the author's units: 36.0 kcal/mol for 151 kJ/mol, at the figures shown.
        return author is not None and round_sig(author(r.q.value), k) == round_sig(author(reference), k)

    def _as_shown(self, r: Reading, reference: sympy.Expr, author) -> bool:
        """Without sigfigs: the answer is the reference rounded, in the learner's units, to the
        figures the learner typed, and shows at least as many figures as the author's value."""
        need = author.figures if author is not None and author.figures else None
        if need is None:
            return False
        typed, wanted = to_decimal(r.number_part), r.in_own_units(reference)
        return any(n >= need and round_sig(wanted, n) == typed for n in sigfig_counts(r.literal))


@dataclass
class AuthorUnits:
    """Converts SI values into the units the author wrote (the expected value's own, else the
    spec's ``units``); ``figures``: how many the author's own number shows, if there is one."""

    convert: object
    figures: int | None = None

    def __call__(self, si_value):
        return self.convert(si_value)


def _author_units(spec: Spec, ref: Reading, scope: Scope) -> AuthorUnits | None:
    if ref.literal is not None:  # the author's own number, in the author's own units
        return AuthorUnits(ref.in_own_units, sigfig_counts(ref.literal).start)
    units = spec.get("units")
    if units and units != "1":
        try:
            u = read("1 " + str(units), scope)
        except ReadError:
            return None
        if u.q.dims == ref.q.dims:
            step = u.q.value - u.offset
            return AuthorUnits(lambda v: (v - u.offset) / step)
    return None


@dataclass
class Temperature:
    """How a temperature answer is compared: as a difference (°C and K alike as steps), and
    from which zero a relative tolerance is taken (0 K, or 0 °C when the author writes °C)."""

    difference: bool
    shift: sympy.Expr

    @classmethod
    def of(cls, spec: Spec, ref: Reading) -> "Temperature":
        """Raises SpecKeyError for ``difference: true`` on an answer that is not a temperature."""
        if ref.q.dims != _KELVIN:
            if spec.get("difference"):
                raise SpecKeyError("difference", "'difference: true' is for a temperature difference, but the "
                                                 f"expected answer is {describe_dims(ref.q.dims)}")
            return cls(False, sympy.Integer(0))
        if spec.get("difference") or (has_readings(ref.node) and ref.offset == 0):
            return cls(True, sympy.Integer(0))  # 25.0 °C - 20.0 °C: the offsets cancel
        celsius = str(spec.get("units") or "").strip() in CELSIUS or \
            (spec.get("units") is None and ref.offset != 0)
        return cls(False, _ZERO_CELSIUS if celsius else sympy.Integer(0))


_LABEL = re.compile(r"^\s*[^=]*[A-Za-z\]\u0370-\u03ff][^=]*=\s*(?P<value>[^=]+?)\s*$")
_DEGREE_KELVIN = re.compile(r"°\s*K\b|\bdeg\s*K\b")
_FAHRENHEIT = re.compile(r"°\s*F\b|\bdeg\s*F\b|℉")


def _refused(spec: Spec, response: str) -> Result | None:
    """Answers refused before reading: a labelled value (``pH = 3.00``), kelvin with a degree sign."""
    m = _LABEL.match(response)
    if m:
        return invalid(f"Type the value only: {m.group('value')}, not {response.strip()}.", note="labelled answer")
    if "=" in response:
        return invalid("Type the value only, without '='.", note="labelled answer")
    if _DEGREE_KELVIN.search(response):
        return invalid("Did you mean K? Kelvin temperatures take no degree sign: type 298 K, not 298 °K.",
                       note="degree kelvin")
    if _FAHRENHEIT.search(response):
        return invalid("Give temperatures in K or °C: Fahrenheit is not used here.", note="fahrenheit")
    return None


def _figures_message(want: int, r: Reading) -> str:
    counts = sigfig_counts(r.literal)
    shown = str(counts.start) if len(counts) == 1 else f"{counts.start} to {counts.stop - 1}"
    return (f"Your value is right, but give it to {want} significant figures "
            f"(you gave {shown}). The data support {want}.")


def _places_message(want: int, r: Reading) -> str:
    shown = decimal_places(r.literal)
    return (f"Your value is right, but give it to {want} decimal place{'s' if want != 1 else ''} "
            f"(you gave {max(shown, 0)}). For a logarithm such as pH, pKa or log K the digits before "
            "the decimal point only give the power of ten; the digits after it carry the significant "
            "figures of the number it came from: [H+] = 1.0×10⁻³ M has 2 significant figures, so "
            "pH = 3.00, with 2 decimal places.")


def grade_measure(spec: Spec, response: str, with_units: bool) -> Result:
    """Grade a ``number`` (with_units False) or ``quantity`` answer."""
    refused = _refused(spec, response)
    if refused:
        return refused
    scope = spec.measure_scope()
    ref = read_expected(spec)
    temp = Temperature.of(spec, ref)
    if temp.difference:  # a difference of readings: °C and K alike are steps
        ref = read_expected(spec, absolute=False)
    rules = Rules.of(spec)
    r = _read_response(spec, response, scope, absolute=not temp.difference)
    if isinstance(r, Result):
        return r
    preview = to_latex(r.node, spec.latex_names())
    if not any(n[0] in ("num", "const", "e", "pi") for n in walk(r.node)):
        return invalid(f"A number is missing: give the value with its units, as in 2.5 {response.strip()}.",
                       preview, note="bare unit")
    size = decimal_exponent(r.q.value)
    if size is not None and abs(size) > 300:  # e.g. exp(+Ea/RT): a lost minus sign
        return incorrect(preview, f"Your value is about 10^{size}, far too {'large' if size > 0 else 'small'} "
                                  "for this question: check the sign of an exponent and every power of ten.",
                         note="far too large")
    if rules.rounded and r.literal is None:
        return _unrounded(spec, scope, r, ref.q, rules, preview, with_units)
    if with_units and spec.get("units_only") and r.q.dims == ref.q.dims and not _in_units(r, spec, scope):
        return incorrect(preview, f"Give the answer in {spec.get('units')}, as the question asks.", note="units only")
    # Rounding compared in the author's units too, where a conversion only scales (never between
    # °C and K, whose offset changes significant figures: that is _across_scales).
    author = _author_units(spec, ref, scope) if ref.q.dims != _KELVIN else None
    if r.q.dims == ref.q.dims:
        how = rules.matches(r, ref.q.value, temp.shift, author)
        wrong_count = _count_message(rules, r, ref.q.value) if how else None
        if how and not wrong_count:
            return correct(preview, note=how)
        carried = _across_scales(rules, ref, r, temp)
        if carried and carried.matches(r, ref.q.value, temp.shift) and not _count_message(carried, r, ref.q.value):
            return correct(preview, note="decimal places carried between °C and K")
        if wrong_count:
            return incorrect(preview, wrong_count[0], note=wrong_count[1])
    authored = spec.mistake_feedback(lambda text: read_authored(spec, text, not temp.difference).q,
                                     lambda mq: mq.dims == r.q.dims and _names_a_slip(r, rules, mq)
                                     and rules.matches(r, mq.value, temp.shift))
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    if r.q.dims != ref.q.dims:
        return _dimension_result(r, ref, spec, preview, response, scope)
    tol = min(max(rules.tolerance, DEFAULT_TOLERANCE, _typed_precision(r)), sympy.Rational(5, 100))
    if _asks_percent(spec, ref):
        if "%" not in units_in(r.node) and within(r.q.value / 100, ref.q.value, tol):
            return incorrect(preview, "Your number is right as a percentage: add the % sign (12.5 %, not 12.5).",
                             note="percent sign missing")
        if ref.q.value and (within(r.q.value, ref.q.value * 100, tol) or within(r.q.value * 100, ref.q.value, tol)):
            return incorrect(preview, "Your value is off by a factor of 100: a percentage is a fraction times "
                                      "100 (0.125 is 12.5 %). Check where you converted, and that you did it once.",
                             note="percent off by 100")
    if _celsius_as_kelvin(ref, r, tol):
        return incorrect(preview, "You used a Celsius temperature as if it were in kelvin. Gas laws, "
                                  "Arrhenius and ΔG = ΔH − TΔS need the absolute temperature: "
                                  "T/K = t/°C + 273.15 (25.0 °C = 298.15 K).", note="celsius as kelvin")
    if rules.rounded and within(r.q.value - temp.shift, ref.q.value - temp.shift, tol):
        what = f"{rules.sigfigs} significant figures" if rules.sigfigs is not None else \
            f"{rules.decimals} decimal places"
        return incorrect(preview, f"Close, but not right to {what}: check your rounding and the data you used.",
                         note="close, not at the precision asked")
    found = diagnose_number(r.q.value - temp.shift, ref.q.value - temp.shift, tol, pure=ref.q.dimensionless)
    if found:
        return incorrect(preview, found[0], note=found[1])
    if _kilo_mixed(ref, r, tol):
        return incorrect(preview, "Your value is what you get when an energy in kJ is used as if it were in J, "
                                  "or J as kJ (ΔG° or Eₐ in kJ/mol with R = 8.314 J/(mol K), or ΔS in J/K beside "
                                  "ΔH in kJ): put every energy in the same unit before combining them.",
                         note="kJ and J mixed")
    return incorrect(preview, "That value is not right. Check your working step by step.", note="no rule")


def _typed_precision(r: Reading) -> sympy.Rational:
    """Relative rounding of the number typed (half its last digit): 1.7e-6 is known to 3 %, so a
    slip is recognised at the learner's own precision."""
    if r.literal is None or not exact(r.literal):
        return sympy.Integer(0)
    places = decimal_places(r.literal)
    return sympy.Rational(1, 2) * sympy.Integer(10) ** (-places) / abs(exact(r.literal))


_UNREAD_LABEL = re.compile(r"^\s*[A-Za-z\[][\w\[\]+\-]*\s*:?\s+(?P<value>[-+.\d].*)$")


def _readable(text: str, scope: Scope) -> bool:
    try:
        read(text, scope)
        return True
    except ReadError:
        return False


def _read_response(spec: Spec, response: str, scope: Scope, absolute: bool = True) -> Reading | Result:
    """The learner's answer, or the ``invalid`` result that says why it cannot be graded. A number
    answer may carry units that make a pure number (12.5 %, 3.01e22 molecules), no others."""
    try:
        return read(response, scope, absolute)
    except ReadError:
        if spec.type == "number":
            other = _with_units(spec, response)
            if other is not None and other.q.dimensionless:
                return other
            if other is not None:
                return invalid("This answer is a pure number: leave out the units.", note="units on a number")
        label = _UNREAD_LABEL.match(response)
        if label and _readable(label.group("value"), scope):
            return invalid(f"Type the value only: {label.group('value').strip()}, not {response.strip()}.",
                           note="labelled answer")
        raise


def _with_units(spec: Spec, response: str) -> Reading | None:
    """The answer read with units allowed, or None if it cannot be read that way either."""
    try:
        return read(response, spec.quantity_scope())
    except ReadError:
        return None


def _across_scales(rules: Rules, ref: Reading, r: Reading, temp: "Temperature") -> Rules | None:
    """For a temperature typed on the other scale than the author's (K for °C, °C for K), the
    figures asked as decimal places of the author's value: adding 273.15 keeps decimal places
    (25.0 °C = 298.2 K), so that is right too. None when this does not apply."""
    if rules.sigfigs is None or rules.decimals is not None or ref.q.dims != _KELVIN or temp.difference \
            or r.literal is None or r.offset == temp.shift:
        return None
    places = -round_sig(ref.q.value - temp.shift, rules.sigfigs).as_tuple().exponent
    return Rules(rules.tolerance, rules.tolerance_given, None, places)


def _count_message(rules: Rules, r: Reading, reference) -> tuple[str, str] | None:
    """(message, note) when the value is right but shows the wrong number of figures or places."""
    if rules.sigfigs is not None and rules.sigfigs not in sigfig_counts(r.literal):
        msg = _figures_message(rules.sigfigs, r)
        k = rules.sigfigs
        if round_sig(to_decimal(r.number_part), k) != round_sig(r.in_own_units(reference), k):
            msg += (" Round your unrounded result, not this number: rounding a rounded "
                    "number again can change the last figure.")
        return msg, "significant figures"
    if rules.decimals is not None and decimal_places(r.literal) != rules.decimals:
        return _places_message(rules.decimals, r), "decimal places"
    return None


def _asks_percent(spec: Spec, ref: Reading) -> bool:
    return str(spec.get("units") or "").strip() == "%" or "%" in units_in(ref.node)


def _celsius_as_kelvin(ref: Reading, r: Reading, tol) -> bool:
    """Does the answer equal the expected value with its Celsius temperatures used as kelvin
    (``25.0 °C`` as 25.0 K, or ``298.15 K`` as 25.0 K)?"""
    slipped = _as_celsius_numbers(ref.node)
    if slipped == ref.node:
        return False
    try:
        alt = to_quantity(slipped, absolute=False)
    except (ReadError, ArithmeticError, TypeError, ValueError):
        return False
    return alt.dims == r.q.dims and alt.value != 0 and within(r.q.value, alt.value, tol)


def _kilo_mixed(ref: Reading, r: Reading, tol) -> bool:
    """Does the answer equal the expected value with its kJ read as J, or its J read as kJ?"""
    names = set(units_in(ref.node))
    if not names & {"kJ", "J"} and not any(n == ("const", "R") for n in walk(ref.node)):
        return False
    for a, b in (("kJ", "J"), ("J", "kJ")):
        if a not in names:
            continue
        try:
            alt = to_quantity(_swap_unit(ref.node, a, b), r.absolute)
            if alt.dims == r.q.dims and alt.value != 0 and within(r.q.value, alt.value, tol):
                return True
        except (ReadError, ArithmeticError, TypeError, ValueError):
            continue  # exp(kJ read as J) is far beyond any number: not this slip
    return False


def _swap_unit(node: tuple, a: str, b: str) -> tuple:
    if node == ("unit", a):
        return ("unit", b)
    return tuple(_swap_unit(c, a, b) if isinstance(c, tuple) else c for c in node)


def _as_celsius_numbers(node: tuple) -> tuple:
    """The tree with each temperature read on the Celsius scale but counted as kelvin."""
    if node[0] == "reading":
        return ("mul", node[1], ("unit", "K"), True)
    if node[0] == "mul" and node[2] == ("unit", "K"):
        number = node[1] if node[1][0] == "num" else node[1][2] if node[1][0] == "mul" else None
        if number is not None and number[0] == "num" and exact(number[1]) > _ZERO_CELSIUS:
            slipped = ("num", str(to_decimal(exact(number[1]) - _ZERO_CELSIUS)))  # 298.15 K as 25.00 K
            head = slipped if node[1][0] == "num" else node[1][:2] + (slipped,) + node[1][3:]
            return ("mul", _as_celsius_numbers(head) if head[0] != "num" else head, node[2], node[3])
    return tuple(_as_celsius_numbers(c) if isinstance(c, tuple) else c for c in node)


def _in_units(r: Reading, spec: Spec, scope: Scope) -> bool:
    """Is the answer written in exactly the spec's ``units`` (same unit, same scale)?"""
    want = read("1 " + str(spec.get("units")), scope)
    return r.literal is not None and abs(r.scale) == want.q.value - want.offset and r.offset == want.offset


def _unrounded(spec: Spec, scope: Scope, r: Reading, ref: Quantity, rules: Rules, preview: str,
               with_units: bool) -> Result:
    """An arithmetic answer (``1/(656.47 nm)``) where a rounded number is wanted: authored
    mistakes still get their feedback; otherwise ask for one number, saying if the value is right."""
    close = sympy.Rational(1, 10**6)
    authored = spec.mistake_feedback(lambda text: read_authored(spec, text, r.absolute).q,
                                     lambda mq: mq.dims == r.q.dims and within(r.q.value, mq.value, close))
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    if (r.q.dims == ref.dims and not any(n[0] == "num" for n in walk(r.node))
            and within(r.q.value, ref.value, sympy.Rational(1, 10**9))):
        # N_A*u: the chain's own constants, nothing typed to round, so the value is exact
        return correct(preview, note="exact, from the chain's constants")
    precision = f"{rules.sigfigs} significant figures" if rules.sigfigs is not None else \
        f"{rules.decimals} decimal places"
    how = f"one number{' with its units' if with_units else ''}, to {precision}"
    if r.q.dims == ref.dims and within(r.q.value, ref.value, close):
        return invalid(f"Your expression has the right value. Now work it out and give it as {how}.", preview,
                       note="unevaluated expression")
    return invalid(f"Give the result as {how}, so it can be graded.", preview, note="unevaluated expression")


# Unit spellings that read as another unit, each with what was probably meant: tried when the
# dimension is wrong, and named only when the other reading has the right dimension.
_RESPELL = [
    (re.compile(r"(?<![A-Za-z])m(?![A-Za-z])"), "(mol/kg)", "m for molality",
     "Here m is read as the metre. Write a molality in full, as mol/kg "
     "(0.50 mol/kg, not 0.50 m; 1.86 K kg/mol, not 1.86 °C/m)."),
    (re.compile(r"(?<![A-Za-z])ms(?![A-Za-z])"), "m s", "ms for m s",
     "Here ms is the millisecond. For metres per second leave a space, m s^-1, or write m/s."),
]


def _respelled(response: str, scope: Scope, want) -> tuple[str, str] | None:
    """(message, note) when reading one unit differently gives the wanted dimension."""
    for pattern, replacement, note, message in _RESPELL:
        if not pattern.search(response):
            continue
        try:
            if read(pattern.sub(replacement, response), scope).q.dims == want:
                return message, note
        except ReadError:
            pass
    return None


def _dimension_result(r: Reading, ref: Reading, spec: Spec, preview: str, response: str, scope: Scope) -> Result:
    """A wrong dimension, named in a chemist's terms, with the slips that explain it."""
    units = spec.get("units")
    typed = units_in(r.node)
    if r.q.dimensionless:
        return incorrect(preview, f"Your answer has no units, but it should be {describe_dims(ref.q.dims)}"
                         + (f" (for example in {units})." if units else ".") + " Add the units.",
                         note="missing units")
    if ref.q.dims == _KELVIN and "C" in typed and r.q.dims == dims(A=1, s=1):
        return invalid("Did you mean °C? C alone is the coulomb, a unit of charge: type 25 °C (or 25 degC) "
                       "for degrees Celsius.", preview, note="coulomb for celsius")
    respelled = _respelled(response, scope, ref.q.dims)
    if respelled:
        return invalid(respelled[0], preview, note=respelled[1])
    if ref.q.dims == _MOLARITY and r.q.dims == _MOLALITY:
        return incorrect(preview, "Your answer is a molality (mol per kilogram of solvent), but the question "
                                  "asks for a molarity (mol per litre of solution). Check which one the "
                                  "question wants, and your units.", note="molality for molarity")
    if ref.q.dims == _MOLALITY and r.q.dims == _MOLARITY:
        return incorrect(preview, "Your answer is a molarity (mol per litre of solution), but the question "
                                  "asks for a molality (mol per kilogram of solvent, mol/kg).",
                         note="molarity for molality")
    return incorrect(preview, f"Your answer is {describe_dims(r.q.dims)}, but the question asks for "
                              f"{describe_dims(ref.q.dims)}. Check your units.", note="wrong dimension")


def answer_text(spec: Spec, default_figures: int = 4) -> str:
    """The expected answer as a learner would type it, in the spec's ``units``.

    ``{"expected": "1/(656.47 nm)", "units": "m^-1", "sigfigs": 5}`` → ``"1.5233e6 m^-1"``.
    Without ``sigfigs``, ``default_figures`` are shown; with ``decimals``, that many decimal
    places. Raises ReadError if the expected answer or the units cannot be read, and ValueError
    if their dimensions differ.
    """
    with_units = spec.type == "quantity"
    scope = spec.measure_scope()
    ref = read_expected(spec)
    difference = Temperature.of(spec, ref).difference
    if difference:
        ref = read_expected(spec, absolute=False)
    figures = int(spec.get("sigfigs") or default_figures)
    units = spec.get("units") if with_units else None
    if not units:
        units = si_unit_string(ref.q.dims) if with_units and not ref.q.dimensionless else ""
    value = ref.q.value
    if units:
        u = read("1 " + units if units != "1" else "1", scope, absolute=not difference)
        if u.q.dims != ref.q.dims:
            raise ValueError(f"the expected answer is {describe_dims(ref.q.dims)}, "
                             f"but units '{units}' are {describe_dims(u.q.dims)}")
        value = (ref.q.value - u.offset) / (u.q.value - u.offset)
    if spec.get("decimals") is not None:
        places = int(spec.get("decimals"))
        text = f"{round_places(value, places):f}"
        if text.startswith("-") and not round_places(value, places):
            text = text[1:]
    else:
        text = format_sig(value, figures)
    return f"{text} {units}".strip() if units and units != "1" else text


def preview(spec: Spec, response: str) -> str:
    """LaTeX of how ``response`` is read."""
    refused = _refused(spec, response)
    if refused:
        raise ReadError(refused.feedback)
    try:
        return to_latex(parse(response, spec.measure_scope()), spec.latex_names())
    except ReadError:
        other = _with_units(spec, response) if spec.type == "number" else None
        if other is None or not other.q.dimensionless:
            raise
        return to_latex(other.node, spec.latex_names())


def grade(spec: Spec, response: str) -> Result:
    return grade_measure(spec, response, with_units=spec.type == "quantity")
