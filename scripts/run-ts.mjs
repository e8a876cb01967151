// Runs a TypeScript file of test/ on plain Node.js (20 and later, which cannot
// run .ts): bundles it with esbuild into a temporary .mjs, imports that, and
// calls the module's `main(argv)` if it has one. Each file's `import.meta.url`
// stays its own, so that a helper still finds the files beside it.
//   node scripts/run-ts.mjs test/support/local-cognito.ts 8000
// Other scripts import a helper with `importTs(path)`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const esbuild = createRequire(import.meta.url)("esbuild");
// The bundle is written inside the project, so that the packages it imports are found.
const CACHE = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".cache");

/** Keeps each .ts file's import.meta.url pointing at the file itself, not at the bundle. */
const ownUrl = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll(
        "import.meta.url",
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: "ts",
    }));
  },
};

/** Imports a TypeScript module (bundled with what it imports; packages stay outside). */
export async function importTs(path) {
  const entry = resolve(path);
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
    plugins: [ownUrl],
    // A CommonJS package (the SDK, say) imported from the bundle may call require.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  });
  // esbuild runs in a child process of its own: ended here, so that a
  // long-running script (npm run endpoint) leaves nothing behind when stopped.
  await esbuild.stop();
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(CACHE, "run-ts-"));
  const file = join(dir, "module.mjs");
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [path, ...argv] = process.argv.slice(2);
  if (!path) {
    console.error("usage: node scripts/run-ts.mjs FILE.ts [ARGS...]");
    process.exit(2);
  }
  const module = await importTs(path);
  if (typeof module.main === "function") await module.main(argv);
}
