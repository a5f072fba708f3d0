"""The grading corpora: every case must come back with its expected verdict, within 3 seconds.

- tests/cases/grading.yaml: the shared corpus (copied from the product contract's cases);
- tests/cases/parts34-examples.yaml: Parts III–IV examples (copied from the shared cases). Every
  case whose spec type is not `structure` runs here; the structure cases are run by the
  structures tests;
- tests/cases/p34-quantities.yaml: the project's own number and quantity cases for Parts III–IV
  (gases, solutions, thermochemistry, kinetics, equilibrium, pH, electrochemistry).
"""

import time
from pathlib import Path

import pytest
import yaml

from checker import grade

_DIR = Path(__file__).parent / "cases"


def _load(name: str, where=lambda case: True) -> list:
    cases = yaml.safe_load((_DIR / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=f"{name.split('.')[0]}:{c['id']}") for c in cases if where(c)]


CASES = (_load("grading.yaml")
         + _load("parts34-examples.yaml", lambda c: c["spec"].get("type") != "structure")
         + _load("p34-quantities.yaml"))


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    t = time.monotonic()
    result = grade(case["spec"], case["input"])
    assert time.monotonic() - t < 3
    if case["expect"] == "not_correct":
        assert result.status in ("incorrect", "invalid"), result
    else:
        assert result.status == case["expect"], result
    if case.get("feedback_any"):
        assert any(w.lower() in result.feedback.lower() for w in case["feedback_any"]), result.feedback
    if case["spec"].get("type") in ("number", "quantity"):
        assert result.note, "every result names the rule that decided it"

