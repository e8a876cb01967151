// Differential check of --query's evaluation: 8,431 expressions applied to 30
// documents, with what AWS CLI v2's JMESPath made of each: its result (as
// Python's json.dumps writes it, so that 1 and 1.0 differ) or its error
// (recorded by test/parity/record-query-eval.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CliError, EXIT, PyFloat, exitCode, ownEntries } from "../src/common";
import { parseJson } from "../src/input/json-parse";
import { jsonString } from "../src/output/json";
import { evaluate } from "../src/formats/query-eval";
import { parseQuery } from "../src/formats/query-parse";
import { jsonFloat } from "../src/output/values";

const corpus = JSON.parse(readFileSync(join(__dirname, "parity", "query-eval-corpus.json"), "utf8")) as {
  awsCliVersion: string;
  documents: string[];
  cases: Array<{ document: number; expression: string; result?: string; error?: string; unserializable?: string }>;
};

/** A value as Python's json.dumps writes it (", " and ": " between items, non-ASCII kept; keys in the order they came). */
function dumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof PyFloat) return jsonFloat(value);
  if (typeof value === "string") return jsonString(value);
  if (Array.isArray(value)) return `[${value.map(dumps).join(", ")}]`;
  return `{${ownEntries(value as object)
    .map(([k, v]) => `${jsonString(k)}: ${dumps(v)}`)
    .join(", ")}}`;
}

const documents = corpus.documents.map((text) => parseJson(text));

/**
 * Where Python's objects do what ours cannot (docs/differences.md):
 * keys that are not strings, which merge() makes from a list of pairs after
 * its first object.
 */
const KEPT_APART: Array<[string, (expression: string) => boolean]> = [
  ["keys that are not strings", (e) => /merge\(.*`\[\[[^"]/.test(e)],
];

function ours(document: number, expression: string): { result?: string; error?: string } {
  try {
    return { result: dumps(evaluate(parseQuery(expression), documents[document])) };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    expect(exitCode(error)).toBe(EXIT.other);
    return { error: error.message };
  }
}

describe("--query evaluated as AWS CLI v2 evaluates it", () => {
  test("the corpus, recorded from AWS CLI v2, holds results and errors", () => {
    expect(corpus.awsCliVersion).toMatch(/^2\./);
    expect(corpus.cases.length).toBe(8431);
    expect(corpus.cases.filter((c) => c.error !== undefined).length).toBeGreaterThan(1000);
  });

  // What differs from the record: each case's expression, with the expected and the actual outcome.
  const differences = corpus.cases
    .filter((c) => c.unserializable === undefined)
    .map((c) => {
      const actual = ours(c.document, c.expression);
      // An expression's address in memory is Python's alone.
      const unplaced = (text: string): string => text.replaceAll(" at 0x<addr>", "");
      const expected =
        c.error !== undefined
          ? { error: unplaced(c.error.replace(/^\w+: /, "")) }
          : { result: unplaced(c.result as string) };
      const same = expected.error !== undefined ? actual.error === expected.error : actual.result === expected.result;
      return { document: c.document, expression: c.expression, expected, actual, same };
    })
    .filter(({ same }) => !same);
  const keptApart = (expression: string): boolean => KEPT_APART.some(([, applies]) => applies(expression));

  test("every result is the AWS CLI's, to the float and in its keys' order; every error is in its words", () => {
    expect(differences.filter(({ expression }) => !keptApart(expression)).slice(0, 10)).toEqual([]);
  });

  test("an expression left in a result cannot be written as JSON, in the AWS CLI's words", () => {
    const unwritable = corpus.cases.filter((c) => c.unserializable !== undefined);
    expect(unwritable.length).toBeGreaterThan(0);
    for (const c of unwritable) {
      expect(() => evaluate(parseQuery(c.expression), documents[c.document], "json")).toThrow(
        "Encountered unrecognized type in JSON encoder.",
      );
    }
  });

  test("an expression left in a result cannot be written as YAML either; text and table show it", () => {
    const tree = parseQuery("[&a]");
    for (const format of ["yaml", "yaml-stream"]) {
      expect(() => evaluate(tree, {}, format)).toThrow(
        "cannot represent an object: <jmespath.visitor._Expression object>",
      );
    }
    expect(evaluate(tree, {}, "text")).toEqual(["<jmespath.visitor._Expression object>"]);
  });

  test("the cases kept apart are few", () => {
    expect(differences.filter(({ expression }) => keptApart(expression)).length).toBeLessThanOrEqual(8);
  });
});
