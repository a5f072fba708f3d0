"""Units and constants: exact definitions, prefixes, °C versus C, the constants table."""

import pytest
import sympy

from checker.data.constants import CONSTANTS
from checker.errors import ReadError
from checker.maths.evaluate import constant_quantity, to_quantity
from checker.language.parser import Scope, parse
from checker.data.units import dims, exact, lookup_unit


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
