// The built command (dist/, as `npm run build` makes it and bin/ runs it):
// each run loads only the bundles and the parts of Node its path needs; the
// code V8 compiles is kept for the next run; a stack trace names src/. (The
// build's own rules, in this process: test/build-rules.test.ts.)
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { C, at } from "../support/fixtures";
import { startLocalCognito } from "../support/local-cognito";
import { OUR_BIN, ROOT, spawnCollect } from "../support/process";

const DIST = join(ROOT, "dist");
/** The bundle a compile-cache file is for, from its name (`node-1a2b3c4d.cache`: node). */
const bundleOf = (file: string): string => basename(file).replace(/-[0-9a-f]+\.cache$/, "");
const env = {
  PATH: process.env.PATH,
  HOME: "/nonexistent",
  AWS_CONFIG_FILE: "/nonexistent",
  AWS_PAGER: "",
  AWS_EC2_METADATA_DISABLED: "true",
};

/**
 * Runs the command in a Node.js process that first runs `setup`, which leaves
 * in `report` what the run is to tell; the exit code and the report, which the
 * process writes last on stderr, after "@@".
 */
async function watched<T>(
  setup: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv,
): Promise<{ exitCode: number | null; report: T }> {
  const exit = `process.on("exit", () => require("node:fs").writeSync(2, "\\n@@" + JSON.stringify(report())));`;
  const result = await spawnCollect(
    process.execPath,
    [
      "-e",
      `${setup} ${exit} process.argv.splice(1, 0, ${JSON.stringify(OUR_BIN)}); require(${JSON.stringify(OUR_BIN)});`,
      "--",
      ...args,
    ],
    { env: { ...env, ...extraEnv } },
  );
  return { exitCode: result.exitCode, report: JSON.parse(result.stderr.slice(result.stderr.lastIndexOf("@@") + 2)) };
}

/**
 * Runs the command and reports which bundles and which of Node's modules it
 * loaded (Node's require, the compile cache off, so that require.cache lists them).
 */
async function loads(args: string[]): Promise<{ exitCode: number | null; bundles: string[]; node: string[] }> {
  const report = `const report = () => ({
    bundles: Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(DIST)})).map((f) => f.slice(${DIST.length + 1})),
    node: process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)),
  });`;
  const run = await watched<{ bundles: string[]; node: string[] }>(report, args, { NODE_DISABLE_COMPILE_CACHE: "1" });
  return { exitCode: run.exitCode, ...run.report };
}

const HEAVY_NODE = ["tty", "child_process", "crypto", "https", "zlib", "http", "net", "stream"];

describe("what a run loads", () => {
  test("each path: only the bundles it needs; none of Node's networking, terminal, streams or crypto before the call", async () => {
    const endpoint = await startLocalCognito();
    const dir = mkdtempSync(join(tmpdir(), "rcc-loads-"));
    writeFileSync(join(dir, "users.txt"), "user-1\nuser-2\n");
    const usernames = join(dir, "users.txt");
    try {
      const paths: Array<[string, string[], number, string[], string[]]> = [
        // The shared files are checked by the input stage's reader: a skeleton loads no more, with them or without.
        ["a skeleton", ["--generate-cli-skeleton"], 0, ["node.js"], HEAVY_NODE],
        ["a YAML skeleton", ["--generate-cli-skeleton", "yaml-input"], 0, ["node.js"], HEAVY_NODE],
        // The error is shown without the call stage: the profile is looked up in the files read once.
        ["a usage error", ["--client-id", "x"], 252, ["node.js"], HEAVY_NODE],
        ["the help page", ["--help"], 0, ["node.js", "terminal.js"], HEAVY_NODE],
        [
          "completion",
          ["__complete", "bash", "resend-confirmation-code --out"],
          0,
          ["node.js", "terminal.js"],
          HEAVY_NODE,
        ],
        [
          "completion of a profile",
          ["__complete", "bash", "resend-confirmation-code --profile "],
          0,
          ["node.js", "terminal.js"],
          HEAVY_NODE,
        ],
        [
          // The precompiled validator, never ajv, and not the SDK.
          "a parameter validation error",
          ["--client-id", "", "--username", "jane", "--region", "us-east-1"],
          252,
          ["input-validator.js", "node.js"],
          [],
        ],
        [
          // The SDK, but not TLS-only parts, the pager, or the YAML and JMESPath libraries.
          "a call to an http endpoint",
          ["--client-id", C, "--username", "jane", ...at(endpoint)],
          0,
          ["input-validator.js", "node.js", "sdk.js"],
          ["child_process", "tty"],
        ],
        [
          // A table and --query: the formats stage too, which a call printed as JSON never loads.
          "a call printed as a table, through --query",
          [
            "--client-id",
            C,
            "--username",
            "jane",
            "--output",
            "table",
            "--query",
            "CodeDeliveryDetails",
            ...at(endpoint),
          ],
          0,
          ["formats.js", "input-validator.js", "node.js", "sdk.js"],
          ["child_process", "tty"],
        ],
        [
          // Unsigned, like a single call: never the credential chain.
          "a bulk run",
          ["--client-id", C, "--usernames-file", usernames, "--max-rate", "0", ...at(endpoint)],
          0,
          ["bulk.js", "input-validator.js", "node.js", "sdk.js"],
          ["child_process", "tty"],
        ],
        [
          // Pool lookups are signed: the credential chain, which finds none here (253).
          "a run with the pool",
          ["--client-id", C, "--user-pool-id", "us-east-1_Local1", "--all-unconfirmed", ...at(endpoint)],
          253,
          ["bulk.js", "credentials.js", "input-validator.js", "node.js", "sdk.js"],
          [],
        ],
      ];
      const runs = await Promise.all(paths.map(([, args]) => loads(args)));
      expect(
        runs.map((run, i) => ({
          path: paths[i][0],
          exitCode: run.exitCode,
          bundles: run.bundles.sort(),
          node: run.node.filter((m) => paths[i][4].includes(m)),
        })),
      ).toEqual(
        paths.map(([path, , exitCode, bundles]) => ({ path, exitCode, bundles: [...bundles].sort(), node: [] })),
      );
    } finally {
      await endpoint.close();
    }
  });
});

describe("the compile cache", () => {
  const files = (dir: string): Map<string, number> => {
    const found = new Map<string, number>();
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else found.set(path, statSync(path).mtimeMs);
      }
    };
    walk(dir);
    return found;
  };

  test("the first run fills the user's cache folder; the next one finds it all there and writes nothing; a cache folder that cannot be made changes nothing but speed", async () => {
    const cache = mkdtempSync(join(tmpdir(), "rcc-cache-"));
    const run = () =>
      spawnCollect(process.execPath, [OUR_BIN, "--generate-cli-skeleton"], { env: { ...env, XDG_CACHE_HOME: cache } });
    expect((await run()).exitCode).toBe(0);
    const first = files(join(cache, "resend-confirmation-code"));
    // One file for each bundle the skeleton loaded.
    expect([...first.keys()].map((file) => bundleOf(file))).toEqual(["node"]);
    const second = await run();
    expect([second.exitCode, second.stderr]).toEqual([0, ""]);
    expect(files(join(cache, "resend-confirmation-code"))).toEqual(first);

    const uncached = await spawnCollect(process.execPath, [OUR_BIN, "--generate-cli-skeleton"], {
      env: { ...env, XDG_CACHE_HOME: "/dev/null/cache" },
    });
    expect([uncached.exitCode, uncached.stderr]).toEqual([0, ""]);
    expect(JSON.parse(uncached.stdout)).toHaveProperty("ClientId", "");
  });

  /**
   * Runs the command with `cache` as XDG_CACHE_HOME and reports, for each bundle it compiled, whether V8 took
   * the code in the cache ("hit"), refused it ("rejected"), or there was none ("none").
   */
  async function cacheUse(
    cache: string,
    args: string[],
  ): Promise<{ exitCode: number | null; use: Record<string, string> }> {
    const setup = `const vm = require("node:vm"); const use = {}; const report = () => use;
      vm.Script = class extends vm.Script { constructor(source, options) { super(source, options);
        use[require("node:path").basename(options.filename)] = options.cachedData === undefined ? "none" : this.cachedDataRejected ? "rejected" : "hit"; } };`;
    const run = await watched<Record<string, string>>(setup, args, { XDG_CACHE_HOME: cache });
    return { exitCode: run.exitCode, use: run.report };
  }

  test("a call after a run of another kind writes the code again, with its own: the next call takes every bundle's code from the cache and writes nothing", async () => {
    const endpoint = await startLocalCognito();
    try {
      const cache = mkdtempSync(join(tmpdir(), "rcc-cache-"));
      const call = ["--client-id", C, "--username", "jane", ...at(endpoint)];
      expect((await cacheUse(cache, ["--help"])).exitCode).toBe(0);
      const first = await cacheUse(cache, call);
      expect(first.exitCode).toBe(0);
      // The help's bundles were cached by the help: the call takes their code, and writes it again with its own.
      expect(first.use).toEqual({ "node.js": "hit", "input-validator.js": "none", "sdk.js": "none" });
      const written = files(join(cache, "resend-confirmation-code"));
      const second = await cacheUse(cache, call);
      expect(second.exitCode).toBe(0);
      const bundles = ["input-validator.js", "node.js", "sdk.js"];
      expect(second.use).toEqual(Object.fromEntries(bundles.map((bundle) => [bundle, "hit"])));
      expect(files(join(cache, "resend-confirmation-code"))).toEqual(written);
      // Each cache file names the runs that made it, each by the bundles it loaded: the call's, and the help's.
      const [node] = [...written.keys()].filter((file) => /node-\w+\.cache$/.test(file));
      expect(readFileSync(node, "latin1").split("\n")[0]).toMatch(
        /^rcc-code-cache 2:input-validator,node,sdk;node,terminal *$/,
      );
    } finally {
      await endpoint.close();
    }
  });

  test("a call after a bulk run, which loads every bundle a call does and one more, writes the code again with its own: the next call writes nothing", async () => {
    const endpoint = await startLocalCognito();
    try {
      const cache = mkdtempSync(join(tmpdir(), "rcc-cache-"));
      const users = join(mkdtempSync(join(tmpdir(), "rcc-users-")), "users.txt");
      writeFileSync(users, "user-1\n");
      const bulk = await cacheUse(cache, [
        "--client-id",
        C,
        "--usernames-file",
        users,
        "--max-rate",
        "0",
        ...at(endpoint),
      ]);
      expect(bulk.exitCode).toBe(0);
      const afterBulk = files(join(cache, "resend-confirmation-code"));
      const call = ["--client-id", C, "--username", "jane", ...at(endpoint)];
      const first = await cacheUse(cache, call);
      expect([first.exitCode, first.use]).toEqual([
        0,
        { "node.js": "hit", "input-validator.js": "hit", "sdk.js": "hit" },
      ]);
      const written = files(join(cache, "resend-confirmation-code"));
      // The call's own code was added to the bundles it shares with the bulk run.
      const rewritten = [...written].filter(([file, mtime]) => afterBulk.get(file) !== mtime).map(([file]) => file);
      expect(rewritten.map((file) => bundleOf(file)).sort()).toEqual(["input-validator", "node", "sdk"]);
      const second = await cacheUse(cache, call);
      expect(second.exitCode).toBe(0);
      expect(files(join(cache, "resend-confirmation-code"))).toEqual(written);
    } finally {
      await endpoint.close();
    }
  });
});

test("a stack trace from a bundle names the file and line of src/", async () => {
  const script = `process.setSourceMapsEnabled(true);
    try { require(${JSON.stringify(join(DIST, "node.js"))}).stages.input.parseArgs(null); } catch (error) { console.log(error.stack); }`;
  const result = await spawnCollect(process.execPath, ["-e", script], { env });
  expect(result.stdout).toMatch(/src\/input\/args\.ts:\d+:\d+/);
});
