"""The book's grader: ``grade(spec, response)`` as in SPEC §5.

Pure Python and sympy, no I/O; the same package runs natively (tests, ``build.py check``)
and in the browser under Pyodide. Nothing a learner types is evaluated as code: answers
are tokenized and parsed by :mod:`checker.language.parser` into sympy objects directly.
"""

from __future__ import annotations

import json

from .errors import ReadError, TooSlow
from .limits import TIME_LIMIT, time_limit
from .result import Result, invalid
from .spec import Spec
from .types import MODULES, derivation
from .types.measure import answer_text
from .types.structure import answer_text as structure_answer_text

__version__ = "0.1.0"

GRADERS = {name: module.grade for name, module in MODULES.items()}
TYPES = tuple(GRADERS)


def grade(spec: dict, response: str) -> Result:
    """Grade one ``response`` (a string) against an answer ``spec`` (a mapping, SPEC §4/§5).

    Never raises for anything the learner typed: unreadable input, runaway computations
    (past ``TIME_LIMIT`` seconds) and internal sympy errors all become ``invalid`` results.
    A broken spec (an author's error) is also reported as ``invalid``, naming the problem.
    """
    try:
        s = Spec.read(spec)
    except (ValueError, TypeError, AttributeError) as e:
        return invalid(f"This question's answer spec is broken: {e}.")
    grader = GRADERS.get(s.type) if isinstance(s.type, str) else None
    if grader is None:
        return invalid(f"Unknown answer type '{s.type}'; known types: {', '.join(TYPES)}.")
    if not isinstance(response, str):
        return invalid("The answer must be text.")
    try:
        with time_limit(TIME_LIMIT):
            return grader(s, response)
    except ReadError as e:
        return invalid(str(e), _preview_or_empty(s, response))
    except ValueError as e:  # an unreadable option in the spec (an author's error)
        return invalid(f"This question's answer spec is broken: {e}.")
    except TooSlow:
        return invalid(f"That answer took too long to check (over {TIME_LIMIT:g} s). "
                       "Simplify it and try again.")
    except (RecursionError, MemoryError):
        return invalid("That answer is too complicated to check.")
    except Exception as e:  # a sympy corner case must never crash the page
        return invalid(f"That answer could not be checked ({type(e).__name__}). Try writing it another way.")


def _preview_or_empty(s: Spec, response: str) -> str:
    try:
        return preview(s.raw, response)
    except Exception:
        return ""


def preview(spec: dict, response: str) -> str:
    """LaTeX of how ``response`` is read under ``spec``; raises ReadError if it cannot be read."""
    s = Spec.read(spec)
    module = MODULES.get(s.type)
    if module is None:
        raise ReadError(f"Unknown answer type '{s.type}'.")
    return module.preview(s, response)


def answer(spec: dict) -> tuple[str, str]:
    """The expected answer as (text a learner could type, LaTeX) for "show answer" and the PDF.

    Quantities and numbers are given in the spec's ``units`` to its ``sigfigs`` (else 4).
    Raises ReadError or ValueError for a broken spec.
    """
    s = Spec.read(spec)
    if s.type in ("quantity", "number"):
        text = answer_text(s)
    elif s.type == "derivation":
        text = derivation.worked_text(s)  # the shortest derivation the spec accepts
    elif s.type == "structure":
        text = structure_answer_text(s)
    else:
        text = str(s.get("expected"))
    if s.type == "derivation":  # shown: the intermediate results asked for and the goal, no padding
        return text, preview(spec, derivation.worked_text(s, padded=False))
    return text, (preview(spec, text) if s.type != "choice" else text)


def preview_json(spec_json: str, response: str) -> str:
    """JSON ``{"preview": latex, "error": message|null}`` for the browser's live preview."""
    try:
        return json.dumps({"preview": preview(json.loads(spec_json), response), "error": None})
    except ReadError as e:
        return json.dumps({"preview": "", "error": str(e)})
    except Exception as e:
        return json.dumps({"preview": "", "error": f"Cannot read that yet ({type(e).__name__})."})


def answer_json(spec_json: str) -> str:
    """JSON ``{"text": ..., "latex": ...}`` of :func:`answer`, for a randomized variant in the browser."""
    try:
        text, latex = answer(json.loads(spec_json))
        return json.dumps({"text": text, "latex": latex})
    except Exception as e:
        return json.dumps({"text": "", "latex": "", "error": f"{type(e).__name__}: {e}"})


def grade_json(spec_json: str, response: str) -> str:
    """``grade`` with a JSON spec in and the JSON of the Result out (for the browser worker)."""
    return json.dumps(grade(json.loads(spec_json), response).as_dict())


__all__ = ["grade", "preview", "answer", "answer_json", "ReadError", "grade_json", "preview_json", "Result", "TYPES", "__version__"]
