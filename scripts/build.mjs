// The build: type-checks src/ (tsc, no output; not with --no-typecheck), then
// writes dist/ with esbuild.
//
// The bundles follow the layout of src/. src/node.ts, which runs the pipeline
// (src/cli.ts) on a Node.js process, makes dist/node.js, and with it the
// stages of the core (CORE): every call runs through them, and as one bundle a
// call reads, compiles and links one file for them, not five. Each other stage
// folder with an index.ts is a bundle of its own (src/bulk/ makes dist/bulk.js,
// and so on), loaded only by the runs that need it. An import that crosses
// from one folder to another must name that folder's entry (`../output`, never
// `../output/json`); across bundles it stays a require() of the other bundle,
// so that each module has one copy. The build fails on any other. A stage
// reached through a file lazy-STAGE.ts (scripts/plugins.mjs) is loaded only
// when first used: the output stage's formats, say.
//
// The libraries are bundles of their own, each loaded only by the runs that use
// it: the SDK (dist/sdk.js), its credential chain (dist/credentials.js, only
// for the signed pool lookups), js-yaml (--cli-input-yaml),
// and schemas/input.json compiled by ajv ahead of time (dist/input-validator.js).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { coreEntry, lazyStagesPlugin, rewritesPlugin, stagesPlugin } from "./plugins.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
const require = createRequire(import.meta.url);
const esbuild = require("esbuild");

// --no-typecheck (npm test's build) leaves the type-check to npm run lint,
// which checks src/ and test/ both: CI runs it before the tests.
if (!process.argv.includes("--no-typecheck")) {
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.json"), "--noEmit"],
    {
      stdio: "inherit",
    },
  );
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

/**
 * The stages bundled into dist/node.js with the pipeline. A call's CPU time
 * over the SDK alone's (medians of 40 runs in alternation), with these as
 * bundles of their own and as one: Node 20 1.13 and 1.07, Node 22 1.11 and
 * 1.06, Node 26 1.06 and 1.03. On Node 20 and 22 the five sources, each under
 * V8's large-object size, were young allocations that brought a third
 * scavenge into every call (`node --trace-gc`).
 */
const CORE = new Set(["common", "input", "call", "output"]);

/** The stage folders bundled on their own: every other folder of src/ with an index.ts. */
const STAGES = readdirSync(SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(SRC, entry.name, "index.ts")) && !CORE.has(entry.name))
  .map((entry) => entry.name);

/** The libraries, each a bundle of its own, found beside the bundles at run time. */
const LIBRARIES = {
  "@aws-sdk/client-cognito-identity-provider": "./sdk.js",
  // The SDK's request handler and retry strategies, which the client is given: from the SDK's bundle, one copy.
  "@smithy/node-http-handler": "./sdk.js",
  "@smithy/core/retry": "./sdk.js",
  // The SDK's credential chain, for the pool lookups (--user-pool-id) alone: they are signed.
  "@aws-sdk/credential-provider-node": "./credentials.js",
  "js-yaml": "./js-yaml.js",
  "./input-validator.js": "./input-validator.js",
  // Reached only where no precompiled validator is beside the bundle (the tests of src/).
  ajv: "ajv",
};

const librariesPlugin = {
  name: "libraries",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      Object.hasOwn(LIBRARIES, args.path) ? { path: LIBRARIES[args.path], external: true } : undefined,
    );
  },
};

/**
 * Rewrites of library files, each kept only where it measurably saves a run
 * something, the figure beside it (measured on Node 20: instructions counted
 * by valgrind, medians of 5 runs, or CPU time, medians of 41 runs, each with
 * and without the rewrite). Each is pinned to its file's exact content: the
 * build fails if the file has moved or changed (an update of the library) or
 * was not bundled, so that the rewrite is looked at again rather than
 * silently lost (CONTRIBUTING.md, "Upgrading the SDK").
 *
 * Dropped, as they bought nothing measurable now: the SDK's probe of sha256
 * hashing (+0.5% instructions for a call without the rewrite, within the
 * runs' spread: an unsigned call never hashes), and the check of the global
 * ReadableStream and Blob in the SDK's stream collector (none: the client is
 * given a collector of its own, src/call/transport.ts, which never asks).
 */
const REWRITES = [
  {
    // commander loads node:child_process for subcommands that run other
    // programs, which this command has none of; loading it brings Node's
    // streams, net and dgram. spawn, all commander uses, loads it when called.
    // Without it: a skeleton 10.8 M instructions more (117.1 M, +9%), or 6.5 ms
    // of CPU (57.9 ms); the help 8.2 ms (62.8 ms). Every run pays it.
    file: "commander/lib/command.js",
    sha256: "c161e3d99c26a125",
    from: "const childProcess = require('node:child_process');",
    to: "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  },
  {
    // The invocation id of each request from node:crypto, rather than from the
    // global Web Crypto, whose first use loads Node's webcrypto. Without it: a
    // call 2.7 M instructions more (237.5 M, +1.1%). The SDK has no setting for it.
    file: "@smithy/core/dist-es/submodules/serde/uuid/v4.js",
    sha256: "a350c133f995aec4",
    from: /if \(typeof crypto !== "undefined" && typeof crypto\.randomUUID === "function"\) \{\s*return \(\) => crypto\.randomUUID\(\);/,
    to: 'if (true) {\n        return () => require("node:crypto").randomUUID();',
  },
];
const applied = new Set();

/**
 * The SDK's default credential chain, replaced in dist/sdk.js: ResendConfirmationCode is never signed, and
 * the pool lookups that are get their credentials from dist/credentials.js. The client imports the chain
 * whether or not it uses it, so no setting avoids loading it. Without the stub: a call 7.8 M instructions
 * more (237.5 M, +3.3%), and dist/sdk.js 332 KB instead of 196 KB.
 */
const noCredentialsPlugin = {
  name: "no-credentials",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => {
      applied.add("@aws-sdk/credential-provider-node");
      return { path: "no-credentials", namespace: "stub" };
    });
    build.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
      contents:
        "export const defaultProvider = () => async () => { throw new Error('ResendConfirmationCode is not signed and needs no credentials'); };",
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: process.env.BUILD_MINIFY !== "0",
  legalComments: "none",
  logLevel: "warning",
  mainFields: ["module", "main"],
  // import() becomes require() of the bundle beside.
  supported: { "dynamic-import": false },
};

// Our own bundles, with source maps (a --debug stack trace names src/).
// dist/node.js gives the other bundles the core's stages, each required (and
// its modules run) when first asked for.
const entries = [
  ["node", { stdin: { contents: coreEntry(CORE), resolveDir: ROOT, sourcefile: "node-bundle.ts", loader: "ts" } }],
  ...STAGES.map((stage) => [stage, { entryPoints: [join(SRC, stage, "index.ts")] }]),
];
for (const [name, entry] of entries) {
  await esbuild.build({
    ...common,
    ...entry,
    outfile: join(DIST, `${name}.js`),
    sourcemap: "linked",
    sourcesContent: false,
    plugins: [
      librariesPlugin,
      lazyStagesPlugin(SRC, ROOT),
      stagesPlugin(SRC, ROOT, CORE),
      rewritesPlugin(REWRITES, join(ROOT, "node_modules"), applied),
    ],
  });
}

async function bundleFrom(contents, outfile, plugins = []) {
  await esbuild.build({ ...common, stdin: { contents, resolveDir: ROOT, loader: "js" }, outfile, plugins });
}
await bundleFrom(
  [
    "export { AdminCreateUserCommand, CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUsersCommand, ResendConfirmationCodeCommand } from '@aws-sdk/client-cognito-identity-provider';",
    "export { NodeHttpHandler } from '@smithy/node-http-handler';",
    "export { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';",
  ].join("\n"),
  join(DIST, "sdk.js"),
  [noCredentialsPlugin, rewritesPlugin(REWRITES, join(ROOT, "node_modules"), applied)],
);
const missing = [...REWRITES.map((rewrite) => rewrite.file), "@aws-sdk/credential-provider-node"].filter(
  (file) => !applied.has(file),
);
if (missing.length > 0)
  throw new Error(`the build no longer bundles what it rewrites or replaces: ${missing.join(", ")}`);
await bundleFrom("export { defaultProvider } from '@aws-sdk/credential-provider-node';", join(DIST, "credentials.js"));
await bundleFrom("module.exports = require('js-yaml');", join(DIST, "js-yaml.js"));

// The input schema compiled to code once, here, instead of at every start.
const Ajv = require("ajv").default;
const standalone = require("ajv/dist/standalone").default;
const { AJV_OPTIONS, AWS_KEYWORDS } = require(join(SRC, "input", "validator-options.json"));
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
for (const keyword of AWS_KEYWORDS)
  ajv.addKeyword({ keyword, schemaType: ["string", "number", "boolean", "array", "object"] });
const validatorSource = standalone(
  ajv,
  ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas", "input.json"), "utf8"))),
);
await bundleFrom(validatorSource, join(DIST, "input-validator.js"));
