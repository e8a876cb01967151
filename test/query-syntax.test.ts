// Differential check of --query's syntax: 4,000 expressions, hand-picked and
// random, with the reason AWS CLI v2 gave for refusing each, or none (recorded
// by test/parity/record-query-errors.py through the AWS CLI's own check).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CliError, EXIT, exitCode } from "../src/common";
import { checkQuerySyntax } from "../src/formats/query";

const corpus = JSON.parse(readFileSync(join(__dirname, "parity", "query-error-corpus.json"), "utf8")) as {
  awsCliVersion: string;
  cases: Array<{ expression: string; reason: string | null }>;
};

/** The reason this command gives for an expression, or null when it takes it. */
function ours(expression: string): string | null {
  try {
    checkQuerySyntax(expression);
    return null;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    expect(exitCode(error)).toBe(EXIT.usage);
    const prefix = `Bad value for --query ${expression}: `;
    expect(error.message.startsWith(prefix)).toBe(true);
    return error.message.slice(prefix.length);
  }
}

describe("--query syntax, as AWS CLI v2 reads it", () => {
  test("the corpus, recorded from AWS CLI v2, holds expressions taken and refused", () => {
    expect(corpus.awsCliVersion).toMatch(/^2\./);
    expect(corpus.cases.length).toBe(4000);
    expect(corpus.cases.filter((c) => c.reason === null).length).toBeGreaterThan(1000);
  });

  test("every expression it refuses is refused with its reason, column and caret", () => {
    const found = corpus.cases
      .filter(({ expression, reason }) => reason !== null || expression === "")
      .map(({ expression, reason }) => ({ expression, expected: reason, actual: ours(expression) }))
      .filter(({ expected, actual }) => expected !== actual);
    expect(found.slice(0, 10)).toEqual([]);
  });

  test("every expression the AWS CLI takes is taken, before anything is sent", () => {
    const refused = corpus.cases
      .filter(({ reason }) => reason === null)
      .map(({ expression }) => ({ expression, reason: ours(expression) }))
      .filter(({ reason }) => reason !== null);
    expect(refused).toEqual([]);
  });
});
