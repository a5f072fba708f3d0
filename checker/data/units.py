"""Units: exact SI scale factors, prefixes, and the `Quantity` value type.

A unit is an exact factor to SI base units times a dimension vector over
(kg, m, s, A, K, mol, cd). Definitions: SI Brochure, 9th ed. (2019) for the SI
and the units accepted for use with it (L, min, h, d, Da, eV, angstrom, bar, the degree
of arc) and the coherent derived units (T, Bq);
NIST SP 811 (2008), appendix B, for atm (101 325 Pa), torr (atm/760), the
conventional millimetre of mercury (133.322 387 415 Pa) and the thermochemical
calorie (4.184 J), the inch, foot, inch of mercury, pound and psi, the curie (3.7e10 Bq)
and the debye (1e-21/c C m = 1e-18 esu cm); the
Julian year (365.25 d, IAU); the dalton and electronvolt from CODATA 2022 and the exact
elementary charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from decimal import Decimal

import sympy

from ..errors import ReadError

BASE = ("kg", "m", "s", "A", "K", "mol", "cd")
Dims = tuple  # 7 Fractions, one per BASE unit


MAX_EXPONENT = 400  # 10^±400 is far beyond any chemistry; larger exact numbers cost too much


def exact(text: str) -> sympy.Rational:
    """Exact rational value of a decimal string such as ``"2.18e-18"``.

    Raises ReadError for numbers beyond 10^±400, whose exact value would be too costly.
    """
    d = Decimal(text)
    if d and abs(d.adjusted()) > MAX_EXPONENT:
        raise ReadError(f"{text} is too large or too small a number to work with.")
    f = Fraction(d)
    return sympy.Rational(f.numerator, f.denominator)


def dims(**powers) -> Dims:
    """Dimension vector from keyword powers, e.g. ``dims(kg=1, m=2, s=-2)`` for energy."""
    return tuple(Fraction(powers.get(b, 0)) for b in BASE)


DIMLESS = dims()


@dataclass(frozen=True)
class Unit:
    """A named unit: ``factor`` (exact, to SI base units) and ``dims``; ``prefixable``
    says whether SI prefixes may precede it; ``offset`` is the additive part (kelvin)
    of an affine temperature scale such as degC, used only when it stands alone."""

    name: str
    factor: sympy.Expr
    dims: Dims
    latex: str
    prefixable: bool = True
    offset: sympy.Expr = sympy.Integer(0)


_E = exact("1.602176634e-19")  # elementary charge, C (exact, SI 2019)
_ENERGY = dims(kg=1, m=2, s=-2)
_PRESSURE = dims(kg=1, m=-1, s=-2)
_ATM = sympy.Integer(101325)

UNITS: dict[str, Unit] = {}
CELSIUS = ("degC", "°C", "℃")  # a reading after a number (25 °C = 298.15 K), a kelvin-sized step elsewhere


def _add(names, factor, d, latex, prefixable=True, offset=0):
    for n in names:
        UNITS[n] = Unit(n, sympy.nsimplify(factor), d, latex, prefixable, sympy.nsimplify(offset))


_add(["m"], 1, dims(m=1), r"\mathrm{m}")
_add(["g"], sympy.Rational(1, 1000), dims(kg=1), r"\mathrm{g}")
_add(["s"], 1, dims(s=1), r"\mathrm{s}")
_add(["A"], 1, dims(A=1), r"\mathrm{A}")
_add(["K"], 1, dims(K=1), r"\mathrm{K}")
_add(["mol"], 1, dims(mol=1), r"\mathrm{mol}")
_add(["cd"], 1, dims(cd=1), r"\mathrm{cd}", prefixable=False)
_add(["Hz"], 1, dims(s=-1), r"\mathrm{Hz}")
_add(["N"], 1, dims(kg=1, m=1, s=-2), r"\mathrm{N}")
_add(["Pa"], 1, _PRESSURE, r"\mathrm{Pa}")
_add(["J"], 1, _ENERGY, r"\mathrm{J}")
_add(["W"], 1, dims(kg=1, m=2, s=-3), r"\mathrm{W}")
_add(["C"], 1, dims(A=1, s=1), r"\mathrm{C}")
_add(["V"], 1, dims(kg=1, m=2, s=-3, A=-1), r"\mathrm{V}")
_add(["ohm", "Ω"], 1, dims(kg=1, m=2, s=-3, A=-2), r"\Omega")
_add(["L", "l"], sympy.Rational(1, 1000), dims(m=3), r"\mathrm{L}")
_add(["M"], 1000, dims(mol=1, m=-3), r"\mathrm{M}")
_add(["eV"], _E, _ENERGY, r"\mathrm{eV}")
_add(["cal"], exact("4.184"), _ENERGY, r"\mathrm{cal}")
_add(["atm"], _ATM, _PRESSURE, r"\mathrm{atm}", prefixable=False)
_add(["bar"], 100000, _PRESSURE, r"\mathrm{bar}")
_add(["torr", "Torr"], _ATM / 760, _PRESSURE, r"\mathrm{Torr}")
_add(["mmHg"], exact("133.322387415"), _PRESSURE, r"\mathrm{mmHg}", prefixable=False)
_add(["angstrom", "Å", "Å"], exact("1e-10"), dims(m=1), r"\mathrm{\mathring{A}}", prefixable=False)
_add(["Da", "amu"], exact("1.66053906892e-27"), dims(kg=1), r"\mathrm{Da}")
_add(["min"], 60, dims(s=1), r"\mathrm{min}", prefixable=False)
_add(["sec"], 1, dims(s=1), r"\mathrm{s}", prefixable=False)  # as many textbooks abbreviate it
_add(["h", "hr"], 3600, dims(s=1), r"\mathrm{h}", prefixable=False)
_add(["S"], 1, dims(kg=-1, m=-2, s=3, A=2), r"\mathrm{S}")  # siemens (conductance), SI derived unit
# Counts of entities: "3.01e22 molecules" is the number 3.01e22 (N_A is then 6.022e23 molecules/mol).
for _n in ("molecule", "molecules", "atom", "atoms", "particle", "particles", "ion", "ions"):
    _add([_n], 1, DIMLESS, r"\;\text{" + _n + "}", prefixable=False)
_add(CELSIUS, 1, dims(K=1), r"{}^{\circ}\mathrm{C}", prefixable=False,
     offset=exact("273.15"))
_add(["d", "day"], 86400, dims(s=1), r"\mathrm{d}", prefixable=False)
_add(["yr"], 31557600, dims(s=1), r"\mathrm{yr}")  # the Julian year, 365.25 d; kyr, Myr, Gyr
_add(["T"], 1, dims(kg=1, s=-2, A=-1), r"\mathrm{T}")
_add(["Bq"], 1, dims(s=-1), r"\mathrm{Bq}")
_add(["Ci"], exact("3.7e10"), dims(s=-1), r"\mathrm{Ci}")
_add(["D"], exact("1e-21") / 299792458, dims(A=1, s=1, m=1), r"\mathrm{D}", prefixable=False)
_add(["°", "deg"], sympy.pi / 180, DIMLESS, r"^{\circ}", prefixable=False)
_add(["%", "percent"], sympy.Rational(1, 100), DIMLESS, r"\%", prefixable=False)
_add(["ppm"], sympy.Rational(1, 10**6), DIMLESS, r"\mathrm{ppm}", prefixable=False)

# Non-SI units met in historical data (NIST SP 811, appendix B): the inch and foot (exact), the
# conventional inch of mercury, the pound (avoirdupois, exact) and the psi; the tonne (SI Brochure).
_add(["in"], exact("0.0254"), dims(m=1), r"\mathrm{in}", prefixable=False)
_add(["ft"], exact("0.3048"), dims(m=1), r"\mathrm{ft}", prefixable=False)
_add(["inHg"], exact("3386.389"), _PRESSURE, r"\mathrm{inHg}", prefixable=False)
_add(["lb"], exact("0.45359237"), dims(kg=1), r"\mathrm{lb}", prefixable=False)
_add(["psi"], exact("6894.757"), _PRESSURE, r"\mathrm{psi}", prefixable=False)
_add(["t"], 1000, dims(kg=1), r"\mathrm{t}")

# Units spelled out, as learners type them ("0.50 moles", "13.9 hrs"): the same units, never prefixed.
_WORDS = {
    "mole": "mol", "moles": "mol", "mols": "mol", "gram": "g", "grams": "g", "liter": "L", "liters": "L", "litre": "L",
    "litres": "L", "second": "s", "seconds": "s", "secs": "s", "minute": "min", "minutes": "min",
    "mins": "min", "hour": "h", "hours": "h", "hrs": "h", "days": "d", "kelvin": "K", "joule": "J",
    "joules": "J", "volt": "V", "volts": "V", "coulomb": "C", "coulombs": "C", "amp": "A", "amps": "A",
    "atmosphere": "atm", "atmospheres": "atm", "pascal": "Pa", "pascals": "Pa",
}
for _w, _u in _WORDS.items():
    UNITS[_w] = Unit(_w, UNITS[_u].factor, UNITS[_u].dims, UNITS[_u].latex, False)

# SI prefixes (SI Brochure, 9th ed., table 7); "u" and the two micro signs all mean 10^-6.
PREFIXES: dict[str, tuple[int, str]] = {
    "Q": (30, "Q"), "R": (27, "R"), "Y": (24, "Y"), "Z": (21, "Z"), "E": (18, "E"),
    "P": (15, "P"), "T": (12, "T"), "G": (9, "G"), "M": (6, "M"), "k": (3, "k"),
    "h": (2, "h"), "da": (1, "da"), "d": (-1, "d"), "c": (-2, "c"), "m": (-3, "m"),
    "µ": (-6, r"\mu "), "μ": (-6, r"\mu "), "u": (-6, r"\mu "), "n": (-9, "n"),
    "p": (-12, "p"), "f": (-15, "f"), "a": (-18, "a"), "z": (-21, "z"), "y": (-24, "y"),
}
PREFIX_BY_EXPONENT = {e: p for p, (e, _) in PREFIXES.items() if p not in ("u", "μ")}


def lookup_unit(name: str) -> Unit | None:
    """The unit ``name`` stands for (``"kJ"``, ``"nm"``, ``"µmol"``, ``"°C"``), or None.

    Exact names win over prefix readings (``"min"`` is the minute, ``"cd"`` the candela,
    ``"Pa"`` the pascal), so a prefix is only split off when the whole name is unknown.
    """
    if name in UNITS:
        return UNITS[name]
    for plen in (2, 1):
        p, rest = name[:plen], name[plen:]
        if p in PREFIXES and rest in UNITS and UNITS[rest].prefixable:
            exp, plat = PREFIXES[p]
            u = UNITS[rest]
            latex = u.latex.replace(r"\mathrm{", r"\mathrm{" + plat, 1) if plat != r"\mu " \
                else r"\mu" + u.latex
            return Unit(name, u.factor * sympy.Integer(10) ** exp, u.dims, latex, False)
    return None


@dataclass(frozen=True)
class Quantity:
    """An exact value in SI base units with its dimension vector.

    ``value`` is a sympy number (exact where the input was exact); ``dims`` a 7-tuple
    of Fractions over (kg, m, s, A, K, mol, cd). Arithmetic checks dimensions and
    raises :class:`ReadError` for sums of unlike quantities.
    """

    value: sympy.Expr
    dims: Dims = DIMLESS

    def __add__(self, other: "Quantity") -> "Quantity":
        if self.dims != other.dims:
            raise ReadError(f"Cannot add {describe_dims(self.dims)} and {describe_dims(other.dims)}.")
        return Quantity(self.value + other.value, self.dims)

    def __neg__(self) -> "Quantity":
        return Quantity(-self.value, self.dims)

    def __sub__(self, other: "Quantity") -> "Quantity":
        return self + (-other)

    def __mul__(self, other: "Quantity") -> "Quantity":
        return Quantity(self.value * other.value, tuple(a + b for a, b in zip(self.dims, other.dims)))

    def __truediv__(self, other: "Quantity") -> "Quantity":
        if other.value == 0:
            raise ReadError("Division by zero.")
        return Quantity(self.value / other.value, tuple(a - b for a, b in zip(self.dims, other.dims)))

    def power(self, exponent: sympy.Expr) -> "Quantity":
        """``self ** exponent`` for a rational ``exponent`` (any real one if dimensionless)."""
        if self.dims != DIMLESS:
            if not exponent.is_Rational:
                raise ReadError("A quantity with units can only be raised to a rational power.")
            f = Fraction(int(exponent.p), int(exponent.q))
            return Quantity(self.value ** exponent, tuple(d * f for d in self.dims))
        return Quantity(self.value ** exponent, DIMLESS)

    @property
    def dimensionless(self) -> bool:
        return self.dims == DIMLESS


# Dimensions named as a chemist would, with the units a textbook prints for them (SPEC §7).
_NAMED_DIMS = {
    dims(): "a pure number (no units)",
    dims(m=1): "a length",
    dims(m=-1): "a wavenumber (1/length, cm⁻¹)",
    dims(m=2): "an area",
    dims(m=3): "a volume (L, mL, cm³)",
    dims(kg=1): "a mass (g, kg)",
    dims(s=1): "a time (s, min, h)",
    dims(s=-1): "a frequency or first-order rate constant (1/time, s⁻¹)",
    dims(K=1): "a temperature (K, °C)",
    dims(K=-1): "a reciprocal temperature (1/K)",
    dims(mol=1): "an amount of substance (mol)",
    dims(A=1): "an electric current (A)",
    dims(A=1, s=1): "a charge (C)",
    dims(A=1, s=1, mol=-1): "a charge per mole (C/mol)",
    dims(kg=1, m=2, s=-3, A=-1): "a voltage (V)",
    dims(kg=-1, m=-2, s=3, A=2): "a conductance (S)",
    dims(kg=1, m=2, s=-3, A=-2): "a resistance (Ω)",
    _ENERGY: "an energy (J, kJ, L·atm)",
    dims(kg=1, m=2, s=-3): "a power (W)",
    dims(kg=1, m=2, s=-2, mol=-1): "a molar energy (energy per mole, kJ/mol)",
    dims(kg=1, m=2, s=-2, K=-1): "an entropy or heat capacity (J/K)",
    dims(kg=1, m=2, s=-2, K=-1, mol=-1): "a molar entropy, molar heat capacity or gas constant (J/(mol K))",
    dims(m=2, s=-2, K=-1): "a specific heat capacity (J/(g K))",
    dims(m=2, s=-2): "an energy per mass (J/g)",
    _PRESSURE: "a pressure (Pa, atm, bar, mmHg)",
    dims(mol=1, m=-3): "a molar concentration, or molarity (mol/L, M)",
    dims(mol=2, m=-6): "a concentration squared (M²)",
    dims(mol=-1, m=3): "a molar volume, or 1/concentration (L/mol, M⁻¹)",
    dims(mol=1, kg=-1): "a molality (mol/kg of solvent)",
    dims(K=1, kg=1, mol=-1): "a freezing- or boiling-point constant (K kg/mol)",
    dims(mol=1, kg=-1, m=-2, s=2): "a Henry's-law constant (M/atm)",
    dims(mol=1, m=-3, s=-1): "a rate, or a zero-order rate constant (M s⁻¹)",
    dims(mol=-1, m=3, s=-1): "a second-order rate constant (M⁻¹ s⁻¹)",
    dims(mol=-2, m=6, s=-1): "a third-order rate constant (M⁻² s⁻¹)",
    dims(mol=1, s=-1): "an amount per time (mol/s)",
    dims(kg=1, mol=-1): "a molar mass (g/mol)",
    dims(kg=1, m=-3): "a density (g/L, g/cm³)",
    dims(m=1, s=-1): "a speed",
    dims(kg=1, m=1, s=-1): "a momentum",
    dims(kg=1, m=2, s=-1): "an action (energy × time)",
    dims(kg=1, m=1, s=-2): "a force",
}


def si_unit_string(d: Dims) -> str:
    """SI base-unit spelling of a dimension vector, e.g. ``kg m^2 s^-2``, ``s^(-1/2)`` (a
    fractional power in brackets, so that the spelling reads back as the same unit)."""
    parts = []
    for base, p in zip(BASE, d):
        if p == 1:
            parts.append(base)
        elif p:
            parts.append(f"{base}^{p}" if p.denominator == 1 else f"{base}^({p})")
    return " ".join(parts) or "1"


def describe_dims(d: Dims) -> str:
    """Words for a dimension vector: ``"an energy"``, or ``"units of kg m^-3"``."""
    return _NAMED_DIMS.get(d) or f"something in units of {si_unit_string(d)}"
