"""Chemical formulas and reactions: reading them and the ``formula`` and ``reaction`` graders.

Formulas: element symbols with counts, parentheses and brackets with multipliers
(``Ca(OH)2``, ``K4[Fe(CN)6]``), hydrate dots (``CuSO4·5H2O``, ``CuSO4.5H2O``, ``CuSO4*5H2O``),
charges (``SO4^2-``, ``SO4^{2-}``, ``SO₄²⁻``, ``Na+``, ``Fe3+`` read as Fe³⁺ only after ^ or
as a trailing sign), Unicode subscripts, and state labels ``(s) (l) (g) (aq)`` (ignored).
Reactions: species joined by ``+`` with whole-number coefficients, and an arrow
(``->``, ``→``, ``=``, ``<=>``, ``⇌``); electrons as ``e-``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from math import gcd

from .elements import ATOMIC_NUMBER, ISOTOPE_SYMBOLS
from .errors import ReadError
from .result import Result, correct, incorrect
from .spec import Spec

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_STATE = re.compile(r"\((s|l|g|aq|cr)\)\s*$")
# A charge is ^2-, ^{2-}, ^-2, or trailing signs (Na+, SO4--). "Fe3+" (one element, digits, a
# sign) is read as Fe³⁺, as students write it; "NH4+" is NH₄⁺. The preview shows the reading.
_CHARGE = re.compile(r"(?:\^\{?([0-9]*)([+-])\}?|\^\{?([+-])([0-9]+)\}?|([+-]+))$")
_TOKEN = re.compile(r"([A-Z][a-z]?)|(\d+)|([(\[])|([)\]])")


@dataclass(frozen=True)
class Species:
    """A formula read: element counts and charge; ``text`` as typed."""

    atoms: tuple  # sorted (symbol, count) pairs
    charge: int
    text: str

    @property
    def key(self) -> tuple:
        return self.atoms, self.charge

    body: str = ""  # the formula as read, without charge, for the preview

    def latex(self) -> str:
        """LaTeX of the formula as it was read: subscripts, hydrate dot and charge explicit."""
        body = re.sub(r"(?<=[A-Za-z)\]])(\d+)", r"_{\1}", self.body or "e")
        body = re.sub(r"[·•∙⋅*.]", r"\\cdot ", body).replace("[", r"\lbrack ").replace("]", r"\rbrack ")
        if self.charge:
            mag = abs(self.charge)
            body += "^{" + (str(mag) if mag != 1 else "") + ("+" if self.charge > 0 else "-") + "}"
        return r"\mathrm{" + body + "}"


def _parse_group(text: str, pos: int, closing: str | None, whole: str) -> tuple[Counter, int]:
    counts: Counter = Counter()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ReadError(f"Cannot read '{text[pos]}' in the formula {whole}.")
        el, num, opening, close = m.groups()
        if el:
            if el not in ATOMIC_NUMBER and el not in ISOTOPE_SYMBOLS:
                raise ReadError(f"'{el}' is not an element symbol (in {whole}).")
            pos = m.end()
            n = re.match(r"\d+", text[pos:])
            k = int(n.group()) if n else 1
            pos += len(n.group()) if n else 0
            counts[el] += k
        elif opening:
            want = ")" if opening == "(" else "]"
            inner, pos = _parse_group(text, m.end(), want, whole)
            n = re.match(r"\d+", text[pos:])
            k = int(n.group()) if n else 1
            pos += len(n.group()) if n else 0
            for el2, c in inner.items():
                counts[el2] += c * k
        elif close:
            if close != closing:
                raise ReadError(f"Brackets do not match in {whole}.")
            return counts, m.end()
        else:
            raise ReadError(f"A number must follow an element or a bracket in {whole}.")
    if closing:
        raise ReadError(f"A '{closing}' is missing in {whole}.")
    return counts, pos


def _normalise(text: str) -> str:
    """Subscript digits, superscript charges (as ^...), and Unicode minus signs made plain."""
    text = text.translate(_SUB).replace("\u2212", "-").replace("\u2013", "-")
    return re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+", lambda m: "^" + m.group().translate(_SUP), text)


def read_formula(text: str) -> Species:
    """Read one formula (see module doc). Raises ReadError naming what could not be read."""
    raw = text.strip()
    if not raw:
        raise ReadError("Type a formula first.")
    if len(raw) > 200:
        raise ReadError("That formula is too long.")
    s = _normalise(raw)
    s = re.sub(r"\s+(\d*[+-])$", r"^\1", s.strip())   # "SO4 2-" is SO4^2-
    s = re.sub(r"(?<=[A-Za-z0-9)\]])\s+(?=\d+[A-Z(])", "·", s)  # "CuSO4 5H2O" is a hydrate
    s = _STATE.sub("", s.replace(" ", ""))
    single_ion = re.fullmatch(r"([A-Z][a-z]?)(\d+)([+-])", s)
    if single_ion:  # "Fe3+", "Cu2+", "O2-": a single element's digits before a sign are its charge
        s = f"{single_ion.group(1)}^{single_ion.group(2)}{single_ion.group(3)}"
    if s in ("e-", "e^-", "e^{-}", "e−"):
        return Species((), -1, raw, "e")
    charge = 0
    m = _CHARGE.search(s)
    if m:
        if m.group(2):
            charge = int(m.group(1) or 1) * (1 if m.group(2) == "+" else -1)
        elif m.group(3):
            charge = int(m.group(4)) * (1 if m.group(3) == "+" else -1)
        else:
            signs = m.group(5)
            charge = len(signs) * (1 if signs[0] == "+" else -1)
        s = s[:m.start()]
    parts = re.split(r"[·•∙⋅*.]", s)
    total: Counter = Counter()
    for part in parts:
        k = re.match(r"\d+", part)
        mult = int(k.group()) if k and part is not parts[0] else 1
        body = part[k.end():] if k and part is not parts[0] else part
        if not body:
            raise ReadError(f"Something is missing in the formula {raw}.")
        counts, _ = _parse_group(body, 0, None, raw)
        for el, c in counts.items():
            total[el] += c * mult
    return Species(tuple(sorted(total.items(), key=lambda kv: _order(kv[0]))), charge, raw, s)


def _order(symbol: str) -> tuple:
    # Hill order: C first, then H, then the rest alphabetically.
    return (0 if symbol == "C" else 1 if symbol == "H" else 2, symbol)


def grade_formula(spec: Spec, response: str) -> Result:
    """Same elements, counts and charge; the feedback names what differs."""
    expected = read_formula(str(spec.get("expected")))
    got = read_formula(response)
    preview = got.latex()
    if got.key == expected.key:
        return correct(preview)
    authored = spec.mistake_feedback(read_formula, lambda wrong: wrong.key == got.key)
    if authored:
        return incorrect(preview, authored)
    # Name only elements the learner wrote: naming a missing one would give away the answer
    # of a "which element is it?" step.
    want, have = dict(expected.atoms), dict(got.atoms)
    wrong = [el for el in sorted(have, key=_order) if want.get(el, 0) != have[el]]
    if wrong:
        el = wrong[0]
        if el not in want:
            return incorrect(preview, f"The answer has no {el}.")
        return incorrect(preview, f"Check {el}: your formula has {have[el]} {el} where the answer has {want[el]}.")
    if set(want) - set(have):
        return incorrect(preview, "Your formula is missing at least one element.")
    def charge(q: int) -> str:
        return "no charge" if q == 0 else f"a charge of {abs(q)}{'+' if q > 0 else '-'}"
    return incorrect(preview, f"The atoms are right, but the charge is not: yours has {charge(got.charge)}, "
                              f"the answer has {charge(expected.charge)}.")


# ---- reactions ---------------------------------------------------------------------------------
_ARROW = re.compile(r"\s*(?:<=+>|<-+>|⇌|⇄|-+>|=+>|→|⟶|⟹|=)\s*")
_SPLIT_SPACED = re.compile(r"\s+\+\s+")
_SPLIT_TIGHT = re.compile(r"(?<=[A-Za-z0-9)\]+-])\+(?=\s*(?:\d|[A-Z(\[]|e-))")
_COEFF = re.compile(r"^(\d+(?:/\d+)?|\d*\.\d+)\s*(?=[A-Z(\[]|e[-^])")


@dataclass(frozen=True)
class Reaction:
    """Two sides, each a list of (coefficient, Species)."""

    left: tuple
    right: tuple

    def latex(self) -> str:
        def side(items):
            return " + ".join((f"{c} " if c != 1 else "") + s.latex() for c, s in items)
        return side(self.left) + r" \longrightarrow " + side(self.right)


def _read_side(text: str) -> tuple:
    pieces = []
    for chunk in _SPLIT_SPACED.split(text.strip()):
        pieces += [p for p in _SPLIT_TIGHT.split(chunk) if p.strip()]
    if not pieces:
        raise ReadError("Each side of the reaction needs at least one species.")
    items = []
    for p in pieces:
        p = p.strip()
        m = _COEFF.match(p)
        coeff = Fraction(m.group(1)) if m else Fraction(1)
        if coeff <= 0:
            raise ReadError(f"Coefficients must be positive ({p}).")
        items.append((coeff, read_formula(p[m.end():] if m else p)))
    return tuple(items)


def read_reaction(text: str) -> Reaction:
    """Read ``2 H2 + O2 -> 2 H2O``; raises ReadError without exactly one arrow."""
    if len(text) > 500:
        raise ReadError("That reaction is too long.")
    text = _normalise(text)
    text = re.sub(r"\((?:s|l|g|aq|cr)\)", "", text)  # state labels: Ag+(aq) + Cl-(aq) -> AgCl(s)
    sides = _ARROW.split(text.strip())
    if len(sides) != 2:
        raise ReadError("Write the reaction with one arrow, as in 2 H2 + O2 -> 2 H2O.")
    return Reaction(_read_side(sides[0]), _read_side(sides[1]))


def _totals(items) -> tuple[Counter, int]:
    atoms, charge = Counter(), Fraction(0)
    for c, s in items:
        for el, n in s.atoms:
            atoms[el] += c * n
        charge += c * s.charge
    return atoms, charge


def balance_problems(r: Reaction) -> list[str]:
    """What does not balance: each element (left count vs right) and the charge."""
    (la, lc), (ra, rc) = _totals(r.left), _totals(r.right)
    out = [f"{el} does not balance: {la.get(el, 0)} on the left, {ra.get(el, 0)} on the right"
           for el in sorted(set(la) | set(ra), key=_order) if la.get(el, 0) != ra.get(el, 0)]
    if lc != rc:
        out.append(f"charge does not balance: {lc} on the left, {rc} on the right")
    return out


def _by_species(items) -> dict:
    out: dict = {}
    for c, s in items:
        out[s.key] = out.get(s.key, 0) + c
    return out


def grade_reaction(spec: Spec, response: str) -> Result:
    """Same species on each side, atoms and charge balanced, smallest whole numbers unless
    the spec says ``smallest: false``."""
    expected = read_reaction(str(spec.get("expected")))
    got = read_reaction(response)
    preview = got.latex()
    el, er, gl, gr = map(_by_species, (expected.left, expected.right, got.left, got.right))
    authored = spec.mistake_feedback(read_reaction, lambda w: (_by_species(w.left), _by_species(w.right)) == (gl, gr))
    if authored:
        return incorrect(preview, authored)
    if set(gl) == set(er) and set(gr) == set(el) and set(gl) != set(gr):
        return incorrect(preview, "Your reactants and products are the wrong way round.")
    if set(gl) != set(el) or set(gr) != set(er):
        return incorrect(preview, "The species are not the right ones: check what reacts and what forms.")
    problems = balance_problems(got)
    if problems:
        return incorrect(preview, "Not balanced: " + "; ".join(problems) + ".")
    ratios = {gl[k] / el[k] for k in el} | {gr[k] / er[k] for k in er}
    if len(ratios) != 1:
        return incorrect(preview, "Balanced, but not the reaction asked for: check the coefficients.")
    coeffs = list(gl.values()) + list(gr.values())
    whole = all(c.denominator == 1 for c in coeffs)
    smallest = whole and reduce(gcd, (int(c) for c in coeffs)) == 1
    if spec.get("smallest", True) and not smallest:
        return incorrect(preview, "Balanced, but use the smallest whole-number coefficients.")
    return correct(preview)
