"use strict";
// Loads a bundle of dist/ with V8's code cache: the build stores, beside each
// bundle, the code V8 compiled for it (BUNDLE.cache), so a run skips most of
// the compiling. A cache made by another Node version is refused by V8 and the
// bundle is compiled as usual. Bundles load each other through here too.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");

const DIST = join(__dirname, "..", "dist");
const loaded = new Map();
/** Bundles whose code cache V8 refused (made by another Node version, say). */
const refused = [];

function readCache(file) {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}

/** Compiles a bundle wrapped as Node wraps a CommonJS module. */
function compile(file, cachedData) {
  const source = readFileSync(file, "utf8");
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
}

/**
 * What a bundle's require() finds: another bundle beside it, or one of Node's
 * own modules (the bundles hold everything else).
 */
const requireBeside = (id) => (/^\.\/[\w-]+\.js$/.test(id) ? loadBundle(id.slice(2)) : require(id));

function loadBundle(name) {
  const file = join(DIST, name);
  if (loaded.has(file)) return loaded.get(file).exports;
  const cachedData = readCache(file);
  const script = compile(file, cachedData);
  if (cachedData === undefined || script.cachedDataRejected) refused.push(name);
  const module = { exports: {} };
  loaded.set(file, module);
  script.runInThisContext()(module.exports, requireBeside, module, file, DIST);
  return module.exports;
}

/** For the build: the code cache of a bundle after it has been loaded and run. */
function cacheFor(name, run) {
  const file = join(DIST, name);
  const script = compile(file, undefined);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireBeside, module, file, DIST);
  return Promise.resolve(run ? run(module.exports) : undefined).then(() => script.createCachedData());
}

/** The bundles this run has loaded, in order. */
const bundlesLoaded = () => [...loaded.keys()].map((file) => file.slice(DIST.length + 1));

module.exports = { loadBundle, cacheFor, refused, bundlesLoaded };
