"""Tokenizer for the answer language (SPEC §5): numbers, names, [species], operators.

Unicode a learner types is normalised first: minus signs, multiplication dots and
crosses, superscript digits (``10⁻¹⁸`` → ``10^(-18)``), and ``x``/``X`` between a
number and a power of ten. Anything outside the language raises ReadError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ReadError

MAX_LENGTH = 2000

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUP_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋ₐₑₒₓₕₖₗₘₙₚₛₜᵢᵣᵤᵥ", "0123456789+-aeoxhklmnpstiruv")  # Eₐ, P₁
_REPLACE = {
    "\u0127": "hbar", "\u210f": "hbar",  # ħ, the Planck-constant-over-2-pi sign
    "\u2212": "-", "\u2013": "-", "\u2012": "-", "\u00b7": "*", "\u22c5": "*", "\u2219": "*",
    "\u00d7": "*", "\u2217": "*", "\u00f7": "/", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "**": "^", "\u221a": "sqrt ",  # √(3RT/M)
}
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_TIMES_TEN = re.compile(r"\s*[xX]\s*(?=10\s*\^)")
# Names: letters (Latin, Greek, the micro sign), digits and underscores, and the standard-state
# mark ° directly after a letter (ΔG°, E°cell; but g°C is g then °C, and g°K g then °K); °C, Å, %, Ω and the
# degree of arc ° stand alone.
_NAME = re.compile(r"[A-Za-z_\u00b5\u0370-\u03ff](?:[A-Za-z0-9_\u00b5\u0370-\u03ff]|°(?![CFK]))*|°C|℃|Å|Å|%|°")
# A concentration, with an optional subscript touching it: [A]_0, [A]_{0}, [A]0 (initial),
# [A]_t, [A]_eq. A bare digit after the bracket is read as a subscript only for 0.
_BRACKET = re.compile(r"\[([^\[\]]{1,20})\](?:_\{([A-Za-z0-9]{1,8})\}|_(\d{1,3}|[A-Za-z]{1,8})|(0)(?![\d.]))?")
# [H3O+] and [H+] are one symbol: the hydrated proton (SPEC §7).
_SAME_SPECIES = {"H3O+": "H+", "H3O": "H+"}
_SPECIES = re.compile(r"[A-Za-z0-9+\-()]+")
_OPS = set("+-*/^()={}")

_EXPLAIN = {
    "\\": "LaTeX commands are not read: type sqrt(x), not \\sqrt{x}.",
    "#": "'#' is not part of the answer language.",
    ",": "Use a decimal point, not a comma, and one answer only.",
    "'": "Quotes are not part of the answer language.",
    '"': "Quotes are not part of the answer language.",
    "<": "Inequalities are not part of the answer language.",
    ">": "Inequalities are not part of the answer language.",
    "!": "Factorials and '!' are not part of the answer language.",
}


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is num, name, bracket, op or end; ``text`` as read; ``pos`` its offset."""

    kind: str
    text: str
    pos: int


def normalise(text: str) -> str:
    """Replace the Unicode a learner may type by the plain answer language."""
    for a, b in _REPLACE.items():
        text = text.replace(a, b)
    text = re.sub(r"°\s+C\b", "°C", text)  # "25 ° C" is Celsius, not degree times coulomb
    text = re.sub(r"\bmm\s+Hg\b", "mmHg", text)  # "760 mm Hg", as textbooks print it
    text = re.sub(r"\bdeg\s+C\b", "degC", text)  # "25 deg C" is Celsius too
    text = re.sub(r"\]([₀₁₂₃₄₅₆₇₈₉]+)", lambda m: "]_" + m.group(1).translate(SUBSCRIPTS), text)  # [A]₀
    text = re.sub(r"\[[^\[\]]*\]", lambda m: bracket_name(m.group()), text)  # [H⁺] → [H+]
    text = text.translate(SUBSCRIPTS)  # P₁V₁ → P1V1
    text = re.sub(r"(?<=[A-Za-z])_?½", "_half", text).replace("½", "(1/2)")  # t½ is the half-life
    return _SUP_RUN.sub(lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)


def bracket_name(text: str) -> str:
    """Canonical name of a concentration: ``[H^+]``, ``[H⁺]``, ``[NH_4^+]`` → ``[H+]``, ``[NH4+]``;
    ``[H3O+]`` → ``[H+]``; a subscript after the bracket, ``[A]0``, ``[A]₀``, ``[A]_{0}`` → ``[A]_0``."""
    text = text.strip()
    close = text.rfind("]")
    inner = text[1:close].translate(_SUPERSCRIPTS).translate(SUBSCRIPTS)
    for junk in (" ", "^", "{", "}", "_", "(", ")"):
        inner = inner.replace(junk, "")
    inner = _SAME_SPECIES.get(inner, inner)
    sub = text[close + 1:].translate(SUBSCRIPTS)
    for junk in (" ", "_", "{", "}"):
        sub = sub.replace(junk, "")
    return f"[{inner}]" + (f"_{sub}" if sub else "")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an ``end`` token.

    Raises ReadError for characters outside the language, empty input and over-long input.
    """
    if len(text) > MAX_LENGTH:
        raise ReadError(f"That answer is too long (more than {MAX_LENGTH} characters).")
    text = normalise(text)
    if not text.strip():
        raise ReadError("Type an answer first.")
    if "==" in text:
        raise ReadError("Use a single '=' in an equation; '==' is not part of the answer language.")
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        m = _NUMBER.match(text, i)
        if m and (ch.isdigit() or ch == "."):
            tokens.append(Token("num", m.group(), i))
            i = m.end()
            t = _TIMES_TEN.match(text, i)
            if t:
                tokens.append(Token("op", "*", i))
                i = t.end()
            continue
        m = _NAME.match(text, i)
        if m:
            if "__" in m.group():
                raise ReadError(f"The name '{m.group()}' is not allowed.")
            tokens.append(Token("name", m.group(), i))
            i = m.end()
            continue
        if ch == "[":
            m = _BRACKET.match(text, i)
            name = bracket_name(m.group(0)) if m else ""
            if not m or not _SPECIES.fullmatch(name[1:name.rfind("]")]):
                raise ReadError("Square brackets hold a concentration, such as [H+] or [NH3].")
            if m.end() < len(text) and text[m.end()].isdigit():  # [NH3]2: never a silent product
                raise ReadError(f"Write {name}^{text[m.end()]} for a power of {name} (or {name}_0 for the "
                                "initial concentration).")
            tokens.append(Token("bracket", name, i))
            i = m.end()
            continue
        if ch in _OPS:
            tokens.append(Token("op", {"{": "(", "}": ")"}.get(ch, ch), i))
            i += 1
            continue
        raise ReadError(_EXPLAIN.get(ch, f"The character '{ch}' is not part of the answer language."))
    tokens.append(Token("end", "", len(text)))
    return tokens
