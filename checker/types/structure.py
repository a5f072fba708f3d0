"""``structure`` answers (SPEC §8): a molecule, graded by what it is.

The learner types SMILES or a condensed structural formula (``CH3CH2OH``), or draws it in the
editor on the page, which writes SMILES into the same box; several structures go one per line
or separated by commas. Both sides are read by the same RDKit at grading time
(:mod:`checker.chem`) and compared by canonical identity. Feedback follows SPEC §8's order:
unreadable, impossible valence, a different molecular formula, the same formula with other
connectivity (an isomer), the same connectivity with other stereo, charge or protonation, and
for ``match: all`` lists duplicates and how many of how many.

Spec keys: ``expected`` (SMILES or condensed formula, or a list), ``match: any | all`` (for a
list), ``stereo`` (true/false; default: stereo counts when an expected SMILES has stereo marks),
``tautomers: same``, ``enantiomers: same``, ``mistakes``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from ..chem import Molecule, StructureError, element_name, read_smiles, toolkit
from ..chem.condensed import condensed_to_smiles, looks_condensed
from ..errors import ReadError
from ..result import Result, correct, incorrect, invalid
from ..spec import Spec

KEYS = {"type", "expected", "match", "stereo", "tautomers", "enantiomers", "mistakes", "symbols",
        "constants"}
_SPLIT = re.compile(r"\s*(?:\n|,|;)\s*")


def read_one(text: str) -> Molecule:
    """One structure: SMILES, a condensed formula or a molfile (raises StructureError)."""
    if "M  END" in text:  # a molfile's first lines may be blank: it is read as it is
        return read_smiles(text, molfile=True, shown="the drawing")
    t = text.strip()
    if not t:
        raise StructureError("Type a structure.")
    if looks_condensed(t):
        return read_smiles(condensed_to_smiles(t), shown=t)
    try:
        return read_smiles(t)
    except StructureError as smiles_error:
        if smiles_error.note != "unreadable":
            raise
        try:  # CCl4, CO2: not SMILES, but condensed formulas
            return read_smiles(condensed_to_smiles(t), shown=t)
        except StructureError:
            if re.search(r"[cnos]h", t):  # ch3ch2oh
                raise StructureError(f"Cannot read {t}: element symbols start with a capital letter "
                                     "(C, H, O), as in CH3CH2OH.") from None
            raise smiles_error from None


def split(response: str) -> list[str]:
    if "M  END" in response:
        return [p + "M  END" for p in response.split("M  END") if p.strip()]
    return [p for p in _SPLIT.split(response.strip()) if p]


def read_many(response: str) -> list[Molecule]:
    parts = split(response)
    if not parts:
        raise StructureError("Type a structure.")
    return [read_one(p) for p in parts]


@dataclass
class Options:
    stereo: bool | None
    tautomers: bool
    enantiomers: bool


def _options(spec: Spec) -> Options:
    unknown = set(spec.raw) - KEYS
    if unknown:
        raise ValueError(f"unknown key(s) for a structure answer: {', '.join(sorted(unknown))}")
    stereo = spec.get("stereo")
    if stereo not in (None, True, False):
        raise ValueError("stereo must be true or false")
    for key in ("tautomers", "enantiomers"):
        if spec.get(key) not in (None, "same", "different"):
            raise ValueError(f"{key} must be 'same' or 'different'")
    if spec.get("match") not in (None, "any", "all"):
        raise ValueError("match must be 'any' or 'all'")
    return Options(stereo, spec.get("tautomers") == "same", spec.get("enantiomers") == "same")


def _expected(spec: Spec) -> list[Molecule]:
    raw = spec.get("expected")
    items = raw if isinstance(raw, list) else [raw]
    if not items or any(not isinstance(x, str) or not x.strip() for x in items):
        raise ValueError("expected must be a structure or a list of structures")
    out = []
    for x in items:
        try:
            out.append(read_one(x))
        except StructureError as e:
            raise ValueError(f"the expected structure {x!r} cannot be read: {e}") from None
    return out


# ---- comparing two molecules ------------------------------------------------------------

# How close a wrong answer is, for choosing which expected structure to talk about.
_CLOSENESS = {"radical": 4, "stereo": 5, "enantiomer": 5, "tautomer": 4, "isomer": 3, "charge": 2, "protonation": 2, "formula": 0}


@dataclass
class Verdict:
    same: bool
    note: str
    feedback: str = ""


def _stereo_counts(opts: Options, exp: Molecule) -> bool:
    return opts.stereo if opts.stereo is not None else exp.has_stereo


def _formula_difference(got: Counter, want: Counter) -> str:
    parts = []
    for el in sorted(set(got) | set(want), key=lambda e: (e != "C", e != "H", e)):
        d = got[el] - want[el]
        if d:
            name = element_name(el) + " atom"
            parts.append(f"{abs(d)} {name}{'s' if abs(d) > 1 else ''} too {'many' if d > 0 else 'few'}")
    return ", ".join(parts)


def compare(got: Molecule, exp: Molecule, opts: Options) -> Verdict:
    """Whether ``got`` is ``exp`` under ``opts``; if not, why (SPEC §8 order)."""
    if got.smiles == exp.smiles:
        return Verdict(True, "identical")
    fg, fe = got.formula, exp.formula
    if fg != fe:
        heavy_g = Counter({k: v for k, v in fg.items() if k != "H"})
        heavy_e = Counter({k: v for k, v in fe.items() if k != "H"})
        dh, dq = fg["H"] - fe["H"], got.charge - exp.charge
        if heavy_g == heavy_e and dh == dq and dh:
            more = "has gained" if dh > 0 else "has lost"
            n = abs(dh)
            return Verdict(False, "protonation",
                           f"Your structure, ${got.formula_latex()}$, {more} "
                           f"{f'{n} protons' if n > 1 else 'a proton'} ($\\ce{{H+}}$) compared with the "
                           f"answer, ${exp.formula_latex()}$. Which form is "
                           "asked for: the acid or its conjugate base?")
        return Verdict(False, "formula",
                       f"Your structure has the formula ${got.formula_latex()}$; the answer is "
                       f"${exp.formula_latex()}$: {_formula_difference(fg, fe)}.")
    if got.charge != exp.charge:
        return Verdict(False, "charge", f"Your structure has an overall charge of {got.charge:+d}; "
                                        f"the answer's is {exp.charge:+d}. Check the formal charges.")
    if got.flat != exp.flat:
        if got.radicals != exp.radicals and got.resonance_key() == exp.resonance_key():
            return Verdict(False, "radical",
                           "The right atoms, joined the right way, but your structure has "
                           f"{got.radicals or 'no'} unpaired electron{'s' if got.radicals != 1 else ''} "
                           f"where the answer has {exp.radicals or 'none'}: check the multiple bonds "
                           "and the formal charges.")
        if got.resonance_key() == exp.resonance_key():
            # resonance forms of one molecule (bonds and formal charges moved, atoms not)
            return _stereo_verdict(got, exp, opts, resonance=True)
        tautomer = got.skeleton_key() == exp.skeleton_key()
        if tautomer and opts.tautomers and (
                toolkit().inchi(got.flat) == toolkit().inchi(exp.flat) or exp.resonance_key() in got.one_h_moved()):
            return Verdict(True, "tautomer")
        if tautomer:
            return Verdict(False, "tautomer",
                           f"Your structure is a tautomer of the answer: the same atoms "
                           f"(${exp.formula_latex()}$), with a hydrogen and a double bond in other "
                           "places. The question asks for the other tautomer.")
        return Verdict(False, "isomer",
                       f"Your structure is an isomer of the answer: the same formula, "
                       f"${exp.formula_latex()}$, but its atoms are joined differently.")
    return _stereo_verdict(got, exp, opts)


def _stereo_verdict(got: Molecule, exp: Molecule, opts: Options, resonance: bool = False) -> Verdict:
    rule = "resonance" if resonance else "stereo ignored"
    if not _stereo_counts(opts, exp) or (got.smiles == exp.smiles):
        return Verdict(True, rule if got.smiles != exp.smiles or resonance else "identical")
    if resonance:  # compare the stereo marks of the resonance forms on one skeleton
        if _stereo_marks(got.smiles) == _stereo_marks(exp.smiles):
            return Verdict(True, "resonance")
    if not got.has_stereo:
        return Verdict(False, "stereo",
                       "Right atoms and bonds, but the answer is one particular stereoisomer: show "
                       "which (cis/trans with / and \\ around the double bond, or R/S with @ and @@).")
    if got.mirror() == exp.smiles:
        if opts.enantiomers:
            return Verdict(True, "enantiomer")
        return Verdict(False, "enantiomer",
                       "Right atoms and bonds, but this is the mirror image of the answer "
                       "(the other enantiomer).")
    if "/" in exp.smiles or "\\" in exp.smiles:
        return Verdict(False, "stereo",
                       "Right atoms and bonds, but the other geometric isomer: cis where the "
                       "answer is trans, or trans where it is cis.")
    return Verdict(False, "stereo", "Right atoms and bonds, but a different stereoisomer.")


def _stereo_marks(smiles: str) -> Counter:
    return Counter(re.findall(r"@@|@|/|\\", smiles))


# ---- grading ---------------------------------------------------------------------------

def _preview(mols: list[Molecule]) -> str:
    return r",\quad ".join(rf"\mathtt{{{_tex(m.smiles)}}}\ ({m.formula_latex()})" for m in mols)


def _tex(s: str) -> str:
    return (s.replace("\\", r"\backslash ").replace("#", r"\#").replace("%", r"\%")
            .replace("{", r"\{").replace("}", r"\}").replace("@", r"@").replace("~", r"\sim "))


def _authored(spec: Spec, got: Molecule, opts: Options) -> str | None:
    def read(text: str) -> Molecule:
        try:
            return read_one(text)
        except StructureError as e:
            raise ReadError(str(e)) from None
    return spec.mistake_feedback(read, lambda wrong: compare(got, wrong, opts).same)


def _best(got: Molecule, expected: list[Molecule], opts: Options) -> Verdict:
    verdicts = [compare(got, e, opts) for e in expected]
    for v in verdicts:
        if v.same:
            return v
    return max(verdicts, key=lambda v: _CLOSENESS.get(v.note, 0))


def grade(spec: Spec, response: str) -> Result:
    opts = _options(spec)
    expected = _expected(spec)
    match = spec.get("match") or ("any" if isinstance(spec.get("expected"), list) else "one")
    try:
        mols = read_many(response)
    except StructureError as e:
        return invalid(str(e), note=e.note)
    preview = _preview(mols)
    if match == "all":
        return _grade_all(spec, mols, expected, opts, preview)
    if match == "one" and len(mols) > 1:
        # a molecule written as pieces (an ion pair on two lines) is one answer
        combined = ".".join(m.smiles for m in mols)
        try:
            mols = [read_smiles(combined, shown=response.strip())]
        except StructureError as e:
            return invalid(str(e), preview, note=e.note)
    elif len(mols) > 1:
        return invalid("Give one structure.", preview, note="one expected")
    got = mols[0]
    v = _best(got, expected, opts)
    if v.same:
        return correct(preview, "Correct.", note=v.note)
    authored = _authored(spec, got, opts)
    if authored:
        return incorrect(preview, authored, note="authored mistake")
    return incorrect(preview, v.feedback, note=v.note)


def _same_set(a: list[Molecule], b: list[Molecule], opts: Options) -> bool:
    if len(a) != len(b):
        return False
    left = list(b)
    for m in a:
        hit = next((k for k, w in enumerate(left) if compare(m, w, opts).same), None)
        if hit is None:
            return False
        left.pop(hit)
    return True


def _grade_all(spec: Spec, mols: list[Molecule], expected: list[Molecule], opts: Options, preview: str) -> Result:
    def read(text: str) -> list[Molecule]:
        try:
            return read_many(text)
        except StructureError as e:
            raise ReadError(str(e)) from None
    if not _same_set(mols, expected, opts):  # an authored mistake for the whole answer
        authored = spec.mistake_feedback(read, lambda wrong: _same_set(mols, wrong, opts))
        if authored:
            return incorrect(preview, authored, note="authored mistake")
    found = [None] * len(expected)  # index of the learner's structure that matched each
    messages, wrong_notes = [], []
    for k, m in enumerate(mols):
        earlier = next((j for j in range(k) if compare(m, mols[j], Options(True, False, False)).same), None)
        if earlier is not None:
            messages.append(f"You gave the same molecule twice: {mols[earlier].text} and {m.text} "
                            f"are both ${m.formula_latex()}$ joined the same way.")
            wrong_notes.append("duplicate")
            continue
        hit = next((i for i, e in enumerate(expected) if found[i] is None and compare(m, e, opts).same), None)
        if hit is not None:
            found[hit] = k
            continue
        authored = _authored(spec, m, opts)
        if authored:
            messages.append(f"{m.text}: {authored}")
            wrong_notes.append("authored mistake")
            continue
        v = _best(m, expected, opts)
        if v.same:  # matches an expected structure already given
            messages.append(f"{m.text} is the same molecule as one you already gave.")
            wrong_notes.append("duplicate")
        else:
            why = {"formula": f"its formula, ${m.formula_latex()}$, is not the answers'.",
                   "isomer": "it is an isomer of one of them, but not one of the ones asked for.",
                   "protonation": "check its hydrogens and charge."}.get(v.note, v.feedback)
            messages.append(f"{m.text} is not one of them: {why}")
            wrong_notes.append("extra")
    n_found = sum(f is not None for f in found)
    if n_found == len(expected) and not messages:
        return correct(preview, f"Correct: all {len(expected)}.", note="all")
    summary = f"{n_found} of {len(expected)} correct."
    if n_found < len(expected):
        summary += f" {len(expected) - n_found} missing."
    note = wrong_notes[0] if wrong_notes else "missing"
    return incorrect(preview, " ".join([summary] + messages), note=note)


def answer_text(spec: Spec) -> str:
    """The expected answer as a learner could type it: every structure of a ``match: all``
    list, comma-separated; the first of a ``match: any`` list."""
    raw = spec.get("expected")
    if not isinstance(raw, list):
        return str(raw)
    return ", ".join(raw) if spec.get("match") == "all" else str(raw[0])


def smiles_json(response: str) -> str:
    """JSON ``{"smiles": [...]}`` of the structures read, for the page's drawing of them."""
    try:
        return json.dumps({"smiles": [m.smiles for m in read_many(response)]})
    except (StructureError, ReadError):
        return json.dumps({"smiles": []})


def preview(spec: Spec, response: str) -> str:
    try:
        return _preview(read_many(response))
    except StructureError as e:
        raise ReadError(str(e)) from None
