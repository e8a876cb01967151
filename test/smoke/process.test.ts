// The built command as its own process: what it asks of the machine (no
// credentials, no metadata service, no SDK warning), its peak memory on
// hostile input and on 100 MB replies, and the package a user installs.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { startFaultServer } from "../support/fault-server";
import { C, aliasBomb, at, folder, lastLine } from "../support/fixtures";
import { startLocalCognito } from "../support/local-cognito";
import { OUR_BIN, ROOT, cleanEnv, spawnCollect } from "../support/process";

const base = ["--client-id", C, "--username", "jane"];
const TIME = "/usr/bin/time";

test.concurrent("a call needs no credentials, asks no metadata service, prints no SDK warning", async () => {
  const imds = await startLocalCognito();
  const endpoint = await startLocalCognito();
  const home = folder();
  try {
    const env: NodeJS.ProcessEnv = { ...cleanEnv(home), AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url };
    delete env.AWS_EC2_METADATA_DISABLED;
    const result = await spawnCollect(process.execPath, [OUR_BIN, ...base, ...at(endpoint)], { cwd: home, env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0].headers.authorization).toBeUndefined();
    expect(imds.requests).toEqual([]);
  } finally {
    await Promise.all([imds.close(), endpoint.close()]);
  }
});

test.concurrent("--resume FILE > FILE is refused before anything is sent; >> FILE is read, then appended to", async () => {
  const endpoint = await startLocalCognito();
  const home = folder({ "users.txt": "user-1\nuser-2\n" });
  const command = (redirect: string) =>
    `${JSON.stringify(process.execPath)} ${JSON.stringify(OUR_BIN)} --client-id ${C} --usernames-file users.txt --max-rate 0 ${at(endpoint).join(" ")} --resume run.jsonl ${redirect} run.jsonl`;
  try {
    const first = await spawnCollect("sh", ["-c", command(">")], { cwd: home, env: cleanEnv(home) });
    expect(first.exitCode).toBe(252);
    expect(first.stderr).toContain('Bad value for --resume "run.jsonl": it is also where this run writes its results');
    expect(endpoint.requests).toHaveLength(0);
    writeFileSync(join(home, "run.jsonl"), `{"Username":"user-1","ClientId":"${C}","Status":"SENT"}\n`);
    const appended = await spawnCollect("sh", ["-c", command(">>")], { cwd: home, env: cleanEnv(home) });
    expect(appended.exitCode, appended.stderr).toBe(0);
    // user-1 was sent before: only user-2 is sent now.
    expect(endpoint.bodies().map((body) => body.Username)).toEqual(["user-2"]);
  } finally {
    await endpoint.close();
  }
});

describe.runIf(existsSync(TIME))("peak memory (needs /usr/bin/time)", () => {
  /** Runs the command under /usr/bin/time: what it printed, and its peak RSS in MiB. */
  async function measure(
    dir: string,
    args: string[],
  ): Promise<{ exitCode: number | null; stdout: string; stderr: string; seconds: number; peakMiB: number }> {
    const report = join(mkdtempSync(join(dir, "time-")), "rss");
    const started = process.hrtime.bigint();
    const run = await spawnCollect(TIME, ["-f", "%M", "-o", report, process.execPath, OUR_BIN, ...args], {
      cwd: dir,
      env: cleanEnv(dir),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakMiB = Number(execFileSync("tail", ["-n", "1", report], { encoding: "utf8" }).trim()) / 1024;
    return { ...run, seconds, peakMiB };
  }

  test.concurrent("hostile input costs no more than its size: a 50 MB line, a 10 MB value in a message, an alias bomb, 20,000 unknown keys", async () => {
    const dir = folder();
    const write = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const keys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, "v"]));
    const closed = ["--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"];
    const cases: Array<[string, string[], number]> = [
      [
        "a 50 MB line",
        [
          "--client-id",
          "c",
          "--usernames-file",
          write("long.txt", `alice\n${"u".repeat(50 * 1024 * 1024)}\nbob`),
          "--dry-run",
        ],
        0,
      ],
      [
        "a 10 MB value",
        [
          "--client-id",
          "c",
          "--username",
          "u",
          "--user-context-data",
          `file://${write("big.json", JSON.stringify({ IpAddress: ["x".repeat(10 * 1024 * 1024)] }))}`,
        ],
        252,
      ],
      ["an alias bomb", ["--cli-input-yaml", `file://${write("bomb.yaml", aliasBomb())}`], 252],
      [
        "20,000 unknown keys",
        [
          "--client-id",
          "c",
          "--username",
          "u",
          "--user-context-data",
          `file://${write("ucd.json", JSON.stringify({ ...keys, IpAddress: "1.2.3.4" }))}`,
        ],
        252,
      ],
    ];
    const runs = await Promise.all(cases.map(([, args]) => measure(dir, [...closed, ...args])));
    expect(runs.map((run, i) => [cases[i][0], run.exitCode])).toEqual(
      cases.map(([name, , exitCode]) => [name, exitCode]),
    );
    // Generous bounds: a quadratic step or a copy per character would pass them by far.
    for (const [i, run] of runs.entries()) {
      expect(run.peakMiB, cases[i][0]).toBeGreaterThan(0);
      expect(run.peakMiB, `${cases[i][0]}: peak RSS in MiB`).toBeLessThan(300);
      expect(run.seconds, cases[i][0]).toBeLessThan(15);
    }
  });

  test.concurrent("a 100 MB reply keeps the peak memory small, and is not sent again", async () => {
    for (const mode of ["huge200chunked", "huge400"]) {
      const server = await startFaultServer(mode);
      try {
        const run = await measure(folder(), ["--client-id", C, "--username", "m-1", ...at(server)]);
        expect(run.peakMiB, run.stderr).toBeGreaterThan(0);
        expect(run.peakMiB, `${mode}: peak RSS in MiB`).toBeLessThan(200);
        expect(server.counts()).toEqual({ "m-1": 1 });
        expect(lastLine(run.stderr), mode).toMatch(/could not be read \(the body is larger than 1 MiB/);
      } finally {
        await server.close();
      }
    }
  });
});

describe("the package", () => {
  test("npm pack holds only what a user needs; installed from the tarball, npx runs it", async () => {
    const dir = folder();
    const pack = await spawnCollect("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      env: { ...process.env },
    });
    expect(pack.exitCode, pack.stderr).toBe(0);
    const [{ files, filename }] = JSON.parse(pack.stdout) as Array<{
      files: Array<{ path: string }>;
      filename: string;
    }>;
    const tops = [...new Set(files.map((f) => f.path.split("/")[0]))].sort();
    expect(tops).toEqual(["LICENSE", "README.md", "bin", "dist", "docs", "package.json", "schemas"]);
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), '{"name": "app", "private": true}\n');
    const install = await spawnCollect(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", join(dir, filename)],
      { cwd: app, env: { ...process.env } },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    // Nothing but the command itself: its libraries are in its bundles.
    expect(readdirSync(join(app, "node_modules")).filter((name) => !name.startsWith("."))).toEqual([
      "resend-confirmation-code",
    ]);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const run = await spawnCollect("npx", ["--no-install", "resend-confirmation-code", "--version"], {
      cwd: app,
      env: { ...process.env },
    });
    expect(run.stdout).toBe(
      `resend-confirmation-code/${version} Node.js/${process.version} ${process.platform}/${process.arch}\n`,
    );
    // The installed command as npx found it, run again without npx's start-up (half a second).
    const skeleton = await spawnCollect(
      process.execPath,
      [join(app, "node_modules", ".bin", "resend-confirmation-code"), "--generate-cli-skeleton"],
      { cwd: app, env: { ...process.env } },
    );
    expect(JSON.parse(skeleton.stdout)).toHaveProperty("ClientId", "");
    expect(existsSync(join(app, "node_modules", "resend-confirmation-code", "src"))).toBe(false);
  }, 120_000);
});
