// The build: type-checks src/ (tsc, no output), then writes dist/ with
// esbuild as a few bundles, so that a run loads one file for what it needs:
//
//   dist/cli.js               the command up to the call: parsing, input, config
//   dist/call.js              the call and its output: client, --query, formats, bulk runs
//   dist/terminal.js          the help page, --cli-auto-prompt, shell completion
//   dist/input-validator.js   schemas/input.json compiled by ajv ahead of time
//   dist/sdk.js               the SDK client and ResendConfirmationCode command
//   dist/jmespath.js          --query's library
//   dist/js-yaml.js           --cli-input-yaml's parser
//
// The three libraries are loaded only on the paths that use them. The SDK is
// bundled without its credential-provider chain: ResendConfirmationCode is an
// unauthenticated operation and is never signed.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const require = createRequire(import.meta.url);
const esbuild = require("esbuild-wasm");

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.json"), "--noEmit"], { stdio: "inherit" });

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

/** Imports that stay out of a bundle and are found beside it at run time. */
const beside = {
  "@aws-sdk/client-cognito-identity-provider": "./sdk.js",
  jmespath: "./jmespath.js",
  "js-yaml": "./js-yaml.js",
  "./input-validator.js": "./input-validator.js",
  "./call": "./call.js",
  "./terminal": "./terminal.js",
};
const besidePlugin = {
  name: "beside",
  setup(build) {
    const names = [...Object.keys(beside), "ajv"].map((name) => name.replace(/[./]/g, "\\$&"));
    build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) =>
      // ajv is reached only when no precompiled validator is beside the bundle (the tests of src/).
      ({ path: beside[args.path] ?? args.path, external: true }));
  },
};

/**
 * Node's modules that a bundle requires at once but uses only on some paths
 * (commander's child_process, for subcommands this command does not have; the
 * SDK's https, zlib and crypto on a plain-http call), each loaded the first
 * time something is taken from it.
 */
function lazyModuleSource(name) {
  const real = require(`node:${name}`);
  const names = Object.getOwnPropertyNames(real);
  const functions = names.filter((key) => typeof real[key] === "function");
  return `let m; const load = () => (m ??= require(${JSON.stringify(`node:${name}`)}));
const names = ${JSON.stringify(names)};
const functions = new Set(${JSON.stringify(functions)});
const later = new Map();
const deferred = (key) => {
  if (!later.has(key)) {
    later.set(key, function (...args) {
      const real = load()[key];
      return new.target ? Reflect.construct(real, args, new.target === later.get(key) ? real : new.target) : real.apply(this, args);
    });
  }
  return later.get(key);
};
module.exports = new Proxy({}, {
  get: (_, key) => (key === "__esModule" ? undefined : m === undefined && functions.has(key) ? deferred(key) : load()[key]),
  has: (_, key) => names.includes(key),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => (names.includes(key) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined),
});`;
}

function lazyBuiltinsPlugin(names) {
  const filter = new RegExp(`^(node:)?(${names.join("|")})$`);
  return {
    name: "lazy-builtins",
    setup(build) {
      // The stub's own require() is the real module.
      build.onResolve({ filter }, (args) => (args.namespace === "lazy"
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ""), namespace: "lazy" }));
      build.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => ({
        // The names are known here, so that esbuild's ESM interop can copy them
        // without loading the module, and a function can be taken now and called
        // (or constructed) later, which is when the module loads.
        contents: lazyModuleSource(args.path),
        loader: "js",
      }));
    },
  };
}

/**
 * Probes the SDK runs that load parts of Node a call does not need (several
 * milliseconds each): whether sha256 hashing works and whether the global
 * crypto has randomUUID (both hold on every Node this command supports, so the
 * answers are written in, and the request's invocation id comes from
 * node:crypto, lighter than the global Web Crypto), and whether a response body
 * is a web stream (asked only of objects that could be one). The build fails if
 * the code they replace changes.
 */
const knownProbesPlugin = {
  name: "known-probes",
  setup(build) {
    const rewrites = [
      [/checksum\/sha256\/Sha256Node\.js$/, /const hasNativeCrypto = \(\(\) => \{[^]*?\}\)\(\);/, "const hasNativeCrypto = true;"],
      [/serde\/uuid\/v4\.js$/, /if \(typeof crypto !== "undefined" && typeof crypto\.randomUUID === "function"\) \{\s*return \(\) => crypto\.randomUUID\(\);/, 'if (true) {\n        return () => require("node:crypto").randomUUID();'],
      // Asking for the global ReadableStream or Blob loads Node's web streams;
      // a Node stream (an HTTP response) has neither getReader nor arrayBuffer.
      [/util-stream\/stream-type-check\.js$/, /typeof ReadableStream === "function" &&/, 'typeof stream?.getReader === "function" && typeof ReadableStream === "function" &&'],
    ];
    build.onLoad({ filter: /(Sha256Node|uuid\/v4|stream-type-check)\.js$/ }, (args) => {
      const rewrite = rewrites.find(([file]) => file.test(args.path));
      if (!rewrite) return undefined;
      const source = readFileSync(args.path, "utf8");
      const changed = source.replace(rewrite[1], rewrite[2]);
      if (changed === source) throw new Error(`${args.path} no longer has the probe the build rewrites`);
      return { contents: changed, loader: "js" };
    });
  },
};

/** The SDK's default credential chain, replaced: nothing here is signed. */
const noCredentialsPlugin = {
  name: "no-credentials",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: "no-credentials", namespace: "stub" }));
    build.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
      contents: "export const defaultProvider = () => async () => { throw new Error('ResendConfirmationCode is not signed and needs no credentials'); };",
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
  // import() becomes require(), which bin/load-bundle.js serves from the bundles beside.
  supported: { "dynamic-import": false },
};

async function bundleFrom(contents, outfile, plugins = []) {
  await esbuild.build({ ...common, stdin: { contents, resolveDir: ROOT, loader: "js" }, outfile, plugins });
}

await esbuild.build({ ...common, entryPoints: [join(ROOT, "src", "cli.ts")], outfile: join(DIST, "cli.js"), plugins: [besidePlugin, lazyBuiltinsPlugin(["child_process", "crypto"])] });
await esbuild.build({ ...common, entryPoints: [join(ROOT, "src", "call.ts")], outfile: join(DIST, "call.js"), plugins: [besidePlugin, lazyBuiltinsPlugin(["https"])] });
await esbuild.build({ ...common, entryPoints: [join(ROOT, "src", "terminal.ts")], outfile: join(DIST, "terminal.js"), plugins: [besidePlugin, lazyBuiltinsPlugin(["child_process", "crypto"])] });
await esbuild.build({ ...common, entryPoints: [join(ROOT, "src", "pager.ts")], outfile: join(DIST, "pager.js") });
await bundleFrom(
  "export { CognitoIdentityProviderClient, ResendConfirmationCodeCommand } from '@aws-sdk/client-cognito-identity-provider';",
  join(DIST, "sdk.js"),
  [noCredentialsPlugin, knownProbesPlugin, lazyBuiltinsPlugin(["crypto", "https", "http2", "zlib", "async_hooks", "fs/promises", "os", "child_process"])],
);
await bundleFrom("module.exports = require('jmespath');", join(DIST, "jmespath.js"));
await bundleFrom("module.exports = require('js-yaml');", join(DIST, "js-yaml.js"));

// The input schema compiled to code once, here, instead of at every start.
const Ajv = require("ajv").default;
const standalone = require("ajv/dist/standalone").default;
const { AJV_OPTIONS, AWS_KEYWORDS } = require(join(ROOT, "src", "validator-options.json"));
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
for (const keyword of AWS_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ["string", "number", "boolean", "array", "object"] });
const validatorSource = standalone(ajv, ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas", "input.json"), "utf8"))));
await bundleFrom(validatorSource, join(DIST, "input-validator.js"));


// V8's code cache for each bundle, made by running it as a command's run
// would (bin/load-bundle.js reads it back).
const warmups = {
  "cli.js": `async (cli) => {
    const io = { env: { HOME: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent" }, stdout() {}, stderr() {}, page: async () => {}, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, stdin: undefined, onInterrupt() {}, keyboard() {}, version: "0" };
    for (const argv of [["--generate-cli-skeleton"], ["--generate-cli-skeleton", "yaml-input"], ["--help"], ["--client-id", "x"], ["--client-id", "x", "--username", "", "--region", "us-east-1"]]) await cli.main(argv, io);
  }`,
  "call.js": `async (call) => {
    call.compileQuery("CodeDeliveryDetails.Destination");
    const response = { CodeDeliveryDetails: { Destination: "j***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" } };
    for (const format of ["json", "text", "table", "yaml", "yaml-stream"]) call.renderOutput(response, { format, colored: false });
  }`,
  // A real exchange with a server in the same process: an answer, then an error.
  "sdk.js": `async (sdk) => {
    const replies = [
      [200, {}, { CodeDeliveryDetails: { Destination: "j***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" } }],
      [400, { "x-amzn-ErrorType": "UserNotFoundException:" }, { __type: "UserNotFoundException", message: "Username/client id combination not found." }],
    ];
    const server = require("node:http").createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const [status, headers, body] = replies.shift();
        res.writeHead(status, { "Content-Type": "application/x-amz-json-1.1", ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise((done) => server.listen(0, "127.0.0.1", done));
    const client = new sdk.CognitoIdentityProviderClient({ region: "us-east-1", endpoint: "http://127.0.0.1:" + server.address().port, maxAttempts: 1 });
    for (let i = 0; i < 2; i += 1) await client.send(new sdk.ResendConfirmationCodeCommand({ ClientId: "x", Username: "y" })).catch(() => undefined);
    client.destroy();
    server.close();
  }`,
  "input-validator.js": `async (validate) => { validate({ ClientId: "x", Username: "" }); }`,
  "jmespath.js": "async (jmespath) => { jmespath.search({ a: [1] }, 'a[0]'); }",
  "js-yaml.js": "async (yaml) => { yaml.load('a: 1'); }",
  "pager.js": "undefined",
  "terminal.js": `async (terminal) => { terminal.helpPage(80); terminal.completeLine("bash", "resend-confirmation-code --out", {}); }`,
};
for (const [name, warmup] of Object.entries(warmups)) {
  const program = `require(${JSON.stringify(join(ROOT, "bin", "load-bundle.js"))}).cacheFor(${JSON.stringify(name)}, ${warmup})
    .then((data) => require("node:fs").writeFileSync(${JSON.stringify(join(DIST, `${name}.cache`))}, data));`;
  execFileSync(process.execPath, ["-e", program], { stdio: "inherit", env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
}
