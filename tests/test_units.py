"""Units and constants: exact definitions, prefixes, °C versus C, the constants table."""

import pytest
import sympy

from checker.data.constants import CONSTANTS
from checker.errors import ReadError
from checker.maths.evaluate import constant_quantity, to_quantity, walk
from checker.language.parser import Scope, parse
from checker.data.units import describe_dims, dims, exact, lookup_unit


def q(text, constants=()):
    return to_quantity(parse(text, Scope(constants=set(constants), units=True)))


@pytest.mark.parametrize("text, si, d", [
    ("1 kJ", 1000, dims(kg=1, m=2, s=-2)),
    ("1 nm", exact("1e-9"), dims(m=1)),
    ("1 cm^-1", 100, dims(m=-1)),
    ("1 M", 1000, dims(mol=1, m=-3)),
    ("1 mM", 1, dims(mol=1, m=-3)),
    ("1 L", exact("0.001"), dims(m=3)),
    ("1 dm^3", exact("0.001"), dims(m=3)),
    ("1 mL", exact("1e-6"), dims(m=3)),
    ("1 atm", 101325, dims(kg=1, m=-1, s=-2)),
    ("1 bar", 100000, dims(kg=1, m=-1, s=-2)),
    ("760 torr", 101325, dims(kg=1, m=-1, s=-2)),
    ("1 mmHg", exact("133.322387415"), dims(kg=1, m=-1, s=-2)),
    ("1 kcal", 4184, dims(kg=1, m=2, s=-2)),
    ("1 eV", exact("1.602176634e-19"), dims(kg=1, m=2, s=-2)),
    ("1 Å", exact("1e-10"), dims(m=1)),
    ("1 angstrom", exact("1e-10"), dims(m=1)),
    ("1 pm", exact("1e-12"), dims(m=1)),
    ("1 g/mol", exact("0.001"), dims(kg=1, mol=-1)),
    ("1 Da", exact("1.66053906892e-27"), dims(kg=1)),
    ("1 C", 1, dims(A=1, s=1)),               # C is the coulomb
    ("1 min", 60, dims(s=1)),
    ("1 h", 3600, dims(s=1)),
    ("1 MHz", 10**6, dims(s=-1)),
    ("1 mV", exact("0.001"), dims(kg=1, m=2, s=-3, A=-1)),
    ("1 mA", exact("0.001"), dims(A=1)),
    ("50 %", sympy.Rational(1, 2), dims()),
    ("1m", 1, dims(m=1)),
])
def test_unit_values_are_exact(text, si, d):
    got = q(text)
    assert got.value == si and got.dims == d


def test_torr_and_mmhg_differ():
    assert q("1 torr").value != q("1 mmHg").value


def test_celsius_is_not_coulomb():
    assert lookup_unit("°C").dims == dims(K=1)
    assert lookup_unit("C").dims == dims(A=1, s=1)


def test_adding_unlike_quantities_is_refused():
    with pytest.raises(ReadError, match="Cannot add"):
        q("1 m + 1 s")


def test_unknown_unit_is_named():
    with pytest.raises(ReadError, match="furlong"):
        q("3 furlong")


def test_constants_codata_2022():
    # Spot values: exact SI definitions and CODATA 2022 (NIST).
    assert constant_quantity("h").value == exact("6.62607015e-34")
    assert constant_quantity("m_e").value == exact("9.1093837139e-31")
    assert constant_quantity("R_inf").value == exact("10973731.568157")
    assert constant_quantity("a_0").value == exact("5.29177210544e-11")
    # derived constants are exact products and carry their units once
    assert constant_quantity("R").value == exact("6.02214076e23") * exact("1.380649e-23")
    assert constant_quantity("R").dims == dims(kg=1, m=2, s=-2, K=-1, mol=-1)
    assert constant_quantity("hbar").dims == constant_quantity("h").dims
    assert q("hbar^2", ["hbar"]).dims == dims(kg=2, m=4, s=-2)


def test_every_constant_has_consistent_units():
    for name in CONSTANTS:
        constant_quantity(name)  # raises if a definition and its unit disagree


def test_bohr_radius_from_constants_matches_codata():
    a0 = q("4*pi*epsilon_0*hbar^2/(m_e*e^2)", ["epsilon_0", "hbar", "m_e", "e"])
    assert abs(float(a0.value) / 5.29177210544e-11 - 1) < 1e-9


def test_schema_lists_every_constant():
    import json
    from pathlib import Path

    schema = json.loads((Path(__file__).parents[1] / "book/schema/chain.schema.json").read_text())
    assert sorted(schema["properties"]["constants"]["items"]["enum"]) == sorted(CONSTANTS)


@pytest.mark.parametrize("text, si, d", [
    ("1 T", 1, dims(kg=1, s=-2, A=-1)),             # tesla, not tera
    ("1 mT", exact("0.001"), dims(kg=1, s=-2, A=-1)),
    ("1 TJ", 10**12, dims(kg=1, m=2, s=-2)),          # tera still prefixes other units
    ("1 Bq", 1, dims(s=-1)),
    ("1 Ci", exact("3.7e10"), dims(s=-1)),
    ("1 yr", 31557600, dims(s=1)),                    # the Julian year, 365.25 d
    ("1 kyr", 31557600000, dims(s=1)),
    ("1 d", 86400, dims(s=1)),
    ("1 D", exact("1e-21") / 299792458, dims(A=1, s=1, m=1)),   # the debye
    ("180 °", sympy.pi, dims()),
    ("90 deg", sympy.pi / 2, dims()),
])
def test_units_added_for_the_book(text, si, d):
    got = q(text)
    assert got.value == si and got.dims == d


# ---- Parts III–IV (SPEC §7): units as textbooks print them, and Celsius readings ------------------
_J_MOL_K = dims(kg=1, m=2, s=-2, K=-1, mol=-1)


@pytest.mark.parametrize("text, si, d", [
    ("1 J/mol K", 1, _J_MOL_K),                      # everything after one '/' is the denominator
    ("1 J/K mol", 1, _J_MOL_K),
    ("1 J/(mol K)", 1, _J_MOL_K),
    ("1 L·atm/mol·K", exact("101.325"), _J_MOL_K),
    ("1 L atm/mol K", exact("101.325"), _J_MOL_K),
    ("1 L/mol s", exact("0.001"), dims(m=3, mol=-1, s=-1)),
    ("1 J/g°C", 1000, dims(m=2, s=-2, K=-1)),        # °C in a compound unit is a kelvin-sized step
    ("1 J g^-1 °C^-1", 1000, dims(m=2, s=-2, K=-1)),
    ("1 M^-1 s^-1", exact("0.001"), dims(m=3, mol=-1, s=-1)),
    ("1 L mol^-1 s^-1", exact("0.001"), dims(m=3, mol=-1, s=-1)),
    ("1 mol dm^-3", 1000, dims(mol=1, m=-3)),
    ("1 mol/kg", 1, dims(mol=1, kg=-1)),
    ("760 mm Hg", 760 * exact("133.322387415"), dims(kg=1, m=-1, s=-2)),
    ("1 sec", 1, dims(s=1)),
    ("1 hr", 3600, dims(s=1)),
    ("1 ppm", sympy.Rational(1, 10**6), dims()),
    ("1 S", 1, dims(kg=-1, m=-2, s=3, A=2)),          # siemens
    ("1 mS", exact("0.001"), dims(kg=-1, m=-2, s=3, A=2)),
    ("1 ms", exact("0.001"), dims(s=1)),              # millisecond, not millisiemens
    ("6.02e23 molecules", exact("6.02e23"), dims()),  # a count
    ("2 molecule", 2, dims()),
])
def test_units_as_textbooks_print_them(text, si, d):
    got = q(text)
    assert got.value == si and got.dims == d


@pytest.mark.parametrize("text, si", [
    ("44.01 g/mol * 2 mol", exact("0.08802")),        # a number ends the denominator
    ("10 J/2 K", 5),                                   # (10 J/2)·K: numbers keep strict precedence
    ("32.9 kJ/mol/(8.314 J/(mol K) * 298.15 K)", exact("32900") / (exact("8.314") * exact("298.15"))),
])
def test_slash_rule_takes_units_only(text, si):
    assert q(text).value == si


@pytest.mark.parametrize("text, kelvin, power", [
    ("25.0 °C", exact("298.15"), 1),
    ("25.0°C", exact("298.15"), 1),
    ("25 degC", exact("298.15"), 1),
    ("-1.86 °C", exact("271.29"), 1),                     # below zero, not minus (1.86 °C)
    ("(-1.86) °C", exact("271.29"), 1),                   # as a variant's value is filled in
    ("2 * (27.0 °C)", exact("600.30"), 1),
    ("1/(27.0 °C)", 1 / exact("300.15"), -1),             # a reading inside an author's expression
    ("25.0 °C - 20.0 °C", 5, 1),                          # a difference of readings is a step
])
def test_celsius_after_a_number_is_a_reading(text, kelvin, power):
    assert q(text).value == kelvin and q(text).dims == dims(K=power)


def test_a_reading_read_as_a_step():
    node = parse("25.0 °C", Scope(units=True))
    assert to_quantity(node, absolute=False).value == 25
    assert to_quantity(node).value == exact("298.15")


def test_celsius_in_an_exponent_is_not_a_reading():
    node = parse("4.19 J g^-1 °C^-1", Scope(units=True))
    assert not any(n[0] == "reading" for n in walk(node))


@pytest.mark.parametrize("typed, suggestion", [("KJ", "kJ"), ("Mol", "mol"), ("MOL", "mol")])
def test_unit_in_the_wrong_case_gets_did_you_mean(typed, suggestion):
    with pytest.raises(ReadError, match=f"Did you mean {suggestion}"):
        q(f"1 {typed}")


@pytest.mark.parametrize("text, words", [
    ("1 mol/kg", "molality"),
    ("1 M^-1 s^-1", "second-order rate constant"),
    ("1 M^-2 s^-1", "third-order"),
    ("1 M/s", "zero-order"),
    ("1 s^-1", "first-order"),
    ("1 J/(g K)", "specific heat"),
    ("1 L atm", "L·atm"),
    ("1 K kg/mol", "freezing"),
    ("1 M", "molarity"),
])
def test_dimensions_are_named_in_chemists_terms(text, words):
    assert words in describe_dims(q(text).dims)


@pytest.mark.parametrize("text, si, d", [
    ("1.86 °C kg/mol", exact("1.86"), dims(K=1, kg=1, mol=-1)),   # a cryoscopic constant: a step
    ("2.5 °C/min", exact("2.5") / 60, dims(K=1, s=-1)),
    ("1.0 °C^-1", 1, dims(K=-1)),
    ("2.00 * 25.0 °C/(2.00 L)", exact("298.15") * 1000, dims(K=1, m=-3)),   # a reading, then arithmetic
])
def test_celsius_followed_by_units_is_a_compound_unit(text, si, d):
    got = q(text)
    assert got.value == si and got.dims == d


@pytest.mark.parametrize("text, si, d", [
    ("1 in", exact("0.0254"), dims(m=1)),
    ("1 ft", exact("0.3048"), dims(m=1)),                  # the foot, not a femtotonne
    ("29.92 inHg", exact("29.92") * exact("3386.389"), dims(kg=1, m=-1, s=-2)),
    ("1 lb", exact("0.45359237"), dims(kg=1)),
    ("1 psi", exact("6894.757"), dims(kg=1, m=-1, s=-2)),
    ("1 t", 1000, dims(kg=1)),
    ("1 Mt", 10**9, dims(kg=1)),
    ("1 cm^6 molecule^-2 s^-1", exact("1e-12"), dims(m=6, s=-1)),
])
def test_units_from_historical_data(text, si, d):
    got = q(text)
    assert got.value == si and got.dims == d
