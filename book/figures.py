"""Figures drawn from a chain's data (SPEC §9): load → validate → render, one pipeline.

A chain declares its figures under ``figures:`` (a table of numbers in the YAML, or a CSV file
beside the chain, with the units of every column and the source); Markdown in the chapter or
in any of its chains places one with a line of its own, ``[[figure: ID]]``. Figures are
numbered chapter.n in the order the page shows them.

Drawing: Matplotlib at build time, to SVG with text kept as text. The colours are sentinels
replaced by ``currentColor`` and CSS variables (``--fig-1`` ...), so the same SVG reads in the
light and the dark scheme and prints in black and colour. A drawn SVG is cached in
``.cache/figures/`` under a hash of the figure's data, this file (style and code) and the
Matplotlib version, so an unchanged figure is never drawn again and Matplotlib is imported
only when something must be drawn.

A step may read a figure (``reads:``): the slope or intercept of a series' fitted line, or
its value at some x. Unless the author gives a ``tolerance:``, the build writes one into the
answer spec: twice the standard error of that quantity from the fit (a 95 % interval), so the
checker grades it like any other answer.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "figures"
# A line of its own in Markdown: [[figure: photoelectric-sodium]]
MARKER = re.compile(r"^[ \t]*\[\[figure:\s*([^\]\s]*)\s*\]\][ \t]*$", re.M)
# Anywhere in a sentence: "as [[ref: moseley-line]] shows" → "as Figure 2.3 shows", linked.
REF = re.compile(r"\[\[ref:\s*([^\]\s]*)\s*\]\]")
KINDS = ("scatter", "line", "sticks")
READS = ("slope", "intercept", "value")
PRINTED_ROWS = 15  # longer data tables are left to the web edition
SIGMAS = 2  # a computed tolerance is 2 standard errors: about a 95 % interval

# Sentinel colours Matplotlib draws with, and what the SVG uses instead (book.css sets the
# variables for each scheme; the fallbacks are the light scheme's, used in print).
FOREGROUND = "#010203"
GRID = "#040506"
PALETTE = ["#1f4fa8", "#b5421a", "#1b7a3a", "#7b3fa0", "#8a6a00"]  # light scheme, ≥ 4.5:1 on white
_SENTINELS = {FOREGROUND: "currentColor", GRID: "var(--fig-grid, #c8c8c8)"}
_SENTINELS.update({f"#0a0b{i:02x}": f"var(--fig-{i + 1}, {c})" for i, c in enumerate(PALETTE)})
SERIES_COLOURS = [f"#0a0b{i:02x}" for i in range(len(PALETTE))]
STYLE = {"size": [6.0, 3.6], "font_size": 10, "marker_size": 5.5, "line_width": 1.6}


class FigureError(ValueError):
    """A problem with a figure, at a path into the chain (or at a line and column of its CSV)."""

    def __init__(self, message: str, path: tuple = (), where: tuple[str, int, int] | None = None):
        super().__init__(message)
        self.path, self.where = path, where


@dataclass
class Column:
    name: str
    label: str
    units: str      # as authored, e.g. "1e14 Hz"; "" for a pure number
    factor: float   # SI value of one unit
    dims: tuple
    compute: str = ""  # e.g. "sqrt(c/{lambda})": from other columns and the constants table


@dataclass
class Axis:
    label: str
    units: str
    factor: float
    dims: tuple
    log: bool = False
    min: float | None = None  # axis limits, e.g. 0 to show where a line meets the axis
    max: float | None = None


@dataclass
class Series:
    x: str
    y: str | None
    kind: str
    label: str
    fit: bool
    points: list[tuple[float, float]]  # in the axes' units


@dataclass
class Fit:
    """Least-squares line y = intercept + slope·x, with the standard errors of both."""

    slope: float
    intercept: float
    n: int
    mean_x: float
    sxx: float
    s: float  # residual standard deviation

    @classmethod
    def of(cls, points: list[tuple[float, float]]) -> "Fit":
        n = len(points)
        mx = sum(p[0] for p in points) / n
        my = sum(p[1] for p in points) / n
        sxx = sum((p[0] - mx) ** 2 for p in points)
        slope = sum((p[0] - mx) * (p[1] - my) for p in points) / sxx
        intercept = my - slope * mx
        rss = sum((p[1] - intercept - slope * p[0]) ** 2 for p in points)
        return cls(slope, intercept, n, mx, sxx, math.sqrt(rss / (n - 2)))

    def read(self, what: str, at: float | None = None) -> tuple[float, float]:
        """(value, standard error) of the slope, the intercept or the line's value at ``at``."""
        if what == "slope":
            return self.slope, self.s / math.sqrt(self.sxx)
        x0 = 0.0 if what == "intercept" else at
        return self.intercept + self.slope * x0, self.s * math.sqrt(1 / self.n + (x0 - self.mean_x) ** 2 / self.sxx)


@dataclass
class Figure:
    id: str
    chain_id: str
    caption: str
    alt: str
    source: str
    columns: dict[str, Column]
    rows: list[list[float | None]]
    x: Axis
    y: Axis | None
    series: list[Series]
    number: str = ""           # "3.1", set when the chapter places it
    data: dict = field(default_factory=dict)  # the normalised figure, for the cache key

    def fit(self, index: int) -> Fit:
        return Fit.of(self.series[index].points)

    def key(self) -> str:
        """Hash of everything the drawing depends on."""
        h = hashlib.sha256(json.dumps([self.id, self.data], sort_keys=True, default=str).encode())
        h.update(_drawing_version().encode())
        return h.hexdigest()[:32]

    def csv_text(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow([_heading(c) for c in self.columns.values()])
        w.writerows([[_cell(v, c) for v, c in zip(row, self.columns.values())] for row in self.rows])
        return out.getvalue()


@lru_cache(maxsize=None)
def _drawing_version() -> str:
    """This file (style and code) and the Matplotlib version: part of every figure's key."""
    try:
        version = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        version = "none"
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest() + version


def _num(v: float) -> str:
    return repr(v) if v != int(v) or abs(v) >= 1e15 else str(int(v))


def _cell(v: float | None, c: Column) -> str:
    return "" if v is None else f"{v:.5g}" if c.compute else _num(v)


def _heading(c: Column) -> str:
    return f"{c.label} ({pretty_units(c.units)})" if c.units else c.label


_SUPERSCRIPT = str.maketrans("0123456789-+/()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ᐟ⁽⁾")


def pretty_units(units: str) -> str:
    """Units as printed on an axis: ``cm^-1`` → ``cm⁻¹``, ``1e14 Hz`` → ``10¹⁴ Hz``, ``Hz^(1/2)`` → ``√Hz``."""
    units = re.sub(r"([A-Za-zµÅ]+)\^\(1/2\)", r"√\1", units)
    text = re.sub(r"^1e([-+]?\d+)\s*", lambda m: "10" + str(int(m.group(1))).translate(_SUPERSCRIPT) + " ", units)
    text = re.sub(r"\^\(?([-+]?[\d/]+)\)?", lambda m: m.group(1).replace("1/2", "½").translate(_SUPERSCRIPT)
                  if m.group(1) != "1/2" else "^½", text)
    text = re.sub(r"\bdegC\b", "°C", re.sub(r"\bdeg\b", "°", text))
    return text.replace("*", "·").replace("^½", "½")


def read_units(text: str) -> tuple[float, tuple]:
    """(SI value of one unit, dimension vector) of a unit string as the checker reads it."""
    from checker.errors import ReadError
    from checker.maths.evaluate import to_quantity
    from checker.language.parser import Scope, parse

    try:
        q = to_quantity(parse(text or "1", Scope(units=True)))
        return float(q.value), tuple(q.dims)
    except (ReadError, ValueError, TypeError, ZeroDivisionError) as e:
        raise FigureError(f"`{text}` is not a unit the checker can read: {e}") from e


def _dims_words(d: tuple) -> str:
    from checker.data.units import describe_dims
    return describe_dims(d)


# ---------------------------------------------------------------- load and validate

def load(raw: list, chain_id: str, chain_path: Path, root: Path) -> tuple[dict[str, Figure], list[FigureError]]:
    """Figures of one chain from its ``figures:`` list (schema-valid); every problem found is
    returned as a FigureError with its path into the chain (or its CSV position)."""
    figures, errors = {}, []
    for i, f in enumerate(raw or []):
        try:
            fig = _figure(f, ("figures", i), chain_id, chain_path, root)
        except FigureError as e:
            errors.append(e)
            continue
        if fig.id in figures:
            errors.append(FigureError(f"duplicate figure id `{fig.id}`", ("figures", i, "id")))
            continue
        figures[fig.id] = fig
    return figures, errors


def _figure(f: dict, at: tuple, chain_id: str, chain_path: Path, root: Path) -> Figure:
    if ("rows" in f) == ("csv" in f):
        raise FigureError(f"figure `{f['id']}` needs its data in `rows:` or in a `csv:` file beside the chain "
                          "(one of the two)", at + ("id",))
    columns: dict[str, Column] = {}
    for name, c in f["columns"].items():
        c = c or {}
        units = str(c.get("units") or "")
        try:
            factor, dims = read_units(units)
        except FigureError as e:
            raise FigureError(f"column `{name}`: {e}", at + ("columns", name, "units")) from None
        columns[name] = Column(str(name), c.get("label") or str(name), units, factor, dims, c.get("compute", ""))
    rows = _rows(f, at, [n for n, c in columns.items() if not c.compute], chain_path, root)
    rows = _computed(rows, columns, at)
    axes = {}
    for a in ("x", "y"):
        spec = f.get(a) or {}
        first = next((s[a] for s in f["series"] if s.get(a) in columns), None)
        units = spec.get("units", columns[first].units if first else "")
        try:
            factor, dims = read_units(str(units))
        except FigureError as e:
            raise FigureError(f"{a} axis: {e}", at + (a, "units")) from None
        label = spec.get("label") or (columns[first].label if first else "")
        axes[a] = Axis(label, str(units), factor, dims, bool(spec.get("log")), spec.get("min"), spec.get("max"))
    sticks_only = all(s["kind"] == "sticks" and not s.get("y") for s in f["series"])
    series = []
    for j, s in enumerate(f["series"]):
        sat = at + ("series", j)
        if not s.get("y") and s["kind"] != "sticks":
            raise FigureError(f"series {j + 1} needs a `y` column (only sticks may omit it)", sat)
        for a in ("x", "y"):
            name = s.get(a)
            if name is None:
                continue
            if name not in columns:
                raise FigureError(f"series {j + 1}: no column `{name}`; the columns are: "
                                  f"{', '.join(columns)}", sat + (a,))
            if columns[name].dims != axes[a].dims:
                raise FigureError(
                    f"series {j + 1}: unit mismatch: column `{name}` is in {columns[name].units or 'no units'} "
                    f"({_dims_words(columns[name].dims)}), but the {a} axis is in "
                    f"{axes[a].units or 'no units'} ({_dims_words(axes[a].dims)})", sat + (a,))
        xi = list(columns).index(s["x"])
        yi = list(columns).index(s["y"]) if s.get("y") else None
        sx = columns[s["x"]].factor / axes["x"].factor
        sy = columns[s["y"]].factor / axes["y"].factor if yi is not None else 1.0
        points = [(r[xi] * sx, 1.0 if yi is None else r[yi] * sy) for r in rows
                  if r[xi] is not None and (yi is None or r[yi] is not None)]
        if not points:
            raise FigureError(f"series {j + 1} is empty: no row has both `{s['x']}` and `{s.get('y')}`", sat)
        fit = s.get("fit") == "linear"
        if fit:
            if axes["x"].log or axes["y"].log:
                raise FigureError("a fitted straight line needs linear axes (log: false)", sat + ("fit",))
            if len(points) < 3:
                raise FigureError("a fitted line needs at least 3 points to say how well it fits", sat + ("fit",))
        for a, k in (("x", 0), ("y", 1)):
            if axes[a].log and any(p[k] <= 0 for p in points):
                raise FigureError(f"series {j + 1}: a log {a} axis needs values above zero", sat + (a,))
        series.append(Series(s["x"], s.get("y"), s["kind"], s.get("label", ""), fit, points))
    y = None if sticks_only else axes["y"]
    data = {"columns": {n: [c.label, c.units, c.compute] for n, c in columns.items()}, "rows": rows,
            "x": axes["x"].__dict__, "y": y.__dict__ if y else None,
            "series": [{k: v for k, v in s.__dict__.items()} for s in series], "style": STYLE}
    return Figure(f["id"], chain_id, f["caption"], f["alt"], f["source"], columns, rows,
                  axes["x"], y, series, data=data)


def _computed(rows: list[list], columns: dict[str, Column], at: tuple) -> list[list]:
    """Full rows in column order: the data columns as given, each computed column evaluated
    with the checker (exact units and CODATA constants) from the columns before it."""
    from checker.data.constants import CONSTANTS
    from checker.errors import ReadError
    from checker.maths.evaluate import to_quantity
    from checker.language.parser import Scope, parse

    if not any(c.compute for c in columns.values()):
        return rows
    # Exact evaluation is slow (~4 ms a cell): computed rows are cached like drawn figures.
    key = hashlib.sha256(json.dumps([[(n, c.units, c.compute) for n, c in columns.items()], rows,
                                     _code_hash()]).encode()).hexdigest()[:32]
    cached = Path(os.environ.get("BOOK_FIGURE_CACHE") or CACHE) / f"columns-{key}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    scope = Scope(constants=set(CONSTANTS), units=True)
    data = [n for n, c in columns.items() if not c.compute]
    out = [dict(zip(data, r)) for r in rows]
    for name, c in columns.items():
        if not c.compute:
            continue
        where = at + ("columns", name, "compute")
        used = re.findall(r"\{([^{}]+)\}", c.compute)
        for u in used:
            if u not in columns or u == name:
                raise FigureError(f"column `{name}`: `{{{u}}}` is not another column ({', '.join(columns)})", where)
        for row in out:
            if any(row.get(u) is None for u in used):
                row[name] = None
                continue
            text = re.sub(r"\{([^{}]+)\}", lambda m: f"({_num(row[m.group(1)])} {columns[m.group(1)].units})"
                          if columns[m.group(1)].units else f"({_num(row[m.group(1)])})", c.compute)
            try:
                q = to_quantity(parse(text, scope))
            except (ReadError, ValueError, TypeError, ZeroDivisionError) as e:
                raise FigureError(f"column `{name}`: cannot compute `{text}`: {e}", where) from None
            if tuple(q.dims) != c.dims:
                raise FigureError(f"column `{name}`: unit mismatch: `{c.compute}` gives {_dims_words(tuple(q.dims))}, "
                                  f"but the column's units {c.units or '(none)'} are {_dims_words(c.dims)}", where)
            row[name] = float(q.value) / c.factor
    full = [[row.get(n) for n in columns] for row in out]
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(full), encoding="utf-8")
    os.replace(tmp, cached)
    return full


@lru_cache(maxsize=None)
def _code_hash() -> str:
    """This file and the checker's units and constants: what computed columns depend on."""
    import checker
    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("data/units.py", "data/constants.py", "maths/evaluate.py", "language/parser.py"):
        h.update((Path(checker.__file__).parent / name).read_bytes())
    return h.hexdigest()


def _rows(f: dict, at: tuple, names: list[str], chain_path: Path, root: Path) -> list[list]:
    """The data rows (columns that are not computed), from the YAML or the CSV file."""
    if "rows" in f:
        for i, r in enumerate(f["rows"]):
            if len(r) != len(names):
                raise FigureError(f"row {i + 1} has {len(r)} value(s), but there are {len(names)} columns "
                                  f"({', '.join(names)})", at + ("rows", i))
        return [[None if v is None else float(v) for v in r] for r in f["rows"]]
    path = chain_path.parent / f["csv"]
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise FigureError(f"no CSV file {rel} beside the chain", at + ("csv",))
    lines = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    if not lines:
        raise FigureError(f"{rel} is empty", at + ("csv",))
    header = [h.strip() for h in lines[0]]
    if header != names:
        raise FigureError(f"the header row must name the columns in order: {', '.join(names)} "
                          f"(found {', '.join(header)})", where=(rel, 1, 1))
    rows = []
    for ln, cells in enumerate(lines[1:], 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            raise FigureError(f"{len(cells)} value(s) on this line, {len(names)} columns", where=(rel, ln, 1))
        row, col = [], 1
        for c in cells:
            t = c.strip()
            try:
                row.append(float(t) if t else None)
            except ValueError:
                raise FigureError(f"`{t}` is not a number", where=(rel, ln, col)) from None
            col += len(c) + 1
        rows.append(row)
    return rows


def reading(fig: Figure, reads: dict) -> tuple[float, float, Series]:
    """(value, standard error, series) of what a step reads from ``fig``, in axis units."""
    index = reads.get("series", 1) - 1
    if not 0 <= index < len(fig.series):
        raise FigureError(f"figure `{fig.id}` has {len(fig.series)} series", ("reads", "series"))
    s = fig.series[index]
    if not s.fit:
        raise FigureError(f"series {index + 1} of figure `{fig.id}` has no fitted line (`fit: linear`) "
                          "to read", ("reads", "series"))
    what = reads["quantity"]
    if what == "value" and "at" not in reads:
        raise FigureError("reading a value needs `at:` (the x where it is read)", ("reads",))
    value, se = fig.fit(index).read(what, reads.get("at"))
    return value, se, s


def reading_units(fig: Figure, what: str) -> str:
    """The units of a reading, as the checker reads them: y/x for a slope, y otherwise."""
    y, x = fig.y.units or "1", fig.x.units or "1"
    wrap = lambda u: f"({u})" if re.search(r"[\s/*]", u) else u
    if what != "slope" or x == "1":
        return y
    return f"{wrap(y)}/{wrap(x)}"


def computed_tolerance(value: float, se: float) -> str | None:
    """2 standard errors relative to ``value``, rounded up to 2 figures, as a percentage."""
    if se <= 0 or value == 0:
        return None
    pct = SIGMAS * se / abs(value) * 100
    digits = 1 - math.floor(math.log10(pct))
    return f"{math.ceil(pct * 10 ** digits) / 10 ** digits:g}%"


def apply_reading(step, figures: dict[str, Figure]) -> list[FigureError]:
    """Check a step's ``reads:`` and, unless its answer gives a ``tolerance:``, write the one
    computed from the fit into the answer spec (paths in the errors are within the step)."""
    r = step.reads
    fig = figures.get(r["figure"])
    if fig is None:
        return [FigureError(f"reads figure `{r['figure']}`, which this chain does not declare "
                            f"(it declares: {', '.join(figures) or 'none'})", ("reads", "figure"))]
    if step.answer.get("type") not in ("number", "quantity"):
        return [FigureError("a step that reads a figure has a `number` or `quantity` answer", ("answer", "type"))]
    try:
        value, se, _ = reading(fig, r)
    except FigureError as e:
        return [e]
    if "tolerance" not in step.answer:
        tol = computed_tolerance(value, se)
        if tol is None:
            return [FigureError("the points lie exactly on the line, so their scatter gives no tolerance: "
                                "give `tolerance:` in the answer", ("answer",))]
        step.answer["tolerance"] = tol
    return []


def reading_problems(chain) -> list[tuple[tuple, str]]:
    """(path, message) for each figure-reading step whose answer would reject the value
    the figure's own fitted line gives (wrong units, wrong expected value, too tight)."""
    import checker

    out = []
    for i, step in enumerate(chain.steps):
        r = step.reads
        if not r or r.get("figure") not in chain.figures:
            continue
        fig = chain.figures[r["figure"]]
        try:
            value, _, _ = reading(fig, r)
        except FigureError:
            continue  # reported when the chain was loaded
        spec = {k: v for k, v in chain.spec(step).items() if k != "mistakes"}
        units = reading_units(fig, r["quantity"])
        factor, dims = read_units(units)
        target = None
        if spec["type"] == "quantity":
            from checker.data.units import si_unit_string
            target = spec.get("units") or si_unit_string(dims)
        shown = value * factor / (read_units(target)[0] if target else 1.0)  # in the answer's units
        n = spec.get("sigfigs")
        typed = (f"{shown:.{n - 1}e}" if n else f"{shown:.12g}") + (f" {target}" if target else "")
        result = checker.grade(spec, typed)
        if result.status != "correct":
            out.append((("steps", i, "answer"),
                        f"step `{step.id}`: the {r['quantity']} of figure `{fig.id}`'s fitted line, "
                        f"{value:.6g}{' ' + pretty_units(units) if units != '1' else ''} (typed as `{typed}`), is graded {result.status} "
                        f"(tolerance {spec.get('tolerance', 'default')}): {result.feedback}"))
    return out


# ---------------------------------------------------------------- placing in Markdown

def placements(text: str) -> list[tuple[str, int]]:
    """(figure id, line index within ``text``) of every ``[[figure: ID]]`` line."""
    return [(m.group(1), text[:m.start()].count("\n")) for m in MARKER.finditer(text or "")]


def references(text: str) -> list[tuple[str, int]]:
    """(figure id, line index within ``text``) of every ``[[ref: ID]]``."""
    return [(m.group(1), text[:m.start()].count("\n")) for m in REF.finditer(text or "")]


def expand(text: str, figures: dict[str, Figure], for_print: bool = False) -> str:
    """Markdown with each ``[[figure: ID]]`` line replaced by the figure's HTML, and each
    ``[[ref: ID]]`` by a link to it, "Figure 2.3"."""
    if "[[" not in (text or ""):
        return text
    text = REF.sub(lambda m: f"[Figure {figures[m.group(1)].number}](#figure-{m.group(1)}){{.figure-ref}}", text)
    return MARKER.sub(lambda m: "\n\n" + figure_html(figures[m.group(1)], for_print) + "\n\n", text)


def csv_uri(fig: Figure) -> str:
    return f"figures/{fig.id}.csv"


def _inline(text: str) -> str:
    """Escaped text with ``$x$`` as ``\\(x\\)`` for KaTeX, in HTML where Markdown does not run."""
    return re.sub(r"\$([^$]+)\$", lambda m: r"\(" + m.group(1) + r"\)", html.escape(text, quote=False))


def description(fig: Figure) -> str:
    """The text alternative: the author's words, then what is plotted against what."""
    what = {"scatter": "points", "line": "a line", "sticks": "vertical lines (a stick spectrum)"}
    parts = []
    for s in fig.series:
        name = f"{s.label}: " if s.label else ""
        fitted = ", with a least-squares straight line through them" if s.fit else ""
        parts.append(f"{name}{len(s.points)} {what[s.kind] if s.kind != 'scatter' else 'points'}{fitted}")
    def axis(a: Axis) -> str:
        label = a.label[0].lower() + a.label[1:] if a.label[1:2].islower() else a.label  # mid-sentence
        return label + (f" in {pretty_units(a.units)}" if a.units else "") + (" (log scale)" if a.log else "")
    against = f"{axis(fig.y)} against {axis(fig.x)}" if fig.y else f"positions along {axis(fig.x)}"
    return f"{fig.alt.strip()} The plot shows {against}; " + "; ".join(parts) + "."


def figure_html(fig: Figure, for_print: bool = False) -> str:
    """``<figure>`` with the SVG (its text alternative as its accessible name), the numbered
    caption citing the source and, on the web, the data table and a CSV link in a <details>."""
    caption = (f'<figcaption><span class="figure-number">Figure {fig.number}.</span> {_inline(fig.caption.strip())} '
               f'<span class="figure-source">Source: {_inline(fig.source.strip())}</span></figcaption>')
    # The SVG goes in after Markdown (see inline_svgs): Markdown and the search index never
    # have to read tens of kilobytes of paths.
    out = [f'<figure class="book-figure" id="figure-{fig.id}">',
           f'<div class="figure-plot"><span class="figure-svg" data-figure="{fig.id}"></span></div>', caption]
    head = "".join(f'<th scope="col">{_inline(_heading(c))}</th>' for c in fig.columns.values())
    body = "".join("<tr>" + "".join(f"<td>{_cell(v, c)}</td>" for v, c in zip(r, fig.columns.values())) + "</tr>"
                   for r in fig.rows)
    if for_print and len(fig.rows) > PRINTED_ROWS:  # a long table (a computed curve) stays online
        out.append(f'<p class="figure-table-note">The {len(fig.rows)} rows of data for Figure {fig.number} '
                   'are in the web edition, as a table and a CSV file.</p>')
    elif for_print:  # on paper the data are printed small under the figure
        out.append(f'<table class="figure-table"><caption>Data of Figure {fig.number}</caption>'
                   f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
    else:
        out.append(f'<details class="figure-data"><summary>Data of Figure {fig.number} (table and CSV)</summary>'
                   # a wide table scrolls by itself (by keyboard too), never the page on a phone
                   f'<div class="figure-table-scroll" tabindex="0" role="region" aria-label="Data of Figure {fig.number}">'
                   f'<table class="figure-table"><caption>Data of Figure {fig.number}</caption><thead><tr>{head}</tr></thead>'
                   f'<tbody>{body}</tbody></table></div>'
                   f'<p><a href="../{csv_uri(fig)}" download="{fig.id}.csv">Download the data as CSV</a></p></details>')
    out.append("</figure>")
    return "".join(out)


_SVG_SLOT = re.compile(r'<span class="figure-svg" data-figure="([^"]+)"></span>')


def inline_svgs(page: str, figures: dict[str, Figure]) -> str:
    """The page's HTML with each figure's SVG in its slot, its text alternative as its name."""
    def svg(m):
        fig = figures[m.group(1)]
        alt = html.escape(re.sub(r"\$([^$]+)\$", r"\1", description(fig)), quote=True)
        return svg_for(fig).replace("<svg ", f'<svg role="img" aria-label="{alt}" ', 1)
    return _SVG_SLOT.sub(svg, page) if "figure-svg" in page else page


# ---------------------------------------------------------------- drawing (cached)

def svg_for(fig: Figure, cache: Path | None = None) -> str:
    """The figure's SVG, from the cache when its data, style and code are unchanged."""
    cache = cache or Path(os.environ.get("BOOK_FIGURE_CACHE") or CACHE)
    path = cache / f"{fig.key()}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = draw(fig)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # parallel builds never read half a file
    tmp.write_text(svg, encoding="utf-8")
    os.replace(tmp, path)
    return svg


def draw(fig: Figure) -> str:
    """Draw ``fig`` with Matplotlib and return the SVG, made ready to inline in a page."""
    import matplotlib
    matplotlib.use("svg")
    from matplotlib import pyplot as plt

    rc = {"svg.fonttype": "none", "svg.hashsalt": fig.id, "text.parse_math": False,
          "font.family": "sans-serif", "font.size": STYLE["font_size"],
          "axes.edgecolor": FOREGROUND, "axes.labelcolor": FOREGROUND, "text.color": FOREGROUND,
          "xtick.color": FOREGROUND, "ytick.color": FOREGROUND, "axes.facecolor": "none",
          "figure.facecolor": "none", "savefig.facecolor": "none", "legend.frameon": False,
          "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
          "grid.color": GRID, "grid.linewidth": 0.6, "lines.linewidth": STYLE["line_width"]}
    with matplotlib.rc_context(rc):
        size = STYLE["size"] if fig.y else [STYLE["size"][0], STYLE["size"][1] * 0.6]  # positions only: low
        f, ax = plt.subplots(figsize=size, layout="constrained")
        try:
            _plot(ax, fig)
            out = io.StringIO()
            f.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(f)
    return _tidy_svg(out.getvalue())


def _axis_label(a: Axis) -> str:
    return f"{a.label} ({pretty_units(a.units)})" if a.units else a.label


def _plot(ax, fig: Figure) -> None:
    labelled = len(fig.series) > 1 or any(s.fit for s in fig.series)
    for i, s in enumerate(fig.series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        xs, ys = [p[0] for p in s.points], [p[1] for p in s.points]
        label = s.label or (f"series {i + 1}" if labelled else None)
        dash = ["solid", "dashed", "dotted", "dashdot"][i % 4]  # series differ in more than colour
        if s.kind == "sticks":
            if s.y is None:  # positions only: each series a little lower, so both stay visible
                ys = [1 - 0.15 * i] * len(xs)
            ax.vlines(xs, 0, ys, colors=colour, linewidth=STYLE["line_width"], linestyles=dash, label=label)
        elif s.kind == "line":
            ax.plot(xs, ys, color=colour, linestyle=dash, label=label)
        else:
            ax.plot(xs, ys, linestyle="none", marker="os^Dv"[i % 5], markersize=STYLE["marker_size"],
                    color=colour, label=label)
        if s.fit:
            fit = Fit.of(s.points)
            pad = (max(xs) - min(xs)) * 0.05  # a little past the points, or to the axis' set ends
            lo = fig.x.min if fig.x.min is not None else min(xs) - pad
            hi = fig.x.max if fig.x.max is not None else max(xs) + pad
            ax.plot([lo, hi], [fit.intercept + fit.slope * lo, fit.intercept + fit.slope * hi],
                    color=colour, linewidth=1.0, linestyle="--", label="least-squares line")
    ax.set_xlabel(_axis_label(fig.x))
    if fig.x.log:
        ax.set_xscale("log")
    ax.set_xlim(left=fig.x.min, right=fig.x.max)
    if fig.y is None:  # a stick spectrum without intensities: only positions matter
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(0, 1.1)
        ax.grid(False, axis="y")
    else:
        ax.set_ylabel(_axis_label(fig.y))
        if fig.y.log:
            ax.set_yscale("log")
        bottom = 0 if fig.y.min is None and not fig.y.log and any(s.kind == "sticks" for s in fig.series) else fig.y.min
        ax.set_ylim(bottom=bottom, top=fig.y.max)  # sticks stand on zero
    from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter
    for axis, k, a in ((ax.xaxis, 0, fig.x), (ax.yaxis, 1, fig.y)):
        if a is None:
            continue
        if a.log:  # plain text, not mathtext: 10, 100, 1000, then 10⁴, 10⁵ ...
            axis.set_major_formatter(FuncFormatter(_log_tick))
            axis.set_minor_formatter(NullFormatter())
        elif all(float(p[k]).is_integer() for s in fig.series for p in s.points):
            axis.set_major_locator(MaxNLocator(integer=True))  # counts (Z, n) are whole numbers
    if labelled and fig.y is None:  # stick positions fill the plot: the legend goes above it
        ax.legend(fontsize=STYLE["font_size"] - 1, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                  ncol=min(len(fig.series), 3))
    elif labelled:
        ax.legend(fontsize=STYLE["font_size"] - 1)


def _log_tick(value: float, _pos=None) -> str:
    if value <= 0:
        return ""
    exp = round(math.log10(value))
    if abs(value / 10 ** exp - 1) > 1e-9:
        return f"{value:g}"
    return f"{value:g}" if -2 <= exp <= 3 else "10" + str(exp).translate(_SUPERSCRIPT)


def _tidy_svg(svg: str) -> str:
    """Inline-ready SVG: no XML prologue or metadata, scalable (viewBox only), sentinel
    colours replaced by currentColor and CSS variables, and the page's own font."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)  # page-wide CSS
    svg = re.sub(r'<g id="[^"]*"', "<g", svg)  # Matplotlib's group names repeat in every figure
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    for sentinel, css in _SENTINELS.items():
        svg = svg.replace(sentinel, css)
    svg = re.sub(r"font-family:\s*[^;\"]+", "font-family: inherit", svg)
    svg = re.sub(r"font:\s*([\d.]+px)\s*'[^']*'", r"font-size: \1; font-family: inherit", svg)
    # One line: Markdown leaves a raw HTML block alone only while it has no blank line.
    return re.sub(r"\s*\n\s*", " ", svg).strip()
