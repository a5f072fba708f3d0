"""The chemical elements: symbols in atomic-number order (IUPAC Periodic Table of the
Elements, 2022 edition; 118 elements). Kept as a plain table because the checker must stay
pure Python for the browser (periodictable, for example, needs numpy)."""

SYMBOLS = (
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se "
    "Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy "
    "Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf "
    "Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og"
).split()
ATOMIC_NUMBER = {s: z for z, s in enumerate(SYMBOLS, 1)}
# Deuterium and tritium are written D and T in chemistry; they count as their own "elements"
# when comparing formulas (D2O is not H2O).
ISOTOPE_SYMBOLS = {"D": 1, "T": 1}

# The element sequence of IUPAC's Nomenclature of Inorganic Chemistry (Red Book, 2005),
# Table VI: in a formula without carbon the element met first here is written first
# (NaCl, NH3, H2O, HCl, OF2). Formulas with carbon use the Hill order (C, H, then alphabetical).
FORMULA_SEQUENCE = (
    "Rn Xe Kr Ar Ne He Fr Cs Rb K Na Li Ra Ba Sr Ca Mg Be "
    "Lr No Md Fm Es Cf Bk Cm Am Pu Np U Pa Th Ac Lu Yb Tm Er Ho Dy Tb Gd Eu Sm Pm Nd Pr Ce La "
    "Y Sc Rf Hf Zr Ti Db Ta Nb V Sg W Mo Cr Bh Re Tc Mn Hs Os Ru Fe Mt Ir Rh Co Ds Pt Pd Ni "
    "Rg Au Ag Cu Cn Hg Cd Zn Nh Tl In Ga Al B Fl Pb Sn Ge Si C Mc Bi Sb As P N H "
    "Lv Po Te Se S O Ts At I Br Cl F"
).split()
