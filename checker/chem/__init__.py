"""What the ``structure`` answer type asks of a cheminformatics toolkit, and the molecule it reads.

The checker stays one pure-Python package: it never imports RDKit itself at grading time but
asks a *toolkit* (the :class:`Toolkit` protocol) for two things, both from the same RDKit
release on every side so that ``build.py check`` and the learner's page agree (SPEC §8):

- ``describe(text, molfile)``: read SMILES (or a molfile) and return a mapping
  ``{"ok", "log", "smiles", "flat", "json"}``: whether RDKit could read and sanitise it, RDKit's
  own log lines when it could not, the canonical SMILES with and without stereo, and RDKit's
  JSON of the molecule (atoms, hydrogens, charges, bonds);
- ``inchi(smiles)``: the standard InChI (used only for ``tautomers: same``: InChI merges
  tautomers, which is why it is never the identity test).

Natively the toolkit is :class:`checker.chem.native.NativeRDKit` (PyPI ``rdkit``); in the
browser worker it is the RDKit MinimalLib (npm ``@rdkit/rdkit``) wrapped by
``web/assets/js/chem-rdkit.js`` and installed with :func:`use`. Canonical strings are made at
grading time by that toolkit and never stored: they change between RDKit releases.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from ..data.elements import FORMULA_SEQUENCE, SYMBOLS
from ..errors import ReadError


class Toolkit(Protocol):
    version: str

    def describe(self, text: str, molfile: bool = False) -> dict: ...

    def inchi(self, smiles: str) -> str: ...


_toolkit: Toolkit | None = None


def use(toolkit) -> None:
    """Install the toolkit the structure grader uses (the browser passes the MinimalLib's)."""
    global _toolkit
    _toolkit = toolkit
    _describe.cache_clear()


def toolkit() -> Toolkit:
    """The installed toolkit; natively RDKit from PyPI, imported on first use."""
    global _toolkit
    if _toolkit is None:
        try:
            from .native import NativeRDKit
        except ImportError:
            raise ReadError("Structures cannot be checked yet: the chemistry toolkit (RDKit) "
                            "is still loading. Try again in a moment.") from None
        _toolkit = NativeRDKit()
    return _toolkit


def available() -> bool:
    """Whether a toolkit is installed or can be (natively, RDKit is importable)."""
    try:
        toolkit()
    except ReadError:
        return False
    return True


class StructureError(ReadError):
    """A structure that cannot be a molecule; ``note`` names the rule ("valence", "unreadable"...)."""

    def __init__(self, message: str, note: str = "unreadable"):
        super().__init__(message)
        self.note = note


# Usual valences, for messages only (RDKit decides what is allowed).
USUAL_BONDS = {"C": "4", "N": "3", "O": "2", "H": "1", "F": "1", "Cl": "1", "Br": "1", "I": "1",
               "B": "3", "S": "2, 4 or 6", "P": "3 or 5", "Si": "4"}
ELEMENT_NAMES = {"H": "hydrogen", "C": "carbon", "N": "nitrogen", "O": "oxygen", "F": "fluorine",
                 "Cl": "chlorine", "Br": "bromine", "I": "iodine", "S": "sulfur", "P": "phosphorus",
                 "B": "boron", "Si": "silicon", "Na": "sodium", "K": "potassium", "Li": "lithium"}


def element_name(symbol: str) -> str:
    return ELEMENT_NAMES.get(symbol, symbol)


@dataclass(frozen=True)
class Molecule:
    """A molecule as the toolkit read it (one or more fragments joined by ``.``)."""

    smiles: str  # canonical, with stereo
    flat: str  # canonical, without stereo
    atoms: tuple  # (symbol, hydrogens, charge) per heavy atom, in RDKit's order
    bonds: tuple  # (i, j, order)
    text: str = field(default="", compare=False)  # as the learner typed it
    radicals: int = 0  # unpaired electrons

    @property
    def formula(self) -> Counter:
        counts = Counter()
        for symbol, h, _ in self.atoms:
            counts[symbol] += 1
            counts["H"] += h
        return counts

    @property
    def charge(self) -> int:
        return sum(c for _, _, c in self.atoms)

    @property
    def has_stereo(self) -> bool:
        return self.smiles != self.flat

    def _hill(self) -> list[tuple[str, int]]:
        """Hill order with carbon (C, H, then alphabetical); without carbon IUPAC's element
        sequence, as chemists write NH3, H2O, H3O+."""
        counts = self.formula
        if "C" in counts:
            order = ["C", "H"] + sorted(k for k in counts if k not in "CH")
        else:
            rank = {s: i for i, s in enumerate(FORMULA_SEQUENCE)}
            order = sorted(counts, key=lambda s: (rank.get(s, len(rank)), s))
        return [(s, counts[s]) for s in order if counts[s]]

    def _charge_text(self) -> str:
        q = self.charge
        return "" if not q else (str(abs(q)) if abs(q) > 1 else "") + ("+" if q > 0 else "-")

    def formula_text(self) -> str:
        return "".join(s + (str(n) if n > 1 else "") for s, n in self._hill()) + self._charge_text()

    def formula_latex(self) -> str:
        """The formula for KaTeX with mhchem, e.g. ``\\ce{C2H3O2^-}`` (readable as text too)."""
        body = "".join(s + (str(n) if n > 1 else "") for s, n in self._hill())
        q = self._charge_text()
        return r"\ce{" + body + (f"^{q}" if q else "") + "}"

    def resonance_key(self) -> str:
        """Canonical SMILES of the skeleton: each atom an isotope-labelled dummy encoding its
        element and hydrogens, every bond single, no charges. Resonance forms (which move only
        bonds and charges) share it; tautomers (which move a hydrogen) do not."""
        labels = [f"[{SYMBOLS.index(s) + 1}{min(h, 9)}*]" for s, h, _ in self.atoms]
        return canonical(_write_tree(labels, [(i, j) for i, j, _ in self.bonds]))

    def skeleton_key(self) -> str:
        """Canonical SMILES of the heavy-atom skeleton (elements only, bonds single): tautomers
        and resonance forms share it."""
        labels = [f"[{SYMBOLS.index(s) + 1}*]" for s, _, _ in self.atoms]
        return canonical(_write_tree(labels, [(i, j) for i, j, _ in self.bonds]))

    def one_h_moved(self, limit: int = 24) -> set[str]:
        """Resonance keys of this molecule with one hydrogen moved to another heavy atom (a
        tautomer moves one H and shifts double bonds, which the key ignores)."""
        if len(self.atoms) > limit:
            return set()
        edges = [(i, j) for i, j, _ in self.bonds]
        out = set()
        for a, (_, ha, _) in enumerate(self.atoms):
            if not ha:
                continue
            for b in range(len(self.atoms)):
                if b == a:
                    continue
                hs = [h for _, h, _ in self.atoms]
                hs[a] -= 1
                hs[b] += 1
                labels = [f"[{SYMBOLS.index(s) + 1}{min(h, 9)}*]" for (s, _, _), h in zip(self.atoms, hs)]
                out.add(canonical(_write_tree(labels, edges)))
        return out

    def mirror(self) -> str:
        """Canonical SMILES of the mirror image (every tetrahedral mark inverted)."""
        swapped = re.sub(r"@@|@", lambda m: "@" if m.group() == "@@" else "@@", self.smiles)
        return canonical(swapped)


def _write_tree(labels: list[str], edges: list[tuple]) -> str:
    """SMILES of a graph whose atoms are ``labels`` and bonds ``edges``: (i, j) for a single
    bond or (i, j, symbol) with symbol "", "=" or "#"."""
    nbrs = {i: [] for i in range(len(labels))}
    sym = {}
    for e in edges:
        i, j = e[0], e[1]
        nbrs[i].append(j)
        nbrs[j].append(i)
        sym[frozenset((i, j))] = e[2] if len(e) > 2 else ""
    seen, out = set(), []
    closures: dict[int, list[str]] = {i: [] for i in nbrs}
    # Find ring-closure bonds with a first DFS, then write with a second.
    order, tree = [], set()
    for root in nbrs:
        if root in seen:
            continue
        stack = [(root, None)]
        while stack:
            a, p = stack.pop()
            if a in seen:
                continue
            seen.add(a)
            order.append(a)
            if p is not None:
                tree.add(frozenset((a, p)))
            for b in reversed(nbrs[a]):
                if b not in seen:
                    stack.append((b, a))
    n = 0
    for e in edges:
        i, j = e[0], e[1]
        if frozenset((i, j)) not in tree:
            n += 1
            closures[i].append(f"{sym[frozenset((i, j))]}%({n})")
            closures[j].append(f"{sym[frozenset((i, j))]}%({n})")
    written = set()

    def write(a: int) -> str:
        written.add(a)
        s = labels[a] + "".join(closures[a])
        kids = [b for b in nbrs[a] if b not in written and frozenset((a, b)) in tree]
        for b in kids:
            written.add(b)
        parts = [sym[frozenset((a, b))] + write(b) for b in kids]
        for p in parts[:-1]:
            s += f"({p})"
        return s + (parts[-1] if parts else "")

    for a in order:
        if a not in written:
            out.append(write(a))
    return ".".join(out)


_LOG_TIME = re.compile(r"^\[\d\d:\d\d:\d\d\]\s*")


def _describe_raw(text: str, molfile: bool) -> dict:
    return toolkit().describe(text, molfile)


class _Cache:
    """A small cache of describe() results (grading asks for the expected answer often)."""

    def __init__(self, size: int = 256):
        self.size, self.data = size, {}

    def __call__(self, text: str, molfile: bool = False) -> dict:
        key = (text, molfile)
        if key not in self.data:
            if len(self.data) >= self.size:
                self.data.pop(next(iter(self.data)))
            self.data[key] = _describe_raw(text, molfile)
        return self.data[key]

    def cache_clear(self) -> None:
        self.data.clear()


_describe = _Cache()


def log_lines(d: dict) -> list[str]:
    return [_LOG_TIME.sub("", line).strip() for line in str(d.get("log") or "").splitlines() if line.strip()]


def canonical(smiles: str) -> str:
    """Canonical SMILES by the toolkit (raises StructureError if it cannot be read)."""
    d = _describe(smiles, False)
    if not d.get("ok"):
        raise StructureError(explain(d, smiles))
    return d["smiles"]


def read_smiles(text: str, molfile: bool = False, shown: str | None = None) -> Molecule:
    """A Molecule from SMILES (or a molfile); raises StructureError saying what is wrong and where."""
    d = _describe(text, molfile)
    if not d.get("ok"):
        note = "valence" if any("valence" in line for line in log_lines(d)) else "unreadable"
        raise StructureError(explain(d, shown or text), note)
    if any("Conflicting single bond directions" in line for line in log_lines(d)):
        raise StructureError(f"The double-bond marks (/ and \\) in {shown or text} contradict each "
                             "other: one double bond is marked both cis and trans.", "stereo marks")
    mol = json.loads(d["json"])
    defaults = mol["defaults"]
    atoms, bonds, radicals = [], [], 0
    for m in mol["molecules"]:
        base = len(atoms)
        for a in m.get("atoms", []):
            a = {**defaults["atom"], **a}
            atoms.append((SYMBOLS[a["z"] - 1] if a["z"] else "*", a["impHs"], a["chg"]))
            radicals += a.get("nRad", 0)
        for b in m.get("bonds", []):
            b = {**defaults["bond"], **b}
            i, j = b["atoms"]
            bonds.append((base + i, base + j, b["bo"]))
    return Molecule(d["smiles"], d["flat"], tuple(atoms), tuple(bonds), shown or text, radicals)


_VALENCE = re.compile(r"Explicit valence for atom # (\d+) ([A-Za-z]+)\S*, (\d+), is greater than permitted")
_KEKULE = re.compile(r"Can't kekulize mol.\s+Unkekulized atoms: ([\d ]+)")
_POSITION = re.compile(r"check for mistakes around position (\d+)")


def explain(d: dict, text: str) -> str:
    """A learner's message from RDKit's log for ``text`` that could not be read."""
    lines = log_lines(d)
    joined = "\n".join(lines)
    if m := _VALENCE.search(joined):
        n, el, v = int(m.group(1)) + 1, m.group(2), m.group(3)
        usual = USUAL_BONDS.get(el)
        return (f"Impossible valence: atom {n} ({el}) in {text} would make {v} bonds"
                + (f"; {element_name(el)} makes {usual}." if usual else ".")
                + " Check the bonds and hydrogens on that atom, or give it a charge.")
    if m := _KEKULE.search(joined):
        atoms = ", ".join(str(int(i) + 1) for i in m.group(1).split())
        return (f"The aromatic ring in {text} (atoms {atoms}) cannot be given alternating double "
                "bonds. Check the lower-case atoms; a ring N with an H is written [nH].")
    where = _POSITION.search(joined)
    at = f" near position {int(where.group(1)) + 1}" if where else ""
    for reason, say in (("unclosed ring", "a ring-closure digit is opened but never closed"),
                        ("extra open parentheses", "a '(' is never closed"),
                        ("extra close parentheses", "a ')' has no matching '('"),
                        ("duplicated ring closure", "a ring closure bonds an atom to itself"),
                        ("syntax error", "there is something that is not SMILES")):
        if reason in joined:
            return f"Cannot read {text} as SMILES{at}: {say}."
    if "Conflicting single bond directions" in joined:
        return f"The double-bond marks (/ and \\) in {text} contradict each other."
    return f"Cannot read {text} as a structure{at}." + (f" ({lines[0]})" if lines else "")


from . import browser  # noqa: E402, F401  (the worker installs the MinimalLib through it)
