"""Cited tables: physical constants (CODATA 2022, exact SI), units (SI Brochure, NIST SP 811)
and the chemical elements (IUPAC)."""
