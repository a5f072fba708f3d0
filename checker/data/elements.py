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
