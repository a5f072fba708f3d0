"""The site builds: every chapter and chain has its page, assets are shipped, no other host is used."""

import gzip
import json
import re
import zipfile
from pathlib import Path

from book.load import load_book
from book import render
from book.render import chapter_uri

ROOT = Path(__file__).resolve().parents[1]


def page(site_dir: Path, uri: str) -> str:
    return (site_dir / uri.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def test_every_chapter_and_chain_has_its_page(site_dir):
    book = load_book(ROOT)
    assert len(book.chapters) == len(list((ROOT / "chapters").glob("[0-9]*.md"))) >= 17
    assert book.chains, "the book has at least one chain"
    for ch in book.chapters:
        html = page(site_dir, chapter_uri(ch))
        assert ch.title in html
        for chain in ch.chains:
            assert f'data-chain="{chain.id}"' in html
            assert f'id="{chain.id}"' in html           # the chain's heading anchor
            for step in chain.steps:
                assert f'data-step="{step.id}"' in html
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    for ch in book.chapters:
        assert ch.title in index


def test_embedded_specs_are_valid_json_with_answers(site_dir):
    html = page(site_dir, "04-hydrogen-atom.md")
    tags = re.findall(r'<div[^>]*class="chain"[^>]*>', html)
    assert tags
    data = render.decode_specs(re.search(r'data-spec="([^"]*)"', tags[0]).group(1),
                               re.search(r'data-key="([0-9a-f]+)"', tags[0]).group(1))
    assert data["chain"] == "balmer-to-bohr"
    first = data["steps"][0]
    assert first["spec"]["type"] and first["answer"] and first["requires"] == []
    assert data["steps"][1]["requires"] == [first["id"]]


def test_no_markup_leaks_into_the_text(site_dir):
    for path in site_dir.glob("[0-9][0-9]-*/index.html"):
        html = path.read_text(encoding="utf-8")
        text = re.sub(r'data-spec="[^"]*"', "", html)
        assert "&lt;span" not in text and "&lt;div" not in text, path
        assert "{{" not in text, path


def test_math_is_left_for_the_renderer_not_lost(site_dir):
    html = page(site_dir, "04-hydrogen-atom.md")
    assert 'class="arithmatex"' in html
    assert "$$" not in re.sub(r'data-spec="[^"]*"', "", html)


def test_assets_are_shipped(site_dir):
    a = site_dir / "assets"
    for rel in ["katex/katex.min.js", "katex/katex.min.css", "katex/contrib/mhchem.min.js",
                "katex/contrib/auto-render.min.js", "pyodide/pyodide.mjs",
                "pyodide/python_stdlib.zip", "pyodide/pyodide-lock.json", "js/steps.js", "js/checker-client.js", "js/progress-store.js", "js/progress-page.js", "js/checker-worker.js",
                "css/book.css"]:
        assert (a / rel).is_file(), rel
    assert list((a / "katex/fonts").glob("*.woff2"))
    manifest = json.loads((a / "checker/manifest.json").read_text())
    names = " ".join(manifest["archives"])
    assert "sympy-" in names and "mpmath-" in names and "checker-" in names
    for name in manifest["archives"]:
        assert (a / "checker" / name).stat().st_size > 1000
    assert "sympy-" in names and not any("/tests/" in n for n in zipfile.ZipFile(a / "checker" / names.split()[0]).namelist())
    wasm = (a / "checker" / manifest["wasm"]).read_bytes()  # Pyodide's WebAssembly, gzipped
    assert gzip.decompress(wasm)[:4] == b"\0asm" and not (a / "pyodide/pyodide.asm.wasm").exists()
    snapshot = (a / "checker" / manifest["snapshot"]).read_bytes()
    assert snapshot[:2] == b"\x1f\x8b" and len(snapshot) > 1_000_000  # gzipped WebAssembly memory


_ATTR_URL = re.compile(r"""(?:src|href)\s*=\s*["'](https?:)?//([^/"']+)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?(https?:)?//([^/"')]+)""", re.I)
_LOAD_CALL = re.compile(r"""(?:import\s*\(|import\s+[^;]*?from\s*|fetch\(|importScripts\()\s*["'`](https?:)?//([^/"'`]+)""")
_CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs\.|googleapis\.com|gstatic\.com|fonts\.google")


def test_nothing_is_loaded_from_another_host(site_dir):
    """No page, stylesheet or script loads anything from a host other than the site's own."""
    offenders = []
    for path in site_dir.rglob("*"):
        if path.suffix not in {".html", ".css", ".js", ".mjs", ".json"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if _CDN.search(text):
            offenders.append(f"{path.relative_to(site_dir)}: mentions a CDN")
        if path.suffix == ".html":
            text = re.sub(r"<a\s[^>]*>", "", text)   # links a reader may follow are not loads
            hits = _ATTR_URL.findall(text)
        elif path.suffix == ".css":
            hits = _CSS_URL.findall(text)
        else:
            hits = _LOAD_CALL.findall(text)
        offenders += [f"{path.relative_to(site_dir)}: {host}" for _, host in hits
                      if not host.startswith(("localhost", "127.0.0.1"))]
    assert not offenders, offenders


def test_structures_are_drawn_and_rdkit_is_shipped_but_not_precached(site_dir):
    """Fenced smiles blocks become RDKit SVG drawings (in prompts, and in hints and worked
    solutions, which are sealed in the page); the MinimalLib and the editor are shipped, and the
    service worker keeps them when first used, never with the checker (SPEC §8, §10)."""
    from book.render import decode_specs
    html = page(site_dir, "07-molecular-shape.md")
    shown = html + "".join(decode_specs(p, k) for p, k in re.findall(r'data-sealed="([^"]+)" data-key="([0-9a-f]+)"', html))
    assert shown.count('<figure class="structure">') >= 10 and "<svg" in shown and "```smiles" not in shown
    a = site_dir / "assets"
    assert (a / "rdkit/RDKit_minimal.wasm").stat().st_size > 5_000_000
    assert (a / "rdkit/RDKit_minimal.mjs").read_text(encoding="utf-8").rstrip().endswith("export default initRDKitModule;")
    assert (a / "openchemlib/openchemlib.js").is_file()
    sw = (site_dir / "sw.js").read_text(encoding="utf-8")
    checker = json.loads(re.search(r"const CHECKER = (\[.*?\]);", sw).group(1))
    assert checker and not [f for f in checker if "assets/rdkit/" in f or "openchemlib" in f]
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", sw).group(1))
    assert [f for f in files if "assets/rdkit/" in f]  # kept once fetched, like any other asset


def test_imports_from_archives_not_yet_written_wait_for_them():
    """book/archives_pending.py, as the browser's Python has it before the archives arrive."""
    import importlib
    import sys

    import pytest

    from book import archives_pending as pending
    pending.install(["not_yet_written", "sympy-1.14.0.dist-info"])
    try:
        with pytest.raises(pending.ArchivesPending):
            importlib.import_module("not_yet_written.module")
        try:  # not an ImportError, nor an Exception: no fallback may take it for a missing module
            importlib.import_module("not_yet_written")
        except Exception:
            pytest.fail("ArchivesPending was taken for an Exception")
        except BaseException as e:
            assert type(e).__name__ == "ArchivesPending"
        assert importlib.import_module("json") is sys.modules["json"]  # other imports are untouched
    finally:
        pending.written()
    assert not any(isinstance(f, pending.Finder) for f in sys.meta_path)
    with pytest.raises(ModuleNotFoundError):  # written: the import is attempted, and fails as usual
        importlib.import_module("not_yet_written")
