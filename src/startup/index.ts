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
// The code a run leaves is that of the functions it used; a later run along
// another path would compile its own again every time. So each cache file
// names the runs that made it, each by the set of bundles it loaded, and a run
// whose set is not among them (a call, after a first run that only printed the
// help, or after a bulk run, which loads the call's bundles and one more)
// writes the code again at its end, with what it found in the cache and what
// it compiled itself: after the first run of each kind, a call finds all of
// its code there, whatever ran first. (Runs that load the same bundles, a
// skeleton and a usage error, count as one kind.)
//
// A bundle of its own (dist/startup.js): bin/ loads it, without a cache, before
// any other, and it loads the others.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
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
 * What a cache file starts with: this, the runs that made it (each the bundles it loaded, joined by ",";
 * the runs joined by ";"), padding, and a newline.
 */
const MAGIC = "rcc-code-cache 2:";

/** A cache file's code and the runs that made it; undefined if there is none (or it is not ours). */
function readCache(file: string): { code: Buffer; madeBy: Set<string> } | undefined {
  const bytes = readOrNothing(file);
  const end = bytes?.indexOf(10) ?? -1;
  if (bytes === undefined || end < 0) return undefined;
  const head = bytes.toString("latin1", 0, end);
  if (!head.startsWith(MAGIC)) return undefined;
  return { code: bytes.subarray(end + 1), madeBy: new Set(head.slice(MAGIC.length).trimEnd().split(";")) };
}

/** A cache file's bytes: the head (padded, so that V8's code starts 8-byte aligned) and the code. */
function cacheBytes(madeBy: Iterable<string>, code: Buffer): Buffer {
  let head = MAGIC + [...madeBy].sort().join(";");
  head += " ".repeat((8 - ((head.length + 1) % 8)) % 8);
  return Buffer.concat([Buffer.from(`${head}\n`, "latin1"), code]);
}

/** A bundle as this run loaded it. */
interface Loaded {
  exports: Exports;
  script: Script;
  cacheFile: string;
  /** The runs that made the code it was compiled with; undefined: it had none (or V8 refused it). */
  madeBy?: Set<string>;
}

/**
 * Requires the bundle `file` (and, through it, the bundles beside it) with the
 * code cache kept under `cacheDir`.
 */
export function requireWithCache(file: string, cacheDir: string): Exports {
  const folder = join(cacheDir, `${process.version}-${process.arch}`);
  const loaded = new Map<string, Loaded>();

  const load = (path: string): Exports => {
    const known = loaded.get(path);
    if (known) return known.exports;
    const cacheFile = join(folder, nameFor(path));
    const cache = readCache(cacheFile);
    const source = readFileSync(path, "utf8");
    // Wrapped as Node wraps a CommonJS module.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
      filename: path,
      cachedData: cache?.code,
    });
    const module: Loaded = {
      exports: {},
      script,
      cacheFile,
      madeBy: cache === undefined || script.cachedDataRejected ? undefined : cache.madeBy,
    };
    loaded.set(path, module);
    const beside = (id: string): unknown => (/^\.\/[\w-]+\.js$/.test(id) ? load(join(dirname(path), id)) : require(id));
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, beside, module, path, dirname(path));
    return module.exports;
  };

  // The code V8 made, once the run has used it, for each bundle that had none, or none made by a run of this
  // kind (one that loaded these very bundles); a folder that cannot be written only means no cache. Each file
  // is written beside and renamed into place, so that a run started meanwhile (runs side by side in a script)
  // reads a whole file, this one's or the one before, never a mix of two.
  process.once("exit", () => {
    const run = [...loaded.keys()]
      .map((path) => basename(path, ".js"))
      .sort()
      .join(",");
    const stale = [...loaded.values()].filter(({ madeBy }) => madeBy === undefined || !madeBy.has(run));
    if (stale.length === 0) return;
    try {
      mkdirSync(folder, { recursive: true });
      for (const { script, cacheFile, madeBy } of stale) {
        const partial = `${cacheFile}.${process.pid}`;
        try {
          writeFileSync(partial, cacheBytes(new Set([...(madeBy ?? []), run]), script.createCachedData()));
          renameSync(partial, cacheFile);
        } finally {
          rmSync(partial, { force: true });
        }
      }
    } catch {
      // No cache this time.
    }
  });
  return load(file);
}
