"""Formulas, reactions, electron configurations, equations and derivations."""

import pytest

from checker import grade, preview

F = {"type": "formula"}
R = {"type": "reaction"}
EC = {"type": "electron-configuration"}


@pytest.mark.parametrize("expected, typed", [
    ("CuSO4·5H2O", "CuSO4.5H2O"), ("CuSO4·5H2O", "CuSO4*5H2O"), ("CuSO4·5H2O", "CuSO₄·5H₂O"),
    ("SO4^2-", "SO4^{2-}"), ("SO4^2-", "SO₄²⁻"), ("SO4^2-", "SO4--"), ("Na+", "Na^+"),
    ("Ca(OH)2", "Ca(OH)2(s)"), ("K4[Fe(CN)6]", "K4[Fe(CN)6]"), ("C2H6O", "CH3CH2OH"),
    ("H2O", "H2O(l)"), ("D2O", "D2O"), ("Fe^3+", "Fe3+"), ("Cu^2+", "Cu²⁺"), ("SO4^2-", "SO4^2−"),
    ("SO4^2-", "SO4 2-"), ("CuSO4·5H2O", "CuSO4 5H2O"), ("O^2-", "O2-"),
])
def test_same_formula(expected, typed):
    assert grade({**F, "expected": expected}, typed).status == "correct"


@pytest.mark.parametrize("expected, typed, words", [
    ("Ca(OH)2", "CaOH2", ["O", "1", "2"]),
    ("SO4^2-", "SO4", ["charge", "2-"]),
    ("H2O", "D2O", ["no D"]),
    ("Ar", "S", ["no S"]),              # never names the element the answer has
    ("Fe2O3", "FeO3", ["Fe", "1", "2"]),
])
def test_formula_feedback(expected, typed, words):
    r = grade({**F, "expected": expected}, typed)
    assert r.status == "incorrect"
    assert all(w in r.feedback for w in words), r.feedback


def test_formula_reading_errors():
    assert "Xx" in grade({**F, "expected": "H2O"}, "Xx2O").feedback
    assert grade({**F, "expected": "H2O"}, "h2o").status == "invalid"
    assert grade({**F, "expected": "H2O"}, "Ca(OH2").status == "invalid"


def test_formula_preview_shows_reading():
    assert preview({**F, "expected": "x"}, "Fe3+") == r"\mathrm{Fe^{3+}}"    # one element: a charge
    assert preview({**F, "expected": "x"}, "NH4+") == r"\mathrm{NH_{4}^{+}}"
    assert preview({**F, "expected": "x"}, "CuSO4.5H2O") == r"\mathrm{CuSO_{4}\cdot 5H_{2}O}"


@pytest.mark.parametrize("typed", [
    "2H2 + O2 -> 2H2O", "O2 + 2 H2 → 2 H2O", "2H2+O2->2H2O", "2 H2(g) + O2(g) = 2 H2O(l)", "2 H2 + O2 <=> 2 H2O",
])
def test_balanced_reaction(typed):
    assert grade({**R, "expected": "2 H2 + O2 -> 2 H2O"}, typed).status == "correct"


def test_reaction_rules():
    spec = {**R, "expected": "2 H2 + O2 -> 2 H2O"}
    r = grade(spec, "H2 + O2 -> H2O")
    assert "O does not balance" in r.feedback
    assert "smallest" in grade(spec, "4 H2 + 2 O2 -> 4 H2O").feedback
    # smallest: false means the coefficients as written (SPEC §7): a formation reaction makes one mole
    formation = {**R, "expected": "H2 + 1/2 O2 -> H2O", "smallest": False}
    assert grade(formation, "H2 + 1/2 O2 -> H2O").status == "correct"
    r = grade(formation, "2 H2 + O2 -> 2 H2O")
    assert r.status == "incorrect" and "per mole of" in r.feedback and r.note == "per mole"
    assert grade({**spec, "smallest": False}, "4 H2 + 2 O2 -> 4 H2O").status == "incorrect"
    assert "wrong way round" in grade(spec, "2 H2O -> 2 H2 + O2").feedback
    assert "species" in grade(spec, "2 H2 + O3 -> 2 H2O").feedback
    assert grade(spec, "2 H2 + O2").status == "invalid"


@pytest.mark.parametrize("expected, typed", [
    ("Ag+ + Cl- -> AgCl", "Ag+(aq) + Cl-(aq) -> AgCl(s)"),
    ("Zn + Cu^2+ -> Zn^2+ + Cu", "Zn(s) + Cu^2+(aq) -> Zn^2+(aq) + Cu(s)"),
    ("Cu^2+ + 2 e- -> Cu", "Cu²⁺ + 2e⁻ → Cu"),
    ("Cu^2+ + 2 e- -> Cu", "Cu2+ + 2e- --> Cu"),
    ("MnO4^- + 8 H^+ + 5 e^- -> Mn^2+ + 4 H2O", "MnO₄⁻ + 8H⁺ + 5e⁻ → Mn²⁺ + 4H₂O"),
])
def test_ionic_equations_as_students_write_them(expected, typed):
    assert grade({**R, "expected": expected}, typed).status == "correct"


def test_ionic_reaction_and_charge_balance():
    spec = {**R, "expected": "Zn + Cu^2+ -> Zn^2+ + Cu"}
    assert grade(spec, "Zn + Cu^2+ -> Zn^2+ + Cu").status == "correct"
    assert grade({**R, "expected": "H+ + OH- -> H2O"}, "H++OH-→H2O").status == "correct"
    r = grade({**R, "expected": "Fe^3+ + e- -> Fe^2+"}, "Fe^3+ -> Fe^2+")
    assert r.status == "incorrect"
    r = grade({**R, "expected": "2 Fe^3+ + Zn -> 2 Fe^2+ + Zn^2+"}, "Fe^3+ + Zn -> Fe^2+ + Zn^2+")
    assert "charge does not balance" in r.feedback


@pytest.mark.parametrize("expected, typed, status", [
    ("[Ne] 3s2 3p4", "1s2 2s2 2p6 3s2 3p4", "correct"),
    ("[Ne] 3s2 3p4", "[Ne] 3p4 3s2", "correct"),
    ("[Ne] 3s2 3p4", "1s² 2s² 2p⁶ 3s² 3p⁴", "correct"),
    ("[Ar] 3d5 4s1", "[Ar] 4s2 3d4", "incorrect"),
    ("[Ar] 3d5 4s1", "[Ar] 4s1 3d5", "correct"),
    ("[Ne] 3s2 3p4", "[Ne] 3s2 3p5", "incorrect"),
    ("[Ne]", "1s2 2s2 2p7", "invalid"),
    ("[Ne]", "2d1", "invalid"),
    ("[Ne]", "[Q] 1s2", "invalid"),
    ("[Xe] 4f14 5d10 6s2 6p2", "[Xe]4f¹⁴5d¹⁰6s²6p²", "correct"),
    # textbooks leave out a count of one: 4s is 4s1
    ("[Ar] 3d5 4s1", "[Ar] 3d5 4s", "correct"),
    ("[Ar] 3d10 4s1", "[Ar] 4s 3d10", "correct"),
    ("1s2 2s2 2p1", "1s2 2s2 2p", "correct"),
    ("[Ar] 3d5 4s1", "[Ar] 3d 4s", "incorrect"),
    ("[Ne]", "2d", "invalid"),
])
def test_electron_configurations(expected, typed, status):
    assert grade({**EC, "expected": expected}, typed).status == status


def test_configuration_feedback():
    assert "electrons" in grade({**EC, "expected": "[Ne] 3s2 3p4"}, "[Ne] 3s2 3p5").feedback
    assert "20 electrons; this atom or ion has 24" in grade({**EC, "expected": "[Ar] 3d5 4s1"}, "[Ar] 3d 4s").feedback
    assert "3d, 4s" in grade({**EC, "expected": "[Ar] 3d5 4s1"}, "[Ar] 4s2 3d4").feedback


POS = {k: {"positive": True} for k in ["P", "V", "n", "R", "T"]}
EQ = {"type": "equation", "expected": "P*V = n*R*T", "symbols": POS}


@pytest.mark.parametrize("typed, status", [
    ("PV = nRT", "correct"), ("P = nRT/V", "correct"), ("n = PV/(RT)", "correct"),
    ("nRT = PV", "correct"), ("PV - nRT = 0", "correct"),
    ("P = nR/(TV)", "incorrect"), ("1 = 1", "incorrect"), ("PV = PV", "incorrect"),
    ("PV", "invalid"),
])
def test_equations(typed, status):
    assert grade(EQ, typed).status == status


def test_identity_is_never_correct_and_says_why():
    assert "whatever the values" in grade(EQ, "1 = 1").feedback


GIBBS = {"type": "derivation", "start": "K = exp(-G/(R*T))", "goal": "G = -R*T*ln(K)",
         "symbols": {"K": {"positive": True}, "G": {"real": True}, "R": {"positive": True}, "T": {"positive": True}}}


def test_derivation_correct():
    assert grade(GIBBS, "ln(K) = -G/(R*T)\n-R T ln(K) = G\nG = -R*T*ln(K)").status == "correct"


def test_derivation_names_first_broken_line():
    r = grade(GIBBS, "ln(K) = -G/(R*T)\nln(K) = G/(R*T)\nG = -R*T*ln(K)")
    assert r.status == "incorrect" and "Line 2" in r.feedback


def test_derivation_must_reach_goal():
    r = grade(GIBBS, "K = exp(-G/(R T))")
    assert r.status == "incorrect" and "goal" in r.feedback


def test_derivation_unreadable_line():
    r = grade(GIBBS, "ln(K) = -G/(R*T)\nG = ")
    assert r.status == "invalid" and "Line 2" in r.feedback


def test_formula_feedback_never_names_an_element_the_learner_left_out():
    for expected, typed in [("Ar", "S"), ("C6H8O6", "C6H8"), ("NaCl", "KCl")]:
        r = grade({**F, "expected": expected}, typed)
        missing = set(expected) - set(typed)
        assert r.status == "incorrect" and not any(ch in r.feedback.replace("answer", "") for ch in missing
                                                   if ch.isupper()), r.feedback


def test_reaction_preview_shows_states_charges_and_arrow():
    p = preview({**R, "expected": "x"}, "Fe+3(aq) + e- <=> Fe2+(aq)")
    assert r"\mathrm{Fe^{3+}(aq)}" in p and r"\rightleftharpoons" in p and r"\mathrm{Fe^{2+}(aq)}" in p
    assert preview({**F, "expected": "x"}, "SO42-") == r"\mathrm{SO_{4}^{2-}}"
    assert preview({**F, "expected": "x"}, "Fe(III)") == r"\mathrm{Fe^{3+}}"


@pytest.mark.parametrize("expected, typed, note", [
    ("N2 + 3 H2 <=> 2 NH3", "N2 + 3H2 -> 2NH3", "equilibrium arrow"),
    ("H2O(l) -> H2O(g)", "H2O(l) -> H2O(l)", "states"),
    ("2 H2(g) + O2(g) -> 2 H2O(l)", "2 H2(g) + O2(g) -> 2 H2O(g)", "states"),
    ("Cu^2+ + 2 e- -> Cu", "Cu -> Cu2+ + 2e-", "reversed"),
    ("Fe^3+ + e- -> Fe^2+", "Fe3+ -> Fe2+ + e-", "electrons"),
    ("2 H2 + O2 -> 2 H2O", "2 H2 + O2 -> 2 H2O", "equivalent"),
])
def test_reaction_notes_name_the_rule(expected, typed, note):
    assert grade({**R, "expected": expected}, typed).note == note


def test_state_feedback_names_the_species_not_the_answer():
    r = grade({**R, "expected": "H2(g) + 1/2 O2(g) -> H2O(l)", "smallest": False}, "H2(g) + 1/2 O2(g) -> H2O(g)")
    assert r"\ce{H2O}" in r.feedback and "liquid" not in r.feedback


def test_states_optional_accepts_none_but_checks_those_given():
    spec = {**R, "expected": "Na(s) + 1/2 Cl2(g) -> NaCl(s)", "smallest": False, "states": "optional"}
    assert grade(spec, "Na + 1/2 Cl2 -> NaCl").status == "correct"
    assert grade(spec, "Na(g) + 1/2 Cl2(g) -> NaCl(s)").note == "states"
    assert grade({**spec, "states": "required"}, "Na + 1/2 Cl2 -> NaCl").note == "states"
    assert grade({**spec, "states": "sometimes"}, "Na + 1/2 Cl2 -> NaCl").status == "invalid"


def test_a_mistake_with_a_one_way_arrow_is_a_mistake_of_its_own():
    spec = {**R, "expected": "NH3 + H2O <=> NH4^+ + OH^-",
            "mistakes": [{"answer": "NH3 + H2O -> NH4^+ + OH^-", "feedback": "A weak base: an equilibrium."}]}
    assert grade(spec, "NH3 + H2O <=> NH4+ + OH-").status == "correct"
    assert grade(spec, "NH3 + H2O -> NH4+ + OH-").feedback == "A weak base: an equilibrium."
