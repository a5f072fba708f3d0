"""The grading result (SPEC §5)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Result:
    """Outcome of grading one response.

    ``status``: "correct" | "incorrect" | "invalid" (invalid: could not be read, not an
    attempt); ``feedback``: Markdown with $LaTeX$; ``score`` in [0, 1]; ``preview``: LaTeX
    of how the response was read ("" when it could not be read); ``note``: which rule decided
    (like STACK's answer note), for tests, ``build.py check`` and a teacher asking why.
    """

    status: str
    feedback: str = ""
    score: float = 0.0
    preview: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def correct(preview: str, feedback: str = "Correct.", note: str = "equivalent") -> Result:
    """A correct result (score 1)."""
    return Result("correct", feedback, 1.0, preview, note)


def incorrect(preview: str, feedback: str, note: str = "") -> Result:
    """An attempt that is wrong (score 0), with feedback on why."""
    return Result("incorrect", feedback, 0.0, preview, note)


def invalid(feedback: str, preview: str = "", note: str = "unreadable") -> Result:
    """A response that could not be read: not counted as an attempt."""
    return Result("invalid", feedback, 0.0, preview, note)
