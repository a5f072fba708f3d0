"""YAML with positions: load a document and remember where every key and value starts.

Authors get errors as ``file:line:column`` (1-based), so the loader keeps, for each path
into the data (a tuple of keys and list indices), the position of the value and of its key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass
class Positions:
    """Start positions (line, column; 1-based) of values and keys, by path."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Position of ``path``, or of its nearest existing ancestor."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def shifted(self, lines: int) -> "Positions":
        """The same positions moved down ``lines`` lines (for YAML inside a Markdown file)."""
        return Positions({p: (l + lines, c) for p, (l, c) in self.values.items()},
                         {p: (l + lines, c) for p, (l, c) in self.keys.items()})


class YamlError(ValueError):
    """A YAML syntax error, with a 1-based ``line`` and ``column``."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line, self.column = line, column


# PyYAML's words for the usual mistakes, and what an author needs to hear.
_PLAIN = [
    ("expected <block end>", "this line's indentation does not match the lines around it"),
    ("mapping values are not allowed here", "a ':' where YAML does not expect one: quote text that contains ': '"),
    ("found character '\\t'", "tabs are not allowed in YAML: indent with spaces"),
    ("could not find expected ':'", "a key is missing its ':' (or a line is indented wrongly)"),
    ("found unknown escape character", "a backslash inside double quotes: write LaTeX in single quotes or in a block scalar"),
    ("found undefined alias", "'*' starts a YAML alias: quote answers that begin with '*'"),
]


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load(text: str) -> tuple[object, Positions]:
    """Parse one YAML document into plain data and its Positions.

    Raises YamlError for bad YAML (with the position the parser reports) and for
    duplicate keys in a mapping, which PyYAML would otherwise silently overwrite.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = " ".join(x for x in (e.context, e.problem) if x)
        for jargon, plain in _PLAIN:
            if jargon in msg:
                msg = f"{plain} ({msg})"
                break
        raise YamlError(f"YAML syntax: {msg}", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1)
    pos = Positions()
    if node is None:
        return None, pos
    constructor = yaml.SafeLoader("")

    def build(n, path: tuple):
        pos.values[path] = _mark(n)
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k, v in n.value:
                key = constructor.construct_object(k, deep=True)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    line, col = _mark(k)
                    raise YamlError("a key must be a plain word, not a list or mapping "
                                    "(are there doubled braces `{{`?)", line, col)
                if key in out:
                    line, col = _mark(k)
                    raise YamlError(f"duplicate key '{key}'", line, col)
                pos.keys[path + (key,)] = _mark(k)
                out[key] = build(v, path + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(v, path + (i,)) for i, v in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    return build(node, ()), pos
