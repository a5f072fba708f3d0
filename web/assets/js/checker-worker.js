// The checker in the browser: a module Web Worker running Pyodide with sympy, mpmath and
// the project's own checker/ package, all served by this site (nothing from another host).
// Messages in:  {id, op: "grade" | "preview" | "answer", spec, response}
// Messages out: {type: "status", state, detail}, {type: "started", id}, {type: "result", id, result}
import { loadPyodide } from "../pyodide/pyodide.mjs";

const assets = new URL("../", import.meta.url);
const status = (state, detail) => postMessage({ type: "status", state, detail });

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function start() {
  const t0 = performance.now();
  status("loading", "starting Python");
  const indexURL = new URL("pyodide/", assets).href;
  const py = await loadPyodide({ indexURL, packageBaseUrl: indexURL });
  status("loading", "loading sympy");
  const base = new URL("checker/", assets);
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(new URL("manifest.json", base))));
  const site = py.runPython("import site; site.getsitepackages()[0]");
  const archives = await Promise.all(
    [...manifest.wheels, manifest.checker].map((name) => fetchBytes(new URL(name, base))));
  manifest.wheels.forEach((_, i) => py.unpackArchive(archives[i], "wheel", { extractDir: site }));
  py.unpackArchive(archives[archives.length - 1], "zip", { extractDir: site });
  status("loading", "warming up the checker");
  const checker = py.pyimport("checker");
  // One grading warms sympy's caches so the learner's first check is fast.
  checker.grade_json(JSON.stringify({ type: "expression", expected: "x^2", symbols: ["x"] }), "x*x");
  status("ready", `ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return checker;
}

const ready = start().catch((err) => {
  status("failed", String(err && err.message ? err.message : err));
  throw err;
});

self.onmessage = async (event) => {
  const { id, op, spec, response } = event.data;
  let checker;
  try {
    checker = await ready;
  } catch (err) {
    postMessage({ type: "result", id, result: { status: "error", feedback: "The checker could not start." } });
    return;
  }
  postMessage({ type: "started", id });  // the client times a check from here, not from its queueing
  let result;
  try {
    const specJSON = JSON.stringify(spec);
    const out = op === "preview" ? checker.preview_json(specJSON, response)
      : op === "answer" ? checker.answer_json(specJSON)
      : checker.grade_json(specJSON, response);
    result = JSON.parse(out);
  } catch (err) {
    result = { status: "error", feedback: `The checker failed: ${err.message}` };
  }
  postMessage({ type: "result", id, result });
};
