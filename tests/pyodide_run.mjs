// Run a Python file's `async def main()` in Pyodide under Node, the runtime xlwings Lite uses in Excel.
//
//   node pyodide_run.mjs PYODIDE_DIR HOST_DIR SCRIPT
//
// PYODIDE_DIR: an offline Pyodide distribution (pyodide.mjs, pyodide-lock.json and the wheels of
// the packages needed). HOST_DIR is mounted at /host (Node's file system, read and write); SCRIPT is
// run after micropip is loaded, then its main() is awaited. Exit code 1 when Python raises.
import path from "node:path";
import { readFileSync } from "node:fs";

const [pyodideDir, hostDir, script] = process.argv.slice(2);
const indexURL = path.resolve(pyodideDir) + "/";
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
const started = performance.now();
const py = await loadPyodide({ indexURL });
await py.loadPackage("micropip");
py.globals.set("PYODIDE_LOAD_SECONDS", (performance.now() - started) / 1000);
py.FS.mkdirTree("/host");
py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(hostDir) }, "/host");
try {
  py.runPython(readFileSync(script, "utf8"), { filename: path.basename(script) });
  await py.globals.get("main")();
} catch (err) {
  console.error(String(err));
  process.exit(1);
}
process.exit(0);
