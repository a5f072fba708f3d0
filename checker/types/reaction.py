"""``reaction`` answers: species joined by ``+`` with coefficients and one arrow
(``->``, ``→``, ``=``, ``<=>``, ``⇌``); electrons as ``e-``, ``e^-``, ``e^{-1}``.

Graded (SPEC §5, §7) for the same species on each side, atoms and charge balanced, and
smallest whole-number coefficients — or, with ``smallest: false``, the coefficients as
written (a formation reaction makes one mole). Where the expected reaction gives states,
the states count; where it is an equilibrium (``<=>``, ``⇌``), the answer needs that arrow.
"""

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
from .formula import Species, _normalise, _order, read_formula

_EQUILIBRIUM = re.compile(r"<=+>|<-+>|⇌|⇄|↔|⟷")
_ARROW = re.compile(r"\s*(?:<=+>|<-+>|⇌|⇄|↔|⟷|-+>|=+>|→|⟶|⟹|=)\s*")
_TEX = [(re.compile(r"\\(?:rightleftharpoons|leftrightharpoons|rightleftarrows)"), "<=>"),
        (re.compile(r"\\(?:longrightarrow|rightarrow|to)\b"), "->")]
_SPLIT_SPACED = re.compile(r"\s+\+\s+")
# A "+" between two species, not the "+" of a charge: it is followed by a coefficient and a
# formula, a formula, or an electron ("Fe+3 + e-" has one such "+", "2H2+O2" one, "H++OH-" one).
_FORMULA_START = r"(?:[A-Z\[]|\((?!(?:s|l|g|aq|cr)\)))"  # "(" of (NH4)2SO4, not of a state (aq)
_SPLIT_TIGHT = re.compile(r"(?<=[A-Za-z0-9)\]+-])\+(?=\s*(?:\d+(?:/\d+)?\s*(?:" + _FORMULA_START + r"|e[-^])|"
                          + _FORMULA_START + r"|e[-^]))")
_COEFF = re.compile(r"^(\d+(?:/\d+)?|\d*\.\d+)\s*(?=[A-Z(\[]|e[-^{])")
_STATE_WORDS = {"s": "solid", "l": "liquid", "g": "gas", "aq": "aqueous"}


@dataclass(frozen=True)
class Reaction:
    """Two sides, each a tuple of (coefficient, Species); ``equilibrium`` if written with ⇌."""

    left: tuple
    right: tuple
    equilibrium: bool = False

    def latex(self) -> str:
        def side(items):
            return " + ".join((f"{c} " if c != 1 else "") + s.latex() for c, s in items)
        arrow = r" \rightleftharpoons " if self.equilibrium else r" \longrightarrow "
        return side(self.left) + arrow + side(self.right)

    @property
    def has_states(self) -> bool:
        return any(s.state for _, s in self.left + self.right)


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
    text = re.sub(r"^\s*\\ce\{(.*)\}\s*$", r"\1", text.replace("½", "1/2"))  # \ce{...} as in the book
    for pattern, arrow in _TEX:
        text = pattern.sub(arrow, text)
    text = _normalise(text)
    text = re.sub(r"\s+(?=\((?:s|l|g|aq|cr)\))", "", text)  # "H2O (l)": the state belongs to H2O
    text = re.sub(r"e-(-+>)", r"e- \1", text)  # "2e-->": an electron, then the arrow
    reaction = _split_arrow(text)
    tight = re.search(r"(?<=[A-Za-z0-9)\]])-(?=-+>)", text)
    if tight and _charge_off(reaction):  # "OH-->": OH⁻ then "->" if that balances the charge
        try:
            other = _split_arrow(text[:tight.end()] + " " + text[tight.end():])
        except ReadError:
            return reaction
        return reaction if _charge_off(other) else other
    return reaction


def _split_arrow(text: str) -> Reaction:
    sides = _ARROW.split(text.strip())
    if len(sides) != 2:
        raise ReadError("Write the reaction with one arrow, as in 2 H2 + O2 -> 2 H2O.")
    return Reaction(_read_side(sides[0]), _read_side(sides[1]), bool(_EQUILIBRIUM.search(text)))


def _charge_off(r: Reaction) -> bool:
    return _totals(r.left)[1] != _totals(r.right)[1]


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


def _states(items) -> dict:
    return {s.key: s.state for _, s in items}


_ELECTRON = ((), -1)


def _electron_message(el, er, gl, gr) -> str | None:
    """Feedback when only the electrons differ: moved to the other side, left out, or added."""
    rest = [{k: v for k, v in d.items() if k != _ELECTRON} for d in (el, er, gl, gr)]
    if set(rest[0]) != set(rest[2]) or set(rest[1]) != set(rest[3]):
        return None
    want = "left" if _ELECTRON in el else "right" if _ELECTRON in er else None
    have = "left" if _ELECTRON in gl else "right" if _ELECTRON in gr else None
    if want == have:
        return None
    if want and have:
        kind = "a reduction: electrons are taken in" if want == "left" else "an oxidation: electrons are given out"
        return f"Your electrons are on the wrong side. This half-reaction is {kind}."
    if want:
        return "A half-reaction shows the electrons it takes in or gives out: add them (as e-)."
    return ("Electrons do not appear in a whole reaction: those given out by one species are "
            "taken in by another, so they cancel.")


def _state_message(expected: Reaction, got: Reaction) -> str | None:
    """Where the expected reaction gives states: name the first species whose state is missing
    or differs (without saying which state is right)."""
    if not expected.has_states:
        return None
    for items, want in ((got.left, _states(expected.left)), (got.right, _states(expected.right))):
        for _, s in items:
            target = want.get(s.key)
            if target is None or s.key == _ELECTRON:
                continue
            if s.state is None:
                return ("Give the state of each species, as in H2O(l) or NaCl(s): in this reaction "
                        "the states matter.")
            if s.state != target:
                return (f"Check the state of {s.ce()}: you wrote it as {_STATE_WORDS[s.state]} "
                        f"({s.state}). Which state is it in here?")
    return None


def _states_wanted(spec: Spec, got: Reaction) -> bool:
    """``states: optional`` (for a prompt that says state labels are optional): an answer with no
    states at all is not asked for them; states it gives must still be right."""
    mode = spec.get("states", "required")
    if mode not in ("required", "optional"):
        raise ValueError(f"'states' must be 'required' or 'optional', not {mode!r}")
    return mode == "required" or got.has_states


def _per_mole(expected: Reaction) -> str:
    """ "per mole of X" for the product the expected reaction makes one mole of."""
    ones = [s.ce() for c, s in expected.right if c == 1 and s.key != _ELECTRON]
    return f"per mole of {ones[0]}" if len(ones) == 1 else "with the coefficients the question asks for"


def grade_reaction(spec: Spec, response: str) -> Result:
    """Same species on each side, atoms and charge balanced, smallest whole numbers unless
    the spec says ``smallest: false``; states and the equilibrium arrow where the expected
    reaction has them."""
    expected = read_reaction(str(spec.get("expected")))
    got = read_reaction(response)
    preview = got.latex()
    el, er, gl, gr = map(_by_species, (expected.left, expected.right, got.left, got.right))

    def same(w: Reaction) -> bool:
        if (_by_species(w.left), _by_species(w.right)) != (gl, gr) or w.equilibrium != got.equilibrium:
            return False
        return not w.has_states or (_states(w.left), _states(w.right)) == (_states(got.left), _states(got.right))

    authored = spec.mistake_feedback(read_reaction, same)
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    if set(gl) == set(er) and set(gr) == set(el) and set(gl) != set(gr):
        return incorrect(preview, "Your reactants and products are the wrong way round.", note="reversed")
    moved = _electron_message(el, er, gl, gr)
    if moved:
        return incorrect(preview, moved, note="electrons")
    if set(gl) != set(el) or set(gr) != set(er):
        return incorrect(preview, "The species are not the right ones: check what reacts and what forms.",
                         note="species")
    problems = balance_problems(got)
    if problems:
        return incorrect(preview, "Not balanced: " + "; ".join(problems) + ".", note="balance")
    ratios = {gl[k] / el[k] for k in el} | {gr[k] / er[k] for k in er}
    if len(ratios) != 1:
        return incorrect(preview, "Balanced, but not the reaction asked for: check the coefficients.",
                         note="coefficients")
    if spec.get("smallest", True):
        coeffs = list(gl.values()) + list(gr.values())
        whole = all(c.denominator == 1 for c in coeffs)
        if not whole or reduce(gcd, (int(c) for c in coeffs)) != 1:
            return incorrect(preview, "Balanced, but use the smallest whole-number coefficients.",
                             note="smallest")
    elif ratios != {1}:
        return incorrect(preview, f"Balanced, but this reaction is asked for {_per_mole(expected)}: "
                                  "scale your coefficients to that amount.", note="per mole")
    states = _state_message(expected, got) if _states_wanted(spec, got) else None
    if states:
        return incorrect(preview, states, note="states")
    if expected.equilibrium and not got.equilibrium:
        return incorrect(preview, "This is an equilibrium: write it with the equilibrium arrow ⇌ "
                                  "(type <=>), not a one-way arrow.", note="equilibrium arrow")
    return correct(preview)


def preview(spec: Spec, response: str) -> str:
    return read_reaction(response).latex()


grade = grade_reaction

__all__ = ["Reaction", "Species", "read_reaction", "grade_reaction", "balance_problems"]
