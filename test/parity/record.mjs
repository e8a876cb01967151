// Records what AWS CLI v2 does for every case in cases.mjs into
// aws-cli-fixtures.json. Needs /usr/bin/aws (apt-get install -y awscli):
//   node test/parity/record.mjs [name-filter ...]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cases } from "./cases.mjs";
import { AWS_BIN, ROOT, runCase, spawnCollect } from "../support/run-case.mjs";

const FIXTURES = join(ROOT, "test", "parity", "aws-cli-fixtures.json");
if (!existsSync(AWS_BIN)) {
  console.error(`${AWS_BIN} is missing: apt-get install -y awscli`);
  process.exit(1);
}
const filters = process.argv.slice(2);
const fixtures = existsSync(FIXTURES) ? JSON.parse(readFileSync(FIXTURES, "utf8")) : { cases: {} };
fixtures.awsCliVersion = (await spawnCollect(AWS_BIN, ["--version"])).stdout.trim();
const queue = cases.filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));
const workers = Array.from({ length: 4 }, async () => {
  while (queue.length > 0) {
    const testCase = queue.shift();
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
