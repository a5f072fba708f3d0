"""One module per answer type, each with ``grade(spec, response) -> Result`` and
``preview(spec, response) -> LaTeX`` (raising ReadError when the response cannot be read).

``number`` and ``quantity`` share one module: a number is a quantity without units.
"""

from . import choice, configuration, derivation, equation, expression, formula, measure, reaction
from . import structure

MODULES = {
    "expression": expression,
    "number": measure,
    "quantity": measure,
    "equation": equation,
    "formula": formula,
    "reaction": reaction,
    "electron-configuration": configuration,
    "choice": choice,
    "derivation": derivation,
    "structure": structure,
}
