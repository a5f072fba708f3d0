"""grade(): numbers, quantities, expressions, choices, feedback rules, safety, the CLI."""

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import sympy

from checker import answer, grade
from checker.maths.numeric import format_sig, round_sig, sigfig_counts, within

ROOT = Path(__file__).resolve().parents[1]


def Q(expected, **kw):
    return {"type": "quantity", "expected": expected, **kw}


# ---- numbers: tolerance, significant figures, exact rounding ---------------------------------
@pytest.mark.parametrize("text, counts", [
    ("1.10", {3}), ("0.0050", {2}), ("1500", {2, 3, 4}), ("1500.", {4}), ("2.18e-18", {3}),
    ("100", {1, 2, 3}), ("7", {1}), ("0.5", {1}), ("1.0e3", {2}),
])
def test_sigfig_counts(text, counts):
    assert set(sigfig_counts(text)) == counts


def test_rounding_is_half_away_from_zero_and_exact():
    assert round_sig(Decimal("-9.815"), 3) == Decimal("-9.82")
    assert round_sig(Decimal("2.675"), 3) == Decimal("2.68")     # a float would give 2.67
    assert round_sig(sympy.Rational(1, 3), 2) == Decimal("0.33")
    assert round_sig(Decimal("9.996"), 3) == Decimal("10.0")


def test_format_sig():
    assert format_sig(Decimal("1523316.98"), 5) == "1.5233e6"
    assert format_sig(Decimal("364.705"), 5) == "364.71"
    assert format_sig(Decimal("0.00123456"), 3) == "0.00123"


def test_tolerance_limit_is_accepted():
    r = sympy.Integer(100)
    assert within(sympy.Integer(101), r, sympy.Rational(1, 100))
    assert not within(sympy.Rational(10101, 100), r, sympy.Rational(1, 100))


def test_zero_reference():
    assert grade(Q("0 J"), "0 kJ").status == "correct"
    assert grade(Q("0 J"), "1e-30 J").status == "incorrect"


def test_number_tolerance():
    spec = {"type": "number", "expected": "27/20"}
    assert grade(spec, "1.35").status == "correct"
    assert grade(spec, "1.3635").status == "correct"      # exactly 1 % off: accepted
    assert grade(spec, "1.364").status == "incorrect"
    assert grade({**spec, "tolerance": "0.1%"}, "1.36").status == "incorrect"
    assert grade(spec, "27/20").status == "correct"


def test_sigfigs_integer_trailing_zeros_are_ambiguous():
    spec = Q("1500 m", sigfigs=3)
    assert grade(spec, "1500 m").status == "correct"
    assert grade(spec, "1500. m").status == "incorrect"   # shows 4
    assert grade(spec, "1.50e3 m").status == "correct"


def test_sigfigs_rounding_not_tolerance():
    spec = Q("1.1043 V", sigfigs=3)
    assert grade(spec, "1.10 V").status == "correct"
    assert grade(spec, "1.11 V").status == "incorrect"
    r = grade(spec, "1.1043 V")
    assert r.status == "incorrect" and "significant figures" in r.feedback


def test_sigfigs_counted_in_learners_units():
    spec = Q("1/(656.47 nm)", units="m^-1", sigfigs=5)
    for ok in ["1.5233e6 m^-1", "15233 cm^-1", "1.5233×10⁶ m⁻¹", "0.0015233 nm^-1"]:
        assert grade(spec, ok).status == "correct", ok


def test_arithmetic_where_a_rounded_number_is_wanted():
    spec = Q("1/(656.47 nm)", units="m^-1", sigfigs=5,
             mistakes=[{"answer": "1/(656.47 m)", "feedback": "metres, not nanometres"}])
    r = grade(spec, "1/(656.47 nm)")
    assert r.status == "invalid" and "right value" in r.feedback
    assert grade(spec, "1/(656.47 m)").feedback == "metres, not nanometres"


# ---- quantities: units and automatic feedback -------------------------------------------------
def test_any_equivalent_units():
    spec = Q("1312 kJ/mol")
    for ok in ["1312 kJ mol^-1", "1.312e6 J/mol", "1312000 J mol⁻¹", "313.6 kcal/mol"]:
        assert grade(spec, ok).status == "correct", ok


def test_celsius_offset_only_alone():
    assert grade(Q("298.15 K"), "25 °C").status == "correct"
    assert grade(Q("298.15 K"), "25 degC").status == "correct"
    assert grade(Q("4.184 J/K"), "4.184 J/°C").status == "correct"   # a step of 1 °C is 1 K


def test_constants_in_expected_answers():
    spec = Q("h*c/(656.47 nm)", units="eV", sigfigs=5, constants=["h", "c"])
    assert answer(spec)[0] == "1.8886 eV"
    assert grade(spec, "1.8886 eV").status == "correct"
    assert grade(spec, "3.0260e-19 J").status == "correct"


@pytest.mark.parametrize("response, words", [
    ("-2.18e-18 J", ["sign"]),
    ("2.18e-15 J", ["1000", "kilo"]),
    ("2.18e-9 J", ["10^9", "nano"]),
    ("2.18e-18", ["no units", "energy"]),
    ("2.18e-18 m", ["a length", "an energy"]),
    ("2.2e-18 J", ["significant figures"]),
])
def test_automatic_feedback(response, words):
    r = grade(Q("2.179872e-18 J", sigfigs=3), response)
    assert r.status == "incorrect"
    for w in words:
        assert w.lower() in r.feedback.lower(), (w, r.feedback)


def test_reciprocal_number():
    r = grade({"type": "number", "expected": "4"}, "0.25")
    assert "reciprocal" in r.feedback


def test_authored_mistake_comes_first():
    spec = Q("2.179872e-18 J", sigfigs=3,
             mistakes=[{"answer": "-2.179872e-18 J", "feedback": "Energy needed, not released."}])
    assert grade(spec, "-2.18e-18 J").feedback == "Energy needed, not released."


# ---- expressions --------------------------------------------------------------------------------
E = {"type": "expression", "expected": "h*c/lambda",
     "symbols": {"h": {"positive": True}, "c": {"positive": True}, "lambda": {"positive": True}}}


@pytest.mark.parametrize("response", ["hc/λ", "h c lambda^-1", "c*h/lambda", "(h/lambda)*c", "hc λ⁻¹"])
def test_equivalent_forms(response):
    assert grade(E, response).status == "correct"


@pytest.mark.parametrize("response, word", [
    ("-h*c/lambda", "sign"),
    ("2*h*c/lambda", "2"),
    ("lambda/(h*c)", "reciprocal"),
    ("h/lambda", "c"),
])
def test_expression_feedback(response, word):
    r = grade(E, response)
    assert r.status == "incorrect" and word in r.feedback, r.feedback


def test_assumptions_are_respected():
    pos = {"type": "expression", "expected": "x", "symbols": {"x": {"positive": True}}}
    free = {"type": "expression", "expected": "x", "symbols": {"x": {"real": True}}}
    assert grade(pos, "sqrt(x^2)").status == "correct"
    assert grade(free, "sqrt(x^2)").status == "incorrect"


def test_integer_symbols():
    spec = {"type": "expression", "expected": "R_H*(1/4 - 1/n^2)",
            "symbols": {"R_H": {"positive": True}, "n": {"integer": True, "positive": True}}}
    assert grade(spec, "R_H (n^2-4)/(4n^2)").status == "correct"
    assert grade(spec, "R_H(1/2 - 1/n^2)").status == "incorrect"


def test_hbar_and_h_agree():
    spec = {"type": "expression", "expected": "4*pi*epsilon_0*hbar^2/(m_e*e^2)",
            "constants": ["h", "hbar", "epsilon_0", "m_e", "e"]}
    assert grade(spec, "epsilon_0 h^2/(pi m_e e^2)").status == "correct"


def test_choice():
    spec = {"type": "choice", "options": ["larger", "smaller"], "expected": "smaller",
            "mistakes": [{"answer": "larger", "feedback": "Think about the mass."}]}
    assert grade(spec, "smaller").status == "correct"
    assert grade(spec, " smaller ").status == "correct"
    assert grade(spec, "larger").feedback == "Think about the mass."
    assert grade(spec, "bigger").status == "invalid"


# ---- safety and robustness -------------------------------------------------------------------
@pytest.mark.parametrize("hostile", [
    "__import__('os').system('echo pwned')", "().__class__", "lambda: 1", "9^9^9^9",
    "10^10^10", "x" * 5000, "(" * 500, "exp(exp(exp(exp(exp(1000)))))", "1/0", "0^-1",
    "sqrt(-1)", "log(0)", "\x00", "x^(10^100)",
])
def test_hostile_input_is_never_correct_and_never_crashes(hostile):
    t = time.monotonic()
    r = grade({"type": "expression", "expected": "x", "symbols": ["x"]}, hostile)
    assert r.status in ("invalid", "incorrect")
    assert time.monotonic() - t < 3
    r = grade(Q("1 J"), hostile)
    assert r.status in ("invalid", "incorrect")


def test_broken_spec_is_reported_not_raised():
    assert grade({"type": "nonsense", "expected": "1"}, "1").status == "invalid"
    assert grade({"expected": "1"}, "1").status == "invalid"
    assert grade({"type": "quantity", "expected": "1 J", "constants": ["nope"]}, "1 J").status == "invalid"


def test_time_limit_turns_into_invalid(monkeypatch):
    import checker.types.expression as symbolic

    def slow(a, b):
        time.sleep(5)
        return True

    monkeypatch.setattr(symbolic, "equivalent", slow)
    monkeypatch.setattr("checker.TIME_LIMIT", 0.5)
    t = time.monotonic()
    r = grade({"type": "expression", "expected": "x", "symbols": ["x"]}, "x")
    assert r.status == "invalid" and "too long" in r.feedback
    assert time.monotonic() - t < 2


def test_cli_prints_json():
    out = subprocess.run(
        [sys.executable, "-m", "checker", "--spec", '{"type": "quantity", "expected": "0.10 M"}', "0.10 mol/L"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["status"] == "correct"
    out = subprocess.run([sys.executable, "-m", "checker", "--spec", "type: number\nexpected: 27/20", "1.35"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["status"] == "correct"


def test_checker_does_no_io_and_uses_no_eval():
    source = "\n".join(p.read_text() for p in (ROOT / "checker").rglob("*.py"))
    for banned in ("eval(", "exec(", "open(", "sympify(", "parse_expr(", "lambdify(", "import os", "subprocess"):
        assert banned not in source, banned


def test_derived_constants_compare_equal_through_their_relations():
    spec = {"type": "expression", "expected": "-e^2/(8*pi*epsilon_0*a_0)", "constants": ["e", "epsilon_0", "a_0", "m_e", "h"]}
    assert grade(spec, "-m_e e^4/(8 epsilon_0^2 h^2)").status == "correct"
    assert grade(spec, "-e^2/(4*pi*epsilon_0*a_0)").status == "incorrect"


def test_forbidden_names():
    spec = {"type": "expression", "expected": "4*pi*epsilon_0*hbar^2/(m_e*e^2)", "forbidden": ["a_0"],
            "constants": ["epsilon_0", "hbar", "m_e", "e", "a_0"]}
    r = grade(spec, "a_0")
    assert r.status == "invalid" and "a_0" in r.feedback
    assert grade(spec, "4 pi epsilon_0 hbar^2/(m_e e^2)").status == "correct"


def test_a_number_under_a_fraction_bar_is_arithmetic():
    spec = Q("1/(656.47 nm)", units="m^-1", sigfigs=5)
    assert grade(spec, "1/(656.47 nm)").status == "invalid"
    assert grade(spec, "1.5233e6 1/m").status == "correct"


@pytest.mark.parametrize("spec, typed", [
    ({"type": "expression", "expected": "-log10([H+])", "symbols": ["[H+]"]}, "-log([H⁺])"),
    ({"type": "expression", "expected": "[NH4+]", "symbols": ["[NH4+]"]}, "[NH_4^+]"),
    ({"type": "expression", "expected": "[H+]", "symbols": ["[H^+]"]}, "[H+]"),
    ({"type": "expression", "expected": "mu*B", "symbols": ["mu", "B"]}, "µB"),      # the micro sign
    ({"type": "expression", "expected": "hbar", "constants": ["hbar"]}, "ħ"),
])
def test_more_unicode_a_learner_types(spec, typed):
    assert grade(spec, typed).status == "correct"


@pytest.mark.parametrize("spec, typed, words", [
    ({"type": "number", "expected": "0.36"}, "1.2.3", "side by side"),
    (Q("1500 J"), "1 500 J", "side by side"),
    ({"type": "number", "expected": "1.2e-5"}, "exp(50000/8.314)", "10^2612"),
    ({"type": "number", "expected": "1"}, "2^5000", "far too large"),
    ({"type": "number", "expected": "1"}, "1e99999999", "too large"),
    ({"type": "number", "expected": "1"}, "(1+1e-100)^(10^100)", "too large"),
    ({"type": "expression", "expected": "x", "symbols": ["x"]}, "x^x^x^x^x", "nested"),
    ({"type": "expression", "expected": "x", "symbols": ["x"]}, "exp(exp(exp(exp(x))))", "nested"),
])
def test_runaway_numbers_are_refused_quickly_even_without_signals(spec, typed, words):
    """The browser has no SIGALRM: these must be refused by the reading rules, not the timer."""
    import threading

    out = {}
    worker = threading.Thread(target=lambda: out.update(r=grade(spec, typed)))
    t = time.monotonic()
    worker.start()
    worker.join(5)
    assert "r" in out and time.monotonic() - t < 2
    assert out["r"].status in ("invalid", "incorrect") and words in out["r"].feedback, out["r"]


@pytest.mark.parametrize("spec", [
    {"type": "expression", "expected": "x", "symbols": "x"},
    {"type": "expression", "expected": "x", "symbols": [["x"]]},
    {"type": ["expression"], "expected": "x"},
    {"type": "number", "expected": "1", "tolerance": "abc"},
    "not a mapping",
])
def test_malformed_specs_are_reported_not_raised(spec):
    r = grade(spec, "x")
    assert r.status == "invalid"


def test_zero_and_negative_values_with_significant_figures():
    assert grade(Q("0 degC", units="degC", sigfigs=3), "0.00 °C").status == "incorrect"   # shows 2 figures
    assert grade(Q("273.15 K", units="K", sigfigs=5), "273.15 K").status == "correct"
    assert grade(Q("-212.3 kJ/mol", sigfigs=4), "-212.3 kJ/mol").status == "correct"
    assert grade(Q("-212.3 kJ/mol", sigfigs=4), "-(212.3 kJ)/mol").status == "correct"


def test_degrees_of_arc_in_any_answer():
    spec = {"type": "quantity", "expected": "0.215 nm*sin(50*pi/180)", "units": "nm", "sigfigs": 3}
    assert grade(spec, "0.165 nm").status == "correct"
    assert grade({"type": "number", "expected": "-1/3", "tolerance": "0.1%"}, "cos(109.47°)").status == "correct"


def test_names_typed_without_their_underscore():
    spec = {"type": "expression", "expected": "4*pi*epsilon_0*hbar^2/(m_e*e^2)",
            "constants": ["epsilon_0", "hbar", "m_e", "e"]}
    assert grade(spec, "4π ε0 ħ^2/(m_e e^2)").status == "correct"
    assert grade({"type": "expression", "expected": "Delta_E/h", "symbols": ["Delta_E"], "constants": ["h"]},
                 "ΔE/h").status == "correct"


def test_forbidden_covers_constants_and_derivation_lines():
    spec = {"type": "expression", "expected": "4*pi*epsilon_0*hbar^2/(m_e*e^2)", "forbidden": ["a_0"],
            "constants": ["epsilon_0", "hbar", "m_e", "e", "a_0"]}
    r = grade(spec, "a_0")
    assert r.status == "invalid" and "without a_0" in r.feedback
    deriv = {"type": "derivation", "start": "hbar^2/(m_e*a) = e^2/(4*pi*epsilon_0)",
             "goal": "a = 4*pi*epsilon_0*hbar^2/(m_e*e^2)", "forbidden": ["a_0"],
             "symbols": {"a": {"positive": True}}, "constants": ["hbar", "e", "epsilon_0", "m_e", "a_0"]}
    assert grade(deriv, "a = a_0").status == "invalid"
    assert grade(deriv, "a = 4*pi*epsilon_0*hbar^2/(m_e*e^2)").status == "correct"


def test_warm_up_grades_every_answer_type():
    from checker import TYPES
    from checker.warmup import EXAMPLES, warm_up
    assert {spec["type"] for spec, _ in EXAMPLES} == set(TYPES)
    assert set(warm_up()) <= {"correct", "incorrect"}


@pytest.mark.parametrize("typed", ["2070 cm-1", "2.07 x 10^3 cm-1", "2.07e5 m-1", "2070 cm^-1"])
def test_unit_powers_written_without_a_caret(typed):
    spec = {"type": "quantity", "expected": "2070 cm^-1", "units": "cm^-1", "sigfigs": 3}
    assert grade(spec, typed).status == "correct"


def test_concentration_units_the_way_chemists_write_them():
    spec = {"type": "quantity", "expected": "0.100 mol/L", "units": "mol dm^-3", "sigfigs": 3}
    for typed in ["0.100 mol dm-3", "0.100 mol/dm3", "0.100 M"]:
        assert grade(spec, typed).status == "correct", typed
    assert grade(spec, "0.100 mol dm-4").status == "incorrect"   # a slip is still a slip


def test_a_large_cancellation_is_checked_at_the_precision_it_needs():
    spec = {"type": "expression", "expected": "x^2", "symbols": ["x"]}
    assert grade(spec, "(x+10^12)^2 - 10^24 - 2*10^12*x").status == "correct"
    assert grade(spec, "(x+10^12)^2 - 10^24 - 2*10^12*x + 1").status == "incorrect"


def test_missing_symbol_named_like_a_constant_is_named():
    r = grade({"type": "expression", "expected": "k*c", "symbols": ["k", "c"]}, "k")
    assert "depends on $c$" in r.feedback


def test_an_angle_without_its_degree_sign_gets_told_so():
    spec = {"type": "quantity", "expected": "104.5 deg", "units": "deg", "sigfigs": 4}
    assert "degree sign" in grade(spec, "104.5").feedback
    assert grade(spec, "104.5°").status == "correct"
    assert grade({"type": "quantity", "expected": "298.15 K", "units": "K", "sigfigs": 4}, "25.00 ° C").status == "correct"


def test_unit_powers_without_a_caret_stay_small_and_never_shadow_constants():
    assert "add" in grade({"type": "quantity", "expected": "1 m", "units": "m", "sigfigs": 1}, "5 m-12").feedback.lower()
    spec = {"type": "quantity", "expected": "h*c/(500 nm)", "units": "J", "sigfigs": 3, "constants": ["h", "c"]}
    assert grade(spec, "h2").status == "invalid"     # not hour squared: h is Planck's constant here


def test_a_value_right_only_before_rounding_again_says_so():
    spec = {"type": "quantity", "expected": "(107.87 g/mol)/(1.118 mg/C)", "units": "C/mol", "sigfigs": 4}
    r = grade(spec, "96485 C/mol")
    assert "right" in r.feedback and "unrounded" in r.feedback
    assert grade(spec, "9.648e4 C/mol").status == "correct"


def test_fast_numeric_values_agree_with_sympy():
    import random
    from checker.maths.equivalence import sample_point, value_at
    x, y = sympy.symbols("x y", positive=True)
    n = sympy.Symbol("n", integer=True)
    rng = random.Random(3)
    for expr in [x**2 / y + sympy.sqrt(x * y), sympy.exp(-x / y) * sympy.log(x), sympy.sin(x) ** 2 + sympy.cos(y),
                 (-1) ** n * x ** sympy.Rational(3, 2), sympy.atan(x) - sympy.pi / 4, sympy.log(x, 10)]:
        point = sample_point(sorted(expr.free_symbols, key=str), rng)
        fast, precise = value_at(expr, point), value_at(expr, point, precise=True)
        assert abs(fast - precise) <= 1e-12 * max(abs(precise), 1), expr
    assert value_at(1 / (x - 1), {x: sympy.Integer(1)}) is None


# ---- Parts III–IV (SPEC §7): temperatures, decimal places, keys, labels, chemists' slips --------
def N(expected, **kw):
    return {"type": "number", "expected": expected, **kw}


def test_celsius_in_the_expected_value_is_a_reading():
    spec = Q("1.00 mol * R * (25.0 °C) / (1.00 atm)", constants=["R"], units="L", sigfigs=3)
    assert grade(spec, "24.5 L").status == "correct"
    slip = grade(spec, "2.05 L")   # T = 25 K
    assert slip.status == "incorrect" and slip.note == "celsius as kelvin" and "273.15" in slip.feedback


def test_celsius_as_kelvin_is_named_when_the_author_wrote_kelvin():
    spec = Q("1.00 mol * R * 298.15 K / (1.00 atm)", constants=["R"], units="L", sigfigs=3)
    assert grade(spec, "2.05 L").note == "celsius as kelvin"


def test_temperature_difference_takes_celsius_and_kelvin_as_steps():
    shown = Q("25.0 °C - 20.0 °C")
    flagged = Q("1.86 K kg/mol * 0.500 mol/kg", difference=True, sigfigs=3)
    for spec in (shown, flagged):
        want = "5.0" if spec is shown else "0.930"
        assert grade(spec, f"{want} °C").status == "correct"
        assert grade(spec, f"{want} K").status == "correct"
    assert grade(flagged, "274.08 K").status == "incorrect"          # a reading is not a difference
    assert grade(shown, "278.15 K").status == "incorrect"


def test_temperature_tolerance_is_taken_in_the_authors_unit():
    assert grade(Q("25 °C"), "27 °C").status == "incorrect"           # 8 %, though 0.7 % in kelvin
    assert grade(Q("298.15 K"), "27 °C").status == "correct"          # within 1 % of 298.15 K
    assert grade(Q("0 K", units="°C"), "-273 °C").status == "correct"
    assert grade(Q("0 K", units="°C", sigfigs=3), "-273 °C").status == "correct"
    assert grade(Q("-1.86 °C"), "271.29 K").status == "correct"
    assert grade(Q("-1.86 °C"), "1.86 °C").note == "sign_rule"


def test_temperature_notation_slips_get_did_you_mean():
    r = grade(Q("298.15 K"), "298 °K")
    assert r.status == "invalid" and "Did you mean K" in r.feedback and r.note == "degree kelvin"
    r = grade(Q("298.15 K"), "25 C")
    assert r.status == "invalid" and "°C" in r.feedback and r.note == "coulomb for celsius"
    r = grade(Q("-890.4 kJ/mol"), "-890.4 KJ/mol")
    assert r.status == "invalid" and "Did you mean kJ" in r.feedback


def test_decimals_counts_decimal_places():
    spec = N("-log(1.0e-3)", decimals=2)
    assert grade(spec, "3.00").status == "correct"
    for typed, gave in (("3", "0"), ("3.0", "1"), ("3.000", "3")):
        r = grade(spec, typed)
        assert r.status == "incorrect" and r.note == "decimal places", typed
        assert "decimal places" in r.feedback and f"you gave {gave}" in r.feedback
        assert "significant figures" in r.feedback          # why: they carry the s.f. of [H+]
    assert grade(spec, "3.01").status == "incorrect"
    assert grade(N("-log(2.5e-3)", decimals=2), "2.60").status == "correct"
    assert grade(Q("-log(2.5e-3)", decimals=2), "2.6").note == "decimal places"


def test_decimals_in_the_answer_text():
    assert answer(N("-log(1.0e-3)", decimals=2))[0] == "3.00"
    assert answer(N("14 + log(2.5e-3)", decimals=2))[0] == "11.40"
    assert answer(N("0", decimals=1))[0] == "0.0"


def test_an_unknown_spec_key_is_an_error_not_ignored():
    r = grade(N("3", decimal=2), "3")
    assert r.status == "invalid" and "decimal" in r.feedback and "unknown key" in r.feedback
    r = grade(Q("1 mol", smallest=True), "1 mol")                   # a reaction's key on a quantity
    assert r.status == "invalid" and "smallest" in r.feedback
    assert grade(N("3", decimals="two"), "3").status == "invalid"
    assert grade(Q("5 K", difference="yes"), "5 K").status == "invalid"
    with pytest.raises(ValueError, match="unknown key 'decimal'"):
        answer(N("3", decimal=2))


def test_every_key_the_book_uses_is_known():
    import yaml
    from checker.spec import KEYS, check_keys

    for path in (ROOT / "problems").rglob("*.yaml"):
        for step in yaml.safe_load(path.read_text(encoding="utf-8")).get("steps", []):
            check_keys(step["answer"])
    schema = json.loads((ROOT / "book/schema/chain.schema.json").read_text())
    in_schema = set(schema["$defs"]["answer"]["properties"])
    assert {"decimals", "difference"} <= in_schema
    assert {k for keys in KEYS.values() for k in keys} - in_schema <= {"min_lines", "must_show", "match", "stereo",
                                                                        "tautomers", "enantiomers"}


@pytest.mark.parametrize("typed", ["pH = 3.00", "K = 4.1", "[H+] = 1.0e-3", "x=3"])
def test_a_labelled_answer_is_refused(typed):
    r = grade(N("3.00"), typed)
    assert r.status == "invalid" and "value only" in r.feedback and r.note == "labelled answer"


def test_a_bare_unit_is_not_an_answer():
    r = grade(Q("0.500 mol"), "mol")
    assert r.status == "invalid" and "number is missing" in r.feedback and r.note == "bare unit"
    assert grade(Q("1 mol"), "1 mol").status == "correct"


def test_percent_sign_missing_never_gets_a_prefix_message():
    spec = Q("5.00 g/(5.00 g + 95.0 g)", units="%", sigfigs=3)
    r = grade(spec, "5.00")
    assert r.status == "incorrect" and "% sign" in r.feedback and "centi" not in r.feedback
    r = grade(spec, "500 %")
    assert "centi" not in r.feedback and "percentage" in r.feedback
    assert grade(spec, "5.00 %").status == "correct" and grade(spec, "0.0500").status == "correct"


def test_molality_and_molarity_are_told_apart():
    r = grade(Q("0.250 mol/L", sigfigs=3), "0.250 mol/kg")
    assert r.status == "incorrect" and "molality" in r.feedback
    r = grade(Q("0.500 mol/kg", sigfigs=3), "0.500 M")
    assert r.status == "incorrect" and "molality" in r.feedback
    r = grade(Q("0.500 mol/kg", sigfigs=3), "0.500 m")
    assert r.status == "invalid" and "mol/kg" in r.feedback and "metre" in r.feedback


def test_wrong_dimension_named_in_chemists_terms():
    r = grade(Q("0.54 M^-1 s^-1"), "0.54 s^-1")
    assert "second-order rate constant" in r.feedback and "first-order" in r.feedback and "kg" not in r.feedback


def test_conversion_never_fails_a_right_answer_on_rounding():
    assert grade(Q("36.0 kcal/mol", units="kJ/mol", sigfigs=3), "151 kJ/mol").status == "correct"
    assert grade(Q("151 kJ/mol", units="kcal/mol", sigfigs=3), "36.0 kcal/mol").status == "correct"
    assert grade(Q("36.0 kcal/mol", tolerance="0.1%"), "151 kJ/mol").status == "correct"
    assert grade(Q("36.0 kcal/mol", tolerance="0.1%"), "2e2 kJ/mol").status == "incorrect"  # 1 figure
    assert grade(Q("36.0 kcal/mol", units="kJ/mol", sigfigs=3), "153 kJ/mol").status == "incorrect"


def test_K_from_standard_gibbs_energy_is_a_number():
    spec = Q("exp(-(-32.9 kJ/mol)/(R*298.15 K))", constants=["R"], sigfigs=2)
    assert grade(spec, "5.8e5").status == "correct"
    r = grade(spec, "exp(32.9 kJ/mol/(R*298.15 K))")
    assert r.status == "invalid" and "right value" in r.feedback and r.note == "unevaluated expression"


def test_expected_value_written_with_undeclared_constants():
    spec = Q("h*c/(500 nm)", units="eV", sigfigs=3)
    assert grade(spec, "2.48 eV").status == "correct"
    assert grade(spec, "3.97e-19 J").status == "correct"
    assert answer(spec)[0] == "2.48 eV"
    assert grade(Q("2.5 h", units="min", sigfigs=2), "150 min").status == "correct"   # h stays the hour


@pytest.mark.parametrize("spec, typed, rule", [
    (Q("1.00 mol * R * 298.15 K / (1.00 atm)", constants=["R"], units="L", sigfigs=3), "2.48e3 L",
     "gas_constant_rule"),
    (Q("ln(2)/(5.0 min)", units="s^-1", sigfigs=2), "1.0e-3 s^-1", "ln_log_rule"),
    (N("-log(2.5e-3)", decimals=2), "5.99", "ln_log_rule"),
    (Q("-1.57e3 J/(0.0250 mol)", units="kJ/mol", sigfigs=3), "-6.28e4 kJ/mol", "power_of_ten_rule"),
    (Q("exp(-(-32.9 kJ/mol)/(R*298.15 K))", constants=["R"], sigfigs=2), "1.7e-6", "reciprocal_rule"),
])
def test_chemistry_slips_are_named(spec, typed, rule):
    r = grade(spec, typed)
    assert r.status == "incorrect" and r.note == rule, r


def test_gas_constant_slip_is_not_called_a_power_of_ten():
    r = grade(Q("1.00 mol * R * 298.15 K / (1.00 atm)", constants=["R"], units="L", sigfigs=2), "2.5e3 L")
    assert r.note == "gas_constant_rule" and "101.325" in r.feedback and "prefix" not in r.feedback


@pytest.mark.parametrize("spec, typed", [
    (Q("2.0 mol"), "2.0 mol"), (Q("2.0 mol"), "3 mol"), (Q("2.0 mol"), "2.0"), (Q("2.0 mol"), "2.0 L"),
    (Q("2.0 mol", sigfigs=2), "2 mol"), (Q("2.0 mol", sigfigs=2), "2.0*1 mol"), (N("3", decimals=1), "3"),
    (Q("2.0 mol", units="mmol", units_only=True), "2.0 mol"), (Q("298 K"), "25 C"), (N("3"), "pH = 3"),
    (Q("2.0 mol"), "mol"), (Q("1 K"), "1 °K"), (Q("2.0 mol", mistakes=[{"answer": "4.0 mol", "feedback": "x"}]),
                                                "4.0 mol"),
])
def test_every_measure_result_names_its_rule(spec, typed):
    assert grade(spec, typed).note


def test_a_number_may_be_computed_from_quantities_whose_units_cancel():
    spec = N("exp(-(-32.9 kJ/mol)/(R*298.15 K))", constants=["R"], sigfigs=2)
    assert answer(spec)[0] == "5.8e5" and grade(spec, "5.8e5").status == "correct"
    r = grade(spec, "5.8e5 mol")
    assert r.status == "invalid" and "pure number" in r.feedback and r.note == "units on a number"
    assert grade(N("3 mol"), "3").status == "invalid"           # an author's error: not a pure number


@pytest.mark.parametrize("typed", ["pH 3.00", "pH: 3.00", "pKa 3.00"])
def test_a_label_without_equals_is_refused_too(typed):
    r = grade(N("3.00"), typed)
    assert r.status == "invalid" and "value only" in r.feedback and r.note == "labelled answer"


@pytest.mark.parametrize("spec, typed, verdict, words", [
    (Q("298.15 K", sigfigs=3), "25.0 deg C", "correct", ""),
    (Q("12.5 %", sigfigs=3), "12.5 percent", "correct", ""),
    (Q("8.314 J/(mol K)", sigfigs=4), "8.314 J/molK", "correct", ""),     # units run together
    (Q("298.15 K"), "77 °F", "invalid", "Fahrenheit"),
    (Q("-2*F*1.10 V", units="kJ/mol", sigfigs=3), "2*F*1.10 V", "invalid", "Unknown unit"),  # F undeclared
    (Q("0.50 mol", sigfigs=2), "0.50 mols", "correct", ""),
    (Q("298.15 K"), "298 kelvin", "correct", ""),
    (Q("298.15 K"), "298 Kelvin", "invalid", "Did you mean K"),
    (Q("0.50 mol/kg"), "0.50 molal", "invalid", "mol/kg"),
])
def test_units_as_learners_type_them(spec, typed, verdict, words):
    r = grade(spec, typed)
    assert r.status == verdict and words in r.feedback, r


@pytest.mark.parametrize("spec, typed, verdict, words", [
    (Q("515 m/s", sigfigs=3), "515 ms^-1", "invalid", "millisecond"),
    (Q("0.50 mol", sigfigs=2), "0.50 moles", "correct", ""),
    (Q("13.9 h", sigfigs=3), "13.9 hrs", "correct", ""),
    (Q("1.19 g", sigfigs=3), "1.19 grams", "correct", ""),
    (Q("101.3 kPa"), "101.3 KPA", "invalid", "Did you mean kPa"),
    (Q("1 J"), "1 Nm", "invalid", "Unknown unit"),                 # no false suggestion of nm
])
def test_unit_words_and_spellings(spec, typed, verdict, words):
    r = grade(spec, typed)
    assert r.status == verdict and words in r.feedback, r


def test_calories_for_joules_is_named():
    r = grade(Q("36.0 kcal/mol", units="kJ/mol", sigfigs=3), "36.0 kJ/mol")
    assert r.note == "calorie_rule" and "4.184" in r.feedback
    assert grade(Q("150.6 J"), "36.0 J").note == "calorie_rule"


def test_a_number_answer_may_carry_units_that_make_a_pure_number():
    from checker import preview

    assert grade(N("0.125"), "12.5 %").status == "correct"
    assert grade(N("0.0500 * 6.02214076e23"), "3.01e22 molecules").status == "correct"
    assert r"\%" in preview(N("0.125"), "12.5 %")
    assert grade(N("0.125"), "12.5 mol").note == "units on a number"


def test_difference_on_what_is_not_a_temperature_is_an_authors_error():
    spec = Q("-890.4 kJ/mol", difference=True)
    r = grade(spec, "-890.4 kJ/mol")
    assert r.status == "invalid" and "difference" in r.feedback
    with pytest.raises(ValueError, match="temperature difference"):
        answer(spec)


def test_zero_celsius_accepts_kelvin_rounded_as_typed():
    spec = Q("0 °C")
    assert grade(spec, "273 K").status == "correct" and grade(spec, "273.15 K").status == "correct"
    assert grade(spec, "274 K").status == "incorrect" and grade(spec, "2 °C").status == "incorrect"
    assert grade(spec, "0.3 °C").status == "incorrect"
# ---- feedback that is right or silent (issue 14) --------------------------------------------------
GAS = {"type": "expression", "expected": "P*V/(R*T)",
       "symbols": {n: {"positive": True} for n in ("P", "V", "R", "T")}}


@pytest.mark.parametrize("spec, typed, reading", [
    (GAS, "PV/R T", r"\frac{P\,V}{R}\,T"),
    ({"type": "expression", "expected": "e*L/(2*m_e)", "symbols": ["e", "L", "m_e"]}, "eL/2m_e", r"\frac{e\,L}{2}\,m_{e}"),
    ({"type": "expression", "expected": "A*exp(-E_a/(R*T))", "symbols": ["A", "E_a", "R", "T"]}, "Ae^-Ea/RT",
     r"\frac{A\,\mathrm{e}^{-E_{a}}}{R\,T}"),
    ({"type": "equation", "expected": "[A] = [A]_0*exp(-k*t)", "symbols": ["[A]", "[A]_0", "k", "t"]},
     "[A] = [A]0 e^-k t", r"[\mathrm{A}] = [\mathrm{A}]_{0}\,\mathrm{e}^{-k}\,t"),
    ({"type": "expression", "expected": "(a + b)/c", "symbols": ["a", "b", "c"]}, "a + b/c", r"a + \frac{b}{c}"),
])
def test_a_missing_bracket_gets_a_bracket_hint_showing_the_strict_reading(spec, typed, reading):
    r = grade(spec, typed)
    assert r.status == "incorrect" and r.note == "bracket_rule"
    assert f"you wrote `{typed}`, which reads as ${reading}$" in r.feedback and r.preview == reading


def test_no_bracket_hint_when_the_other_reading_is_wrong_too():
    r = grade(GAS, "PV/R T^2")
    assert r.status == "incorrect" and "bracket" not in r.feedback.lower()


@pytest.mark.parametrize("spec, typed", [
    ({"type": "expression", "expected": "E_0 - 0.0592/n*log(Q)",
      "symbols": {"E_0": {}, "n": {"positive": True}, "Q": {"positive": True}}}, "E0 - (0.0592/n) ln Q"),
    ({"type": "expression", "expected": "-R*T*ln(K)", "symbols": ["R", "T", "K"]}, "-RT log K"),
    ({"type": "equation", "expected": "pH = -log([H+])", "symbols": ["pH", "[H+]"]}, "pH = -ln[H3O+]"),
])
def test_ln_for_log_is_explained_without_log10_times(spec, typed):
    r = grade(spec, typed)
    assert r.status == "incorrect" and r.note == "ln_for_log_rule"
    assert "ln is the natural log; log is base 10: ln x = 2.303 log x" in r.feedback
    assert "log(10)" not in r.feedback and r"\log" not in r.feedback


def test_a_factor_of_ln10_is_never_shown_as_log10_times():
    r = grade({"type": "expression", "expected": "-R*T*ln(K)", "symbols": ["R", "T", "K"]}, "RT log(K)")
    assert r.status == "incorrect" and "log" not in r.feedback


def test_rounded_ln10_and_ln2_are_the_textbook_forms():
    spec = {"type": "equation", "expected": "Delta_G0 = -R*T*ln(K)",
            "symbols": {"R": {"positive": True}, "T": {"positive": True}, "K": {"positive": True}, "Delta_G0": {}}}
    for typed in ("ΔG° = -2.303RT logK", "K = 10^(-ΔG°/(2.303RT))"):
        r = grade(spec, typed)
        assert r.status == "correct" and "ln 10" in r.feedback
    half = {"type": "expression", "expected": "ln(2)/k", "symbols": {"k": {"positive": True}}}
    assert grade(half, "0.693/k").status == "correct"
    r = grade(half, "0.69/k")  # two figures: a different number, and the feedback says so truthfully
    assert r.status == "incorrect" and "rounded differently" in r.feedback and "exact numbers" not in r.feedback


def test_no_diagnosis_from_too_few_points():
    from checker.feedback import expression_factor_rule, expression_reciprocal_rule, expression_sign_rule
    one_row = [(2.0 + 0j, 1.0 + 0j)]
    assert expression_factor_rule(None, None, one_row) is None
    assert expression_sign_rule(None, None, [(-1.0 + 0j, 1.0 + 0j)]) is None
    assert expression_reciprocal_rule(None, None, [(2.0 + 0j, 0.5 + 0j)]) is None


def test_a_sign_slip_beside_a_big_term_is_not_called_rounding():
    spec = {"type": "expression", "expected": "E_0 - 0.0592/n*log(Q)",
            "symbols": {"E_0": {"positive": True}, "n": {"positive": True}, "Q": {"positive": True}}}
    r = grade(spec, "E_0 + 0.0592/n*log(Q)")
    assert r.status == "incorrect" and "rounded" not in r.feedback and "factor" not in r.feedback


def test_every_symbolic_result_names_its_rule():
    for spec, typed in [(GAS, "PV/RT"), (GAS, "RT/PV"), (GAS, "PV/R T"), (GAS, "P/(RT)"), (GAS, "2PV/(RT)"),
                        ({"type": "equation", "expected": "P*V = R*T", "symbols": ["P", "V", "R", "T"]}, "P = R")]:
        assert grade(spec, typed).note


# ---- derivations: min_lines and must_show ---------------------------------------------------------
HALF = {"type": "derivation", "start": "[A]_0/2 = [A]_0*exp(-k*t_half)", "goal": "t_half = ln(2)/k",
        "symbols": {"[A]_0": {}, "k": {"positive": True}, "t_half": {"positive": True}}}


def test_min_lines_stops_the_goal_alone():
    assert grade(HALF, "t_half = ln(2)/k").status == "correct"  # without min_lines the goal may follow at once
    spec = {**HALF, "min_lines": 2}
    r = grade(spec, "t_half = ln(2)/k")
    assert r.status == "incorrect" and "show how you got there" in r.feedback and r.note == "min_lines"
    r = grade(spec, "[A]0/2 = [A]0 e^(-k t_half)\nt_half = ln(2)/k")  # the start restated is not a step
    assert r.status == "incorrect" and "show how you got there" in r.feedback
    assert grade(spec, "ln(1/2) = -k t_half\nt_half = ln(2)/k").status == "correct"
    assert grade(spec, "t_half = ln(2)/k\nt_half = ln2/k").status == "incorrect"  # a repeat is not a step


def test_a_broken_line_is_named_before_any_missing_step():
    r = grade({**HALF, "min_lines": 3}, "ln(1/2) = k t_half\nt_half = ln(2)/k")
    assert r.status == "incorrect" and "Line 1" in r.feedback


ZEFF = {"type": "derivation", "start": "I = E_R*Z_eff^2/n^2", "goal": "Z_eff = n*sqrt(I/E_R)",
        "symbols": {n: {"positive": True} for n in ("I", "E_R", "Z_eff", "n")}, "must_show": ["Z_eff^2 = n^2*I/E_R"]}


@pytest.mark.parametrize("typed, status", [
    ("Z_eff^2 = n^2 I/E_R\nZ_eff = n sqrt(I/E_R)", "correct"),
    ("I n^2/E_R = Z_eff^2\nZ_eff = n sqrt(I/E_R)", "correct"),           # sides swapped, factors reordered
    ("Z_eff^2 - n^2 I/E_R = 0\nZ_eff = n sqrt(I/E_R)", "correct"),       # every term on one side
    ("Z_eff = n sqrt(I/E_R)", "incorrect"),
    ("I = E_R Z_eff^2/n^2\nZ_eff = n sqrt(I/E_R)", "incorrect"),          # the start, though equivalent
    ("n^2 I = E_R Z_eff^2\nZ_eff = n sqrt(I/E_R)", "incorrect"),
])
def test_must_show_needs_each_intermediate_result(typed, status):
    r = grade(ZEFF, typed)
    assert r.status == status
    if status == "incorrect":
        assert "show how you got there" in r.feedback and r.note == "must_show"


@pytest.mark.parametrize("spec", [{**HALF, "min_lines": 2}, ZEFF, {**ZEFF, "min_lines": 3}])
def test_the_shown_answer_of_a_derivation_passes_its_own_spec(spec):
    text, latex = answer(spec)
    assert grade(spec, text).status == "correct"
    assert latex.count(r"\\") == len(spec.get("must_show", []))  # shown: the results asked for, then the goal
    assert latex.endswith(r"t_{1/2} = \frac{\ln\left(2\right)}{k}") or latex.endswith(r"\sqrt{\frac{I}{E_{R}}}")


@pytest.mark.parametrize("bad", [{"min_lines": 0}, {"min_lines": "2"}, {"must_show": "x = 1"}, {"must_show": [1]},
                                 {"must_show": ["t_half = "]}, {"must_show": ["q = 1/k"]}])
def test_malformed_min_lines_and_must_show_are_author_errors(bad):
    r = grade({**HALF, **bad}, "t_half = ln(2)/k")
    assert r.status == "invalid" and "spec is broken" in r.feedback


def test_an_equation_with_a_symbol_in_an_exponent_is_solved_for_the_lone_symbol():
    # solving for ΔG° inside the exponent took over the 2 s limit (invalid); K stands alone
    spec = {"type": "equation", "expected": "Delta_G0 = -R*T*ln(K)",
            "symbols": {"R": {"positive": True}, "T": {"positive": True}, "K": {"positive": True}, "Delta_G0": {}}}
    assert grade(spec, "K = 10^(-ΔG°/(ln(10)*RT))").status == "correct"


def test_a_reading_that_divides_by_zero_is_no_hint_and_no_crash():
    spec = {"type": "expression", "expected": "-A/r_0*(1 - 1/n)",
            "symbols": {"A": {"positive": True}, "r_0": {"positive": True}, "n": {"positive": True}}}
    r = grade(spec, "1/(-A/r_0*(1 - 1/n))")  # read loosely, 1 - 1/n is (1 - 1)/n = 0
    assert r.status == "incorrect" and r.note == "expression_reciprocal_rule"
    r = grade(spec, "-A/r_0*1 - 1/n")
    assert r.status == "incorrect" and r.note == "bracket_rule" and "a*(b - c)" in r.feedback


def test_a_function_meant_for_a_whole_ratio_gets_the_bracket_hint():
    spec = {"type": "equation", "expected": "pH = pK_a + log([A-]/[HA])", "symbols": ["pH", "pK_a", "[A-]", "[HA]"]}
    r = grade(spec, "pH = pKa + log[A-]/[HA]")
    assert r.status == "incorrect" and r.note == "bracket_rule" and "log([A-]/[HA])" in r.feedback




def test_decimal_places_carry_between_celsius_and_kelvin():
    spec = Q("25.0 °C", sigfigs=3)
    r = grade(spec, "298.2 K")                          # 25.0 °C + 273.15: one decimal place kept
    assert r.status == "correct" and r.note == "decimal places carried between °C and K"
    assert grade(spec, "298 K").status == "correct"      # 3 significant figures, as asked
    assert grade(spec, "298.15 K").status == "incorrect"
    assert grade(Q("298.15 K", sigfigs=3), "25 °C").status == "correct"
    assert grade(Q("298.15 K", sigfigs=3), "25.0 °C").status == "correct"


def test_kelvin_for_a_celsius_answer_is_not_rounded_in_celsius():
    spec = Q("0 °C - 100 K/0.375", units="°C", sigfigs=4)        # -266.7 °C = 6.45 K
    assert grade(spec, "6.4 K").status == "incorrect" and grade(spec, "6.4 K").note != "significant figures"
    assert grade(spec, "6.5 K").status == "correct"


def test_a_reading_at_zero_celsius_inside_an_expected_value():
    spec = Q("3.46e-5 s^-1 * exp(-103 kJ/mol/R*(1/(0 °C) - 1/(25 °C)))", constants=["R"], sigfigs=2)
    assert answer(spec)[0] == "7.7e-7 s^-1" and grade(spec, "7.7e-7 s^-1").status == "correct"


def test_two_slips_at_once_name_both():
    spec = Q("-1.24e4 K * R", constants=["R"], units="kJ/mol", sigfigs=3)
    r = grade(spec, "103 J/mol")
    assert r.note == "power_of_ten_rule and sign" and "sign" in r.feedback and "1000" in r.feedback
    assert grade(spec, "44.8 kJ/mol").note == "ln_log_rule and sign"


def test_rate_constant_units_with_molecules_and_sixth_powers():
    spec = Q("3.3e-39 cm^6 molecule^-2 s^-1 * exp(530 K/(250 K))", sigfigs=2)
    assert grade(spec, "2.7e-38 cm6 molecule-2 s-1").status == "correct"
    assert grade(spec, "2.7e-38 cm^6/(molecule^2 s)").status == "correct"


@pytest.mark.parametrize("spec, typed", [
    (N("exp(-(2*51.31 kJ/mol - 97.89 kJ/mol)/(R*298.15 K))", constants=["R"], sigfigs=3), "0.998"),  # K, kJ in R's J
    (Q("-92.2 kJ/mol - (25.0 °C)*(-198.7 J/(mol K))", units="kJ/mol", sigfigs=3), "5.91e4 kJ/mol"),  # ΔS as kJ
])
def test_kJ_and_J_mixed_is_named(spec, typed):
    r = grade(spec, typed)
    assert r.status == "incorrect" and r.note == "kJ and J mixed" and "same unit" in r.feedback


def test_kJ_and_J_rule_stays_silent_without_energies():
    assert grade(N("0.148", sigfigs=3), "1.00").note != "kJ and J mixed"


def test_the_live_preview_says_what_grading_says_about_a_label():
    from checker import ReadError, preview

    with pytest.raises(ReadError, match="value only"):
        preview(N("3.00", decimals=2), "pH = 3.00")


@pytest.mark.parametrize("spec, typed", [
    ({"type": "equation", "expected": "Delta_G = Delta_H - T*Delta_S", "symbols": {"Delta_G": {}, "Delta_H": {}, "Delta_S": {}, "T": {"positive": True}}},
     "ΔG = ΔH + TΔS"),
    ({"type": "equation", "expected": "ln(k_2/k_1) = E_a/R*(1/T_1 - 1/T_2)",
      "symbols": {n: {"positive": True} for n in ("k_1", "k_2", "T_1", "T_2", "R", "E_a")}}, "ln(k2/k1) = Ea/R (1/T2 - 1/T1)"),
    ({"type": "expression", "expected": "A*exp(-E_a/(R*T))", "symbols": {n: {"positive": True} for n in ("A", "E_a", "R", "T")}},
     "A e^(Ea/RT)"),
])
def test_one_sign_wrong_inside_an_answer_is_named(spec, typed):
    r = grade(spec, typed)
    assert r.status == "incorrect" and r.note == "term_sign_rule" and "sign" in r.feedback


def test_no_sign_hint_where_no_single_sign_would_fix_it():
    spec = {"type": "equation", "expected": "P*V = n*R*T", "symbols": {n: {"positive": True} for n in "PVnRT"}}
    r = grade(spec, "PV = nR/T")
    assert r.status == "incorrect" and "sign" not in r.feedback.lower()


def test_what_a_logarithm_is_taken_of_is_positive_unless_the_author_says_otherwise():
    spec = {"type": "expression", "expected": "-R*T*ln(K)", "symbols": ["R", "T", "K"]}
    assert grade(spec, "RT ln(1/K)").status == "correct"
    assert grade(spec, "-RT lnK^2/2").status == "correct"
    real = {**spec, "symbols": {"R": {}, "T": {}, "K": {"real": True}}}  # the author's word stands
    assert grade(real, "-RT lnK^2/2").status == "incorrect"
    deriv = {"type": "derivation", "start": "K = exp(-G/(R*T))", "goal": "G = R*T*ln(1/K)", "symbols": ["K", "G", "R", "T"]}
    assert grade(deriv, "ln(K) = -G/(R T)\nG = -RT ln K").status == "correct"


def test_a_derivation_line_that_would_follow_with_brackets_says_so():
    spec = {"type": "derivation", "start": "P*V = n*R*T", "goal": "n/V = P/(R*T)", "min_lines": 2,
            "symbols": {s: {"positive": True} for s in "PVnRT"}}
    r = grade(spec, "n = PV/R T\nn/V = P/(RT)")
    assert r.status == "incorrect" and "Line 1 does not follow" in r.feedback and r.note == "bracket_rule"
    r = grade(spec, "n = PV/(RT)\nn/V = P V/(RT)")
    assert r.note == "line does not follow" and "bracket" not in r.feedback.lower()


def test_must_show_a_result_that_says_less_than_the_start_takes_any_rearrangement():
    # squaring loses the sign of v, so v^2 = 3RT/M is weaker than the start: any rearrangement shows it
    spec = {"type": "derivation", "start": "v = sqrt(3*R*T/M)", "goal": "M = 3*R*T/v^2",
            "symbols": {"v": {"real": True}, "R": {"positive": True}, "T": {"positive": True}, "M": {"positive": True}},
            "must_show": ["v^2 = 3*R*T/M"]}
    assert grade(spec, "v^2 = 3RT/M\nM = 3RT/v^2").status == "correct"
    assert grade(spec, "M v^2 = 3RT\nM = 3RT/v^2").status == "correct"
    r = grade(spec, "M = 3RT/v^2")
    assert r.status == "incorrect" and r.note == "must_show"


def test_a_number_steps_mistake_may_be_written_with_units_that_cancel():
    """Authored mistakes are read as the expected value is: units that cancel make a number."""
    spec = {"type": "number", "expected": "2*(29.124 J/(mol K))/(8.314 J/(mol K))", "sigfigs": 3,
            "mistakes": [{"answer": "(29.124 J/(mol K))/(8.314 J/(mol K))", "feedback": "You forgot the factor 2."}]}
    r = grade(spec, "3.50")
    assert r.status == "incorrect" and r.feedback == "You forgot the factor 2." and r.note == "authored mistake"
    assert grade(spec, "7.01").status == "correct"


def test_a_pure_number_near_the_calorie_factor_is_not_called_a_unit_slip():
    spec = {"type": "number", "expected": "2.04", "sigfigs": 3}
    r = grade(spec, "0.490")                     # the inverse, close to 2.04/4.184 by chance
    assert r.status == "incorrect" and "calorie" not in r.feedback and r.note != "calorie_rule"
    energy = {"type": "quantity", "expected": "2.04 kJ/mol", "sigfigs": 3}
    assert grade(energy, "0.488 kJ/mol").note == "calorie_rule"


@pytest.mark.parametrize("expected, typed, symbols", [
    ("h/(m*v)", "h/m*v", ["h", "m", "v"]),                                       # explicit * after /
    ("h/sqrt(2*m*e*V)", "h/sqrt(2*m*e)*V", ["h", "m", "e", "V"]),                # into the root, too
    ("m_1*m_2/(m_1 + m_2)", "m_1*m_2/m_1 + m_2", ["m_1", "m_2"]),                 # a sum as denominator
    ("(nu - nu_0)/nu_0*10^6", "nu - nu_0/nu_0*10^6", ["nu", "nu_0"]),            # numerator of a product
    ("N_0*exp(-k*t)", "N_0*e^-k*t", ["N_0", "k", "t"]),                           # explicit * in the power
])
def test_brackets_left_out_around_explicit_products_and_sums(expected, typed, symbols):
    spec = {"type": "expression", "expected": expected, "symbols": {n: {"positive": True} for n in symbols}}
    r = grade(spec, typed)
    assert r.status == "incorrect" and r.note == "bracket_rule", r


def test_a_kilo_slip_check_that_overflows_is_not_an_error():
    """exp(-ΔG°/RT) with ΔG° in kJ: reading the kJ as J inside exp() overflows; a wrong answer is
    still graded incorrect, never invalid."""
    spec = {"type": "number", "expected": "exp(-(33.0 kJ/mol)/(R*723.15 K))", "constants": ["R"], "sigfigs": 2}
    r = grade(spec, "2.0e-4")
    assert r.status == "incorrect", r


def test_a_product_of_the_chains_constants_is_exact():
    spec = {"type": "quantity", "expected": "N_A*u", "constants": ["N_A", "u"], "units": "g/mol", "sigfigs": 6}
    assert grade(spec, "N_A*u").status == "correct" and grade(spec, "u N_A").status == "correct"
    assert grade(spec, "1.00000 g/mol").status == "correct"
    assert grade(spec, "2*N_A*u").status == "invalid"        # arithmetic with a typed number: work it out
