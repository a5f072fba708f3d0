"""Authoring: `build.py check` reports every problem as file:line:column with what was expected."""

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book import check
from book.load import load_book

ROOT = Path(__file__).resolve().parents[1]
BOOKS = Path(__file__).parent / "fixtures" / "books"
BROKEN = sorted(p.name for p in BOOKS.iterdir() if (p / "expected.txt").is_file())


def run_check(root: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = check.run(root, out=out)
    return code, [line for line in out.getvalue().splitlines() if not line.startswith("checked")]


@pytest.mark.parametrize("name", BROKEN)
def test_broken_chain_gives_exact_message(name):
    code, lines = run_check(BOOKS / name)
    expected = (BOOKS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert code == (1 if any(": error: " in e for e in expected) else 0)
    assert lines == expected


def test_fixture_set_covers_the_common_mistakes():
    assert {"bad-indentation", "unknown-key", "missing-expected", "mistake-is-correct", "undeclared-symbol",
            "wrong-units", "requires-forward", "duplicate-step-id", "duplicate-chain-id", "derivation-mistake",
            "missing-chain", "tex-in-double-quotes", "loose-tolerance", "unknown-placeholder", "units-typo",
            "missing-constant", "shallow-block-line"} <= set(BROKEN)


def test_valid_fixture_passes():
    code, lines = run_check(BOOKS / "valid")
    assert code == 0 and lines == []


def test_the_whole_book_passes_check():
    code, lines = run_check(ROOT)
    assert code == 0, lines


def test_check_command_line():
    done = subprocess.run([sys.executable, "build.py", "check", "problems/how-to-answer"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 error(s)" in done.stdout


def test_every_chain_file_names_the_schema():
    for path in (ROOT / "problems").glob("*/*.yaml"):
        assert path.read_text().startswith("# yaml-language-server: $schema=../../book/schema/chain.schema.json"), path


def test_schema_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    for name in ("chain", "chapter"):
        Draft202012Validator.check_schema(json.loads((ROOT / f"book/schema/{name}.schema.json").read_text()))


def test_yaml_key_that_is_a_mapping_is_reported_not_raised(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "problems" / "demo").mkdir(parents=True)
    (tmp_path / "chapters" / "01-demo.md").write_text("---\ntitle: D\npart: I\nsynopsis: s\nchains: [c]\n---\n")
    (tmp_path / "problems" / "demo" / "c.yaml").write_text("id: c\nsymbols:\n  x: {{positive: true}}\n")
    book = load_book(tmp_path)
    assert any("plain word" in p.message and p.line == 3 for p in book.problems)


def test_new_chapter_and_chain_pass_check(tmp_path):
    import shutil

    from book import scaffold

    shutil.copytree(BOOKS / "valid", tmp_path, dirs_exist_ok=True)
    chapter = scaffold.new_chapter(tmp_path, "acids-and-bases")
    assert chapter.name == "02-acids-and-bases.md"
    chain = scaffold.new_chain(tmp_path, "acids-and-bases", "ph-of-water")
    assert chain == tmp_path / "problems" / "acids-and-bases" / "ph-of-water.yaml"
    assert "chains: [ph-of-water]" in chapter.read_text()
    scaffold.new_chain(tmp_path, "demo", "second-chain")     # appended to an existing list
    assert "chains: [demo-chain, second-chain]" in (tmp_path / "chapters" / "01-demo.md").read_text()
    code, lines = run_check(tmp_path)
    assert code == 0, lines
    with pytest.raises(scaffold.ScaffoldError, match="no chapter"):
        scaffold.new_chain(tmp_path, "nope", "x")
    with pytest.raises(scaffold.ScaffoldError, match="exists already"):
        scaffold.new_chain(tmp_path, "demo", "ph-of-water")
    with pytest.raises(scaffold.ScaffoldError, match="kebab"):
        scaffold.new_chapter(tmp_path, "Bad_Name")


def guide_examples() -> list[str]:
    import re

    text = (ROOT / "web" / "authoring.md").read_text(encoding="utf-8")
    return [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "steps:" in b]


@pytest.mark.parametrize("index", range(len(guide_examples())))
def test_authoring_guide_examples_pass_check(index, tmp_path):
    """Each YAML example in the authoring guide, made into a chain, passes `check`."""
    example = guide_examples()[index]
    (tmp_path / "chapters").mkdir()
    (tmp_path / "problems" / "guide").mkdir(parents=True)
    (tmp_path / "chapters" / "01-guide.md").write_text(
        "---\ntitle: Guide\npart: I\nsynopsis: Examples.\nchains: [example]\n---\n")
    (tmp_path / "problems" / "guide" / "example.yaml").write_text("id: example\ntitle: Example\n" + example)
    code, lines = run_check(tmp_path)
    assert code == 0, lines


def test_authoring_guide_covers_every_answer_type():
    import checker

    text = "\n".join(guide_examples())
    for kind in checker.TYPES:
        assert f"type: {kind}" in text, kind


def test_authoring_guide_quotes_what_check_says():
    guide = (ROOT / "web" / "authoring.md").read_text(encoding="utf-8")
    for name in ["unknown-key", "missing-chain", "requires-forward", "duplicate-step-id", "missing-constant",
                 "units-typo", "unknown-placeholder", "loose-tolerance"]:
        first = [line for line in (BOOKS / name / "expected.txt").read_text().splitlines() if ": " in line][0]
        message = re.split(r": (?:error|warning): ", first, maxsplit=1)[1].strip()
        assert message.replace("`", "") in guide.replace("`", ""), name


def test_check_is_incremental(tmp_path):
    import shutil

    shutil.copytree(BOOKS / "valid", tmp_path / "book")
    book, cache = tmp_path / "book", tmp_path / "cache"

    def summary():
        out = io.StringIO()
        check.run(book, out=out, cache_dir=cache)
        return out.getvalue().splitlines()[-1]

    assert "(1 graded, 0 unchanged)" in summary()
    assert "(0 graded, 1 unchanged)" in summary()
    chain = book / "problems" / "demo" / "demo-chain.yaml"
    chain.write_text(chain.read_text().replace("Multiply.", "Multiply by two."))
    assert "(1 graded, 0 unchanged)" in summary()
    (cache / "check.json").write_text("{corrupt")
    assert "(1 graded, 0 unchanged)" in summary()


@pytest.mark.parametrize("text, problem", [
    ("Energy $E = h\\nu", "unbalanced `$`"),
    ("$\\frac{1}{2$ of it", "unbalanced braces"),
    ("Fine: $\\frac{1}{2}$ and `$not math`", None),
    ("A price of \\$5 and $x$", None),
])
def test_math_in_markdown_is_checked(text, problem):
    found = check.math_problems(text)
    assert (found == []) if problem is None else any(problem in f for f in found), found


def test_mistakes_in_other_units_and_at_tight_tolerance_are_checked(tmp_path):
    """A slip with other units (a forgotten factor e) and one that only a tight tolerance tells
    apart are both typed the way a learner would, and pass when their feedback is the author's."""
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "problems" / "demo").mkdir(parents=True)
    (root / "chapters" / "01-demo.md").write_text(
        "---\ntitle: Demo\npart: I\nsynopsis: s\nchains: [demo-chain]\n---\nx\n", encoding="utf-8")
    (root / "problems" / "demo" / "demo-chain.yaml").write_text("""id: demo-chain
title: Demo
constants: [e, N_A, u, m_p]
steps:
  - id: slope
    prompt: p
    answer: {type: quantity, expected: "(2.05 V)/(4.94e14 Hz)*e", units: "J s", sigfigs: 3}
    hints: [h]
    mistakes:
      - {answer: "(2.05 V)/(4.94e14 Hz)", feedback: "You left out the factor e."}
    solution: s
  - id: molar
    prompt: p
    answer: {type: quantity, expected: "N_A*u", units: "g/mol", tolerance: "0.0005%"}
    hints: [h]
    mistakes:
      - {answer: "N_A*m_p", feedback: "That is the proton's mass."}
    solution: s
""", encoding="utf-8")
    code, lines = run_check(root)
    assert (code, lines) == (0, [])


def test_tex_escapes_in_double_quotes_are_found_where_they_are():
    """Each TeX command a double-quoted string turns into a control character, at its column;
    an escaped backslash and a real line break before an ordinary word are fine."""
    from book import yamlpos

    data, pos = yamlpos.load('a: "x \\nu y \\nline \\beta \\\\times"\nb: "\\alpha"\n')
    assert data["a"].startswith("x \nu")
    assert [(line, col) for line, col, _ in pos.escapes[("a",)]] == [(1, 7), (1, 20)]
    assert "read as a backspace and `eta`" in pos.escapes[("a",)][1][2]
    assert pos.escapes[("b",)][0][:2] == (2, 5)
    _, pos = yamlpos.load('c: "m\\_e and \\Lambda"\n')
    assert [m for _, _, m in pos.escapes[("c",)]] == [
        "`\\_e` inside double quotes is read as a non-breaking space and `e`: write TeX in single quotes ('...') or in a | block",
        "`\\Lambda` inside double quotes is read as a line separator and `ambda`: write TeX in single quotes "
        "('...') or in a | block"]


def test_control_character_anywhere_is_an_error(tmp_path):
    shutil.copytree(BOOKS / "valid", tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "demo-chain.yaml"
    chain.write_text(chain.read_text().replace("solution: $2x$.", 'solution: "$2x$\\x07."'))
    code, lines = run_check(tmp_path)
    assert code == 1 and any(":23:15:" in line and "step 2 solution contains a control character (U+0007)" in line
                             for line in lines), lines


def test_an_internal_failure_is_reported_not_raised(tmp_path, monkeypatch):
    def broken(chain):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(check, "check_chain", broken)
    code, lines = run_check(BOOKS / "valid")
    assert code == 1
    assert lines == ["problems/demo/demo-chain.yaml:1:1: error: check could not finish this chain "
                     "(ZeroDivisionError: division by zero); this is a bug in the book's tools: please report it"]


@pytest.mark.parametrize("path", ["problems/no-such-chapter", "README.md", "tests/fixtures/books/valid"])
def test_check_path_outside_the_book_is_an_error(path):
    out = io.StringIO()
    assert check.run(ROOT, [str(ROOT / path)], out=out) == 2
    assert "not a chain or chapter of the book" in out.getvalue()


def test_check_path_may_be_a_chapter_file():
    out = io.StringIO()
    assert check.run(BOOKS / "valid", [str(BOOKS / "valid" / "chapters" / "01-demo.md")], out=out) == 0
    assert "1 chains" in out.getvalue()


@pytest.mark.parametrize("old, new, line, words", [
    ('hints: ["Multiply."]', 'hints: "Multiply."', "20:12",
     "step 2 hints: expected a list (`[a, b]`, or lines starting with `- `), found text"),
    ('feedback: "That is x times x."', 'feedback: "That is {{x}} times x."', "22:35",
     "step 2 mistake 1 feedback: `{{x}}` is not replaced here"),
    ('{answer: "x^2",', '{answer: "k_B*x",', "22:18",
     "step 2 (`double`) mistake: Unknown symbol 'k_B'. Symbols you can use here: N_A, c, h, x. Add k_B to `constants:`."),
    ("constants: [N_A, h, c]", "constants: [N_A, h]", "4:12",
     "`c` (speed of light in vacuum) is used by the expected answers but is not listed: add c to `constants:`"),
])
def test_more_traps_are_explained_at_their_key(tmp_path, old, new, line, words):
    shutil.copytree(BOOKS / "valid", tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "demo-chain.yaml"
    assert old in chain.read_text()
    chain.write_text(chain.read_text().replace(old, new))
    code, lines = run_check(tmp_path)
    assert code == 1 and len(lines) == 1 and f"demo-chain.yaml:{line}: error: {words}" in lines[0], lines


@pytest.mark.parametrize("body, line, block", [
    ("    hints:\n      - |\n        first\n       shallow\n    solution: s\n", 6, 4),
    ("    solution: |\n      first\n\n   shallow\n    hints: [x]\n", 6, 3),
    ("    prompt: >\n      first\n    shallow\n    hints: [x]\n", 5, 3),
])
def test_a_shallow_line_in_a_text_block_is_reported_on_that_line(body, line, block):
    from book import yamlpos

    with pytest.raises(yamlpos.YamlError) as e:
        yamlpos.load("steps:\n  - id: b\n" + body)
    assert e.value.line == line and f"indented less than the text block (`|` or `>`) that starts on line {block}" \
        in str(e.value)


@pytest.mark.parametrize("old, new, line, words", [
    ("title: A small chain", "title: 2026-13-45", "3:8", "YAML cannot read this value"),
    ("title: A small chain", "title: !fancy A small chain", "3:8", "YAML cannot read this value"),
])
def test_values_yaml_cannot_make_are_errors_not_crashes(tmp_path, old, new, line, words):
    shutil.copytree(BOOKS / "valid", tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "demo-chain.yaml"
    chain.write_text(chain.read_text().replace(old, new))
    code, lines = run_check(tmp_path)
    assert code == 1 and any(f"demo-chain.yaml:{line}: error: {words}" in x for x in lines), lines


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    shutil.copytree(BOOKS / "valid", tmp_path, dirs_exist_ok=True)
    chain = tmp_path / "problems" / "demo" / "demo-chain.yaml"
    chain.write_bytes(chain.read_bytes().replace(b"Multiply.", "Multipliez ça.".encode("latin-1")))
    code, lines = run_check(tmp_path)
    assert code == 1 and any("demo-chain.yaml:1:1: error: not UTF-8 text" in x for x in lines), lines
