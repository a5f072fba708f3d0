"""Reading an answer spec (the ``answer:`` mapping plus ``symbols``, ``constants``, ``mistakes``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from .data.constants import CONSTANTS
from .language.parser import Scope, ascii_name
from .errors import ReadError
from .language.lexer import SUBSCRIPTS, bracket_name

_ASSUMPTIONS = ("positive", "integer", "real", "nonzero", "nonnegative")

# The keys an answer spec of each type may have (SPEC §4, §5, §7, §8), beside the ones every
# spec may carry. A key not listed is an author's error, never silently ignored.
COMMON_KEYS = ("type", "symbols", "constants", "mistakes")
KEYS = {
    "number": ("expected", "sigfigs", "decimals", "tolerance"),
    "quantity": ("expected", "units", "units_only", "sigfigs", "decimals", "tolerance", "difference"),
    "expression": ("expected", "forbidden"),
    "equation": ("expected", "forbidden"),
    "formula": ("expected",),
    "reaction": ("expected", "smallest", "states"),
    "electron-configuration": ("expected",),
    "choice": ("expected", "options"),
    "derivation": ("start", "goal", "forbidden", "min_lines", "must_show"),
    "structure": ("expected", "match", "stereo", "tautomers", "enantiomers"),
}


class SpecKeyError(ValueError):
    """An answer spec has a key its type does not know (or a bad value for one); ``key`` names it."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def check_keys(raw: dict) -> None:
    """Raise SpecKeyError for a key the spec's type does not know, or an unusable value of
    ``sigfigs``, ``decimals`` or ``difference``."""
    known = KEYS.get(raw.get("type"))
    if known is None:
        return  # an unknown type is reported by the caller
    for key in raw:
        if key not in known and key not in COMMON_KEYS:
            raise SpecKeyError(str(key), f"unknown key '{key}' for a {raw['type']} answer "
                                         f"(known keys: {', '.join(known)})")
    for key, low in (("sigfigs", 1), ("decimals", 0)):
        v = raw.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not low <= v <= 15):
            raise SpecKeyError(key, f"'{key}' must be a whole number from {low} to 15, not {v!r}")
    if not isinstance(raw.get("difference", False), bool):
        raise SpecKeyError("difference", "'difference' must be true or false")


@dataclass
class SymbolInfo:
    """One declared symbol: its name, LaTeX, meaning and sympy assumptions."""

    name: str
    latex: str | None = None
    meaning: str | None = None
    assumptions: dict = field(default_factory=dict)

    def sympy(self) -> sympy.Symbol:
        return sympy.Symbol(self.name, **self.assumptions)


def read_symbols(raw) -> dict[str, SymbolInfo]:
    """Symbols from a list of names or a mapping name → options (SPEC §4).

    Raises ValueError for an option that is not one of latex, meaning and the assumptions.
    """
    if not raw:
        return {}
    if isinstance(raw, (list, tuple)):
        if not all(isinstance(n, str) for n in raw):
            raise ValueError("symbols must be names")
        raw = {name: {} for name in raw}
    if not isinstance(raw, dict):
        raise ValueError("symbols must be a list of names or a mapping of names to options")
    out = {}
    for name, opts in raw.items():
        if opts is not None and not isinstance(opts, dict):
            raise ValueError(f"the options of symbol {name!r} must be a mapping")
        opts = dict(opts or {})
        unknown = set(opts) - {"latex", "meaning", *_ASSUMPTIONS}
        if unknown:
            raise ValueError(f"unknown option(s) for symbol {name!r}: {', '.join(sorted(unknown))}")
        concentration = str(name).startswith("[")
        name = bracket_name(str(name)) if concentration else ascii_name(str(name).translate(SUBSCRIPTS))
        assumptions = {k: bool(opts[k]) for k in _ASSUMPTIONS if k in opts}
        if concentration and not assumptions:
            assumptions = {"positive": True}  # a concentration is positive unless the author says otherwise
        out[name] = SymbolInfo(name, opts.get("latex"), opts.get("meaning"), assumptions)
    return out


@dataclass
class Spec:
    """A normalised answer spec: type, expected, and everything the graders need."""

    raw: dict
    type: str
    symbols: dict[str, SymbolInfo]
    constants: list[str]
    mistakes: list[dict]

    @classmethod
    def read(cls, raw: dict) -> "Spec":
        """Normalise ``raw``; raises ValueError for a missing type or an unknown constant."""
        if not isinstance(raw, dict) or "type" not in raw:
            raise ValueError("an answer spec is a mapping with a 'type'")
        check_keys(raw)
        constants = list(raw.get("constants") or [])
        unknown = [c for c in constants if c not in CONSTANTS]
        if unknown:
            raise ValueError(f"unknown constant(s): {', '.join(unknown)}")
        return cls(raw, raw["type"], read_symbols(raw.get("symbols")), constants,
                   list(raw.get("mistakes") or []))

    def get(self, key, default=None):
        """An option of the answer spec (``units``, ``sigfigs``...), or ``default``."""
        return self.raw.get(key, default)

    def mistake_feedback(self, read, same) -> str | None:
        """Feedback of the first authored mistake that the learner's answer matches.

        ``read`` turns a mistake's text into a value (it may raise ReadError, and then that
        mistake is skipped); ``same`` says whether the learner's answer equals that value.
        """
        for m in self.mistakes:
            try:
                wrong = read(str(m["answer"]))
            except ReadError:
                continue
            if same(wrong):
                return m.get("feedback", "That is a common mistake.")
        return None

    def symbol_scope(self) -> Scope:
        """Scope for symbolic answers: declared symbols, and constants read as symbols."""
        return Scope(symbols=set(self.symbols) | set(self.constants))

    def sympy_symbols(self) -> dict[str, sympy.Symbol]:
        """Name → sympy Symbol with its assumptions; constants are positive symbols."""
        table = {name: info.sympy() for name, info in self.symbols.items()}
        for c in self.constants:
            table.setdefault(c, sympy.Symbol(c, positive=True))
        return table

    def latex_names(self) -> dict[str, str]:
        """Name → LaTeX for declared symbols and constants, for previews."""
        names = {c: CONSTANTS[c].latex for c in self.constants}
        names.update({n: i.latex for n, i in self.symbols.items() if i.latex})
        return names

    def measure_scope(self) -> Scope:
        """Scope for ``quantity`` answers (constants, then units) or ``number`` answers (constants only)."""
        return self.quantity_scope() if self.type == "quantity" else Scope(constants=set(self.constants))

    def quantity_scope(self) -> Scope:
        """Scope for answers with units: the chain's constants, then units."""
        return Scope(constants=set(self.constants), units=True)
