// Build-time Pyodide memory snapshot of a warmed-up checker (run by book/assets.py).
//
//   node book/snapshot.mjs OUT PYODIDE_DIR ARCHIVE...
//
// Starts Pyodide in Node, writes each archive (sympy and mpmath without their tests, the checker
// zip) to /lib/checker/<name> and puts it on sys.path (zipimport, so restoring needs only
// the same bytes at the same paths), imports the checker, grades one answer of every type
// (checker.warmup), makes any further import from the archives wait for them (the worker
// writes them after the start), and writes the WebAssembly memory, gzipped, to OUT. The browser worker
// restores it instead of starting Python and importing sympy, which takes 10-20 s.
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const [out, pyodideDir, ...archives] = process.argv.slice(2);
const py = await loadPyodide({ indexURL: resolve(pyodideDir) + "/", _makeSnapshot: true });
py.FS.mkdirTree("/lib/checker");
const paths = archives.map((file) => {
  const path = `/lib/checker/${basename(file)}`;
  py.FS.writeFile(path, new Uint8Array(readFileSync(file)));
  return path;
});
py.globals.set("archives", py.toPy(paths));
py.globals.set("pending_source", readFileSync(new URL("archives_pending.py", import.meta.url), "utf-8"));
py.runPython(`
import gc, sys
sys.path[:0] = archives
import checker, checker.warmup
bad = [s for s in checker.warmup.warm_up() if s not in ("correct", "incorrect")]
if bad:
    raise RuntimeError(f"checker warm-up failed: {bad}")

# Any further import from the archives waits for them (book/archives_pending.py).
import types, zipfile
pending = sys.modules["archives_pending"] = types.ModuleType("archives_pending")
exec(compile(pending_source, "archives_pending.py", "exec"), pending.__dict__)
pending.install(n.split("/")[0].removesuffix(".py") for a in archives for n in zipfile.ZipFile(a).namelist())
del archives, bad, pending, pending_source, types, zipfile
gc.collect()
`);
writeFileSync(out, gzipSync(py.makeMemorySnapshot(), { level: 6 }));
