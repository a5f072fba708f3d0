"""Files the built site ships besides its pages: Pyodide, KaTeX (+ mhchem), sympy and mpmath
(their wheels without their own test suites), the project's own checker package as a zip, and
a Pyodide memory snapshot with all three imported and warmed up.

The largest downloads are gzipped here and decompressed by the browser's own
DecompressionStream, which works on any static host: Pyodide's WebAssembly (9.6 MB, 3.5 gzipped)
and the snapshot.

Nothing is loaded from another host: Pyodide and KaTeX come from npm (node_modules/), the
wheels are fetched by pip once into .cache/wheels/, the checker is zipped from checker/, and
the snapshot is made by Node (book/snapshot.mjs) once per change of any of them, kept in
.cache/snapshots/.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
# Shipped gzipped under a name with its hash (assets/checker/pyodide-<hash>.wasm.gzip), not as is.
GZIPPED = {"pyodide.asm.wasm"}
KATEX_FILES = ["katex.min.js", "katex.min.css", "contrib/mhchem.min.js", "contrib/auto-render.min.js"]
# Pure-Python wheels the browser checker needs, pinned to the versions installed natively
# so that the browser grades exactly as the tests do.
WHEELS = ["sympy", "mpmath"]
# pyodide.mjs names a CDN as its fallback package source; the worker always passes its own
# packageBaseUrl, and the literal is removed so the site never mentions another host.
PYODIDE_CDN = "https://cdn.jsdelivr.net/pyodide/v${"


class AssetError(RuntimeError):
    """A vendored asset is missing; the message says which set-up step provides it."""


def node_file(package: str, rel: str) -> Path:
    path = ROOT / "node_modules" / package / rel
    if not path.is_file():
        raise AssetError(f"{path} is missing: run `npm ci` (build.py does this on first use)")
    return path


def pyodide_files() -> dict[str, bytes | Path]:
    """Site path → file (or patched bytes) for Pyodide."""
    out: dict[str, bytes | Path] = {}
    for name in PYODIDE_FILES:
        path = node_file("pyodide", name)
        if name in GZIPPED:
            continue
        if name == "pyodide.mjs":
            text = path.read_text(encoding="utf-8")
            if PYODIDE_CDN not in text:
                raise AssetError("pyodide.mjs no longer contains its CDN fallback literal; update book/assets.py")
            out[f"assets/pyodide/{name}"] = text.replace(PYODIDE_CDN, "./v${").encode()
        else:
            out[f"assets/pyodide/{name}"] = path
    return out


def katex_files() -> dict[str, Path]:
    """Site path → file for KaTeX, its mhchem extension, auto-render and fonts."""
    dist = node_file("katex", "dist/katex.min.js").parent
    out = {f"assets/katex/{rel}": node_file("katex", f"dist/{rel}") for rel in KATEX_FILES}
    for font in sorted((dist / "fonts").iterdir()):
        out[f"assets/katex/fonts/{font.name}"] = font
    return out


RDKIT_FILES = ["RDKit_minimal.js", "RDKit_minimal.wasm"]


def rdkit_files() -> dict[str, bytes | Path]:
    """Site path → file for the RDKit MinimalLib, which grades structure answers in the
    browser. Its script is a classic one (a global ``initRDKitModule``); the module worker
    imports it, so it is shipped as a module exporting that function. Loaded only by pages
    with structure steps, and kept out of the offline precache (7 MB; see book/offline.py)."""
    script = node_file("@rdkit/rdkit", "dist/RDKit_minimal.js").read_text(encoding="utf-8")
    if not script.startswith("var initRDKitModule="):
        raise AssetError("RDKit_minimal.js no longer starts with `var initRDKitModule=`; update book/assets.py")
    return {"assets/rdkit/RDKit_minimal.mjs": (script + "\nexport default initRDKitModule;\n").encode(),
            "assets/rdkit/RDKit_minimal.wasm": node_file("@rdkit/rdkit", "dist/RDKit_minimal.wasm")}


def editor_files() -> dict[str, Path]:
    """The structure drawing editor (OpenChemLib's CanvasEditor, an ES module), loaded by
    web/assets/js/structures.js when a learner first presses Draw; not precached."""
    return {"assets/openchemlib/openchemlib.js": node_file("openchemlib", "dist/openchemlib.js")}


def wheel_files(cache: Path = ROOT / ".cache" / "wheels") -> dict[str, Path]:
    """Site path → wheel for each of WHEELS, downloading with pip on first use."""
    out = {}
    for name in WHEELS:
        version = metadata.version(name)
        pattern = f"{name}-{version}-py3-none-any.whl"
        found = list(cache.glob(pattern))
        if not found:
            cache.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            "--only-binary=:all:", "--dest", str(cache), f"{name}=={version}"], check=True)
            found = list(cache.glob(pattern))
        if not found:
            raise AssetError(f"pip did not produce {pattern}")
        out[f"assets/checker/{found[0].name}"] = found[0]
    return out


def without_tests(wheel: Path) -> bytes:
    """The wheel's files as a reproducible zip, without the package's own test suite and
    benchmarks (``*/tests/*``, ``*/benchmarks/*``): a third of sympy's wheel, never imported
    by the checker. Everything else is the release as pip installs it natively."""
    buf = io.BytesIO()
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(buf, "w") as out:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            parts = info.filename.split("/")
            if "tests" in parts[:-1] or "benchmarks" in parts[:-1] or info.is_dir():
                continue
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()


def python_archives() -> dict[str, bytes]:
    """Name → zip bytes, in sys.path order, of what the browser's Python imports: sympy and
    mpmath (``without_tests``) and the checker package."""
    archives = {}
    for path in wheel_files().values():
        name, version = path.name.split("-")[:2]
        archives[f"{name}-{version}.zip"] = without_tests(path)
    zipped = checker_zip()
    archives[f"checker-{hashlib.sha256(zipped).hexdigest()[:12]}.zip"] = zipped
    return archives


def gzipped(path: Path, cache: Path = ROOT / ".cache" / "gzip") -> bytes:
    """``path`` gzipped at level 9 (reproducibly: no name, no time), kept in ``cache``."""
    data = path.read_bytes()
    cached = cache / f"{hashlib.sha256(data).hexdigest()[:24]}.gz"
    try:
        return cached.read_bytes()
    except FileNotFoundError:
        pass
    out = gzip.compress(data, compresslevel=9, mtime=0)
    write_whole(cached, out)
    return out


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` under a name of its own, then rename it to ``path``: a parallel build
    (the tests run two) never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(data)
    Path(part.name).replace(path)


def checker_zip() -> bytes:
    """The checker package as a reproducible zip (fixed timestamps, sorted entries)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((ROOT / "checker").rglob("*.py")):
            info = zipfile.ZipInfo(str(path.relative_to(ROOT)), date_time=(2020, 1, 1, 0, 0, 0))
            z.writestr(info, path.read_bytes())
    return buf.getvalue()


def python_snapshot(archives: dict[str, bytes], cache: Path = ROOT / ".cache" / "snapshots") -> tuple[str, bytes]:
    """A gzipped Pyodide memory snapshot with ``archives`` (name → zip bytes, in sys.path
    order) importable from /lib/checker/<name> and the checker imported and warmed up, with
    its key: the hash of everything that goes into it, which names it in the cache and the site.

    Made by ``node book/snapshot.mjs`` (about 10-40 s) when not cached. Raises AssetError if
    Node is missing or the snapshot cannot be made.
    """
    digest = hashlib.sha256()
    script = ROOT / "book" / "snapshot.mjs"
    pending = ROOT / "book" / "archives_pending.py"  # read by the script
    for part in [script.read_bytes(), pending.read_bytes()] + [node_file("pyodide", n).read_bytes() for n in PYODIDE_FILES]:
        digest.update(hashlib.sha256(part).digest())
    for name, data in archives.items():
        digest.update(name.encode() + hashlib.sha256(data).digest())
    key = digest.hexdigest()[:24]
    cached = cache / f"{key}.snapshot"
    try:
        return key, cached.read_bytes()
    except FileNotFoundError:
        pass
    node = shutil.which("node")
    if node is None:
        raise AssetError("node is missing: install Node.js (it also provides npm, which build.py needs)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in archives.items():
            (Path(tmp) / name).write_bytes(data)
            paths.append(str(Path(tmp) / name))
        out = Path(tmp) / "out.snapshot"
        run = subprocess.run([node, str(script), str(out), str(ROOT / "node_modules" / "pyodide"), *paths],
                             capture_output=True, text=True)
        if run.returncode != 0 or not out.is_file():
            # Node echoes the minified line that threw: keep only the readable lines.
            lines = [line for line in (run.stderr + run.stdout).splitlines() if len(line) < 1000]
            tail = "\n".join(lines[-12:])
            raise AssetError(f"book/snapshot.mjs failed (exit {run.returncode}):\n{tail}")
        data = out.read_bytes()
        for stale in cache.glob("*.snapshot"):  # one snapshot is enough: the others are stale
            if stale != cached:
                stale.unlink(missing_ok=True)
        write_whole(cached, data)
    return key, data


def site_assets() -> dict[str, bytes | Path]:
    """Every vendored file of the site, plus ``assets/checker/manifest.json`` for the worker:
    ``{"archives": [names in sys.path order], "snapshot": name, "memory": its bytes decompressed,
    "wasm": name of the gzipped WebAssembly, "sizes": {path under assets/: bytes}}``."""
    files: dict[str, bytes | Path] = {}
    files.update(pyodide_files())
    files.update(katex_files())
    files.update(rdkit_files())
    files.update(editor_files())
    archives = python_archives()
    key, snapshot = python_snapshot(archives)
    snapshot_name = f"python-{key[:12]}.snapshot"
    wasm = gzipped(node_file("pyodide", "pyodide.asm.wasm"))
    wasm_name = f"pyodide-{hashlib.sha256(wasm).hexdigest()[:12]}.wasm.gzip"
    for name, data in archives.items():
        files[f"assets/checker/{name}"] = data
    files[f"assets/checker/{snapshot_name}"] = snapshot
    files[f"assets/checker/{wasm_name}"] = wasm
    # Sizes, so that the worker can show real progress ("12.3 of 35.0 MB") as it downloads.
    sizes = {f"checker/{name}": len(data) for name, data in archives.items()}
    sizes[f"checker/{snapshot_name}"] = len(snapshot)
    sizes[f"checker/{wasm_name}"] = len(wasm)
    # The snapshot's size once decompressed (gzip's last four bytes): the worker creates
    # Pyodide's memory from it while the snapshot is still arriving.
    memory = int.from_bytes(snapshot[-4:], "little")
    manifest = {"archives": list(archives), "snapshot": snapshot_name, "memory": memory, "wasm": wasm_name,
                "sizes": sizes}
    files["assets/checker/manifest.json"] = json.dumps(manifest, indent=1).encode()
    return files
