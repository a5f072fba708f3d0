"""Automatic diagnosis of wrong answers: one named rule per slip (SPEC §5 Feedback).

Each rule takes the learner's value and the reference and returns a message or None.
Rules for numbers and quantities work on exact SI values; rules for expressions use
the values of both expressions at the same random points.
"""

from __future__ import annotations

import sympy

from .data.constants import CONSTANTS
from .errors import ReadError
from .language.latex import name_latex
from .maths.equivalence import close, probe
from .maths.evaluate import walk
from .maths.numeric import to_rational, within

_PREFIX_WORDS = {3: "kilo/milli (kJ vs J, mL vs L)", 6: "mega/micro, or cm³ vs m³", 9: "giga/nano (nm vs m)",
                 2: "centi (cm vs m)", 1: "deci (dm vs m)", 12: "tera/pico (pm vs m)"}


def sign_rule(answer, reference, tol) -> str | None:
    """Right size, wrong sign."""
    if reference != 0 and within(-answer, reference, tol):
        return ("The size is right but the sign is wrong. Ask yourself whether this quantity "
                "should be positive or negative, and why.")
    return None


def power_of_ten_rule(answer, reference, tol) -> str | None:
    """Off by an exact power of ten: names the factor and the prefix likely slipped."""
    if answer == 0 or reference == 0:
        return None
    ratio = to_rational(answer) / to_rational(reference)
    if ratio <= 0:
        return None
    k = int(sympy.floor(sympy.log(ratio, 10).evalf(15) + sympy.Rational(1, 2)))
    if k == 0 or not within(answer, reference * sympy.Integer(10) ** k, tol):
        return None
    factor = f"10^{abs(k)}" if abs(k) > 3 else f"{10 ** abs(k)} (10^{k})"
    size = "large" if k > 0 else "small"
    prefix = _PREFIX_WORDS.get(abs(k))
    hint = f" A factor of 10^{abs(k)} is often a prefix slip: check {prefix}." if prefix \
        else " Check every power of ten and unit prefix in your working."
    return f"Your value is a factor of {factor} too {size}.{hint}"


def reciprocal_rule(answer, reference, tol) -> str | None:
    """The learner inverted a ratio."""
    if answer != 0 and reference != 0 and within(1 / answer, reference, tol):
        return "Your value is the reciprocal of the right one: check which quantity goes on top."
    return None


def degree_rule(answer, reference, tol) -> str | None:
    """An angle typed in degrees without the degree sign (read as radians)."""
    if reference != 0 and within(to_rational(answer) * sympy.pi / 180, reference, tol):
        return ("Your number is right in degrees, but without the degree sign it is read in radians: "
                "type it as, for example, 104.5°.")
    return None


_R_RATIO = sympy.Rational(101325, 1000)  # R in J/(mol K) over R in L atm/(mol K): 1 L atm = 101.325 J
_LN10 = sympy.log(10)


def _ratio_is(answer, reference, factor, tol) -> int:
    """+1 if answer ≈ reference·factor, -1 if answer ≈ reference/factor, else 0."""
    if answer == 0 or reference == 0:
        return 0
    if within(answer, reference * factor, tol):
        return 1
    if within(answer, reference / factor, tol):
        return -1
    return 0


def gas_constant_rule(answer, reference, tol) -> str | None:
    """R = 8.314 J/(mol K) used with litres and atmospheres, or R = 0.08206 L atm/(mol K) with SI
    units: the value is off by 101.325, which no power of ten explains."""
    if answer == 0 or reference == 0:
        return None
    ratio = abs(to_rational(answer) / to_rational(reference))
    ratio = max(ratio, 1 / ratio)
    if abs(ratio - _R_RATIO) < abs(ratio - 100) and _ratio_is(answer, reference, _R_RATIO, tol):
        return ("Your value is off by a factor of 101.325, the number of joules in one L·atm: check that "
                "the gas constant matches your units (R = 8.314 J/(mol K) with Pa and m³, "
                "R = 0.08206 L·atm/(mol K) with L and atm).")
    return None


_CAL = sympy.Rational(4184, 1000)  # J per thermochemical calorie


def calorie_rule(answer, reference, tol) -> str | None:
    """Calories for joules (1 cal = 4.184 J), perhaps with a kilo slip as well (kcal for J)."""
    for k in (0, 3, -3):
        way = _ratio_is(answer, reference, _CAL * sympy.Integer(10) ** k, tol)
        if way:
            return ("Your value is off by the factor between calories and joules (1 cal = 4.184 J"
                    + (", 1 kcal = 4184 J" if k else "") + "): check which energy unit each number is in.")
    return None


def ln_log_rule(answer, reference, tol) -> str | None:
    """A natural logarithm where a base-10 one belongs, or the reverse (a factor of ln 10 = 2.303)."""
    way = _ratio_is(answer, reference, _LN10, tol)
    if way:
        return (f"Your value is 2.303 times too {'large' if way > 0 else 'small'}: that is the factor between "
                "ln and log (ln x = 2.303 log x). Check which logarithm the formula uses, and which one "
                "you took.")
    return None


NUMBER_RULES = [sign_rule, gas_constant_rule, calorie_rule, power_of_ten_rule, reciprocal_rule, ln_log_rule,
                degree_rule]


# Slips of units: never the diagnosis of a pure number (a ratio that happens to be near 4.184).
UNIT_RULES = (gas_constant_rule, calorie_rule)


def diagnose_number(answer, reference, tol, pure: bool = False) -> tuple[str, str] | None:
    """(message, rule name) of the first number rule that fires, or None; ``pure``: the answer
    is a pure number, so slips of units are not looked for."""
    rules = [r for r in NUMBER_RULES if not (pure and r in UNIT_RULES)]
    for rule in rules:
        msg = rule(answer, reference, tol)
        if msg:
            return msg, rule.__name__
    for rule in rules[1:]:  # two slips at once: the sign and one of the others
        msg = rule(-answer, reference, tol) if answer != 0 else None
        if msg:
            return msg + " The sign is wrong as well.", rule.__name__ + " and sign"
    return None


def _latex(x) -> str:
    return sympy.latex(x)


def shown_names(names) -> str:
    """Symbol names as the preview shows them (``DeltaH_f°`` as $\\Delta H_{f}^{\\circ}$)."""
    return ", ".join(f"${name_latex(n)}$" for n in sorted(names))


def symbol_rule(answer: sympy.Expr, reference: sympy.Expr, rows, declared=frozenset()) -> str | None:
    """Symbols the answer has but should not, or lacks but needs. ``declared`` are the step's
    own symbols; any other name comes from expanding a constant (a_0 into ε0, h, m_e, e)."""
    extra = sorted(map(str, answer.free_symbols - reference.free_symbols))
    missing = sorted(map(str, reference.free_symbols - answer.free_symbols))
    if extra:
        return f"Your expression contains {shown_names(extra)}, which the answer does not depend on."
    if missing:
        if all(m in CONSTANTS and m not in declared for m in missing):  # expanded constants: name none
            return "Your expression leaves out a constant (or combination of constants) the answer depends on."
        return f"The answer depends on {shown_names(missing)}, but your expression does not."
    return None


MIN_ROWS = 3  # a rule about "every point" needs at least this many points to say so


def expression_sign_rule(answer, reference, rows) -> str | None:
    """Expression equals minus the reference."""
    if len(rows) >= MIN_ROWS and all(close(a, -b) for a, b in rows):
        return "Your expression has the wrong sign."
    return None


def expression_reciprocal_rule(answer, reference, rows) -> str | None:
    """Expression equals one over the reference (possibly times a constant)."""
    if len(rows) >= MIN_ROWS and all(b != 0 and close(a * b, rows[0][0] * rows[0][1]) for a, b in rows) \
            and not all(close(a, rows[0][0]) for a, _ in rows):
        return "Your expression is upside down: it is (a multiple of) the reciprocal of the answer."
    return None


def expression_factor_rule(answer, reference, rows) -> str | None:
    """Expression is a constant multiple of the reference; names the factor when it is simple."""
    if len(rows) < MIN_ROWS or any(b == 0 for _, b in rows):
        return None
    k = rows[0][0] / rows[0][1]
    if not all(close(a / b, k) for a, b in rows):
        return None
    if abs(k.imag) > 1e-12:
        return None
    if 0 < abs(k.real - 1) < 0.01:  # the same relation with a number rounded differently
        return (f"Your expression differs from the answer by a constant factor of {k.real:.6g} "
                f"({abs(k.real - 1) * 100:.2g} %): a number in it is rounded differently. Use the "
                "numbers the question gives, or exact ones (4/7, sqrt(2), pi, ln(10)).")
    nice = sympy.nsimplify(k.real, [sympy.pi], tolerance=1e-9, rational=False)
    shown = f"${_latex(nice)}$" if len(str(nice)) < 12 and not nice.has(sympy.log) else f"{k.real:.4g}"
    return f"Your expression is {shown} times the answer: a constant factor is off."


EXPRESSION_RULES = [symbol_rule, expression_sign_rule, expression_factor_rule, expression_reciprocal_rule]


def diagnose_expression(answer: sympy.Expr, reference: sympy.Expr, declared=frozenset()) -> tuple[str, str] | None:
    """(message, rule name) of the first expression rule that fires, or None; ``declared``: the
    step's symbol names."""
    rows = probe([answer, reference]) if not (answer.free_symbols - reference.free_symbols) else []
    for rule in EXPRESSION_RULES:
        msg = symbol_rule(answer, reference, rows, declared) if rule is symbol_rule else rule(answer, reference, rows)
        if msg:
            return msg, rule.__name__
    return None


# ---- readings: what the learner typed, read another way ---------------------------------------
# These work on the syntax tree. A rule fires only when the other reading *is* the answer, so
# the hint is never a guess: "brackets: you wrote PV/R T, which reads as (PV/R)·T".

# ln 10 and ln 2 as chemists round them (ΔG° = -2.303 RT log K, t½ = 0.693/k)
ROUNDED_LOGS = {**dict.fromkeys(("2.303", "2.3026", "2.30259", "2.302585"), "10"),
                **dict.fromkeys(("0.693", "0.6931", "0.69315", "0.693147"), "2")}


def _map(node: tuple, f) -> tuple:
    """Rebuild a syntax tree bottom-up, applying ``f`` to every node."""
    return f(tuple(_map(c, f) if isinstance(c, tuple) else c for c in node))


def swap_logs(node: tuple) -> tuple | None:
    """The tree with ln and log (base 10) exchanged, or None if it has neither."""
    swap = {"ln": "log10", "log10": "ln"}
    out = _map(node, lambda n: ("call", swap[n[1]], n[2]) if n[0] == "call" and n[1] in swap else n)
    return out if out != node else None


def rounded_logs_note(node: tuple) -> str:
    """Feedback for a right answer that used 2.303 or 0.693: what the number stands for."""
    used = {ROUNDED_LOGS[n[1]] for n in walk(node) if n[0] == "num" and n[1] in ROUNDED_LOGS}
    return "Correct (" + ", ".join(f"{'2.303' if b == '10' else '0.693'} stands for ln {b}"
                                   for b in sorted(used, key=len, reverse=True)) + ")."


def exact_logs(node: tuple) -> tuple | None:
    """The tree with 2.303 and 0.693 (ln 10 and ln 2 rounded to 4 figures or more) replaced by
    ln(10) and ln(2), or None if it has no such number."""
    out = _map(node, lambda n: ("call", "ln", ("num", ROUNDED_LOGS[n[1]]))
               if n[0] == "num" and n[1] in ROUNDED_LOGS else n)
    return out if out != node else None


def _denominator(n: tuple) -> tuple:
    """a/b c → a/(b c): everything typed after a single / taken as the denominator."""
    if n[0] == "mul" and n[3] and n[1][0] == "div":
        return ("div", n[1][1], ("mul", n[1][2], n[2], True))
    return n


def _denominator_any(n: tuple) -> tuple:
    """a/b*c → a/(b*c): everything multiplied after a single /, with * or without, taken as the
    denominator (h/m*v for h/(m v))."""
    if n[0] == "mul" and n[1][0] == "div":
        return ("div", n[1][1], ("mul", n[1][2], n[2], n[3]))
    return n


_WHOLE_ARGUMENT = ("sqrt", "ln", "log10", "exp")


def _into_call(n: tuple) -> tuple:
    """sqrt(a)*b → sqrt(a*b): a factor typed after a function's bracket meant inside it."""
    if n[0] == "mul" and n[1][0] == "call" and n[1][1] in _WHOLE_ARGUMENT:
        return ("call", n[1][1], ("mul", n[1][2], n[2], n[3]))
    return n


def _numerator(n: tuple) -> tuple:
    """a + b/c → (a + b)/c, and a - b/c*d → (a - b)/c*d."""
    if n[0] in ("add", "sub") and n[2][0] == "div":
        return ("div", (n[0], n[1], n[2][1]), n[2][2])
    if n[0] in ("add", "sub") and n[2][0] == "mul" and n[2][1][0] == "div":
        inner = n[2][1]
        return ("mul", ("div", (n[0], n[1], inner[1]), inner[2]), n[2][2], n[2][3])
    return n


def _denominator_sum(n: tuple) -> tuple:
    """a/b + c → a/(b + c): a sum meant as the whole denominator (m1 m2/m1 + m2)."""
    if n[0] in ("add", "sub") and n[1][0] == "div":
        return ("div", n[1][1], (n[0], n[1][2], n[2]))
    return n


def _exponent_any(n: tuple) -> tuple:
    """e^-k*t → e^(-k t): a factor multiplied after a power, with * or without, in the exponent."""
    if n[0] == "mul" and n[1][0] == "pow":
        return ("pow", n[1][1], ("mul", n[1][2], n[2], n[3]))
    if n[0] == "mul" and n[1][0] == "mul" and n[1][2][0] == "pow":
        return ("mul", n[1][1], _exponent_any(("mul", n[1][2], n[2], n[3])), n[1][3])
    return n


def _multiplier(n: tuple) -> tuple:
    """a*b - c → a*(b - c): a factor meant for a whole sum."""
    if n[0] in ("add", "sub") and n[1][0] == "mul":
        return ("mul", n[1][1], (n[0], n[1][2], n[2]), n[1][3])
    return n


def _argument(n: tuple) -> tuple:
    """log[A-]/[HA] → log([A-]/[HA]), ln k2/k1 → ln(k2/k1): a function meant for a whole ratio."""
    if n[0] == "div" and n[1][0] == "call":
        return ("call", n[1][1], ("div", n[1][2], n[2]))
    if n[0] == "div" and n[1][0] == "mul" and n[1][2][0] == "call":  # 0.0592 log[A]/[B]
        return ("mul", n[1][1], _argument(("div", n[1][2], n[2])), n[1][3])
    return n


def _exponent(n: tuple) -> tuple:
    """e^-k t → e^(-k t), [A]0 e^-k t → [A]0 e^(-k t): a factor typed after a power (with no
    operator between) taken into the exponent."""
    if n[0] != "mul" or not n[3]:
        return n
    left = n[1]
    if left[0] == "pow":
        return ("pow", left[1], ("mul", left[2], n[2], True))
    if left[0] == "mul" and left[3] and left[2][0] == "pow":
        return ("mul", left[1], _exponent(("mul", left[2], n[2], True)), True)
    return n


def _exponent_fraction(n: tuple) -> tuple:
    """e^-E/RT → e^(-E/(RT)): a division typed after a power taken into the exponent."""
    if n[0] == "div" and n[1][0] == "pow":
        return ("pow", n[1][1], ("div", n[1][2], n[2]))
    if n[0] == "div" and n[1][0] == "mul" and n[1][2][0] == "pow":  # Ae^-Ea/RT
        return ("mul", n[1][1], _exponent_fraction(("div", n[1][2], n[2])), True)
    return n


_LOOSE = [
    (_denominator, "only what touches the / is divided by; put the whole denominator in brackets, "
                   "as in a/(b c)"),
    (_numerator, "only the last term is divided; put the whole numerator in brackets, as in (a + b)/c"),
    (_argument, "a function takes only what touches it; put its whole argument in brackets, as in log([A-]/[HA])"),
    (_multiplier, "a factor multiplies only what touches it; put the sum it multiplies in brackets, as in a*(b - c)"),
    (_exponent, "the power takes only what touches the ^; put the whole exponent in brackets, as in e^(-k t)"),
    (lambda n: _exponent_fraction(_denominator(n)),
     "the power takes only what touches the ^; put the whole exponent in brackets, as in e^(-E_a/(R T))"),
    (_denominator_any, "a / divides only by what comes right after it; put the whole denominator in "
                       "brackets, as in h/(m*v)"),
    (lambda n: _map(_denominator_any(n), _into_call),
     "a / divides only by what comes right after it, and a function takes only its own bracket; "
     "put the whole denominator in brackets, as in h/sqrt(2*m*e*V)"),
    (_into_call, "a function takes only what is inside its bracket; put the whole argument inside, "
                 "as in sqrt(a*b)"),
    (_denominator_sum, "only what touches the / is divided by; put a sum in the denominator in "
                       "brackets, as in a/(b + c)"),
    (_exponent_any, "the power takes only what touches the ^; put the whole exponent in brackets, "
                    "as in e^(-lambda*t)"),
]


MAX_SIGN_VARIANTS = 16


def sign_variants(node: tuple):
    """Trees with exactly one sign changed: a + b ↔ a - b, a - b → b - a, -x → x, an exponent
    or one side of an equation negated (a whole expression negated is the sign rule's)."""
    kind = node[0]
    if kind == "eq":
        yield ("eq", node[1], ("neg", node[2]))
    if kind == "add":
        yield ("sub", node[1], node[2])
    if kind == "sub":
        yield ("add", node[1], node[2])
        yield ("sub", node[2], node[1])
    if kind == "neg":
        yield node[1]
    if kind == "pow" and node[2][0] != "neg":
        yield ("pow", node[1], ("neg", node[2]))
    for i, child in enumerate(node):
        if isinstance(child, tuple):
            for v in sign_variants(child):
                yield node[:i] + (v,) + node[i + 1:]


def reads_right(right, tree: tuple) -> bool:
    """``right(tree)``, or False when that reading has no value (a division by zero)."""
    try:
        return right(tree)
    except (ReadError, ArithmeticError, ValueError, TypeError):
        return False


def reading_rule(node: tuple, typed: str, right, latex) -> tuple[str, str] | None:
    """(message, rule name) when the learner's answer would be right read another way: ln for
    log, or brackets left out. ``right(tree)`` says whether a tree is the answer; ``latex(tree)``
    shows one."""
    holds = lambda tree: reads_right(right, tree)  # 1/(1 - 1/n) read loosely divides by zero
    swapped = swap_logs(node)
    if swapped is not None and holds(swapped):
        return ("ln is the natural log; log is base 10: ln x = 2.303 log x. "
                "Check which logarithm this relation uses.", "ln_for_log_rule")
    rounded = exact_logs(node)
    for transform, why in _LOOSE:
        loose = _map(node, transform)
        if loose != node and (holds(loose) or rounded is not None and holds(_map(rounded, transform))):
            return (f"Check your brackets: you wrote `{typed.strip()}`, which reads as ${latex(node)}$: "
                    f"{why}.", "bracket_rule")
    for i, variant in enumerate(sign_variants(node)):
        if i >= MAX_SIGN_VARIANTS:
            break
        if holds(variant):
            return ("Check the signs: with one sign changed, this would be right. Ask which way "
                    "each term should push the result.", "term_sign_rule")
    return None
