// Records what AWS CLI v2 does for every case in cases.ts into
// aws-cli-fixtures.json, with the reference's version. The reference is the
// program AWS_CLI names (default /usr/bin/aws; apt-get install -y awscli):
//   AWS_CLI=/path/to/aws node scripts/run-ts.mjs test/parity/record.ts [name-filter ...]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CaseOutcome, AWS_BIN, runCase } from "../support/run-case";
import { ROOT, spawnCollect } from "../support/process";
import { cases } from "./cases";

interface Fixtures {
  awsCliVersion?: string;
  cases: Record<string, CaseOutcome>;
}

export async function main(filters: string[]): Promise<void> {
  const FIXTURES = join(ROOT, "test", "parity", "aws-cli-fixtures.json");
  if (!existsSync(AWS_BIN)) {
    console.error(`${AWS_BIN} is missing: apt-get install -y awscli, or set AWS_CLI to the AWS CLI v2 to record`);
    process.exit(1);
  }
  const fixtures: Fixtures = existsSync(FIXTURES) ? JSON.parse(readFileSync(FIXTURES, "utf8")) : { cases: {} };
  fixtures.awsCliVersion = (await spawnCollect(AWS_BIN, ["--version"])).stdout.trim();
  const queue = cases.filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));
  const workers = Array.from({ length: 4 }, async () => {
    for (let testCase = queue.shift(); testCase; testCase = queue.shift()) {
      fixtures.cases[testCase.name] = await runCase(testCase, "aws");
      console.log(`${fixtures.cases[testCase.name].exitCode}\t${testCase.name}`);
    }
  });
  await Promise.all(workers);
  const known = new Set(cases.map((c) => c.name));
  for (const name of Object.keys(fixtures.cases)) if (!known.has(name)) delete fixtures.cases[name];
  fixtures.cases = Object.fromEntries(
    cases.filter((c) => fixtures.cases[c.name]).map((c) => [c.name, fixtures.cases[c.name]]),
  );
  writeFileSync(FIXTURES, `${JSON.stringify(fixtures, null, 2)}\n`);
}
