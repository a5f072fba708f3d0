// Grades structure cases in Node exactly as the browser worker does: the project's checker in
// Pyodide, with the RDKit MinimalLib (web/assets/js/chem-rdkit.js) as its toolkit.
//
//   node tests/minimallib_verdicts.mjs CASES.json ARCHIVE...   (prints the results as JSON)
//
// CASES.json: [{spec, input}]; ARCHIVE: the archives the site ships (book.assets.python_archives).
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import initRDKitModule from "../node_modules/@rdkit/rdkit/dist/RDKit_minimal.js";
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { rdkitToolkit } from "../web/assets/js/chem-rdkit.js";

const [casesFile, ...archives] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, "utf-8"));
const [py, RDKit] = await Promise.all([
  loadPyodide({ indexURL: resolve("node_modules/pyodide") + "/" }),
  initRDKitModule(),
]);
py.FS.mkdirTree("/lib/checker");
const paths = archives.map((file) => {
  const path = `/lib/checker/${basename(file)}`;
  py.FS.writeFile(path, new Uint8Array(readFileSync(file)));
  return path;
});
py.globals.set("archives", py.toPy(paths));
py.runPython("import sys; sys.path[:0] = archives");
const version = py.pyimport("checker.chem.browser").install(rdkitToolkit(RDKit));
const checker = py.pyimport("checker");
const results = cases.map(({ spec, input }) => JSON.parse(checker.grade_json(JSON.stringify(spec), input)));
process.stdout.write(JSON.stringify({ version, results }));
