"""Structure answers (SPEC §8) graded natively with RDKit: every feedback kind, the condensed
formula reader, spec errors, and the same verdicts from the RDKit MinimalLib under Node."""

from pathlib import Path

import pytest
import yaml

import checker
from checker.chem import read_smiles
from checker.types.structure import read_one

from .conftest import assert_verdict

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "structures.yaml").read_text(encoding="utf-8"))


check_case = assert_verdict  # also run on the MinimalLib's results below


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    check_case(case, checker.grade(case["spec"], case["input"]).as_dict())


def test_every_feedback_kind_is_covered():
    rules = {c.get("rule") for c in CASES}
    for kind in ("unreadable", "valence", "formula", "isomer", "stereo", "enantiomer", "tautomer",
                 "protonation", "duplicate", "missing", "extra", "authored mistake", "stereo marks"):
        assert kind in rules, kind


# The condensed formulas chemists write, and the molecule each one is.
CONDENSED = {
    "CH3CH2OH": "CCO", "HOCH2CH3": "CCO", "C2H5OH": "CCO", "EtOH": "CCO", "(CH3)3CH": "CC(C)C",
    "CH3CH(CH3)CH3": "CC(C)C", "CH3CH2CH(CH3)2": "CCC(C)C", "C(CH3)4": "CC(C)(C)C",
    "CH3(CH2)4CH3": "CCCCCC", "CH3COOH": "CC(=O)O", "CH3CO2H": "CC(=O)O", "HCOOH": "OC=O",
    "HOOCCOOH": "OC(=O)C(=O)O", "CH3COO-": "CC(=O)[O-]", "CH3CO2-": "CC(=O)[O-]",
    "CH3COOCH3": "COC(C)=O", "CH3CO2CH3": "COC(C)=O", "CH3COCH3": "CC(C)=O", "(CH3)2CO": "CC(C)=O",
    "CH3C(O)CH3": "CC(C)=O", "CH3CHO": "CC=O", "HCHO": "C=O", "CH3CN": "CC#N", "HCN": "C#N",
    "CH3-O-CH3": "COC", "CH3OCH3": "COC", "C2H5OC2H5": "CCOCC", "CH2=CH2": "C=C",
    "CH3CH=CHCH3": "CC=CC", "CH2=CHCH=CH2": "C=CC=C", "HC≡CH": "C#C", "CH3CH2C≡CH": "CCC#C",
    "CH2=CHCOOH": "C=CC(=O)O", "CH3CONH2": "CC(N)=O", "CH3COCl": "CC(=O)Cl", "CH3NHCH3": "CNC",
    "(CH3)3N": "CN(C)C", "NH4+": "[NH4+]", "(CH3)4N+": "C[N+](C)(C)C", "CH3NH3+": "C[NH3+]",
    "H3O+": "[OH3+]", "OH-": "[OH-]", "H2O": "O", "CO2": "O=C=O", "CHCl3": "ClC(Cl)Cl",
    "CCl4": "ClC(Cl)(Cl)Cl", "CH2ClCH2Cl": "ClCCCl", "CHCl=CHCl": "ClC=CCl",
    "CH3NO2": "C[N+](=O)[O-]", "(CH3)2SO": "CS(C)=O", "CH3SO3H": "CS(=O)(=O)O",
    "C6H5OH": "Oc1ccccc1", "C6H5CH3": "Cc1ccccc1", "CH2(OH)CH2OH": "OCCO", "(CH3)3COH": "CC(C)(C)O",
    "CH3CH2O-": "CC[O-]", "CH₃CH₂OH": "CCO", "CH3COO−": "CC(=O)[O-]",
}


@pytest.mark.parametrize("text,smiles", CONDENSED.items())
def test_condensed_reader(text, smiles):
    assert read_one(text).smiles == read_smiles(smiles).smiles


@pytest.mark.parametrize("text,words", [
    ("CH3CH3CH3", "second CH3 would make 5 bonds"), ("CH5", "5 bonds"),
    ("CH3CH2", "only 3 bonds"), ("CH3(CH2", "never closed"), ("CH3CH2OH)", "no matching '('"),
    ("C2H4OH", "atom by atom"), ("CH3CH2Xy", "not an element symbol"), ("=CH2", "starts with a bond"),
])
def test_condensed_errors_say_what_and_where(text, words):
    result = checker.grade({"type": "structure", "expected": "CCO"}, text)
    assert result.status == "invalid" and words in result.feedback, result


@pytest.mark.parametrize("spec,words", [
    ({"type": "structure", "expected": "CCO", "stero": True}, "unknown key"),
    ({"type": "structure", "expected": "C(C"}, "cannot be read"),
    ({"type": "structure", "expected": ["CC", "CCC"], "match": "some"}, "match"),
    ({"type": "structure", "expected": "CC", "tautomers": "yes"}, "tautomers"),
])
def test_spec_errors_are_reported(spec, words):
    result = checker.grade(spec, "CC")
    assert result.status == "invalid" and "spec is broken" in result.feedback and words in result.feedback


def test_preview_shows_the_structure_read():
    assert checker.preview({"type": "structure", "expected": "CCO"}, "HOCH2CH3") == \
        r"\mathtt{CCO}\ (\ce{C2H6O})"


def test_minimallib_gives_the_same_verdicts(tmp_path):
    """The browser's toolkit (RDKit MinimalLib under Node, through Pyodide like the worker)
    grades every case exactly as native RDKit does: status, rule and feedback."""
    import json
    import shutil
    import subprocess

    from book.assets import python_archives

    node = shutil.which("node")
    assert node, "node is needed (it also runs the site's build)"
    archives = []
    for name, data in python_archives().items():
        (tmp_path / name).write_bytes(data)
        archives.append(str(tmp_path / name))
    cases = [{"spec": c["spec"], "input": c["input"]} for c in CASES]
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([node, "tests/minimallib_verdicts.mjs", str(tmp_path / "cases.json"), *archives],
                         cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    from checker.chem import toolkit
    assert out["version"] == toolkit().version  # the same RDKit release on both sides
    for case, browser in zip(CASES, out["results"]):
        native = checker.grade(case["spec"], case["input"]).as_dict()
        assert browser == native, case["id"]
        check_case(case, browser)


def test_depictions_are_the_same_in_the_site_and_the_pdf():
    """A smiles block is drawn once by RDKit; the site's page and the print edition carry the
    same SVG."""
    from book import render, structures
    from book.load import load_book
    from book.printbook import book_markdown

    root = Path(__file__).resolve().parents[1]
    book = load_book(root)
    chapter = next(ch for ch in book.chapters if any(c.id == "isomers-and-resonance" for c in ch.chains))
    site = render.render_chapter(chapter)
    pdf = book_markdown(book, "t", "s")
    drawing = structures.svg("Clc1ccccc1Cl")
    assert drawing.startswith("<svg") and drawing in site and drawing in pdf
    with pytest.raises(ValueError, match="cannot draw"):
        structures.depict("```smiles\nC(C\n```")


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = list("CHONSClBr()[]=#-+123456789/\\@.,^ cnoH≡⁻₂%*\n") + ["CH3", "CH2", "OH", "COOH", "(CH3)", "Ph", "C2H5", "[O-]"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_any_text_gets_a_verdict_never_an_internal_error(text):
    for spec in ({"type": "structure", "expected": "CCO"},
                 {"type": "structure", "expected": ["CCCC", "CC(C)C"], "match": "all"}):
        r = checker.grade(spec, text)
        assert r.status in ("correct", "incorrect", "invalid")
        assert "could not be checked" not in r.feedback and "spec is broken" not in r.feedback, (text, r)
