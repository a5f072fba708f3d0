"""Reading condensed structural formulas as chemists write them, into SMILES.

``CH3CH2OH``, ``HOCH2CH3``, ``C2H5OH``, ``(CH3)3CH``, ``CH3CH(OH)CH3``, ``CH3(CH2)4CH3``,
``CH3COOH``, ``CH3CO2H``, ``CH3COOCH3``, ``CH3CO2CH3``, ``CH3COCH3``, ``CH3CHO``, ``CH3CN``,
``CH3-O-CH3``, ``CH2=CH2``, ``HC≡CH``, ``CH3COO-``, ``NH4+``, ``(CH3)4N+``, ``CHCl3``,
``CH3NO2``, ``(CH3)2SO``, ``C6H5OH``, ``Me``/``Et``/``Ph``.

The conventions this reader follows (the ones a chemistry teacher reads without thinking):

- each heavy atom carries the hydrogens written right after it (``CH3``, ``OH``); hydrogens
  written before the first atom, or after a bond sign, belong to the next atom (``HOCH2``,
  ``H2C=CH2``);
- atoms follow one another along a chain; an O, S, halogen or NH2 written after an atom that
  still has room for it *and* for the rest of the chain hangs on that atom (the ``=O`` in
  ``CH3COCH3``, ``CH3COOCH3``, ``CH2ClCH2Cl``); a counted group (``Cl3``, ``O2``) hangs on the
  atom before it, and after ``CO2`` the chain goes on from the second O (``CH3CO2CH3``);
- a group in parentheses after an atom is a substituent on it, repeated by its count
  (``CH(CH3)2``), unless it is a chain unit with two free bonds (``(CH2)4``), which repeats the
  chain; parentheses before the first atom are substituents on the first atom (``(CH3)3CH``);
- ``-``, ``=``, ``≡`` (or ``#``) are written bonds; other bond orders follow from valence
  (the C=O in ``CH3CHO``, the C≡N in ``CH3CN``), raising S, P or N to a higher valence only when
  nothing else fits (``CH3NO2``, ``CH3SO3H``);
- a trailing ``+`` or ``-`` (or ``^2-``) is the charge of the atom it follows (``CH3COO-``).

Every atom must end with its usual number of bonds (changed by its charge); otherwise the
learner is told which atom, and how many bonds it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..data.elements import ATOMIC_NUMBER
from . import USUAL_BONDS, StructureError, element_name

# Allowed valences of neutral atoms, lowest first (the usual ones in introductory chemistry).
VALENCES = {"H": (1,), "B": (3,), "C": (4,), "N": (3, 5), "O": (2,), "F": (1,), "Si": (4,),
            "P": (3, 5), "S": (2, 4, 6), "Cl": (1, 3, 5, 7), "Br": (1, 3, 5, 7), "I": (1, 3, 5, 7),
            "Se": (2, 4, 6), "As": (3, 5), "Li": (1,), "Na": (1,), "K": (1,), "Mg": (2,)}
_TERMINAL = {"O", "S", "F", "Cl", "Br", "I"}
_ABBREVIATIONS = {"Me": ("CH3",), "Et": ("CH2", "CH3"), "Ph": "phenyl"}
_ALKYL = {1: "methyl", 2: "ethyl", 3: "propyl", 4: "butyl", 5: "pentyl", 6: "hexyl"}
_NORMALISE = str.maketrans({"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6",
                            "₇": "7", "₈": "8", "₉": "9", "⁺": "+", "⁻": "-", "−": "-", "–": "-",
                            "#": "≡", "⁰": "0", "¹": "1", "²": "2", "³": "3"})


@dataclass
class Atom:
    el: str
    h: int = 0
    charge: int = 0
    where: str = ""  # the group as typed, for messages
    aromatic: bool = False


@dataclass
class Graph:
    atoms: list = field(default_factory=list)
    bonds: dict = field(default_factory=dict)  # (i, j) -> [order, fixed]

    def add(self, atom: Atom) -> int:
        self.atoms.append(atom)
        return len(self.atoms) - 1

    def bond(self, i: int, j: int, order: int = 1, fixed: bool = False) -> None:
        self.bonds[(min(i, j), max(i, j))] = [order, fixed]

    def used(self, i: int) -> int:
        return self.atoms[i].h + sum(o for (a, b), (o, _) in self.bonds.items() if i in (a, b))


# ---- tokens ----------------------------------------------------------------------------

@dataclass
class Tok:
    kind: str  # atom | open | close | bond | count | charge | hyd | frag
    text: str
    value: object = None
    pos: int = 0


_TOKEN = re.compile(r"(?P<frag>Me|Et|Ph|C\d+H\d+(?=[^0-9a-z]|$))|(?P<atom>[A-Z][a-z]?)|(?P<count>\d+)"
                    r"|(?P<open>[(\[])|(?P<close>[)\]])|(?P<bond>[=≡])|(?P<sign>\^?\d*[+-]\d*)|(?P<space>\s+)")


def _tokens(text: str) -> list[Tok]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise StructureError(f"Cannot read '{text[pos]}' (character {pos + 1}) in {text}.")
        kind = m.lastgroup
        t = m.group()
        if kind == "atom" and t not in ATOMIC_NUMBER:
            raise StructureError(f"'{t}' (character {pos + 1}) in {text} is not an element symbol.")
        if kind == "sign":
            out.append(Tok("sign", t, None, pos))
        elif kind != "space":
            out.append(Tok(kind, t, None, pos))
        pos = m.end()
    return out


def _signs_to_charges(toks: list[Tok], text: str) -> list[Tok]:
    """A sign is a charge when it ends the text or a group (``COO-``, ``(O-)``), or follows
    ``^``; a ``-`` between two atoms is a single bond (``CH3-O-CH3``)."""
    out = []
    for i, t in enumerate(toks):
        if t.kind != "sign":
            out.append(t)
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        body = t.text.lstrip("^")
        if body == "-" and nxt is not None and nxt.kind in ("atom", "open", "frag") and not t.text.startswith("^"):
            out.append(Tok("bond", "-", 1, t.pos))
            continue
        if nxt is not None and nxt.kind not in ("close", "sign"):
            raise StructureError(f"A charge ('{t.text}', character {t.pos + 1}) in {text} must "
                                 "follow the atom that carries it, at the end of a group.")
        m = re.fullmatch(r"(\d*)([+-]+)(\d*)", body)
        if not m or (m.group(1) and m.group(3)):
            raise StructureError(f"Cannot read the charge '{t.text}' in {text}.")
        size = int(m.group(1) or m.group(3) or len(m.group(2)))
        out.append(Tok("charge", t.text, size if m.group(2)[0] == "+" else -size, t.pos))
    return out


# ---- items: atoms with their hydrogens, groups, bonds ----------------------------------

@dataclass
class Item:
    kind: str  # atom | group | bond | frag
    atom: Atom | None = None
    count: int = 1
    items: list = field(default_factory=list)
    order: int = 1
    frag: str = ""
    text: str = ""
    tail_h: int = 0  # hydrogens and charge written after a counted atom: the last one's (CO2H)
    tail_charge: int = 0


def _items(toks: list[Tok], text: str, i: int = 0, closing: bool = False) -> tuple[list[Item], int]:
    items: list[Item] = []
    prefix_h = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "close":
            if not closing:
                raise StructureError(f"A ')' (character {t.pos + 1}) in {text} has no matching '('.")
            return items, i + 1
        if t.kind == "open":
            inner, i = _items(toks, text, i + 1, True)
            if not inner:
                raise StructureError(f"Empty parentheses in {text}.")
            count = 1
            if i < len(toks) and toks[i].kind == "count":
                count, i = int(toks[i].text), i + 1
            items.append(Item("group", items=inner, count=count))
            continue
        if t.kind == "bond":
            items.append(Item("bond", order=t.value if t.value else (2 if t.text == "=" else 3)))
            i += 1
            continue
        if t.kind == "charge":
            if items and items[-1].kind == "atom" and items[-1].count > 1:
                items[-1].tail_charge += t.value
                i += 1
                continue
            target = _last_atom(items)
            if target is None:
                raise StructureError(f"The charge '{t.text}' in {text} does not follow an atom.")
            target.charge += t.value
            i += 1
            continue
        if t.kind == "count":
            raise StructureError(f"A number (character {t.pos + 1}) in {text} does not follow an atom or a group.")
        if t.kind == "frag":
            items.append(Item("frag", frag=t.text, text=t.text))
            i += 1
            continue
        # an atom, with the hydrogens after it and a count
        el = t.text
        i += 1
        n = 1
        if el == "H":
            # hydrogens that come first, or after a bond: they belong to the next atom;
            # after an atom they are its hydrogens (the H of COOH)
            if i < len(toks) and toks[i].kind == "count":
                n, i = int(toks[i].text), i + 1
            prev_is_atom = items and items[-1].kind == "atom"
            if prev_is_atom and items[-1].count > 1:
                items[-1].tail_h += n
            elif prev_is_atom:
                items[-1].atom.h += n
            else:
                prefix_h += n
            continue
        if i < len(toks) and toks[i].kind == "count":
            n, i = int(toks[i].text), i + 1
        atom = Atom(el, prefix_h, 0, where=t.text)
        prefix_h = 0
        h = 0
        if i < len(toks) and toks[i].kind == "atom" and toks[i].text == "H" and n == 1:
            i += 1
            h = 1
            if i < len(toks) and toks[i].kind == "count":
                h, i = int(toks[i].text), i + 1
        atom.h += h
        atom.where = el + ("H" + (str(h) if h > 1 else "") if h else "")
        items.append(Item("atom", atom=atom, count=n, text=atom.where))
    if closing:
        raise StructureError(f"A '(' in {text} is never closed.")
    if prefix_h:
        raise StructureError(f"The hydrogens at the end of {text} are not bonded to any atom.")
    return items, i


def _last_atom(items: list[Item]) -> Atom | None:
    """The atom a charge written here belongs to: the last atom, also inside a bracketed group
    written once ([NH4]+, [CH3COO]-)."""
    for it in reversed(items):
        if it.kind == "atom":
            return it.atom
        if it.kind == "group" and it.count == 1:
            return _last_atom(it.items)
        if it.kind != "bond":
            return None
    return None


# ---- building the graph ----------------------------------------------------------------

def _max_valence(a: Atom) -> int:
    return _valences(a)[-1]


def _valences(a: Atom) -> tuple:
    base = VALENCES.get(a.el)
    if base is None:
        return (8,)
    q = a.charge
    if not q:
        return base
    if a.el in ("C", "Si"):
        return (3,)
    if a.el == "B":
        return (4,) if q == -1 else (2,)
    if a.el in ("N", "P", "As", "O", "S", "Se"):  # N+ 4, O+ 3, O- 1, N- 2, S- 1
        return tuple(v + q for v in base if v + q >= 0) or (0,)
    if a.el in ("F", "Cl", "Br", "I"):
        return (0,) if q == -1 else (2,)
    return tuple(max(0, v - abs(q)) for v in base)  # metal ions: no bonds


def _need(a: Atom) -> int:
    """Bonds a terminal atom takes from the atom it hangs on."""
    return max(1, _valences(a)[0] - a.h)


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.g = Graph()

    def copy(self, a: Atom) -> int:
        return self.g.add(Atom(a.el, a.h, a.charge, a.where, a.aromatic))

    def room(self, i: int) -> int:
        return _max_valence(self.g.atoms[i]) - self.g.used(i)

    def frag(self, name: str) -> tuple[int, int]:
        """Atoms of an abbreviated group; returns (attachment atom, last atom)."""
        if name == "Ph" or name == "C6H5":
            ring = [self.g.add(Atom("C", 0 if k == 0 else 1, where="C6H5")) for k in range(6)]
            for k in range(6):
                self.g.bond(ring[k], ring[(k + 1) % 6], 2 if k % 2 else 1, True)
            return ring[0], ring[0]
        if name in _ABBREVIATIONS:
            groups = _ABBREVIATIONS[name]
        else:
            m = re.fullmatch(r"C(\d+)H(\d+)", name)
            n, h = int(m.group(1)), int(m.group(2))
            if h != 2 * n + 1 or n not in _ALKYL:
                raise StructureError(f"Write {name} atom by atom (for example CH2CH3 for C2H5): "
                                     "only straight-chain alkyl groups and C6H5 can be abbreviated.")
            groups = ("CH2",) * (n - 1) + ("CH3",) if n > 1 else ("CH3",)
        idx = []
        for g in groups:
            idx.append(self.g.add(Atom("C", int(g[2:] or 1) if len(g) > 1 else 3, where=name)))
            if len(idx) > 1:
                self.g.bond(idx[-2], idx[-1], 1, True)
        return idx[0], idx[-1]

    def chain_unit(self, item: Item) -> bool:
        """A group in parentheses with two free bonds (``(CH2)4``) repeats the chain."""
        atoms = [it for it in item.items if it.kind == "atom"]
        if not atoms or any(it.kind == "group" for it in item.items) or item.count < 2:
            return False
        if len(atoms) != len(item.items) or any(a.count != 1 for a in atoms):
            return False
        first = atoms[0].atom
        return _valences(first)[0] - first.h - (1 if len(atoms) > 1 else 0) >= 2 and all(
            _valences(a.atom)[0] - a.atom.h >= 2 for a in atoms)

    def build(self, items: list[Item]) -> tuple[int | None, int | None]:
        """Build a chain; returns (its first atom, its last backbone atom)."""
        first = current = None
        pending: list[Item] = []
        next_bond = None
        for k, it in enumerate(items):
            more = any(x.kind in ("atom", "group", "frag") for x in items[k + 1:])
            if it.kind == "bond":
                if current is None:
                    raise StructureError(f"{self.text} starts with a bond sign.")
                if next_bond is not None:
                    raise StructureError(f"Two bond signs in a row in {self.text}.")
                next_bond = it.order
                continue
            if it.kind == "group":
                if current is None:
                    pending.append(it)
                    continue
                if self.chain_unit(it) and more:
                    for _ in range(it.count):
                        f, last = self.build(it.items)
                        self.g.bond(current, f, next_bond or 1, next_bond is not None)
                        next_bond, current = None, last
                    continue
                for _ in range(it.count):
                    f, _ = self.build(it.items)
                    self.g.bond(current, f, next_bond or 1, next_bond is not None)
                next_bond = None
                continue
            if it.kind == "frag":
                attach, last = self.frag(it.frag)
                if current is None:
                    first, current = attach, last if it.frag not in ("Ph", "C6H5") else attach
                    # an alkyl group written first ends where the chain goes on
                    if it.frag not in ("Ph", "C6H5"):
                        first, current = last, attach
                    self._attach_pending(pending, current)
                    pending = []
                else:
                    self.g.bond(current, attach, next_bond or 1, next_bond is not None)
                    next_bond = None
                continue
            # an atom (count copies)
            a = it.atom
            if current is None:
                if it.count > 1:  # O2, Cl2: a chain of identical atoms
                    prev = None
                    for _ in range(it.count):
                        j = self.copy(a)
                        if prev is not None:
                            self.g.bond(prev, j)
                        prev = j
                        first = first if first is not None else j
                    current = prev
                else:
                    first = current = self.copy(a)
                self._attach_pending(pending, first)
                pending = []
                continue
            if it.count > 1:  # counted atoms hang on the atom before: CCl4, NO2, CO2
                last = None
                for _ in range(it.count):
                    last = self.copy(a)
                    self.g.bond(current, last)
                self.g.atoms[last].h += it.tail_h
                self.g.atoms[last].charge += it.tail_charge
                if next_bond is not None:
                    raise StructureError(f"A bond sign before {it.text}{it.count} in {self.text} is ambiguous.")
                if more and a.el in ("O", "S") and it.count == 2:
                    current = last  # CO2CH3: the chain goes on from the second O
                continue
            j = self.copy(a)
            if next_bond is not None:
                self.g.bond(current, j, next_bond, True)
                current, next_bond = j, None
                continue
            terminal = a.el in _TERMINAL or (a.el == "N" and a.h >= 1)
            if more and terminal and self.room(current) - _need(a) >= 1:
                self.g.bond(current, j)  # hangs on the current atom, which keeps the chain
            else:
                self.g.bond(current, j)
                current = j
        if next_bond is not None:
            raise StructureError(f"{self.text} ends with a bond sign.")
        if current is None:
            raise StructureError(f"There is no atom in '{self.text}'.")
        if pending:
            raise StructureError(f"The groups in parentheses in {self.text} are not bonded to an atom.")
        return first, current

    def _attach_pending(self, pending: list[Item], atom: int) -> None:
        for p in pending:
            for _ in range(p.count):
                f, _ = self.build(p.items)
                self.g.bond(atom, f)


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def _describe_atom(g: Graph, i: int, text: str) -> str:
    a = g.atoms[i]
    same = [k for k, b in enumerate(g.atoms) if b.where == a.where]
    nth = f"the {_ordinal(same.index(i) + 1)} " if len(same) > 1 else "the "
    return f"{nth}{a.where}" if a.where != a.el else f"{nth}{a.el}"


def _saturate(g: Graph, text: str) -> None:
    """Raise bond orders so every atom has its usual valence (see the module's docstring)."""
    val = {}
    for i, a in enumerate(g.atoms):
        used = g.used(i)
        options = [v for v in _valences(a) if v >= used]
        if not options:
            usual = USUAL_BONDS.get(a.el, str(_valences(a)[0]))
            raise StructureError(
                f"Impossible valence: in {text}, {_describe_atom(g, i, text)} would make {used} "
                f"bonds; {element_name(a.el)} makes {usual}" + (" (as written, with its charge)." if a.charge else "."),
                "valence")
        val[i] = options[0]

    def free(i):
        return val[i] - g.used(i)

    def raise_bonds():
        progress = True
        while progress:
            progress = False
            # atoms with a single unsaturated neighbour first (a terminal =O, a C≡N), so that
            # chains like CH2CHCHCH2 pair up as a chemist pairs them
            cands = sorted((i for i in range(len(g.atoms)) if free(i) > 0),
                           key=lambda i: len(_unsaturated(g, i, free)))
            for i in cands:
                nb = _unsaturated(g, i, free)
                if free(i) > 0 and nb:
                    j = nb[0]
                    step = min(free(i), free(j), 3 - g.bonds[_key(i, j)][0])
                    if step > 0:
                        g.bonds[_key(i, j)][0] += step
                        progress = True
                        break

    raise_bonds()
    # hypervalent S, P, N (nitro) only when a neighbour is left unsatisfied
    for _ in range(6):
        short = [i for i in range(len(g.atoms)) if free(i) > 0]
        if not short:
            break
        bumped = False
        for i in short:
            for (a, b), (o, fixed) in g.bonds.items():
                if i not in (a, b) or fixed:
                    continue
                j = b if a == i else a
                higher = [v for v in _valences(g.atoms[j]) if v > val[j]]
                if higher and free(j) == 0:
                    val[j] = higher[0]
                    bumped = True
                    break
            if bumped:
                break
        if not bumped:
            break
        raise_bonds()
    for i, a in enumerate(g.atoms):
        if free(i) > 0:
            usual = USUAL_BONDS.get(a.el, str(val[i]))
            raise StructureError(
                f"Impossible valence: in {text}, {_describe_atom(g, i, text)} makes only {g.used(i)} "
                f"bond{'s' if g.used(i) != 1 else ''}; {element_name(a.el)} makes {usual}. "
                "Is an atom, a hydrogen, a multiple bond or a charge missing?", "valence")


def _key(i, j):
    return (min(i, j), max(i, j))


def _unsaturated(g: Graph, i: int, free) -> list[int]:
    out = []
    for (a, b), (o, fixed) in g.bonds.items():
        if i in (a, b) and not fixed and o < 3:
            j = b if a == i else a
            if free(j) > 0:
                out.append(j)
    return out


def _smiles(g: Graph) -> str:
    from . import _write_tree

    labels = []
    for a in g.atoms:
        h = "" if not a.h else "H" if a.h == 1 else f"H{a.h}"
        q = "" if not a.charge else ("+" if a.charge > 0 else "-") + (str(abs(a.charge)) if abs(a.charge) > 1 else "")
        labels.append(f"[{a.el}{h}{q}]")
    edges = [(i, j, {1: "", 2: "=", 3: "#"}[o]) for (i, j), (o, _) in g.bonds.items()]
    return _write_tree(labels, edges)


def condensed_to_smiles(text: str) -> str:
    """SMILES for a condensed structural formula; raises StructureError saying what and where."""
    text = text.translate(_NORMALISE).strip()
    if not text:
        raise StructureError("Type a structure.")
    shown = text
    # a carboxyl group written first, reversed (HOOCCH2COOH): its atoms hang on the C
    text = re.sub(r"^(?:HOOC|HO2C)(?=[A-Z(]|$)", "(OH)(O)C", text)
    toks = _signs_to_charges(_tokens(text), text)
    items, _ = _items(toks, text)
    while len(items) == 1 and items[0].kind == "group" and items[0].count == 1:
        items = items[0].items  # an ion in brackets: [NH4]+, [CH3COO]-
    b = _Builder(shown)
    try:
        b.build(items)
        _saturate(b.g, shown)
    except StructureError as e:
        if _is_molecular_formula(shown):
            raise StructureError(
                f"{shown} is a molecular formula: it counts the atoms but does not say which is bonded "
                "to which. Write the structure, for example CH3CH2OH rather than C2H6O.") from None
        raise e
    return _smiles(b.g)


def _is_molecular_formula(text: str) -> bool:
    """Each element once, with counts, and more than one way to join them: C2H6O, C4H10."""
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", text)
    if "".join(a + n for a, n in parts) != text or len({a for a, _ in parts}) != len(parts):
        return False
    return sum(int(n or 1) for a, n in parts if a != "H") > 2


def looks_condensed(text: str) -> bool:
    """True when ``text`` cannot be SMILES as typed: an H outside brackets, ≡, an abbreviation,
    sub- or superscript digits."""
    outside = re.sub(r"\[[^\]]*\]", "", text)
    return bool(re.search(r"H|≡|Me|Et|Ph|[₀-₉⁺⁻−]", outside))
