"""``formula`` answers, and reading formulas (for reactions too).

Formulas: element symbols with counts, parentheses and brackets with multipliers
(``Ca(OH)2``, ``K4[Fe(CN)6]``), hydrate dots (``CuSO4·5H2O``, ``CuSO4.5H2O``, ``CuSO4*5H2O``),
charges (``SO4^2-``, ``SO4^{2-}``, ``SO₄²⁻``, ``Na+``, ``Fe3+`` read as Fe³⁺ only after ^ or
as a trailing sign), Unicode subscripts, and state labels ``(s) (l) (g) (aq)`` (ignored).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..data.elements import ATOMIC_NUMBER, ISOTOPE_SYMBOLS
from ..errors import ReadError
from ..result import Result, correct, incorrect
from ..spec import Spec

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_STATE = re.compile(r"\s*\((s|l|g|aq|cr)\)\s*$")
# Charges as chemists type them (SPEC §7): ^2-, ^{2-}, ^-2, ^{+3}, (2-), ]3- after a complex,
# +3 / -2 after the formula, and trailing signs (Na+, SO4--). "Fe3+" (one element, digits, a
# sign) is Fe³⁺; "NH4+" is NH₄⁺; "SO42-" (two digits before the sign) is SO₄²⁻. The preview
# shows the reading.
_CHARGES = [
    (re.compile(r"\^\{?(\d*)([+-])\}?$"), lambda m: (m.group(1), m.group(2))),
    (re.compile(r"\^\{?([+-])(\d+)\}?$"), lambda m: (m.group(2), m.group(1))),
    (re.compile(r"\((\d*)([+-])\)$"), lambda m: (m.group(1), m.group(2))),
    (re.compile(r"(?<=\])(\d+)([+-])$"), lambda m: (m.group(1), m.group(2))),
    (re.compile(r"(?<=[A-Za-z0-9)\]])([+-])(\d)$"), lambda m: (m.group(2), m.group(1))),
    (re.compile(r"(?<=[A-Za-z]\d)([1-4])([+-])$"), lambda m: (m.group(1), m.group(2))),
    (re.compile(r"([+-]+)$"), lambda m: (str(len(m.group(1))), m.group(1)[0])),
]
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
_ELECTRON = re.compile(r"e(?:\^?\{?-1?\}?|\^\{?-\}?)")
_TOKEN = re.compile(r"([A-Z][a-z]?)|(\d+)|([(\[])|([)\]])")


@dataclass(frozen=True)
class Species:
    """A formula read: element counts and charge; ``text`` as typed; ``state`` the label
    typed after it (s, l, g, aq), or None."""

    atoms: tuple  # sorted (symbol, count) pairs
    charge: int
    text: str
    body: str = ""  # the formula as read, without charge or state, for the preview
    state: str | None = None

    @property
    def key(self) -> tuple:
        return self.atoms, self.charge

    def plain(self) -> str:
        """The formula as read, in the answer language: ``SO4^2-``, ``e-``."""
        if not self.atoms and self.charge == -1:
            return "e-"
        mag = abs(self.charge)
        return self.body + (("^" + (str(mag) if mag != 1 else "") + ("+" if self.charge > 0 else "-"))
                            if self.charge else "")

    def ce(self) -> str:
        """The formula for feedback (Markdown): ``$\\ce{SO4^2-}$``, typeset with mhchem."""
        return "$\\ce{" + self.plain() + "}$"

    def latex(self) -> str:
        """LaTeX of the formula as it was read: subscripts, hydrate dot, charge and state explicit."""
        body = re.sub(r"(?<=[A-Za-z)\]])(\d+)", r"_{\1}", self.body or "e")
        body = re.sub(r"[·•∙⋅*.]", r"\\cdot ", body).replace("[", r"\lbrack ").replace("]", r"\rbrack ")
        if self.charge:
            mag = abs(self.charge)
            body += "^{" + (str(mag) if mag != 1 else "") + ("+" if self.charge > 0 else "-") + "}"
        if self.state:
            body += f"({self.state})"
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
    """Subscript digits, superscript charges (as ^...), Unicode minus signs and TeX subscripts
    (``H_2O``, ``AgNO_{3}``) made plain."""
    text = text.translate(_SUB).replace("\u2212", "-").replace("\u2013", "-")
    text = re.sub(r"_\{?(\d+)\}?", r"\1", text)
    return re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+", lambda m: "^" + m.group().translate(_SUP), text)


def read_formula(text: str) -> Species:
    """Read one formula (see module doc). Raises ReadError naming what could not be read."""
    raw = text.strip()
    if not raw:
        raise ReadError("Type a formula first.")
    if len(raw) > 200:
        raise ReadError("That formula is too long.")
    s = _normalise(raw).strip()
    state = None
    m = _STATE.search(s)
    if m:
        state = "s" if m.group(1) == "cr" else m.group(1)
        s = s[:m.start()]
    s = re.sub(r"\s+(\d*[+-])$", r"^\1", s.strip())   # "SO4 2-" is SO4^2-
    s = re.sub(r"(?<=[A-Za-z0-9)\]])\s+(?=\d+[A-Z(])", "·", s)  # "CuSO4 5H2O" is a hydrate
    s = s.replace(" ", "")
    if _ELECTRON.fullmatch(s):
        return Species((), -1, raw, "e", state)
    roman = re.fullmatch(r"([A-Z][a-z]?)\(([IVX]+)\)", s)
    if roman and roman.group(2) in _ROMAN:  # Fe(III) is iron(III), not FeI3
        s = f"{roman.group(1)}^{_ROMAN[roman.group(2)]}+"
    single_ion = re.fullmatch(r"([A-Z][a-z]?)([1-8])([+-])", s)
    if single_ion:  # "Fe3+", "Cu2+", "O2-": a single element's digits before a sign are its charge
        s = f"{single_ion.group(1)}^{single_ion.group(2)}{single_ion.group(3)}"
    s = re.sub(r"(?<=[A-Za-z0-9)\]])[-=≡#](?=[A-Z(\[])", "", s)  # bonds in CH3-O-CH3, CH2=CH2
    charge = 0
    for pattern, parts in _CHARGES:
        m = pattern.search(s)
        if m:
            size, sign = parts(m)
            charge = int(size or 1) * (1 if sign == "+" else -1)
            s = s[:m.start()]
            break
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
    return Species(tuple(sorted(total.items(), key=lambda kv: _order(kv[0]))), charge, raw, s, state)


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
        return incorrect(preview, authored, note="authored mistake")
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


def preview(spec: Spec, response: str) -> str:
    return read_formula(response).latex()


grade = grade_formula
