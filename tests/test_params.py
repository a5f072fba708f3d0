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
