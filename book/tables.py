"""The checker's own tables, read in this one place: `check` names a constant missing from
`constants:`, and the authoring guide lists every unit and constant, generated at build time
(book/mkdocs_hooks.py) so that it never drifts from what the checker knows."""

from __future__ import annotations

import sympy

from checker.data.constants import CONSTANTS  # name -> Constant
from checker.data.units import UNITS  # name -> Unit

BASE = ("kg", "m", "s", "A", "K", "mol", "cd")
MARKER = "<!-- generated: units and constants -->"


def _si(unit) -> str:
    powers = " ".join(b if p == 1 else f"{b}^{p}" for b, p in zip(BASE, unit.dims) if p)
    factor = sympy.nsimplify(unit.factor)
    number = str(factor) if factor.is_Integer else f"{float(sympy.N(factor, 15)):.10g}"
    value = f"{number} {powers}".strip() if powers else (number if number != "1" else "1 (a pure number)")
    if getattr(unit, "offset", 0):
        value += f", reading + {float(unit.offset):g} K"
    return value


def units_markdown() -> str:
    """Every unit the checker reads, spellings of one unit on one row, with its SI value."""
    rows: dict[tuple, list[str]] = {}
    for name, u in UNITS.items():
        rows.setdefault((str(u.factor), u.dims, str(getattr(u, "offset", 0))), []).append(name)
    out = ["| unit | in SI base units | SI prefixes |", "|---|---|---|"]
    for names in rows.values():
        u = UNITS[names[0]]
        out.append(f"| {', '.join(f'`{n}`' for n in names)} | {_si(u)} | {'yes' if u.prefixable else 'no'} |")
    return "\n".join(out)


def constants_markdown() -> str:
    """Every constant a chain may list under `constants:`, with its value and source."""
    out = ["| name | what it is | value | source |", "|---|---|---|---|"]
    for name, c in CONSTANTS.items():
        out.append(f"| `{name}` | {c.meaning} | `{c.value}` {c.unit if c.unit != '1' else ''} | {c.source} |")
    return "\n".join(out)


def guide_tables() -> str:
    return (f"**Units** ({len(UNITS)} names):\n\n{units_markdown()}\n\n"
            f"**Constants** (list the ones a chain uses under `constants:`):\n\n{constants_markdown()}\n")
