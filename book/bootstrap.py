"""Set-up that `build.py` does before any command: a virtual environment with the pinned
Python packages (requirements.txt) and the npm packages (package-lock.json).

Standard library only: this runs on a bare Python 3.11+. Each install step runs again only
when its input file changes (a hash is kept in .venv/.stamp-*), so later runs start at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"


def _fresh(stamp: Path, source: Path) -> bool:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    return stamp.is_file() and stamp.read_text() == digest


def _stamp(stamp: Path, source: Path) -> None:
    stamp.write_text(hashlib.sha256(source.read_bytes()).hexdigest())


def _run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def ensure_environment() -> None:
    """Create/refresh .venv and node_modules, then re-run this command inside .venv."""
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed.")
    if not VENV_PYTHON.exists():
        _run([sys.executable, "-m", "venv", str(VENV)])
    req, stamp = ROOT / "requirements.txt", VENV / ".stamp-requirements"
    if not _fresh(stamp, req):
        _run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(req)])
        _stamp(stamp, req)
    lock, nstamp = ROOT / "package-lock.json", VENV / ".stamp-npm"
    if not _fresh(nstamp, lock) or not (ROOT / "node_modules").is_dir():
        npm = shutil.which("npm")
        if not npm:
            sys.exit("npm (Node.js 20 or newer) is needed to fetch Pyodide and KaTeX.")
        _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"])
        _stamp(nstamp, lock)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])


def chromium_path(install: bool = False) -> str:
    """Path of the system Chromium the browser tests and the PDF use ($CHROMIUM, else
    /usr/bin/chromium). With ``install``, missing system tools (chromium, and poppler-utils for
    the PDF tests) are installed with apt-get when running as root.
    Raises SystemExit with the command to run when Chromium is missing.
    """
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    wanted = ([] if Path(path).exists() else ["chromium"]) + ([] if shutil.which("pdftotext") else ["poppler-utils"])
    if wanted and install and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        _run(["apt-get", "update", "-qq"])
        _run(["apt-get", "install", "-y", "-qq", *wanted])
    if Path(path).exists():
        return path
    sys.exit(f"Chromium not found at {path}. Install it (sudo apt-get install chromium poppler-utils) "
             "or set CHROMIUM to its path.")
