"""One grading of every answer type, run once before the first learner's check.

sympy and the checker import much of their code lazily (the solvers, the polynomial
tools, the unit tables). Running one example of each type loads all of it, so the
learner's first check is as fast as the hundredth; in the browser this is done at build
time, before the Pyodide memory snapshot is taken (book/snapshot.mjs).
"""

from __future__ import annotations

EXAMPLES: tuple[tuple[dict, str], ...] = (
    ({"type": "expression", "expected": "h*c/lambda", "constants": ["h", "c"],
      "symbols": {"lambda": {"positive": True}}}, "h c/λ"),
    ({"type": "number", "expected": "27/20", "tolerance": "0.05%"}, "1.350"),
    ({"type": "quantity", "expected": "h*c/(486.27 nm)", "units": "eV", "sigfigs": 4,
      "constants": ["h", "c"]}, "2.550 eV"),
    ({"type": "equation", "expected": "P*V = n*R*T", "symbols": ["P", "V", "n", "R", "T"]}, "V = n R T/P"),
    ({"type": "formula", "expected": "SO4^2-"}, "SO₄²⁻"),
    ({"type": "reaction", "expected": "2 H2 + O2 -> 2 H2O"}, "H2 + O2 -> H2O"),
    ({"type": "electron-configuration", "expected": "[Ne] 3s2 3p4"}, "1s2 2s2 2p6 3s2 3p4"),
    ({"type": "choice", "options": ["3", "6.908"], "expected": "3"}, "3"),
    ({"type": "derivation", "start": "K = exp(-G/(R*T))", "goal": "G = -R*T*ln(K)",
      "symbols": {"K": {"positive": True}, "G": {"real": True}, "R": {"positive": True},
                  "T": {"positive": True}}}, "ln(K) = -G/(R*T)\nG = -R*T*ln(K)"),
    ({"type": "structure", "expected": "CC(=O)[O-]"}, "CH3COOH"),
)


def warm_up(seconds: float = 120.0) -> list[str]:
    """Grade and preview each of ``EXAMPLES`` once; return their statuses (for a test).

    The first grading of a type imports code, which on a busy machine can take longer
    than a learner's time limit, so the graders run here under a limit of ``seconds``.
    Raises TooSlow past that, ReadError if an example cannot be read (a bug).
    """
    from . import GRADERS, preview
    from .limits import time_limit
    from .spec import Spec

    from .chem import available

    import sympy

    statuses = []
    # The fallback of checker.maths.equivalence: sympy.simplify imports sympy.physics.units
    # on its first call, which in the browser would be a learner's wait (and a read of sympy's
    # archive) on the first answer that needs it.
    x = sympy.Symbol("x")
    with time_limit(seconds):
        sympy.simplify(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1)
    for spec, response in EXAMPLES:
        if spec["type"] == "structure" and not available():
            continue  # at snapshot time the browser's RDKit is not there yet: it comes later
        with time_limit(seconds):
            preview(spec, response)
            statuses.append(GRADERS[spec["type"]](Spec.read(spec), response).status)
    return statuses
