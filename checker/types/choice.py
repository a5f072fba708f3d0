"""``choice`` answers: exactly one of the spec's ``options``."""

from __future__ import annotations

from ..result import Result, correct, incorrect, invalid
from ..spec import Spec


def grade_choice(spec: Spec, response: str) -> Result:
    """Exactly one of ``options``; surrounding spaces are ignored."""
    options = [str(o) for o in spec.get("options") or []]
    chosen = response.strip()
    if chosen not in options:
        return invalid("Choose one of the options.")
    if chosen == str(spec.get("expected")).strip():
        return correct(chosen)
    authored = spec.mistake_feedback(str.strip, lambda wrong: wrong == chosen)
    if authored:
        return incorrect(chosen, authored, note="authored mistake")
    return incorrect(chosen, "Not that one. Think it through again.")


def preview(spec: Spec, response: str) -> str:
    return response.strip()


grade = grade_choice
