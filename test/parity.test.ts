// Our command against what AWS CLI v2 did for the same input (recorded in
// test/parity/aws-cli-fixtures.json by test/parity/record.mjs): the same request
// bodies at the endpoint, the same stdout byte for byte, the same exit code, and
// the same error text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
// @ts-expect-error plain JavaScript shared with the recorder
import { cases } from "./parity/cases.mjs";
// @ts-expect-error plain JavaScript shared with the recorder
import { ROOT, runCase } from "./support/run-case.mjs";

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  requests: unknown[];
}
/** A deliberate difference from the AWS CLI: what ours does instead, and why. */
interface Differs {
  why: string;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  requests?: unknown[];
}
interface Case {
  name: string;
  stderr?: "exact" | "first-line" | "ignore";
  differs?: Differs;
}

const fixtures = JSON.parse(readFileSync(join(ROOT, "test", "parity", "aws-cli-fixtures.json"), "utf8")) as {
  cases: Record<string, Outcome>;
};

const BANNER = /^\nusage: [^\n]*\n(?:[^\n]+\n)*\n(?:(?: {2}[^\n]*\n)+\n)?/;

/** The error text without the usage synopsis, which names each program its own way. */
function withoutBanner(stderr: string): string {
  const match = BANNER.exec(stderr);
  const rest = match ? stderr.slice(match[0].length) : stderr;
  return rest.replace(/^(aws|resend-confirmation-code): error: /m, "error: ");
}

const firstLine = (stderr: string): string => stderr.split("\n").find((line) => line.trim() !== "") ?? "";

describe("the same outcome as AWS CLI v2", () => {
  test("every case has a recorded fixture", () => {
    expect((cases as Case[]).filter((c) => !fixtures.cases[c.name]).map((c) => c.name)).toEqual([]);
  });

  test.concurrent.each((cases as Case[]).map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const expected = { ...fixtures.cases[testCase.name], ...testCase.differs };
    const actual = (await runCase(testCase, "ours")) as Outcome;
    expect(actual.requests, "request bodies").toEqual(expected.requests);
    expect(actual.stdout, "stdout").toBe(expected.stdout);
    expect(actual.exitCode, "exit code").toBe(expected.exitCode);
    const mode = testCase.differs?.stderr !== undefined ? "exact" : (testCase.stderr ?? "exact");
    if (mode === "exact") {
      expect(BANNER.test(actual.stderr), "a usage synopsis").toBe(BANNER.test(expected.stderr));
      expect(withoutBanner(actual.stderr), "stderr").toBe(withoutBanner(expected.stderr));
    }
    if (mode === "first-line")
      expect(firstLine(actual.stderr), "first line of stderr").toBe(firstLine(expected.stderr));
    if (mode === "ignore") expect(actual.stderr.length, "a debug log").toBeGreaterThan(0);
  });
});
