"""Reading conventions of the answer language (SPEC §5): parser, Unicode, numbers, names."""

import pytest
import sympy

from checker import grade, preview
from checker.errors import ReadError
from checker.maths.evaluate import to_sympy
from checker.language.parser import Scope, parse

X = {"type": "expression", "expected": "x", "symbols": ["x", "y", "h", "c", "lambda", "k", "[A]", "[B]", "E_a", "k1"]}


def value(text, symbols=("x", "y")):
    table = {s: sympy.Symbol(s) for s in symbols}
    return to_sympy(parse(text, Scope(symbols=set(symbols))), table)


x, y = sympy.symbols("x y")


@pytest.mark.parametrize("text, expected", [
    ("2x", 2 * x),
    ("x y", x * y),
    ("1/2x", x / 2),              # strict precedence: (1/2)·x
    ("1/(2x)", 1 / (2 * x)),
    ("-x^2", -x**2),
    ("2^-1", sympy.Rational(1, 2)),
    ("2^3^2", 2**9),              # right-associative
    ("x**2", x**2),
    ("x²", x**2),
    ("x⁻¹", 1 / x),
    ("2·x", 2 * x),
    ("2×x", 2 * x),
    ("−x", -x),
    ("e^x", sympy.exp(x)),
    ("log(100)", 2),              # log is base 10
    ("ln(e)", 1),
    ("log10(1000)", 3),
    ("sqrt(4)", 2),
    ("exp(0)", 1),
    ("2e+3", 2000),               # digits, e, signed integer: a number
    ("2.5E-1", sympy.Rational(1, 4)),
    ("xy", x * y),                # splits into declared symbols
    ("{x}", x),
])
def test_reading(text, expected):
    assert sympy.simplify(value(text) - expected) == 0


def test_numbers_stay_exact():
    assert value("0.1+0.2") == sympy.Rational(3, 10)


def test_e_is_a_symbol_when_declared():
    e = sympy.Symbol("e")
    assert to_sympy(parse("2e", Scope(symbols={"e"})), {"e": e}) == 2 * e
    # but digits-e-integer is still a number
    assert to_sympy(parse("2e3", Scope(symbols={"e"})), {"e": e}) == 2000


def test_declared_name_is_not_split():
    assert to_sympy(parse("hc", Scope(symbols={"h", "c", "hc"})), {"hc": sympy.Symbol("hc")}) == sympy.Symbol("hc")


def test_greek_letters_are_their_names():
    assert preview(X, "hc/λ") == r"\frac{h\,c}{\lambda}"


def test_concentrations_are_symbols():
    assert preview(X, "k[A]^2[B]") == r"k\,[\mathrm{A}]^{2}\,[\mathrm{B}]"


def test_preview_shows_reading_of_ambiguous_input():
    assert preview(X, "1/2x") == r"\frac{1}{2}\,x"


def test_digits_and_underscores_in_names():
    assert preview(X, "k1 E_a") == r"k_{1}\,E_{a}"  # k1 is one name, shown as k with subscript 1


@pytest.mark.parametrize("text, fragment", [
    ("2*z", "'z'"),                       # undeclared names are named
    ("x == y", "'='"),
    ("x # comment", "#"),
    ("\\frac{1}{2}", "LaTeX"),
    ("__import__('os')", "not allowed"),
    ("x |y", "'|'"),
    ("x & y", "'&'"),
    ("x < y", "Inequalities"),
    ("3j", "'j'"),
    ("(x", "')'"),
    ("x +", "missing"),
    ("   ", "Type an answer"),
    ("1,5", "decimal point"),
    ("ln", "argument"),
])
def test_refused_with_a_message(text, fragment):
    with pytest.raises(ReadError) as err:
        parse(text, Scope(symbols={"x", "y"}))
    assert fragment.lower() in str(err.value).lower()


def test_3j_with_j_declared_is_a_product():
    j = sympy.Symbol("j")
    assert to_sympy(parse("3j", Scope(symbols={"j"})), {"j": j}) == 3 * j


def test_long_and_deep_input_refused():
    with pytest.raises(ReadError):
        parse("x+" * 1500 + "x", Scope(symbols={"x"}))
    with pytest.raises(ReadError):
        parse("(" * 100 + "x" + ")" * 100, Scope(symbols={"x"}))


def test_units_read_with_prefixes():
    s = {"type": "quantity", "expected": "1 J"}
    assert preview(s, "2.18 x 10^-18 J") == r"2.18 \times 10^{-18}\,\mathrm{J}"
    assert preview(s, "2.18×10⁻¹⁸ kJ/mol") == r"2.18 \times 10^{-18}\,\mathrm{kJ}/\mathrm{mol}"   # units stay on one line
    assert "mu" in preview(s, "5 µmol")


# ---- names as chemists type them (SPEC §7) -------------------------------------------------------
CHEM = {"type": "expression", "expected": "K_a",
        "symbols": ["K_a", "pK_a", "E_a", "Delta_H_vap", "ΔG°", "P_1", "V_1", "K", "R", "T", "[A]_0", "[H3O+]",
                    "[SO3]", "[A]"],
        "constants": ["k_B"]}


@pytest.mark.parametrize("typed, reading", [
    ("Ka", "K_{a}"), ("pKa", r"\mathit{pK}_{a}"), ("Ea", "E_{a}"), ("kB", "k_B"),
    ("ΔHvap", r"\Delta H_{vap}"), ("ΔH_vap", r"\Delta H_{vap}"), ("DeltaHvap", r"\Delta H_{vap}"),
    ("ΔG°", r"\Delta G^{\circ}"), ("ΔG0", r"\Delta G^{\circ}"), ("Delta_G0", r"\Delta G^{\circ}"),
    ("ΔG_0", r"\Delta G^{\circ}"), ("Eₐ", "E_{a}"),
    ("P1V1", r"P_{1}\,V_{1}"), ("P₁V₁", r"P_{1}\,V_{1}"),
    ("lnK", r"\ln\left(K\right)"), ("-RT lnK", r"-R\,T\,\ln\left(K\right)"), ("-RTlnK", r"-R\,T\,\ln\left(K\right)"),
    ("lnK^2", r"\ln\left(K^{2}\right)"), ("ln2", r"\ln\left(2\right)"), ("logKa", r"\log_{10}\left(K_{a}\right)"),
    ("RTln(K)", r"R\,T\,\ln\left(K\right)"),
])
def test_declared_names_typed_loosely(typed, reading):
    assert preview(CHEM, typed) == reading


def test_standard_mark_is_never_a_degree_of_arc():
    spec = {"type": "expression", "expected": "E° + 1", "symbols": {"E°": {}}}
    assert preview(spec, "E°") == r"E^{\circ}"
    assert grade(spec, "E0 + 1").status == "correct"
    assert grade(spec, "E_0 + 1").status == "correct"
    assert grade(spec, "E + 1").status == "invalid"  # E is not declared: no silent reading


def test_a_loosely_typed_name_that_two_declared_names_share_is_not_guessed():
    with pytest.raises(ReadError):
        parse("Ka", Scope(symbols={"K_a", "Ka_"}))  # both squash to "Ka": neither is taken
    assert parse("K_a", Scope(symbols={"K_a", "Ka_"})) == ("sym", "K_a")


def test_a_unit_is_never_taken_for_a_loosely_typed_constant():
    assert parse("mol", Scope(constants={"m_o_l"}, units=True)) == ("unit", "mol")


@pytest.mark.parametrize("typed, reading", [
    ("[A]0", r"[\mathrm{A}]_{0}"), ("[A]_0", r"[\mathrm{A}]_{0}"), ("[A]₀", r"[\mathrm{A}]_{0}"),
    ("[A]_{0}", r"[\mathrm{A}]_{0}"), ("[H+]", r"[\mathrm{H^{+}}]"), ("[H3O+]", r"[\mathrm{H^{+}}]"),
    ("[H₃O⁺]", r"[\mathrm{H^{+}}]"), ("[SO₃]²", r"[\mathrm{SO_{3}}]^{2}"),
])
def test_concentrations_as_chemists_write_them(typed, reading):
    assert preview(CHEM, typed) == reading


def test_initial_concentration_is_never_a_product_with_zero():
    with pytest.raises(ReadError, match=r"\[A\]_0"):
        parse("[A]0", Scope(symbols={"[A]"}))


def test_concentrations_are_positive_by_default_but_authors_may_say_otherwise():
    from checker.spec import read_symbols
    assert read_symbols(["[A]"])["[A]"].assumptions == {"positive": True}
    assert read_symbols({"[A]": {"real": True}})["[A]"].assumptions == {"real": True}
    assert set(read_symbols(["[A]0", "[A]₀", "[H3O+]"])) == {"[A]_0", "[H+]"}


def test_a_digit_after_a_concentration_is_never_a_silent_product():
    with pytest.raises(ReadError, match=r"\[NH3\]\^2"):
        parse("[NH3]2", Scope(symbols={"[NH3]"}))


def test_a_subscript_typed_after_a_concentration_when_only_the_subscripted_one_is_declared():
    assert parse("[A]t", Scope(symbols={"[A]_t", "t"})) == ("sym", "[A]_t")
    assert parse("[A]t", Scope(symbols={"[A]", "[A]_t", "t"})) == ("mul", ("sym", "[A]"), ("sym", "t"), True)


@pytest.mark.parametrize("typed, declared", [
    ("pka", "pK_a"), ("ksp", "K_sp"), ("Δ_fH°", "ΔH_f°"), ("ΔfH0", "ΔH_f°"), ("ΔH_f°", "Delta_fH0"),
    ("ΔvapH", "ΔH_vap"), ("E°cell", "E_cell°"),
])
def test_chemists_spellings_of_declared_names(typed, declared):
    from checker.spec import read_symbols
    name = next(iter(read_symbols([declared])))
    assert parse(typed, Scope(symbols={name})) == ("sym", name)


def test_case_is_folded_only_for_longer_names_one_declared_name_has():
    with pytest.raises(ReadError):
        parse("t", Scope(symbols={"T"}))            # time is not temperature
    with pytest.raises(ReadError):
        parse("kb", Scope(symbols={"K_b", "k_B"}))  # two names fold alike: neither is taken


@pytest.mark.parametrize("typed", ["t1/2", "t_1/2", "t½", "t_half"])
def test_the_half_life_as_chemists_type_it(typed):
    assert parse(typed, Scope(symbols={"t_half", "k"})) == ("sym", "t_half")


def test_t1_over_2_is_a_ratio_where_no_half_life_is_declared():
    assert parse("t1/2", Scope(symbols={"t1"})) == ("div", ("sym", "t1"), ("num", "2"))


@pytest.mark.parametrize("typed", ["Eocell", "Eo_cell", "E°cell", "E0cell"])
def test_the_letter_o_for_the_standard_mark(typed):
    assert parse(typed, Scope(symbols={"E°_cell"})) == ("sym", "E°_cell")
