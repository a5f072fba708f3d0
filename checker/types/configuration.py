"""Electron configurations: reading ``[Ne] 3s2 3p4`` or ``1s² 2s² 2p⁶`` and grading them.

Noble-gas cores are expanded to their ground-state configurations (NIST Atomic Spectra
Database ground levels); subshells may be written in any order; occupancies are checked
against capacity 2(2l+1) and l < n.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import ReadError
from ..result import Result, correct, incorrect
from ..spec import Spec

L_LETTERS = "spdfghi"
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUBSHELL = re.compile(r"(\d)([spdfg])(?:\^?\{?(\d{1,2})\}?)?")  # no count: one electron, as printed (4s)
_CORE_TEXT = {
    "He": "1s2",
    "Ne": "[He] 2s2 2p6",
    "Ar": "[Ne] 3s2 3p6",
    "Kr": "[Ar] 3d10 4s2 4p6",
    "Xe": "[Kr] 4d10 5s2 5p6",
    "Rn": "[Xe] 4f14 5d10 6s2 6p6",
    "Og": "[Rn] 5f14 6d10 7s2 7p6",
}


def read_configuration(text: str) -> Counter:
    """Subshell → electrons, with any noble-gas core expanded. Raises ReadError."""
    s = re.sub("([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", r"\1 ", text).translate(_SUP).strip()  # 4f¹⁴5d¹⁰ → 4f14 5d10
    if not s:
        raise ReadError("Type a configuration first, such as [Ne] 3s2 3p4.")
    if len(s) > 200:
        raise ReadError("That configuration is too long.")
    out: Counter = Counter()
    core = re.match(r"\[([A-Z][a-z]?)\]", s)
    if core:
        if core.group(1) not in _CORE_TEXT:
            raise ReadError(f"[{core.group(1)}] is not a noble-gas core; use [He], [Ne], [Ar], [Kr], [Xe] or [Rn].")
        out.update(read_configuration(_CORE_TEXT[core.group(1)]))
        s = s[core.end():]
    orbitals: Counter = Counter()  # 2px1 2py1 2pz1: electrons per orbital, added up per subshell
    for token in s.replace(".", " ").split():
        m = _SUBSHELL.fullmatch(token)
        parts = [(m.group(1), m.group(2), m.group(3), None)] if m else _run_together(token)
        for n_text, letter, count_text, orbital in parts:
            n, count = int(n_text), int(count_text or 1)
            l = L_LETTERS.index(letter)
            if l >= n:
                raise ReadError(f"There is no {n}{letter} subshell: l must be less than n.")
            key = f"{n}{letter}"
            if orbital:
                if count > 2:
                    raise ReadError(f"One orbital holds at most 2 electrons, not {count} ({key}{orbital}).")
                orbitals[key] += count
                count = orbitals[key]
            elif key in out or key in orbitals:
                raise ReadError(f"{key} appears twice.")
            if count > 2 * (2 * l + 1):
                raise ReadError(f"A {letter} subshell holds at most {2 * (2 * l + 1)} electrons, not {count}.")
            if count:
                out[key] = count
    return out


_PIECE = re.compile(r"(\d)([spdfg])([xyz])?\^?\{?(\d{1,2})?\}?")


def _run_together(token: str) -> list[tuple]:
    """Subshells typed without spaces, ``1s22s22p3``, or by orbital, ``2px1``: each count is read
    with as many digits as the subshell can hold (``3d104s2`` is 3d10 4s2). Raises ReadError."""
    out, i = [], 0
    while i < len(token):
        m = _PIECE.match(token, i)
        if not m:
            raise ReadError(f"Cannot read '{token}': write subshells like 3p4 or 3p⁴.")
        n, letter, orbital, digits = m.groups()
        capacity = 2 if orbital else 2 * (2 * L_LETTERS.index(letter) + 1)
        if digits and len(digits) == 2 and (int(digits) > capacity or not _PIECE.match(token, m.end())
                                            and m.end() < len(token)):
            digits = digits[0]  # 1s22s2: the second 2 starts the next subshell
        end = m.start(4) + len(digits) if digits else m.end(3) if orbital else m.end(2)
        if token[end:end + 1] == "}":
            end += 1
        out.append((n, letter, digits, orbital))
        i = end
    return out


def configuration_latex(config: Counter) -> str:
    """LaTeX of a configuration in (n, l) order: ``1s^2 2s^2 2p^6``."""
    def order(k):
        return (int(k[0]), L_LETTERS.index(k[1]))
    return r"\,".join(f"{k[0]}\\mathrm{{{k[1]}}}^{{{v}}}" for k, v in sorted(config.items(), key=lambda kv: order(kv[0])))


def grade_configuration(spec: Spec, response: str) -> Result:
    """Same occupied subshells with the same counts; order and core shorthand are free."""
    expected = read_configuration(str(spec.get("expected")))
    got = read_configuration(response)
    preview = configuration_latex(got)
    if got == expected:
        return correct(preview)
    authored = spec.mistake_feedback(read_configuration, lambda wrong: wrong == got)
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    n_got, n_want = sum(got.values()), sum(expected.values())
    if n_got != n_want:
        return incorrect(preview, f"Your configuration has {n_got} electrons; this atom or ion has {n_want}.")
    differ = sorted(k for k in set(got) | set(expected) if got.get(k, 0) != expected.get(k, 0))
    return incorrect(preview, "The number of electrons is right, but not how they are arranged: "
                              f"look again at {', '.join(differ)}.")


def preview(spec: Spec, response: str) -> str:
    return configuration_latex(read_configuration(response))


grade = grade_configuration
