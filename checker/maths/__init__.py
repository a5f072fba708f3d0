"""Values of syntax trees and how they compare: exact evaluation (sympy, Quantity),
exact numeric rules (tolerance, significant figures) and symbolic equivalence by probing."""
