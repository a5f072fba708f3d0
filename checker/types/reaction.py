"""``reaction`` answers: species joined by ``+`` with coefficients and one arrow
(``->``, ``→``, ``=``, ``<=>``, ``⇌``); electrons as ``e-``. Graded for the same species, balance
of atoms and charge, and smallest whole-number coefficients (unless ``smallest: false``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from math import gcd

from ..errors import ReadError
from ..result import Result, correct, incorrect
from ..spec import Spec
from .formula import _normalise, _order, read_formula

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
        return incorrect(preview, authored, note="authored mistake")
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


def preview(spec: Spec, response: str) -> str:
    return read_reaction(response).latex()


grade = grade_reaction
