"""YAML with positions: load a document and remember where every key and value starts.

Authors get errors as ``file:line:column`` (1-based), so the loader keeps, for each path
into the data (a tuple of keys and list indices), the position of the value and of its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml


@dataclass
class Positions:
    """Start positions (line, column; 1-based) of values and keys, by path."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # path -> [(line, column, message)]: TeX commands a double-quoted string turned into
    # control characters ("\times" is a tab and "imes"), found in the source text.
    escapes: dict[tuple, list] = field(default_factory=dict)
    # path -> line of the first content line of a literal block (`|`), where lines map 1:1
    blocks: dict[tuple, int] = field(default_factory=dict)

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
                         {p: (l + lines, c) for p, (l, c) in self.keys.items()},
                         {p: [(l + lines, c, m) for l, c, m in v] for p, v in self.escapes.items()},
                         {p: l + lines for p, l in self.blocks.items()})

    def line_in(self, path: tuple, text: str, offset: int) -> tuple[int, int]:
        """Position of character ``offset`` of the string at ``path``: exact inside a ``|``
        block, else the start of the value."""
        if path in self.blocks:
            return self.blocks[path] + text[:offset].count("\n"), 1
        return self.at(path)


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
    ("could not find expected ':'", "a key is missing its ':', or a line of a | block is indented "
     "less than the block's first line"),
    ("found unknown escape character", "a backslash inside double quotes: write LaTeX in single quotes or in a block scalar"),
    ("found undefined alias", "'*' starts a YAML alias: quote answers that begin with '*'"),
]


# A double-quoted YAML escape followed by letters is a TeX command read as a control character.
_ESCAPES = {"a": "a bell character", "b": "a backspace", "t": "a tab", "n": "a line break",
            "v": "a vertical tab", "f": "a form feed", "r": "a carriage return", "e": "an escape character",
            "N": "a next-line character", "L": "a line separator", "P": "a paragraph separator",
            "0": "a null character", "_": "a non-breaking space"}


# "\\n" followed by a word may be a line break on purpose; these words are TeX commands.
_TEX_N = {"u", "abla", "eq", "e", "eg", "ot", "i", "leq", "geq", "ewline", "olimits", "onumber", "mid",
          "atural", "parallel", "subseteq", "exists"}


def _tex_escapes(text: str, node) -> list:
    raw = text[node.start_mark.index:node.end_mark.index]
    out = []
    for m in re.finditer(r"\\(.)([A-Za-z]*)", raw, re.S):
        if m.group(1) in _ESCAPES and (m.group(2) or m.group(1) == "_") and (m.group(1) != "n" or m.group(2) in _TEX_N):
            before = raw[:m.start()]
            line = node.start_mark.line + 1 + before.count("\n")
            col = (node.start_mark.column if "\n" not in before else 0) + len(before.rsplit("\n", 1)[-1]) + 1
            rest = f" and `{m.group(2)}`" if m.group(2) else ""
            out.append((line, col, f"`\\{m.group(1)}{m.group(2)}` inside double quotes is read as "
                                   f"{_ESCAPES[m.group(1)]}{rest}: write TeX in single quotes "
                                   "('...') or in a | block"))
    return out


def _block_above(text: str, line: int) -> int | None:
    """The 1-based line of a `|` or `>` block that line ``line`` (0-based) seems meant to
    continue: the nearest line above ending in a block indicator, with only blank lines or
    lines indented deeper than ``line`` in between."""
    lines = text.split("\n")
    if line >= len(lines):
        return None
    indent = len(lines[line]) - len(lines[line].lstrip(" "))
    for i in range(line - 1, -1, -1):
        above = lines[i]
        if re.search(r"(^|[:-])\s*[|>][-+0-9]*\s*(#.*)?$", above):
            return i + 1 if i + 1 < line and any(x.strip() for x in lines[i + 1:line]) else None
        if above.strip() and len(above) - len(above.lstrip(" ")) <= indent:
            return None
    return None


def _construct(constructor, node):
    """A scalar's value; one YAML cannot make (a date like 2026-13-45, an unknown `!tag`) is
    an author's error at its position, not a crash."""
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError, yaml.YAMLError) as e:
        line, col = _mark(node)
        detail = getattr(e, "problem", None) or str(e)
        raise YamlError(f"YAML cannot read this value ({detail}): put it in quotes", line, col) from e


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
        if "could not find expected ':'" in (e.problem or "") and e.context_mark:
            mark = e.context_mark  # where the key-less line starts, not the line after it
        msg = " ".join(x for x in (e.context, e.problem) if x)
        block = _block_above(text, mark.line) if mark else None
        raw = msg
        for jargon, plain in _PLAIN:
            if jargon in msg:
                msg = f"{plain} ({msg})"
                break
        if block and ("expected <block end>" in msg or "could not find expected ':'" in msg):
            msg = (f"YAML syntax: this line is indented less than the text block (`|` or `>`) that starts on "
                   f"line {block}: indent every line of the block at least as far as its first line ({raw})")
            raise YamlError(msg, mark.line + 1, mark.column + 1)
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
                key = _construct(constructor, k)
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
        if n.style == '"' and "\\" in text[n.start_mark.index:n.end_mark.index]:
            found = _tex_escapes(text, n)
            if found:
                pos.escapes[path] = found
        elif n.style == "|":
            pos.blocks[path] = n.start_mark.line + 2
        return _construct(constructor, n)

    return build(node, ()), pos
