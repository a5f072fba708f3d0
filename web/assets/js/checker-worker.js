// The checker in the browser: a module Web Worker running Pyodide with sympy, mpmath and
// the project's own checker/ package, all served by this site (nothing from another host).
// Messages in:  {id, op: "grade" | "preview" | "answer", spec, response}
// Messages out: {type: "status", state, detail}, {type: "started", id}, {type: "result", id, result}
//
// Fast start: the build ships a memory snapshot of Python with the checker imported and
// warmed up (book/snapshot.mjs). Restoring it skips starting Python and importing sympy.
// If it cannot be used (a different Pyodide, too little memory), Python starts from scratch.
import { loadPyodide } from "../pyodide/pyodide.mjs";
import createPyodideModule from "../pyodide/pyodide.asm.mjs";

const assets = new URL("../", import.meta.url);
const indexURL = new URL("pyodide/", assets).href;
const base = new URL("checker/", assets);
// Once ready, the worker never says "loading" again: a download still streaming after the
// start (the WebAssembly compiled alongside a slow start) would otherwise turn the page's
// checker back to loading, and its checks would wait for a "ready" that never comes.
let settled = false;
const status = (state, detail) => {
  if (settled && state === "loading") return;
  settled ||= state === "ready" || state === "failed";
  postMessage({ type: "status", state, detail });
};
// Milliseconds from the worker's creation to each phase; read by bench/browser.py.
self.timings = {};
const mark = (phase) => { self.timings[phase] = Math.round(performance.now()); };
mark("scripts loaded");

// Download progress, shown as "downloading the checker: 12.3 of 35.0 MB": bytes of the
// WebAssembly, the wheels and the snapshot as they arrive, against their sizes in the manifest.
const download = { loaded: 0, total: 0, shown: 0 };
const MB = (n) => (n / 1e6).toFixed(1);
function counted(response) {
  if (!response.ok || !response.body) return response;
  const body = response.body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      download.loaded += chunk.byteLength;
      const now = performance.now();
      if (download.total && now - download.shown > 150) {
        download.shown = now;
        status("loading", `downloading the checker: ${MB(Math.min(download.loaded, download.total))} of ${MB(download.total)} MB`);
      }
      out.enqueue(chunk);
    },
  }));
  return new Response(body, { status: response.status, headers: response.headers });
}

async function fetchResponse(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response;
}
const fetchBytes = async (url) => new Uint8Array(await (await fetchResponse(url)).arrayBuffer());
// Files whose names carry their content's hash are read from the offline copy (the service
// worker's cache) directly when it has them: through the service worker, 18 MB cost 0.3 s more.
async function hashedResponse(url) {
  const hit = self.caches ? await caches.match(url.href).catch(() => undefined) : undefined;
  return counted(hit || await fetchResponse(url));
}

// The snapshot is shipped gzipped (18 MB, not 65); the first visit keeps a decompressed copy
// in the origin private file system, which later visits read into memory directly (a sync
// access handle: 65 MB through Cache Storage took 0.35-0.6 s). It is outside the service
// worker's caches, which a new build deletes; the copy of an older build is deleted here, when
// a new snapshot is kept.
const KEPT = "checker-python-memory";  // the directory (once a cache of that name: deleted)
let keptUsed = false;
// The reader removed the offline copy (progress page): keep nothing; a message can say so later.
let keepNothing = new URL(import.meta.url).searchParams.get("offline") === "off";
let keeping = Promise.resolve();  // the snapshot being kept, if it is

async function keptDirectory(create) {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(KEPT, { create });
}
// The kept copy of the snapshot `name`, or null (none, or no file system here).
async function findKept(name) {
  if (keepNothing || !navigator.storage?.getDirectory) return null;
  try {
    return await (await keptDirectory(false)).getFileHandle(name);
  } catch {
    return null;
  }
}
async function forgetKept() {
  if (self.caches) await caches.delete(KEPT).catch(() => {});
  if (navigator.storage?.getDirectory) {
    await navigator.storage.getDirectory().then((root) => root.removeEntry(KEPT, { recursive: true })).catch(() => {});
  }
}
// A kept copy another tab is writing or reading cannot be opened: it is not damaged.
class KeptBusy extends Error {}

// The kept copy leaves out the snapshot's pages of zeros (20 of its 65 MB), which a new memory
// already is: a bitmap of the pages kept, then those pages. A WebAssembly memory is a whole
// number of 64 KiB pages, so it is a whole number of these.
const PAGE = 4096;
function sparse(memory) {
  const pages = memory.length / PAGE;
  const map = new Uint8Array(Math.ceil(pages / 8));
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length / 4);
  const kept = [];
  for (let p = 0; p < pages; p++) {
    for (let w = (p * PAGE) / 4; w < ((p + 1) * PAGE) / 4; w++) {
      if (!words[w]) continue;
      map[p >> 3] |= 1 << (p & 7);
      kept.push(memory.subarray(p * PAGE, (p + 1) * PAGE));
      break;
    }
  }
  const out = new Uint8Array(map.length + kept.length * PAGE);
  out.set(map);
  kept.forEach((page, i) => out.set(page, map.length + i * PAGE));
  return out;
}
function unsparse(bytes, memory) {
  const pages = memory.length / PAGE;
  let at = Math.ceil(pages / 8);
  for (let p = 0; p < pages && at <= bytes.length; p++) {
    if (!(bytes[p >> 3] & (1 << (p & 7)))) continue;
    memory.set(bytes.subarray(at, at + PAGE), p * PAGE);
    at += PAGE;
  }
  if (at !== bytes.length) throw new Error("the kept snapshot is damaged");
}
async function readKept(file, memory) {
  let handle;
  try {
    handle = await file.createSyncAccessHandle({ mode: "read-only" });
  } catch (err) {
    throw new KeptBusy(`the kept snapshot is in use (${err.name})`);
  }
  try {
    const bytes = new Uint8Array(handle.getSize());
    handle.read(bytes, { at: 0 });
    unsparse(bytes, memory);
  } finally {
    handle.close();
  }
}
async function keep(name, memory) {
  if (keepNothing || !navigator.storage?.getDirectory) return;
  const bytes = sparse(memory);
  if (self.caches) await caches.delete(KEPT).catch(() => {});  // where an older version kept it
  const dir = await keptDirectory(true);
  for await (const old of dir.keys()) if (old !== name) await dir.removeEntry(old).catch(() => {});
  const handle = await (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
  try {
    handle.truncate(0);
    handle.write(bytes, { at: 0 });
    handle.flush();
  } finally {
    handle.close();
  }
  mark("snapshot kept");  // a removal meanwhile ("keep-nothing") waits for this, then deletes it
}

// Pyodide logs a failed instantiation and never settles. Once the snapshot is read (however
// slow the network), restoring it gets this long (a slow phone needs a few seconds) before
// another way is tried.
function stalled(snapshot, ms = 60_000) {
  return snapshot.then(() => new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`Python did not start within ${ms / 1000} s of reading its snapshot`)), ms)));
}
// Reads a stream of exactly `memory.length` bytes into `memory`, as they arrive.
async function readInto(memory, body) {
  const reader = body.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > memory.length) throw new Error("the snapshot is larger than the manifest says");
    memory.set(value, at);
    at += value.length;
  }
  if (at !== memory.length) throw new Error(`the snapshot has ${at} bytes, not ${memory.length}`);
}
// Reads the snapshot into `memory`: the decompressed copy a visit before kept (`kept`, which
// start() has looked up), or the shipped one, decompressed as it downloads, and then kept.
async function snapshotInto(memory, url, name, kept) {
  if (kept) {
    keptUsed = true;
    mark("snapshot read");
    await readKept(kept, memory);
    return;
  }
  await readInto(memory, (await hashedResponse(url)).body.pipeThrough(new DecompressionStream("gzip")));
  mark("snapshot downloaded");
  status("loading", "starting Python");
  keeping = new Promise((done) => setTimeout(done, 0))  // after the start, which it must not delay
    .then(() => keep(name, memory))
    .catch((err) => console.warn("checker: could not keep the decompressed snapshot:", err));
}

// The archives (sympy's, mpmath's and the checker's files) go where the snapshot expects them:
// /lib/checker/<name>, first on sys.path. Restored from the snapshot, Python has imported all
// that the book's checks use, so the checker is ready without them: they are downloaded after
// the snapshot, and until they are written an import from them raises ArchivesPending
// (book/archives_pending.py), which `withArchives` answers by waiting for them and running again.
let archivesWritten = null;
function writeArchives(py, manifest, fromSnapshot) {
  archivesWritten ??= Promise.all(manifest.archives.map(async (name) =>
    new Uint8Array(await (await hashedResponse(new URL(name, base))).arrayBuffer()))).then((archives) => {
    py.FS.mkdirTree("/lib/checker");
    manifest.archives.forEach((name, i) => py.FS.writeFile(`/lib/checker/${name}`, archives[i]));
    if (fromSnapshot) py.pyimport("archives_pending").written();
    mark("archives written");
  });
  archivesWritten.catch(() => { archivesWritten = null; });  // offline or cut off: tried again next time
  return archivesWritten;
}
// `run`, and once more when it needed an archive not yet written (a check is a pure function).
let restored = null;  // {py, manifest} once Python is restored from the snapshot
self.withArchives = async (run) => {
  try {
    return await run();
  } catch (err) {
    if (err?.type !== "ArchivesPending" || !restored) throw err;
    await writeArchives(restored.py, restored.manifest, true);
    return run();
  }
};

// Pyodide's WebAssembly is shipped gzipped (3.5 MB, not 9.6; manifest.wasm) and compiled here,
// streaming as it is decompressed, while the snapshot downloads; Pyodide itself would compile
// it only once the snapshot is read. Pyodide instantiates with WebAssembly.instantiateStreaming,
// which is pointed at this module while the module is created.
let compiled = null;  // set by start(), once the manifest names the file
function compileWasm(url) {
  compiled = hashedResponse(url).then((gz) => WebAssembly.compileStreaming(new Response(
    gz.body.pipeThrough(new DecompressionStream("gzip")), { headers: { "Content-Type": "application/wasm" } })));
  compiled.then(() => mark("webassembly compiled"), () => {});  // a failure is reported where it is awaited
}
// Pyodide fetches pyodide.asm.wasm for that instantiation: the site has no such file, and the
// module compiled above is used instead, so Pyodide gets an empty stand-in.
const wasmURL = new URL("pyodide.asm.wasm", indexURL).href;
const realFetch = self.fetch.bind(self);
self.fetch = (input, init) => (String(input) === wasmURL
  ? Promise.resolve(new Response(new ArrayBuffer(0), { headers: { "Content-Type": "application/wasm" } }))
  : realFetch(input, init));
async function instantiate(create, settings) {
  const module = await compiled;
  const original = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (_response, imports) =>
    ({ module, instance: await WebAssembly.instantiate(module, imports) });
  try {
    return await create(settings);
  } finally {
    WebAssembly.instantiateStreaming = original;
  }
}

async function fromSnapshot(manifest, kept) {
  // Pyodide needs only the snapshot's size to create its WebAssembly memory: it gets the buffer
  // at once, and the module is created while the snapshot is read into it. Pyodide copies it
  // into the memory once the module is created, so the module waits for the last byte.
  const memory = new Uint8Array(manifest.memory);
  const snapshot = snapshotInto(memory, new URL(manifest.snapshot, base), manifest.snapshot, kept)
    .then(() => mark("snapshot ready"));
  const py = await Promise.race([stalled(snapshot), loadPyodide({
    indexURL, packageBaseUrl: indexURL, _loadSnapshot: memory,
    createPyodideModule: async (settings) => {
      const module = await instantiate(createPyodideModule, settings);
      mark("webassembly ready");
      module.growMemory(memory.length);  // a fresh module's memory is smaller than the snapshot
      await snapshot;
      return module;
    },
  })]);
  mark("python restored");
  self.python = py;  // for tests and the console
  restored = { py, manifest };
  writeArchives(py, manifest, true).catch((err) => console.warn("checker: archives not loaded yet:", err));
  return py.pyimport("checker");
}

async function fromScratch(manifest) {
  const py = await loadPyodide({ indexURL, packageBaseUrl: indexURL,
    createPyodideModule: (settings) => instantiate(createPyodideModule, settings) });
  self.python = py;
  restored = null;
  archivesWritten = null;  // (written, if at all, into a Python that failed)
  download.total += manifest.archives.reduce((n, a) => n + (manifest.sizes?.[`checker/${a}`] || 0), 0);
  await writeArchives(py, manifest, false);
  status("loading", "loading sympy");
  py.globals.set("archives", py.toPy(manifest.archives.map((name) => `/lib/checker/${name}`)));
  py.runPython("import sys; sys.path[:0] = archives; del archives");
  status("loading", "warming up the checker");
  py.pyimport("checker.warmup").warm_up();
  return py.pyimport("checker");
}

async function start() {
  status("loading", "downloading the checker");
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(new URL("manifest.json", base))));
  mark("manifest fetched");
  compileWasm(new URL(manifest.wasm, base));
  const sizes = manifest.sizes || {};
  const kept = await findKept(manifest.snapshot);
  download.total += (sizes[`checker/${manifest.wasm}`] || 0) + (kept ? 0 : sizes[`checker/${manifest.snapshot}`] || 0);
  let checker, how = "from the snapshot";
  try {
    checker = await fromSnapshot(manifest, kept);
  } catch (err) {
    console.warn("checker: snapshot not usable:", err);
    if (!(err instanceof KeptBusy)) await forgetKept();  // a damaged copy is never used again
  }
  if (!checker && keptUsed) {  // the kept copy was damaged: the shipped snapshot may still do
    try {
      checker = await fromSnapshot(manifest, null);
    } catch (err) {
      console.warn("checker: shipped snapshot not usable either:", err);
    }
  }
  if (!checker) {
    status("loading", "starting Python (slow start)");
    checker = await fromScratch(manifest);
    how = "from scratch";
  }
  mark("ready");
  status("ready", `ready in ${(performance.now() / 1000).toFixed(1)} s (${how})`);
  return checker;
}

const ready = start().catch((err) => {
  status("failed", String(err && err.message ? err.message : err));
  throw err;
});

// ---- structures: the RDKit MinimalLib, loaded on the first structure request ----------------
// Only pages with structure steps ask for it, and only once the checker is ready, so other
// pages never fetch its 7 MB and their checker starts as fast as before.
let chemistry = null;
function loadChemistry(checker) {
  chemistry ??= (async () => {
    mark("rdkit requested");
    const dir = new URL("rdkit/", assets);
    const [{ default: initRDKitModule }, { rdkitToolkit }] = await Promise.all([
      import(new URL("RDKit_minimal.mjs", dir).href), import("./chem-rdkit.js")]);
    const toolkit = rdkitToolkit(await initRDKitModule({ locateFile: (name) => new URL(name, dir).href }));
    await self.withArchives(() => checker.chem.browser.install(toolkit));
    mark("rdkit ready");
    return toolkit;
  })();
  chemistry.catch(() => { chemistry = null; });  // a failed download is tried again next time
  return chemistry;
}
async function structureOp(checker, op, spec, response) {
  if (op === "chem") return { ready: true, version: (await loadChemistry(checker)).version };
  const toolkit = await loadChemistry(checker);
  if (op === "molfile") return { smiles: toolkit.smilesFromMolfile(response) };  // from the editor
  const specJSON = JSON.stringify(spec);
  if (op !== "preview") return null;
  const result = JSON.parse(checker.preview_json(specJSON, response));
  // the live preview also draws what was read (RDKit's SVG)
  const { smiles } = JSON.parse(checker.types.structure.smiles_json(response));
  result.svg = smiles.map((s) => toolkit.svg(s)).filter(Boolean);
  return result;
}

self.onmessage = async (event) => {
  const { id, op, spec, response } = event.data;
  if (op === "keep-nothing") {
    keepNothing = true;
    await keeping;
    await forgetKept();
    postMessage({ type: "result", id, result: { status: "ok" } });
    return;
  }
  let checker;
  try {
    checker = await ready;
  } catch (err) {
    postMessage({ type: "result", id, result: { status: "error", feedback: "The checker could not start." } });
    return;
  }
  if (op === "chem" || op === "molfile" || spec?.type === "structure") {
    try {
      const out = await self.withArchives(() => structureOp(checker, op, spec, response));
      if (out) {
        postMessage({ type: "result", id, result: out });
        return;
      }
    } catch (err) {
      postMessage({ type: "result", id, result: { status: "error",
        feedback: `Structures cannot be checked: the chemistry toolkit did not load (${err.message}).` } });
      return;
    }
  }
  postMessage({ type: "started", id });  // the client times a check from here, not from its queueing
  let result;
  try {
    const specJSON = JSON.stringify(spec);
    const out = await self.withArchives(() => (op === "preview" ? checker.preview_json(specJSON, response)
      : op === "answer" ? checker.answer_json(specJSON)
      : checker.grade_json(specJSON, response)));
    result = JSON.parse(out);
  } catch (err) {
    result = { status: "error", feedback: `The checker failed: ${err.message}` };
  }
  postMessage({ type: "result", id, result });
};
