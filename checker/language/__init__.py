"""What a learner types, read into a syntax tree: the lexer, the parser (names resolved by a
Scope) and the LaTeX preview of the tree. Imports only ``data`` and ``errors``."""
