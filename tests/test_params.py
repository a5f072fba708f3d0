"""Randomized variants: parameter values, the per-learner choice, substitution, checking."""

import io
import shutil
from pathlib import Path

import pytest

from book import check, params
from book.load import load_book

BOOK = Path(__file__).parent / "fixtures" / "books" / "randomized"


def test_values_from_a_list_and_a_range():
    lam = params.read_param("lam", {"values": ["400.0", "500.0"], "units": "nm", "default": "500.0"})
    assert [v.text for v in lam.values] == ["400.0 nm", "500.0 nm"] and lam.default == 1
    assert lam.values[0].latex == r"400.0\,\mathrm{nm}"
    n = params.read_param("n", {"range": ["1.0", "3.0"], "step": "0.5"})
    assert [v.text for v in n.values] == ["1.0", "1.5", "2.0", "2.5", "3.0"]   # trailing zeros kept


@pytest.mark.parametrize("raw, words", [
    ({"values": ["1"], "default": "2"}, "not one of its values"),
    ({"range": ["3", "1"], "step": "1"}, "range must go up"),
    ({"range": ["0", "100000"], "step": "1"}, "at most"),
    ({"values": ["1 2 3 4 ("]}, "cannot be read"),
])
def test_bad_params_are_explained(raw, words):
    with pytest.raises(ValueError, match=words):
        params.read_param("p", raw)


def test_choice_is_deterministic_and_spread():
    p = params.read_param("lam", {"values": [str(x) for x in range(10)]})
    picks = [params.choose(seed, "chain", p) for seed in range(200)]
    assert picks == [params.choose(seed, "chain", p) for seed in range(200)]
    assert len(set(picks)) == 10
    assert params.fnv1a("hello") == 0x4F9F2CAB       # the published FNV-1a test value


def test_substitution():
    values = {"lam": params.Value("656.47 nm", r"656.47\,\mathrm{nm}")}
    assert params.in_answer("1/{{lam}}", values) == "1/(656.47 nm)"
    assert params.in_markdown("At $\\lambda = {{ lam }}$ the lamp emits {{lam}}.", values) == \
        "At $\\lambda = 656.47\\,\\mathrm{nm}$ the lamp emits 656.47 nm."


def test_randomized_chain_passes_check():
    out = io.StringIO()
    assert check.run(BOOK, out=out) == 0, out.getvalue()


def test_check_finds_a_problem_in_one_variant_only(tmp_path):
    shutil.copytree(BOOK, tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "photons.yaml"
    # a "mistake" that is right exactly when lam = 700.0 nm
    chain.write_text(chain.read_text().replace('"h*c/({{lam}} * 1e9)"', '"h*c/(700.0 nm)"'))
    out = io.StringIO()
    assert check.run(tmp_path, out=out) == 1
    errors = [line for line in out.getvalue().splitlines() if ": error: " in line]
    assert len(errors) == 1 and "is graded correct" in errors[0] and "lam = 700.0 nm" in errors[0]


def test_undeclared_placeholder(tmp_path):
    shutil.copytree(BOOK, tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "photons.yaml"
    chain.write_text(chain.read_text().replace("Multiply by $N_A$.", "Multiply by {{N}}."))
    problems = load_book(tmp_path).problems
    assert any("`N` is not under `params:`" in p.message and p.line == 22 for p in problems), problems


def _derived_params():
    raw = {"p_mmHg": {"range": ["700", "780"], "step": "10", "units": "mmHg"},
           "T": {"values": ["273.15", "298.15"], "units": "K"},
           "p_atm": {"value": "{{p_mmHg}}", "units": "atm", "sigfigs": 4},
           "n": {"value": "{{p_atm}}*(1.000 L)/(R*{{T}})", "units": "mol", "sigfigs": 3},
           "fraction": "{{p_mmHg}}/(760 mmHg)"}
    ps = {n: params.read_param(n, r) for n, r in raw.items() if not params.is_derived(r)}
    assert params.derive(ps, raw, ["R"]) == []
    return ps


def test_derived_params_follow_the_same_draw():
    ps = _derived_params()
    assert ps["p_atm"].of == ("p_mmHg",) and ps["n"].of == ("T", "p_mmHg")   # drawn params only
    assert len(ps["n"].values) == 2 * 9
    for seed in range(40):
        v = params.for_seed(seed, "gas", ps)
        mmhg, kelvin = float(v["p_mmHg"].text.split()[0]), float(v["T"].text.split()[0])
        assert v["p_atm"].text == f"{mmhg / 760:#.4g} atm"               # 4 significant figures
        assert v["fraction"].text == f"{mmhg / 760:#.4g}"
        # n from the rounded p_atm the learner sees, to 3 significant figures
        atm = float(v["p_atm"].text.split()[0])
        assert float(v["n"].text.split()[0]) == pytest.approx(atm * 101325 * 1e-3 / (8.314462618 * kelvin), rel=2e-3)
    d = params.defaults(ps)
    assert d["p_atm"].text == "0.9211 atm" and d["fraction"].text == "0.9211"


@pytest.mark.parametrize("raw, words", [
    ({"a": "{{b}}*2", "b": "{{a}}*2"}, "a cycle"),
    ({"a": {"value": "{{p}}", "sigfigs": 3}}, "give the units to show it in"),
    ({"a": {"value": "{{p}}", "units": "kg"}}, "is a pressure"),
])
def test_bad_derived_params_are_explained(raw, words):
    ps = {"p": params.read_param("p", {"values": ["700"], "units": "mmHg"})}
    errors = params.derive(ps, raw)
    assert errors and any(words in m for _, m in errors), errors


def test_derived_param_errors_are_reported_at_the_param(tmp_path):
    shutil.copytree(BOOK, tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "photons.yaml"
    chain.write_text(chain.read_text().replace('  n: {range', '  E: {value: "{{lam}}", sigfigs: 3}\n  n: {range'))
    problems = load_book(tmp_path).problems
    assert [(p.line, "give the units to show it in" in p.message) for p in problems] == [(7, True)], problems
