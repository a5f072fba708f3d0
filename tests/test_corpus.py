"""The shared grading corpus (tests/cases/grading.yaml, copied from the product contract's
cases): every case must come back with its expected verdict, within 3 seconds."""

import time
from pathlib import Path

import pytest
import yaml

from checker import grade

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "grading.yaml").read_text(encoding="utf-8"))
CASES += yaml.safe_load((Path(__file__).parent / "cases" / "p34-symbolic.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
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
