// The built command (dist/, as `npm run build` makes it and bin/ runs it):
// each run loads only the bundles and the parts of Node its path needs; the
// code V8 compiles is kept for the next run; a stack trace names src/; and the
// build refuses an import that would copy one stage into another's bundle.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
// @ts-expect-error plain JavaScript shared with the recorder
import { startLocalCognito } from "./support/local-cognito.mjs";
// @ts-expect-error plain JavaScript shared with the recorder
import { OUR_BIN, ROOT, spawnCollect } from "./support/run-case.mjs";
// @ts-expect-error the build's own plugin, plain JavaScript
import { rewritesPlugin, stagesPlugin } from "../scripts/plugins.mjs";

const DIST = join(ROOT, "dist");
const env = { PATH: process.env.PATH, HOME: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent", AWS_PAGER: "" };

/**
 * Runs the command and reports which bundles and which of Node's modules it
 * loaded (Node's require, the compile cache off, so that require.cache lists them).
 */
async function loads(args: string[]): Promise<{ exitCode: number; bundles: string[]; node: string[] }> {
  const report = `process.on("exit", () => require("node:fs").writeSync(2, "\\n@@" + JSON.stringify({
    bundles: Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(DIST)})).map((f) => f.slice(${DIST.length + 1})),
    node: process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)),
  })));`;
  const result = await spawnCollect(
    process.execPath,
    [
      "-e",
      `${report} process.argv.splice(1, 0, ${JSON.stringify(OUR_BIN)}); require(${JSON.stringify(OUR_BIN)});`,
      "--",
      ...args,
    ],
    { env: { ...env, NODE_DISABLE_COMPILE_CACHE: "1" } },
  );
  const json = result.stderr.slice(result.stderr.lastIndexOf("@@") + 2);
  return { exitCode: result.exitCode, ...JSON.parse(json) };
}

const HEAVY_NODE = ["tty", "child_process", "crypto", "https", "zlib", "http", "net", "stream"];

describe("what a run loads", () => {
  test.each([
    ["a skeleton", ["--generate-cli-skeleton"], 0, ["node.js", "common.js", "input.js"]],
    ["a YAML skeleton", ["--generate-cli-skeleton", "yaml-input"], 0, ["node.js", "common.js", "input.js"]],
    ["a usage error", ["--client-id", "x"], 252, ["node.js", "common.js", "input.js"]],
    ["the help page", ["--help"], 0, ["node.js", "common.js", "input.js", "terminal.js"]],
    [
      "completion",
      ["__complete", "bash", "resend-confirmation-code --out"],
      0,
      ["node.js", "common.js", "input.js", "terminal.js"],
    ],
    [
      "completion of a profile",
      ["__complete", "bash", "resend-confirmation-code --profile "],
      0,
      ["node.js", "common.js", "input.js", "terminal.js", "call.js"],
    ],
  ])(
    "%s: only the bundles it needs, none of Node's networking, terminal, streams or crypto",
    async (_name, args, exitCode, bundles) => {
      const run = await loads(args);
      expect(run.exitCode).toBe(exitCode);
      expect(run.bundles.sort()).toEqual([...bundles].sort());
      expect(run.node.filter((m) => HEAVY_NODE.includes(m))).toEqual([]);
    },
  );

  test("a parameter validation error: the precompiled validator, never ajv, and not the SDK", async () => {
    const run = await loads(["--client-id", "", "--username", "jane", "--region", "us-east-1"]);
    expect(run.exitCode).toBe(252);
    expect(run.bundles.sort()).toEqual(["call.js", "common.js", "input-validator.js", "input.js", "node.js"]);
  });

  test("a call to an http endpoint: the SDK, but not TLS-only parts, the pager, or the YAML and JMESPath libraries", async () => {
    const endpoint = await startLocalCognito();
    try {
      const run = await loads([
        "--client-id",
        "1example23456789",
        "--username",
        "jane",
        "--endpoint-url",
        endpoint.url,
        "--region",
        "us-east-1",
      ]);
      expect(run.exitCode).toBe(0);
      expect(run.bundles.sort()).toEqual([
        "call.js",
        "common.js",
        "input-validator.js",
        "input.js",
        "node.js",
        "output.js",
        "sdk.js",
      ]);
      expect(run.node.filter((m) => ["child_process", "tty"].includes(m))).toEqual([]);
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

  test("the first run fills the user's cache folder; the next one finds it all there and writes nothing", async () => {
    const cache = mkdtempSync(join(tmpdir(), "rcc-cache-"));
    const run = () =>
      spawnCollect(process.execPath, [OUR_BIN, "--generate-cli-skeleton"], { env: { ...env, XDG_CACHE_HOME: cache } });
    expect((await run()).exitCode).toBe(0);
    const first = files(join(cache, "resend-confirmation-code"));
    expect(first.size).toBeGreaterThanOrEqual(3);
    const second = await run();
    expect([second.exitCode, second.stderr]).toEqual([0, ""]);
    expect(files(join(cache, "resend-confirmation-code"))).toEqual(first);
  });

  test("a cache folder that cannot be made changes nothing but speed", async () => {
    const run = await spawnCollect(process.execPath, [OUR_BIN, "--generate-cli-skeleton"], {
      env: { ...env, XDG_CACHE_HOME: "/dev/null/cache" },
    });
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toHaveProperty("ClientId", "");
  });
});

test("a stack trace from a bundle names the file and line of src/", async () => {
  const script = `process.setSourceMapsEnabled(true);
    try { require(${JSON.stringify(join(DIST, "input.js"))}).parseArgs(null); } catch (error) { console.log(error.stack); }`;
  const result = await spawnCollect(process.execPath, ["-e", script], { env });
  expect(result.stdout).toMatch(/src\/input\/args\.ts:\d+:\d+/);
});

describe("the bundles' rule", () => {
  const esbuild = createRequire(import.meta.url)("esbuild-wasm") as { build(options: object): Promise<unknown> };

  /** Bundles `entry` of a small tree of stages with the build's plugin; the error text, if any. */
  async function bundle(files: Record<string, string>, entry: string): Promise<string | undefined> {
    const root = mkdtempSync(join(tmpdir(), "rcc-stages-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(root, "src", name, ".."), { recursive: true });
      writeFileSync(join(root, "src", name), text);
    }
    try {
      await esbuild.build({
        entryPoints: [join(root, "src", entry)],
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        logLevel: "silent",
        plugins: [stagesPlugin(join(root, "src"), root)],
      });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  const tree = {
    "a/index.ts": 'export { f } from "./f";',
    "a/f.ts": "export const f = 1;",
    "b/index.ts": 'export { g } from "./g";',
  };

  test("an import of another stage's entry stays a require() of its bundle", async () => {
    expect(
      await bundle({ ...tree, "b/g.ts": 'import { f } from "../a"; export const g = f;' }, "b/index.ts"),
    ).toBeUndefined();
  });

  test("an import of a file inside another stage fails the build, naming it and the entry to use", async () => {
    expect(
      await bundle({ ...tree, "b/g.ts": 'import { f } from "../a/f"; export const g = f;' }, "b/index.ts"),
    ).toMatch(/src\/b\/g\.ts imports \.\.\/a\/f: import the stage's entry \(\.\.\/a\) instead/);
  });

  test("a stage that imports the pipeline fails the build", async () => {
    expect(
      await bundle(
        {
          ...tree,
          "cli.ts": "export const main = 1;",
          "b/g.ts": 'import { main } from "../cli"; export const g = main;',
        },
        "b/index.ts",
      ),
    ).toMatch(/a stage does not import the pipeline/);
  });
});

describe("a library rewrite", () => {
  const esbuild = createRequire(import.meta.url)("esbuild-wasm") as {
    build(options: object): Promise<{ outputFiles: Array<{ text: string }> }>;
  };
  const ORIGINAL = "const probe = (() => { return true; })();\nmodule.exports = probe;\n";
  const sha = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 16);

  /** Bundles a library file holding `text` with a rewrite pinned to ORIGINAL; the output, or the error. */
  async function rewrite(text: string): Promise<{ output?: string; error?: string; applied: Set<string> }> {
    const root = mkdtempSync(join(tmpdir(), "rcc-rewrite-"));
    mkdirSync(join(root, "node_modules", "lib"), { recursive: true });
    writeFileSync(join(root, "node_modules", "lib", "probe.js"), text);
    const applied = new Set<string>();
    const rewrites = [{ file: "lib/probe.js", sha256: sha(ORIGINAL), from: "(() => { return true; })()", to: "true" }];
    try {
      const result = await esbuild.build({
        entryPoints: [join(root, "node_modules", "lib", "probe.js")],
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        logLevel: "silent",
        plugins: [rewritesPlugin(rewrites, join(root, "node_modules"), applied)],
      });
      return { output: result.outputFiles[0].text, applied };
    } catch (error) {
      return { error: (error as Error).message, applied };
    }
  }

  test("is made on the file it is pinned to, and counted as made", async () => {
    const result = await rewrite(ORIGINAL);
    expect(result.output).toMatch(/probe = true;/);
    expect([...result.applied]).toEqual(["lib/probe.js"]);
  });

  test("fails the build when the file has changed, even if the text it replaces is still there", async () => {
    const result = await rewrite(`${ORIGINAL}// a new release\n`);
    expect(result.error).toMatch(
      /lib\/probe\.js has changed \(sha256 [0-9a-f]{16}, not [0-9a-f]{16}\): look at the rewrite again/,
    );
    expect(result.applied.size).toBe(0);
  });
});
