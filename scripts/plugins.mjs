// The build's esbuild plugins.
//
// stagesPlugin: the rule that keeps the bundles apart. A module belongs to the
// bundle of its stage folder (src/bulk/ makes dist/bulk.js), or, at the top of
// src/ and in the stages of the core (the stages every call runs through:
// common, input, call, output), to dist/node.js. An import from one stage
// into another must name the other stage's entry (`../output`, never
// `../output/json`); across bundles it stays a require() of that bundle, so
// that every module has one copy: another bundle reaches a stage of the core
// through dist/node.js's `stages`. A stage never imports the top (the
// pipeline). Anything else fails the build, naming the import.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** The stage a file of src/ belongs to: its folder, or, at the top, "node" (the pipeline). */
function stageOf(src, file) {
  const [first, ...rest] = relative(src, file).split(sep);
  return rest.length > 0 ? first : "node";
}

/** Resolves a relative import of src/ to its file, as TypeScript does. */
function sourceFile(spec, importer) {
  const base = resolve(dirname(importer), spec);
  return [`${base}.ts`, join(base, "index.ts"), base].find((file) => existsSync(file) && !file.endsWith(sep));
}

/**
 * The plugin for the sources in `src`; `core` names the stages bundled into
 * dist/node.js with the pipeline; error messages name files relative to `root`.
 */
export function stagesPlugin(src, root = dirname(src), core = new Set()) {
  const bundleOf = (stage) => (core.has(stage) ? "node" : stage);
  return {
    name: "stages",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (!args.path.startsWith(".") || !args.importer.startsWith(src)) return undefined;
        const target = sourceFile(args.path, args.importer);
        if (target === undefined || !target.startsWith(src + sep) || !target.endsWith(".ts")) return undefined;
        const from = stageOf(src, args.importer);
        const to = stageOf(src, target);
        if (from === to) return undefined;
        const where = relative(root, args.importer);
        if (to === "node")
          return { errors: [{ text: `${where} imports ${args.path}: a stage does not import the pipeline` }] };
        if (target !== join(src, to, "index.ts")) {
          const entry = relative(dirname(args.importer), join(src, to));
          return { errors: [{ text: `${where} imports ${args.path}: import the stage's entry (${entry}) instead` }] };
        }
        if (bundleOf(from) === bundleOf(to)) return undefined;
        if (bundleOf(to) === "node") return { path: to, namespace: "core-stage" };
        return { path: `./${to}.js`, external: true };
      });
      // A stage of the core, from another bundle: the one copy dist/node.js holds.
      build.onLoad({ filter: /.*/, namespace: "core-stage" }, (args) => ({
        contents: `module.exports = require("./node.js").stages[${JSON.stringify(args.path)}];`,
        loader: "js",
      }));
      build.onResolve({ filter: /^\.\/node\.js$/, namespace: "core-stage" }, () => ({
        path: "./node.js",
        external: true,
      }));
    },
  };
}

/**
 * The entry of dist/node.js: src/node.ts's exports, and `stages`, through
 * which the other bundles reach each stage of `core` (required, and its
 * modules run, when first asked for). Resolved from the project's root.
 */
export function coreEntry(core) {
  const getters = [...core].map((stage) => `get ${stage}() { return require("./src/${stage}"); }`);
  return ['export * from "./src/node";', `export const stages = { ${getters.join(", ")} };`].join("\n");
}

/**
 * lazyStagesPlugin: a file of src/ named lazy-STAGE.ts holds
 *
 *   import * as stage from "../STAGE";
 *   export const load = (): typeof stage => stage;
 *
 * so that the tests of src/ have the stage at once; in the bundle, load()
 * requires the stage's bundle the first time it is called instead, so that
 * the bundle that imports it does not load it until a run needs it. A
 * lazy-STAGE.ts that holds anything else fails the build.
 */
export function lazyStagesPlugin(src, root = dirname(src)) {
  return {
    name: "lazy-stages",
    setup(build) {
      build.onLoad({ filter: /[\\/]lazy-[\w-]+\.ts$/ }, (args) => {
        if (!args.path.startsWith(src)) return undefined;
        const stage = /lazy-([\w-]+)\.ts$/.exec(args.path)[1];
        const code = readFileSync(args.path, "utf8")
          .replace(/^\s*\/\/.*$/gm, "")
          .replace(/\s+/g, " ")
          .trim();
        const expected = `import * as stage from "../${stage}"; export const load = (): typeof stage => stage;`;
        if (code !== expected)
          return { errors: [{ text: `${relative(root, args.path)} must hold no more than: ${expected}` }] };
        return {
          contents: `let stage; export const load = () => (stage ??= require("../${stage}"));`,
          loader: "js",
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/**
 * rewritesPlugin: rewrites of library files (`file` under `nodeModules`, the
 * text `from` to `to`), each pinned to the file's content (`sha256`, its
 * first 16 hex digits): a file that has changed, or no longer holds `from`,
 * fails the build. Each rewrite made is added to `applied`, so that the build
 * can fail on one that was never made (the file moved, or is no longer bundled).
 */
export function rewritesPlugin(rewrites, nodeModules, applied) {
  const byPath = new Map(rewrites.map((rewrite) => [join(nodeModules, rewrite.file), rewrite]));
  return {
    name: "rewrites",
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        const rewrite = byPath.get(args.path);
        if (!rewrite) return undefined;
        const source = readFileSync(args.path, "utf8");
        const hash = createHash("sha256").update(source).digest("hex").slice(0, 16);
        if (hash !== rewrite.sha256)
          throw new Error(
            `${rewrite.file} has changed (sha256 ${hash}, not ${rewrite.sha256}): look at the rewrite again`,
          );
        const changed = source.replace(rewrite.from, rewrite.to);
        if (changed === source) throw new Error(`${rewrite.file} no longer holds what the build rewrites`);
        applied.add(rewrite.file);
        return { contents: changed, loader: "js" };
      });
    },
  };
}
