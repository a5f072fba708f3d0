"""Parser for the answer language: tokens → a small syntax tree (tuples).

Strict precedence, no guessing (SPEC §5): ``+ -`` < ``* /`` and juxtaposition (left to
right, so ``1/2x`` is ``(1/2)·x``) < unary minus < ``^`` (right-associative, so
``-x^2`` is ``-(x^2)`` and ``2^-3`` is allowed). Names are resolved while parsing by a
:class:`Scope`: declared symbols, then constants, ``e`` and ``pi``, then units (in
quantity answers), then a split into declared symbols (``hc`` → ``h c``).

Node shapes: ``("num", text)``, ``("sym", name)``, ``("const", name)``, ``("unit", name)``,
``("e",)``, ``("pi",)``, ``("neg", a)``, ``("add"|"sub"|"div"|"pow", a, b)``,
``("mul", a, b, implicit)``, ``("call", function, a)``, ``("eq", lhs, rhs)``, and
``("reading", number, ("unit", "°C"))`` for a number directly followed by °C (a temperature
reading, 25 °C = 298.15 K; °C anywhere else is a kelvin-sized step).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from ..errors import ReadError
from .lexer import Token, tokenize
from ..data.units import CELSIUS, UNITS as _UNIT_NAMES, lookup_unit

FUNCTIONS = {
    "sqrt": "sqrt", "exp": "exp", "ln": "ln", "log": "log10", "log10": "log10",
    "sin": "sin", "cos": "cos", "tan": "tan", "asin": "asin", "acos": "acos", "atan": "atan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "abs": "abs",
}
GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωΓΔΘΛΞΠΣΦΨΩϵϑφ",
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi "
    "Omega epsilon theta phi".split(),
), **{"\u00b5": "mu"})  # the micro sign a keyboard gives for μ
MAX_DEPTH = 60


def ascii_name(name: str) -> str:
    """Spell Greek letters out: ``λ`` → ``lambda``, ``Δ_rH`` → ``Delta_rH``."""
    return "".join(GREEK.get(ch, ch) for ch in name)


_TRAILING_DIGITS = re.compile(r"([A-Za-z]+)(\d+)")
_GREEK_HEAD = re.compile("(" + "|".join(sorted(set(GREEK.values()) - {"hbar"}, key=len, reverse=True))
                         + r")([A-Za-z]\w*)")


def name_key(name: str) -> str:
    """How a declared name is matched when typed loosely (SPEC §7): without underscores, Greek
    spelled out, the standard mark ``°`` as ``0`` and moved to the end, so ``ΔG°``, ``ΔG0``,
    ``Delta_G0``, ``ΔG_0`` (and ``E°cell``, ``E_cell°``) give one key each."""
    key = ascii_name(name).replace("_", "").replace("°", "0")
    key = _PROCESS_FIRST.sub(r"Delta\2\1", key)  # Δ_fH° (IUPAC) = ΔH_f° (as US texts print it)
    zeros = _LONE_ZERO.findall(key)
    return _LONE_ZERO.sub("", key) + "0" * len(zeros) if zeros and _LONE_ZERO.sub("", key) else key


_LONE_ZERO = re.compile(r"(?<!\d)0(?!\d)")
_LETTER_O = re.compile(r"(?<=[A-Z])o")
_PROCESS_FIRST = re.compile(r"^Delta(r|f|c|vap|fus|sub|sol|comb)([A-Z])")
_FUNCTION_HEAD = sorted(FUNCTIONS, key=len, reverse=True)


def raw_function(fn: str) -> str:
    """The name a learner types for a function (``log10`` → ``log``)."""
    return "log" if fn == "log10" else fn


@dataclass
class Scope:
    """What names mean in one answer.

    ``symbols``: declared symbol names (``"lambda"``, ``"[H+]"``); ``constants``: names read
    as constants from the table (quantity answers); ``units``: whether unknown names may be
    units. ``e`` is Euler's number and ``pi`` is π unless declared.
    """

    symbols: set[str] = field(default_factory=set)
    constants: set[str] = field(default_factory=set)
    units: bool = False
    _keys: dict | None = field(default=None, init=False, repr=False, compare=False)

    def resolve(self, raw: str, power_follows: bool = False) -> list[tuple] | None:
        """Atoms for one name token, or None if it cannot be read. ``power_follows``: a ``^``
        comes next, so a run ending in e may end in Euler's number (``Ae^(-Ea/RT)``)."""
        if raw == "°" or (raw == "deg" and raw not in self.symbols):  # degrees of arc, in any answer
            return [("unit", "°")]
        name = self._alias(ascii_name(raw))
        if self.units and name not in self.symbols | self.constants and lookup_unit(raw) is not None:
            return [("unit", raw)]  # a unit is never taken for a loosely typed constant
        name = self.keys().get(name_key(name), name) if name not in self.symbols | self.constants else name
        if name in self.symbols:
            return [("sym", name)]
        if name in self.constants:
            return [("const", name)]
        if name == "e":
            return [("e",)]
        if name == "pi":
            return [("pi",)]
        parts = self._split(name)
        if parts is None and not self.units and len(name) > 1:  # pka, ksp: unique up to case
            folded = self.keys(folded=True).get(name_key(name).lower())
            parts = [("sym", folded) if folded in self.symbols else ("const", folded)] if folded else None
        if parts is None and _LETTER_O.search(name):  # Eo, ΔGo, Eocell: the letter o for the mark °
            marked = self.keys().get(name_key(_LETTER_O.sub("°", name, count=1)))
            parts = [("sym", marked) if marked in self.symbols else ("const", marked)] if marked else None
        if parts is None and power_follows and len(name) > 1 and name.endswith("e") and "e" not in self.symbols:
            head = self.resolve(name[:-1])  # Ae^(-Ea/RT): Euler's number after declared names
            parts = head + [("e",)] if head and all(a[0] in ("sym", "const") for a in head) else None
        if self.units and parts and not all(p[0] == "const" for p in parts):
            return None  # with units about, only constants run together (N_Au) are split
        return parts

    def keys(self, folded: bool = False) -> dict[str, str]:
        """Loose key (:func:`name_key`, lower-cased if ``folded``) → declared name, for keys
        only one name has."""
        if self._keys is None:
            self._keys = {}
        if folded not in self._keys:
            keys: dict[str, str | None] = {}
            for n in self.symbols | self.constants:
                if not n.startswith("["):
                    k = name_key(n).lower() if folded else name_key(n)
                    keys[k] = n if keys.get(k, n) == n else None
            self._keys[folded] = {k: n for k, n in keys.items() if n is not None and len(k) > folded}
        return self._keys[folded]

    def _alias(self, name: str) -> str:
        """A declared name typed without its underscore: ``ε0`` (epsilon0) for ``epsilon_0``,
        ``ΔE`` (DeltaE) for ``Delta_E``, ``a0`` for ``a_0``; otherwise ``name`` itself."""
        known = self.symbols | self.constants
        if name in known:
            return name
        m = _TRAILING_DIGITS.fullmatch(name) or _GREEK_HEAD.fullmatch(name)
        if m and f"{m.group(1)}_{m.group(2)}" in known:
            return f"{m.group(1)}_{m.group(2)}"
        return name

    def _split(self, name: str) -> list[tuple] | None:
        """Split ``name`` wholly into declared names (as declared or loosely typed: ``P1V1``
        into P_1 and V_1), fewest parts first."""
        pieces = {**self.keys(), **{n: n for n in self.symbols | self.constants}, "pi": "pi"}
        best: list[list[str] | None] = [None] * (len(name) + 1)
        best[0] = []
        for i in range(len(name)):
            if best[i] is None:
                continue
            for piece, n in pieces.items():
                if name.startswith(piece, i):
                    cand = best[i] + [n]
                    j = i + len(piece)
                    if best[j] is None or len(cand) < len(best[j]):
                        best[j] = cand
        parts = best[len(name)]
        if not parts and "°" in name:  # nFE°: the mark as the 0 of a loosely typed name
            return self._split(name.replace("°", "0"))
        if not parts or len(parts) < 2:
            return None
        return [("pi",) if p == "pi" else ("sym", p) if p in self.symbols else ("const", p) for p in parts]

    def function_of(self, raw: str) -> tuple[list[tuple], str, list[tuple]] | None:
        """A function name run into its argument, as chemists type it: ``lnK`` = ln(K),
        ``logKa`` = log(K_a), ``ln2`` = ln(2), ``RTlnK`` = R·T·ln(K). Returns (factors before,
        function, factors of its argument), or None unless every part reads."""
        for i in range(len(raw)):
            before = self.resolve(raw[:i]) if i else []
            if before is None or not all(a[0] in ("sym", "const") for a in before):
                continue
            for head in _FUNCTION_HEAD:
                rest = raw[i + len(head):]
                if not raw.startswith(head, i) or head in self.symbols:
                    continue
                if not rest:  # RTln(K): the argument follows
                    if i:
                        return before, FUNCTIONS[head], []
                    continue
                if rest.isdigit():
                    if head in ("ln", "log"):
                        return before, FUNCTIONS[head], [("num", rest)]
                    continue
                atoms = None if rest[0].isdigit() else self.resolve(rest)
                if atoms and all(a[0] in ("sym", "const") for a in atoms):
                    return before, FUNCTIONS[head], atoms
        return None


class _Parser:
    def __init__(self, tokens: list[Token], scope: Scope):
        self.toks = tokens
        self.i = 0
        self.scope = scope
        self.depth = 0

    def peek(self) -> Token:
        return self.toks[self.i]

    def take(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def is_op(self, *ops: str) -> bool:
        t = self.peek()
        return t.kind == "op" and t.text in ops

    def starts_operand(self) -> bool:
        t = self.peek()
        return t.kind in ("num", "name", "bracket") or (t.kind == "op" and t.text == "(")

    def top(self, allow_equation: bool) -> tuple:
        node = self.sum()
        if self.is_op("="):
            if not allow_equation:
                raise ReadError("This answer is not an equation: leave out the '='.")
            self.take()
            node = ("eq", node, self.sum())
            if self.is_op("="):
                raise ReadError("Write one equation with a single '='.")
        t = self.peek()
        if t.kind != "end":
            raise ReadError(f"Unexpected '{t.text}' at position {t.pos + 1}.")
        return node

    def sum(self) -> tuple:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ReadError("That answer is nested too deeply.")
        node = self.product()
        while self.is_op("+", "-"):
            op = self.take().text
            node = ("add" if op == "+" else "sub", node, self.product())
        self.depth -= 1
        return node

    def product(self) -> tuple:
        node = self.unary()
        while True:
            if self.is_op("*", "/"):
                op = self.take().text
                if self.peek().kind == "end":
                    raise ReadError(f"Something is missing after '{op}'.")
                rhs = self.unit_denominator() if op == "/" and self.unit_ahead(0) else self.unary()
                node = ("mul", node, rhs, False) if op == "*" else ("div", node, rhs)
            elif self.starts_operand():
                nxt, after = self.peek(), self.toks[min(self.i + 1, len(self.toks) - 1)]
                per_unit = nxt.text == "1" and after.kind == "op" and after.text == "/"  # 1.5e6 1/m
                if nxt.kind == "num" and self.toks[self.i - 1].kind == "num" and not per_unit:
                    raise ReadError(f"Two numbers side by side ({self.toks[self.i - 1].text} {self.peek().text}): "
                                    "write one number, or put * between them.")
                node = ("mul", node, self.power(), True)
            else:
                return node

    def unit_ahead(self, k: int) -> bool:
        """Is the token ``k`` places ahead a name read as a unit (``mol``, ``K``, ``cm3``)?"""
        t = self.toks[min(self.i + k, len(self.toks) - 1)]
        if not self.scope.units or t.kind != "name" or t.text in FUNCTIONS:
            return False
        atoms = self.scope.resolve(t.text)
        if atoms is None:
            m = _UNIT_DIGIT.fullmatch(t.text)
            return bool(m) and lookup_unit(m.group(1)) is not None \
                and m.group(1) not in self.scope.constants | self.scope.symbols
        return len(atoms) == 1 and atoms[0][0] == "unit"

    def unit_denominator(self) -> tuple:
        """Units after a single '/', as textbooks print them: everything that follows is the
        denominator (``J/mol K`` = J mol⁻¹ K⁻¹, ``L·atm/mol·K``, ``J/g°C``). Only units join in:
        a number, symbol or constant ends it, so the precedence of numbers never changes."""
        node = self.power()
        while True:
            if self.unit_ahead(0):
                node = ("mul", node, self.power(), True)
            elif self.is_op("*") and self.unit_ahead(1):
                self.take()
                node = ("mul", node, self.power(), False)
            else:
                return node

    def celsius_reading(self, number: tuple) -> tuple:
        """``number`` itself, or a reading when °C follows it: 25.0 °C is 298.15 K wherever it stands."""
        nxt = self.peek()
        before = [(t.kind, t.text) for t in self.toks[max(self.i - 3, 0):self.i - 1]]
        if before[-1:] == [("op", "^")] or before[-2:] in ([("op", "^"), ("op", "-")], [("op", "^"), ("op", "+")]):
            return number  # an exponent: g^-1 °C^-1 is a per-degree step
        if nxt.kind == "name" and nxt.text in CELSIUS and self.unit_ahead(0):
            after = self.toks[min(self.i + 1, len(self.toks) - 1)]
            if self.unit_ahead(1) or (after.kind == "op" and (after.text == "^" or (
                    after.text in "*/" and self.unit_ahead(2)))):
                return number  # 1.86 °C kg/mol, 2.5 °C/min: °C in a compound unit is a step
            self.take()
            return ("reading", number, ("unit", nxt.text))
        return number

    def unary(self) -> tuple:
        if self.is_op("-"):
            self.take()
            inner = self.unary()
            if inner[0] == "reading":  # -1.86 °C is a reading below zero, not minus (1.86 °C)
                return ("reading", ("neg", inner[1]), inner[2])
            return ("neg", inner)
        if self.is_op("+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> tuple:
        factors = self.primary()
        if self.is_op("^"):
            self.take()
            if self.peek().kind == "end":
                raise ReadError("Something is missing after '^'.")
            factors[-1] = ("pow", factors[-1], self.unary())
        node = factors[0]
        for f in factors[1:]:
            node = ("mul", node, f, True)
        return node

    def primary(self) -> list[tuple]:
        t = self.take()
        if t.kind == "num":
            return [self.celsius_reading(("num", t.text))]
        if t.kind == "bracket":
            nxt = self.peek()
            if t.text not in self.scope.symbols and nxt.kind == "name" and f"{t.text}_{nxt.text}" in self.scope.symbols:
                self.take()  # [A]t, [A]eq for a declared [A]_t, [A]_eq
                return [("sym", f"{t.text}_{nxt.text}")]
            if t.text not in self.scope.symbols:
                raise ReadError(f"{t.text} is not a concentration this question uses.")
            return [("sym", t.text)]
        if t.kind == "op" and t.text == "(":
            node = self.sum()
            if not self.is_op(")"):
                raise ReadError("A closing bracket ')' is missing.")
            self.take()
            if node[0] == "num" or (node[0] == "neg" and node[1][0] == "num"):
                return [self.celsius_reading(node)]  # (-1.86) °C, as a variant's value is filled in
            return [node]
        if t.kind == "name":
            return self.name(t)
        if t.kind == "end":
            raise ReadError("The answer ends too early: something is missing.")
        raise ReadError(f"Unexpected '{t.text}' at position {t.pos + 1}.")

    def name(self, t: Token) -> list[tuple]:
        fn = FUNCTIONS.get(t.text)
        if fn and t.text not in self.scope.symbols:
            if self.is_op("("):
                self.take()
                arg = self.sum()
                if not self.is_op(")"):
                    raise ReadError("A closing bracket ')' is missing.")
                self.take()
            elif self.starts_operand():
                arg = self.power()
            else:
                raise ReadError(f"{t.text} needs an argument, as in {t.text}(x).")
            return [("call", fn, arg)]
        atoms = self.scope.resolve(t.text, self.is_op("^"))
        if self.scope.units:
            atoms = self.unit_power(t, atoms)
        if atoms is None and t.text in ("t1", "t_1") and "t_half" in self.scope.symbols and self.is_op("/") \
                and self.toks[self.i + 1].text == "2":  # t1/2, the half-life, as chemists type it
            self.i += 2
            return [("sym", "t_half")]
        call = self.scope.function_of(ascii_name(t.text)) if atoms is None else None
        if call:  # lnK: the argument takes a power that follows, as in ln K^2 = ln(K^2)
            before, fn, args = call
            if not args:
                return before + self.name(Token("name", raw_function(fn), t.pos))
            if self.is_op("^"):
                self.take()
                args[-1] = ("pow", args[-1], self.unary())
            arg = args[0]
            for a in args[1:]:
                arg = ("mul", arg, a, True)
            return before + [("call", fn, arg)]
        if atoms is None:
            what = "unit or constant" if self.scope.units else "symbol"
            raise ReadError(f"Unknown {what} '{t.text}'." + (_did_you_mean(t.text) or _known(self.scope)))
        return atoms

    def unit_power(self, t: Token, atoms: list[tuple] | None) -> list[tuple] | None:
        """Powers of units written without ^, as chemists often do: ``cm-1``, ``mol dm-3``,
        ``cm3``, ``m2``, ``cm6`` (exponents 1 to 6, the digits touching the unit); and two units run
        together (``molK`` is mol K, shown so in the preview) when the case is not a slip."""
        if atoms is None:
            m = _UNIT_DIGIT.fullmatch(t.text)
            if m and lookup_unit(m.group(1)) is not None and m.group(1) not in self.scope.constants | self.scope.symbols:
                return [("pow", ("unit", m.group(1)), ("num", m.group(2)))]
            if not _did_you_mean(t.text):
                for k in range(1, len(t.text)):
                    a, b = t.text[:k], t.text[k:]
                    if a in _RUN_UNITS and b in _RUN_UNITS:
                        return [("unit", a), ("unit", b)]
            return None
        if atoms == [("unit", t.text)] and self.is_op("-"):
            minus, digit = self.toks[self.i], self.toks[self.i + 1]
            end = t.pos + len(t.text)
            if minus.pos == end and digit.kind == "num" and digit.pos == end + 1 and digit.text in "123456" \
                    and len(digit.text) == 1:
                self.i += 2
                return [("pow", ("unit", t.text), ("neg", ("num", digit.text)))]
        return atoms


_UNIT_DIGIT = re.compile(r"(.+?)([1-6])")
# Units that may be run together without a space (J/molK, kJ/molK, Lmol): whole names, no prefixes
# guessed, so a run is read only when each part is a unit as typed.
_RUN_UNITS = {"mol", "K", "J", "kJ", "L", "g", "kg", "s", "atm", "M", "mL", "mmol"}


_UNIT_WORDS = {"molal": "mol/kg (molality)", "molar": "M or mol/L (molarity)", "Celsius": "°C", "Kelvin": "K",
               "k": "K (kelvin is a capital K; k alone is the prefix kilo)",
               "degF": "K or °C (Fahrenheit is not used here)"}


_COMMON_UNITS = {u.lower(): u for u in (
    "kJ", "J", "kcal", "cal", "eV", "kPa", "Pa", "mmHg", "atm", "bar", "torr", "mol", "mmol", "mL", "L",
    "kg", "g", "mg", "M", "mM", "nm", "pm", "Hz", "min", "V", "mV")}


def _did_you_mean(name: str) -> str:
    """A unit typed in the wrong case (``KJ``, ``kj``, ``KPA``, ``MOL``) or as a word, or ``""``.
    Two letters whose capital is itself a unit (``Nm``, ``Js``) are left alone: they may be a
    product of two units, not a slip."""
    if name in _UNIT_WORDS:
        return f" Did you mean {_UNIT_WORDS[name]}?"
    guess = _COMMON_UNITS.get(name.lower())
    if guess and guess != name and not (len(name) == 2 and name[0] != "K" and name[0] in _UNIT_NAMES):
        why = " (the prefix kilo is a lower-case k)" if name[0] == "K" and guess[0] == "k" else ""
        return f" Did you mean {guess}{why}?"
    return ""


def _known(scope: Scope) -> str:
    names = sorted(re.sub(r"^Delta_?", "Δ", n) for n in scope.symbols | scope.constants)  # as learners type them
    if scope.units:
        return " Units go after a number, like 2.5 kJ/mol."
    if not names:
        return " This answer takes no symbols."
    return " Symbols you can use here: " + ", ".join(names) + "."


MAX_TOWER = 3  # x^x^x is fine; exp(exp(exp(exp(x)))) has no computable value


def tower_height(node: tuple) -> int:
    """How deeply powers and exponentials nest inside exponents in a syntax tree."""
    kind = node[0]
    if kind == "pow":
        return max(tower_height(node[1]), 1 + tower_height(node[2]))
    if kind == "call" and node[1] in ("exp", "sinh", "cosh", "tanh"):
        return 1 + tower_height(node[2])
    return max((tower_height(c) for c in node[1:] if isinstance(c, tuple)), default=0)


def guard_tower(node: tuple) -> None:
    """Raise ReadError for towers of powers too high to evaluate (``x^x^x^x^x``)."""
    if tower_height(node) > MAX_TOWER:
        raise ReadError("Those powers are nested too deeply to work with.")


def parse(text: str, scope: Scope, allow_equation: bool = False) -> tuple:
    """Parse ``text`` into a syntax tree. Raises ReadError with a learner-facing message."""
    node = _Parser(tokenize(text), scope).top(allow_equation)
    guard_tower(node)
    return node
