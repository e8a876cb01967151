// Benchmarks, apart from the tests.
//
// Start-up: whole processes of our command, AWS CLI v2 (when /usr/bin/aws
// exists) and `node -e 0`, run in alternation against a local endpoint. Prints
// the median wall time and peak RSS of each and the ratios ours/aws and
// ours/node.
//
// Bulk (--usernames-file): 10,000 users against the local endpoint with
// --max-rate 0 --concurrency 32, the median of three runs after a warm-up
// (users per second, peak RSS), beside the AWS CLI
// in a shell loop over the first 20 users (time per user); 500 users at
// --max-rate 50 (the rate achieved); one million usernames with --dry-run
// (peak RSS: the file is streamed).
//
// Writes bench/results.json (not committed); a run shows its change from the
// results.json it finds.
//
//   npm run bench [-- --runs N] [-- --no-aws] [-- --only startup|bulk]
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

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const samples = {};
for (let run = only === "bulk" ? RUNS : -WARMUP; run < RUNS; run += 1) {
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

/** Runs our command once over a usernames file; wall time, peak RSS, exit code and result lines. */
async function bulkRun(file, args) {
  const result = await once(process.execPath, [OURS, "--client-id", "1example23456789", "--usernames-file", file, "--endpoint-url", endpoint.url, "--region", "us-east-1", ...args]);
  return result;
}

async function bulkBench() {
  const { writeFileSync: write } = await import("node:fs");
  const file = (name, n) => {
    const path = join(home, name);
    write(path, Array.from({ length: n }, (_, i) => `user-${i + 1}`).join("\n") + "\n");
    return path;
  };
  const tenThousand = file("10k.txt", 10_000);
  // A warm-up run, then three measured: the median is reported.
  await bulkRun(file("1k.txt", 1_000), ["--max-rate", "0", "--concurrency", "32"]);
  const fastRuns = [];
  for (let i = 0; i < 3; i += 1) {
    const before = endpoint.requests.length;
    const run = await bulkRun(tenThousand, ["--max-rate", "0", "--concurrency", "32"]);
    const served = endpoint.requests.length - before;
    if (run.code !== 0 || served !== 10_000) throw new Error(`bulk: exit ${run.code}, ${served} requests`);
    fastRuns.push(run);
  }
  fastRuns.sort((a, b) => a.ms - b.ms);
  const fast = { ms: fastRuns[1].ms, rssKiB: Math.max(...fastRuns.map((r) => r.rssKiB)) };
  const paced = await bulkRun(file("500.txt", 500), ["--max-rate", "50"]);
  const million = await bulkRun(file("1m.txt", 1_000_000), ["--dry-run"]);
  let awsPerUser = null;
  if (tools.aws) {
    const started = process.hrtime.bigint();
    for (let i = 1; i <= 20; i += 1) await once(AWS, ["cognito-idp", "resend-confirmation-code", "--client-id", "1example23456789", "--username", `user-${i}`, "--endpoint-url", endpoint.url, "--region", "us-east-1"]);
    awsPerUser = Number(process.hrtime.bigint() - started) / 1e6 / 20;
  }
  return {
    usersPerSecond: Math.round(10_000 / (fast.ms / 1000)),
    peakRssMiB: Number((fast.rssKiB / 1024).toFixed(1)),
    msPerUser: Number((fast.ms / 10_000).toFixed(3)),
    awsMsPerUser: awsPerUser === null ? null : Number(awsPerUser.toFixed(1)),
    pacedRate: Number((500 / (paced.ms / 1000)).toFixed(2)),
    pacedWithin5Percent: Math.abs(500 / (paced.ms / 1000) - 50) <= 2.5,
    millionDryRunPeakRssMiB: Number((million.rssKiB / 1024).toFixed(1)),
    millionDryRunSeconds: Number((million.ms / 1000).toFixed(1)),
  };
}

const bulkResults = only === "startup" ? undefined : await bulkBench();

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
  bulk: bulkResults,
};

const pad = (text, n) => String(text).padStart(n);
if (Object.keys(samples).length > 0) console.log(`median of ${RUNS} runs each, in alternation; node ${process.version}, ${cpus().length} CPUs${measureRss ? "" : " (no /usr/bin/time: RSS not measured)"}`);
if (Object.keys(samples).length > 0) console.log(`${"scenario".padEnd(22)}${pad("ours ms", 9)}${pad("aws ms", 9)}${pad("node ms", 9)}${pad("ours/node", 11)}${pad("ours/aws", 10)}${pad("ours MiB", 10)}${pad("aws MiB", 9)}${previous ? pad("ours then", 11) : ""}`);
for (const [name, s] of Object.entries(results.scenarios)) {
  const then = previous?.scenarios?.[name]?.ours?.medianMs;
  console.log(`${name.padEnd(22)}${pad(s.ours.medianMs, 9)}${pad(s.aws?.medianMs ?? "-", 9)}${pad(s.node.medianMs, 9)}${pad(s.oursOverNode, 11)}${pad(s.oursOverAws ?? "-", 10)}${pad(s.ours.peakRssMiB ?? "-", 10)}${pad(s.aws?.peakRssMiB ?? "-", 9)}${previous ? pad(then ?? "-", 11) : ""}`);
}
if (bulkResults) {
  const b = bulkResults;
  const then = previous?.bulk;
  console.log("");
  console.log(`bulk, 10,000 users, --max-rate 0 --concurrency 32: ${b.usersPerSecond} users/s (${b.msPerUser} ms a user), peak RSS ${b.peakRssMiB} MiB${then ? ` (then ${then.usersPerSecond} users/s, ${then.peakRssMiB} MiB)` : ""}`);
  if (b.awsMsPerUser !== null) console.log(`AWS CLI in a shell loop over 20 users: ${b.awsMsPerUser} ms a user (${Math.round(b.awsMsPerUser / b.msPerUser)}× ours)`);
  console.log(`500 users at --max-rate 50: ${b.pacedRate} a second achieved (${b.pacedWithin5Percent ? "within" : "NOT within"} 5% of 50)`);
  console.log(`1,000,000 usernames, --dry-run: peak RSS ${b.millionDryRunPeakRssMiB} MiB in ${b.millionDryRunSeconds} s`);
}
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${RESULTS}${previous ? ` (the previous run, ${previous.date}, is in the last column)` : ""}`);
await endpoint.close();
