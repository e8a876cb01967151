// A compile cache for the bundles, on every Node.js version. Each bundle is
// compiled with the code V8 made for it on an earlier run, kept in the user's
// cache folder per Node.js version; a bundle without one, or whose code V8
// refuses (the bundle changed), is compiled as usual, and its code is written
// there when the run ends: by then it holds every function the run used, not
// only the top level. Node's own compile cache (module.enableCompileCache,
// from 22.8) keeps only what is compiled before a module runs, so the
// functions a run calls are compiled again every time: npm run bench on
// Node 24 measured a skeleton at 34.4 ms with it and 30.0 ms with this, and a
// call at 79.8 ms and 65.1 ms (node -e 0: 26 ms).
//
// A bundle of its own (dist/startup.js): bin/ loads it, without a cache, before
// any other, and it loads the others.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

type Exports = Record<string, unknown>;

/** A short name for a cache file, from the bundle's path (FNV-1a). */
function nameFor(file: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < file.length; i += 1) hash = Math.imul(hash ^ file.charCodeAt(i), 0x01000193);
  return `${basename(file, ".js")}-${(hash >>> 0).toString(16)}.cache`;
}

function readOrNothing(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Requires the bundle `file` (and, through it, the bundles beside it) with the
 * code cache kept under `cacheDir`.
 */
export function requireWithCache(file: string, cacheDir: string): Exports {
  const folder = join(cacheDir, `${process.version}-${process.arch}`);
  const loaded = new Map<string, { exports: Exports }>();
  const toWrite: Array<[string, Script]> = [];

  const load = (path: string): Exports => {
    const known = loaded.get(path);
    if (known) return known.exports;
    const cacheFile = join(folder, nameFor(path));
    const cachedData = readOrNothing(cacheFile);
    const source = readFileSync(path, "utf8");
    // Wrapped as Node wraps a CommonJS module.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
      filename: path,
      cachedData,
    });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push([cacheFile, script]);
    const module = { exports: {} as Exports };
    loaded.set(path, module);
    const beside = (id: string): unknown => (/^\.\/[\w-]+\.js$/.test(id) ? load(join(dirname(path), id)) : require(id));
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, beside, module, path, dirname(path));
    return module.exports;
  };

  // The code V8 made, once the run has used it; a folder that cannot be written only means no cache.
  process.once("exit", () => {
    if (toWrite.length === 0) return;
    try {
      mkdirSync(folder, { recursive: true });
      for (const [cacheFile, script] of toWrite) writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // No cache this time.
    }
  });
  return load(file);
}
