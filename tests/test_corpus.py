"""The grading corpora in tests/cases/: every case must come back with its expected verdict
(and feedback words), within 3 seconds.

- grading.yaml, parts34-examples.yaml: copied from the product contract's cases;
- p34-*.yaml: the project's own cases for Parts III-IV (SPEC §7): quantities, symbolic answers,
  reactions and ions.
Structure cases (type `structure`) are run by test_structures.py, which needs RDKit;
book-steps.yaml has another shape (answers to the book's own steps), run by test_book_steps.py.
"""

import time
from pathlib import Path

import pytest
import yaml

from checker import grade
from .conftest import assert_verdict

HERE = Path(__file__).parent / "cases"
FILES = sorted(p for p in HERE.glob("*.yaml") if p.name != "book-steps.yaml")
CASES = [(p.name, c) for p in FILES for c in yaml.safe_load(p.read_text(encoding="utf-8"))
         if c["spec"].get("type") != "structure"]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[f"{n.split('.')[0]}:{c['id']}" for n, c in CASES])
def test_case(case):
    t = time.monotonic()
    result = grade(case["spec"], case["input"])
    assert time.monotonic() - t < 3
    assert_verdict(case, result.as_dict())
    if case["spec"].get("type") in ("number", "quantity", "reaction"):
        assert result.note, "every result names the rule that decided it"


def test_case_ids_are_unique():
    ids = [c["id"] for _, c in CASES]
    assert len(ids) == len(set(ids))
