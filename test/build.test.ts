// The built command (dist/, as `npm run build` makes it and bin/ runs it): each
// run loads only the bundles and the parts of Node its path needs, and V8
// takes the code cache stored beside each bundle.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
// @ts-expect-error plain JavaScript shared with the recorder
import { startLocalCognito } from "./support/local-cognito.mjs";
// @ts-expect-error plain JavaScript shared with the recorder
import { OUR_BIN, ROOT, spawnCollect } from "./support/run-case.mjs";

const LOADER = join(ROOT, "bin", "load-bundle.js");
const env = { PATH: process.env.PATH, HOME: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent", AWS_PAGER: "" };

/** Runs the command and reports which bundles and which of Node's modules it loaded. */
async function loads(args: string[]): Promise<{ exitCode: number; bundles: string[]; node: string[] }> {
  const report = `const l = require(${JSON.stringify(LOADER)}); process.on("exit", () => require("node:fs").writeSync(2, "\\n@@" + JSON.stringify({ bundles: l.bundlesLoaded(), node: process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)) })));`;
  const result = await spawnCollect(process.execPath, ["-e", `${report} process.argv.splice(1, 0, ${JSON.stringify(OUR_BIN)}); require(${JSON.stringify(OUR_BIN)});`, "--", ...args], { env });
  const json = result.stderr.slice(result.stderr.lastIndexOf("@@") + 2);
  return { exitCode: result.exitCode, ...JSON.parse(json) };
}

const HEAVY_NODE = ["tty", "child_process", "crypto", "https", "zlib", "http", "net"];

describe("what a run loads", () => {
  test.each([
    ["a skeleton", ["--generate-cli-skeleton"], 0, ["cli.js"]],
    ["a YAML skeleton", ["--generate-cli-skeleton", "yaml-input"], 0, ["cli.js"]],
    ["a usage error", ["--client-id", "x"], 252, ["cli.js"]],
    ["the help page", ["--help"], 0, ["cli.js", "terminal.js"]],
    ["completion", ["__complete", "bash", "resend-confirmation-code --out"], 0, ["cli.js", "terminal.js"]],
  ])("%s: only the bundles it needs, none of Node's networking, terminal or crypto", async (_name, args, exitCode, bundles) => {
    const run = await loads(args);
    expect(run.exitCode).toBe(exitCode);
    expect(run.bundles).toEqual(bundles);
    expect(run.node.filter((m) => HEAVY_NODE.includes(m))).toEqual([]);
  });

  test("a parameter validation error: the precompiled validator, never ajv", async () => {
    const run = await loads(["--client-id", "", "--username", "jane", "--region", "us-east-1"]);
    expect(run.exitCode).toBe(252);
    expect(run.bundles).toEqual(["cli.js", "input-validator.js"]);
  });

  test("a call to an http endpoint: the SDK, but not TLS, zlib, crypto or the YAML and JMESPath libraries", async () => {
    const endpoint = await startLocalCognito();
    try {
      const run = await loads(["--client-id", "1example23456789", "--username", "jane", "--endpoint-url", endpoint.url, "--region", "us-east-1"]);
      expect(run.exitCode).toBe(0);
      expect(run.bundles).toEqual(["cli.js", "input-validator.js", "call.js", "sdk.js"]);
      expect(run.node.filter((m) => ["https", "tls", "zlib", "child_process"].includes(m))).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });
});

test("V8 accepts the code cache of every bundle", async () => {
  const names = ["cli.js", "call.js", "sdk.js", "input-validator.js", "jmespath.js", "js-yaml.js", "pager.js", "terminal.js"];
  const result = await spawnCollect(process.execPath, ["-e", `const l = require(${JSON.stringify(LOADER)}); for (const n of ${JSON.stringify(names)}) l.loadBundle(n); console.log(JSON.stringify(l.refused));`], { env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
  expect(result.stderr).toBe("");
  expect(JSON.parse(result.stdout)).toEqual([]);
});
