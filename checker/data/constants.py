"""Physical constants: the book's one table.

Values are the exact SI defining constants (SI Brochure, 9th edition, 2019) and the
CODATA 2022 recommended values (Mohr et al., Rev. Mod. Phys. 97, 025002 (2025);
NIST, https://physics.nist.gov/constants). Each entry is written as a decimal string
and a unit string in the checker's own unit language, so values stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Constant:
    """One constant: ``value`` (decimal string or expression of other constants) in ``unit``.

    ``name`` is what authors and learners type, ``latex`` how it is shown, ``source``
    where the value comes from.
    """

    name: str
    value: str
    unit: str
    latex: str
    meaning: str
    source: str
    relation: str = ""  # the same constant from others (Bohr model, definitions), for algebra


_SI = "exact (SI 2019)"
_C22 = "CODATA 2022"

CONSTANTS: dict[str, Constant] = {
    c.name: c
    for c in [
        Constant("h", "6.62607015e-34", "J s", "h", "Planck constant", _SI),
        Constant("hbar", "h/(2*pi)", "J s", r"\hbar", "reduced Planck constant", _SI),
        Constant("c", "299792458", "m/s", "c", "speed of light in vacuum", _SI),
        Constant("e", "1.602176634e-19", "C", "e", "elementary charge", _SI),
        Constant("k_B", "1.380649e-23", "J/K", "k_B", "Boltzmann constant", _SI),
        Constant("N_A", "6.02214076e23", "mol^-1", "N_A", "Avogadro constant", _SI),
        Constant("R", "N_A*k_B", "J/(mol K)", "R", "molar gas constant", _SI),
        Constant("F", "N_A*e", "C/mol", "F", "Faraday constant", _SI),
        Constant("m_e", "9.1093837139e-31", "kg", "m_e", "electron mass", _C22),
        Constant("m_p", "1.67262192595e-27", "kg", "m_p", "proton mass", _C22),
        Constant("m_n", "1.67492750056e-27", "kg", "m_n", "neutron mass", _C22),
        Constant("m_d", "3.3435837768e-27", "kg", "m_d", "deuteron mass", _C22),
        Constant("u", "1.66053906892e-27", "kg", r"m_\mathrm{u}", "atomic mass constant", _C22),
        Constant("R_inf", "10973731.568157", "m^-1", r"R_\infty", "Rydberg constant", _C22,
                 "m_e*e^4/(8*epsilon_0^2*h^3*c)"),
        Constant("a_0", "5.29177210544e-11", "m", "a_0", "Bohr radius", _C22,
                 "4*pi*epsilon_0*hbar^2/(m_e*e^2)"),
        Constant("alpha", "7.2973525643e-3", "1", r"\alpha", "fine-structure constant", _C22,
                 "e^2/(4*pi*epsilon_0*hbar*c)"),
        Constant("epsilon_0", "8.8541878188e-12", "C^2/(J m)", r"\varepsilon_0",
                 "vacuum electric permittivity", _C22),
        Constant("E_h", "4.3597447222060e-18", "J", "E_\\mathrm{h}", "Hartree energy", _C22,
                 "m_e*e^4/(4*epsilon_0^2*h^2)"),
        Constant("g_n", "9.80665", "m/s^2", "g_n", "standard acceleration of gravity", _SI),
    ]
}
