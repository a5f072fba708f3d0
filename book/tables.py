"""The checker's own tables, read in this one place (the authoring guide lists them, and
`check` names a constant missing from `constants:`)."""

from __future__ import annotations

from checker.constants import CONSTANTS  # noqa: F401  (name -> Constant)
from checker.units import UNITS  # noqa: F401  (name -> Unit)
