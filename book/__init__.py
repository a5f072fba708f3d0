"""Loading, validating and rendering the book: chapters/*.md and problems/*/*.yaml.

Kept free of heavy imports so that :mod:`book.bootstrap` runs on a bare Python.
"""
