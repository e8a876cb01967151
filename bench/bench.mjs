// Start-up benchmark: whole processes of our command, AWS CLI v2 (when
// /usr/bin/aws exists) and `node -e 0`, run in alternation against a local
// endpoint. Prints the median wall time and peak RSS of each, the ratios
// ours/aws and ours/node, and writes bench/results.json (not committed); a run
// shows its change from the results.json it finds.
//
//   npm run bench [-- --runs N]
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCognito } from "../test/support/local-cognito.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OURS = join(ROOT, "bin", "resend-confirmation-code.js");
const AWS = "/usr/bin/aws";
const TIME = "/usr/bin/time";
const RESULTS = join(ROOT, "bench", "results.json");
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt === -1 ? 15 : Number(process.argv[runsAt + 1]);
const WARMUP = 2;

const endpoint = await startLocalCognito();
const home = mkdtempSync(join(tmpdir(), "rcc-bench-"));
const env = {
  PATH: process.env.PATH, HOME: home, LANG: "C.UTF-8",
  AWS_CONFIG_FILE: join(home, "config"), AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
  AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "",
};
const call = ["--client-id", "1example23456789", "--username", "jane", "--endpoint-url", endpoint.url, "--region", "us-east-1"];
const scenarios = [
  { name: "skeleton", args: ["--generate-cli-skeleton"] },
  { name: "skeleton yaml-input", args: ["--generate-cli-skeleton", "yaml-input"] },
  { name: "validation error", args: ["--client-id", "1example23456789"], exitCode: 252 },
  { name: "help", args: ["--help"], aws: ["help"] },
  { name: "full call", args: call },
];
const tools = {
  ours: (s) => [process.execPath, [OURS, ...s.args]],
  ...(existsSync(AWS) && !process.argv.includes("--no-aws") ? { aws: (s) => [AWS, ["cognito-idp", "resend-confirmation-code", ...(s.aws ?? s.args)]] } : {}),
  node: () => [process.execPath, ["-e", "0"]],
};
const measureRss = existsSync(TIME);

/** One whole process: wall milliseconds, peak RSS in KiB (via /usr/bin/time), exit code. */
function once(command, args) {
  return new Promise((resolve, reject) => {
    const [file, argv] = measureRss ? [TIME, ["-f", "%M", command, ...args]] : [command, args];
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { env, cwd: home, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = measureRss ? Number(stderr.trim().split("\n").pop()) : NaN;
      resolve({ ms, rssKiB: rss, code });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const samples = {};
for (let run = -WARMUP; run < RUNS; run += 1) {
  for (const scenario of scenarios) {
    for (const [tool, make] of Object.entries(tools)) {
      const [command, args] = make(scenario);
      const result = await once(command, args);
      if (tool === "ours" && result.code !== (scenario.exitCode ?? 0)) {
        throw new Error(`${scenario.name}: ours exited ${result.code}`);
      }
      if (run < 0) continue;
      ((samples[scenario.name] ??= {})[tool] ??= []).push(result);
    }
  }
  process.stderr.write(`\rrun ${Math.max(run + 1, 0)}/${RUNS}`);
}
process.stderr.write("\n");

const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : undefined;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  runs: RUNS,
  scenarios: Object.fromEntries(Object.entries(samples).map(([name, byTool]) => {
    const stats = Object.fromEntries(Object.entries(byTool).map(([tool, xs]) => [tool, {
      medianMs: Number(median(xs.map((x) => x.ms)).toFixed(1)),
      peakRssMiB: measureRss ? Number((Math.max(...xs.map((x) => x.rssKiB)) / 1024).toFixed(1)) : null,
    }]));
    const ours = stats.ours.medianMs;
    return [name, {
      ...stats,
      oursOverNode: Number((ours / stats.node.medianMs).toFixed(2)),
      oursOverAws: stats.aws ? Number((ours / stats.aws.medianMs).toFixed(3)) : null,
    }];
  })),
};

const pad = (text, n) => String(text).padStart(n);
console.log(`median of ${RUNS} runs each, in alternation; node ${process.version}, ${cpus().length} CPUs${measureRss ? "" : " (no /usr/bin/time: RSS not measured)"}`);
console.log(`${"scenario".padEnd(22)}${pad("ours ms", 9)}${pad("aws ms", 9)}${pad("node ms", 9)}${pad("ours/node", 11)}${pad("ours/aws", 10)}${pad("ours MiB", 10)}${pad("aws MiB", 9)}${previous ? pad("ours then", 11) : ""}`);
for (const [name, s] of Object.entries(results.scenarios)) {
  const then = previous?.scenarios?.[name]?.ours?.medianMs;
  console.log(`${name.padEnd(22)}${pad(s.ours.medianMs, 9)}${pad(s.aws?.medianMs ?? "-", 9)}${pad(s.node.medianMs, 9)}${pad(s.oursOverNode, 11)}${pad(s.oursOverAws ?? "-", 10)}${pad(s.ours.peakRssMiB ?? "-", 10)}${pad(s.aws?.peakRssMiB ?? "-", 9)}${previous ? pad(then ?? "-", 11) : ""}`);
}
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${RESULTS}${previous ? ` (the previous run, ${previous.date}, is in the last column)` : ""}`);
await endpoint.close();
