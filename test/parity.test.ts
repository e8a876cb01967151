// Our command against what AWS CLI v2 did for the same input (recorded in
// test/parity/aws-cli-fixtures.json by test/parity/record.ts): the same request
// bodies at the endpoint, the same stdout byte for byte, the same exit code, and
// the same error text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { type Differs, cases } from "./parity/cases";
import { ROOT } from "./support/process";
import { type CaseOutcome, normalised, runCase } from "./support/run-case";

const fixtures = JSON.parse(readFileSync(join(ROOT, "test", "parity", "aws-cli-fixtures.json"), "utf8")) as {
  awsCliVersion: string;
  cases: Record<string, CaseOutcome>;
};

describe("the same outcome as AWS CLI v2", () => {
  test("every case has a recorded fixture, from AWS CLI v2", () => {
    expect(fixtures.awsCliVersion).toMatch(/^aws-cli\/2\./);
    expect(cases.filter((c) => !fixtures.cases[c.name]).map((c) => c.name)).toEqual([]);
  });

  // The cases that wait on retries and timeouts start first, so that the rest run beside them.
  const slowFirst = [...cases].sort((a, b) => Number(b.faults !== undefined) - Number(a.faults !== undefined));
  test.concurrent.each(slowFirst.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const expected: Omit<CaseOutcome, "requests"> & Partial<Differs> = {
      ...fixtures.cases[testCase.name],
      ...testCase.differs,
    };
    const actual = await runCase(testCase, "ours");
    expect(actual.requests, "request bodies").toEqual(expected.requests);
    expect(actual.stdout, "stdout").toBe(expected.stdout);
    expect(actual.exitCode, "exit code").toBe(expected.exitCode);
    const mode = testCase.differs?.stderr !== undefined ? "exact" : (testCase.stderr ?? "exact");
    if (mode === "exact") {
      const hint = testCase.hint === undefined ? "" : `${testCase.hint}\n`;
      expect(normalised(actual.stderr), "stderr").toBe(normalised(expected.stderr) + hint);
    }
    if (mode === "ignore") expect(actual.stderr.length, "a debug log").toBeGreaterThan(0);
  });
});
