// Records what AWS CLI v2 does for every case of the differential fuzz
// (fuzz-cases.ts) into fuzz-fixtures.json, and for every case of --query
// through every output format into query-format-fixtures.json, and for every
// case of the wider fuzz (fuzz-wide-cases.ts) into fuzz-wide-fixtures.json,
// each with the reference's version, the seed and the count. The reference is
// the program AWS_CLI names:
//   AWS_CLI=/path/to/aws node scripts/run-ts.mjs test/parity/record-fuzz.ts [fuzz|query|wide]
// (no argument: fuzz and query; wide only when named).
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, spawnCollect } from "../support/process";
import { AWS_BIN, type CaseOutcome, runCase } from "../support/run-case";
import type { Case } from "./cases";
import { FUZZ_SEED, fuzzCases, queryFormatCases } from "./fuzz-cases";
import { WIDE_SEED, wideCases } from "./fuzz-wide-cases";

/** Runs every case with the AWS CLI, three at a time, and writes what each did to `file`. */
async function record(cases: Case[], file: string, awsCliVersion: string, seed = FUZZ_SEED): Promise<void> {
  const outcomes: Record<string, CaseOutcome> = {};
  const queue = [...cases];
  let done = 0;
  const workers = Array.from({ length: 3 }, async () => {
    for (let testCase = queue.shift(); testCase; testCase = queue.shift()) {
      outcomes[testCase.name] = await runCase(testCase, "aws");
      done += 1;
      if (done % 100 === 0) console.log(`${file}: ${done}/${cases.length}`);
    }
  });
  await Promise.all(workers);
  const ordered = Object.fromEntries(cases.map((c) => [c.name, outcomes[c.name]]));
  writeFileSync(
    join(ROOT, "test", "parity", file),
    `${JSON.stringify({ awsCliVersion, seed, count: cases.length, cases: ordered })}\n`,
  );
}

export async function main(which: string[]): Promise<void> {
  if (!existsSync(AWS_BIN)) {
    console.error(`${AWS_BIN} is missing: set AWS_CLI to the AWS CLI v2 to record`);
    process.exit(1);
  }
  const awsCliVersion = (await spawnCollect(AWS_BIN, ["--version"])).stdout.trim();
  const all = which.length === 0;
  if (all || which.includes("fuzz")) await record(fuzzCases(), "fuzz-fixtures.json", awsCliVersion);
  if (all || which.includes("query")) await record(queryFormatCases(), "query-format-fixtures.json", awsCliVersion);
  if (which.includes("wide")) await record(wideCases(), "fuzz-wide-fixtures.json", awsCliVersion, WIDE_SEED);
}
