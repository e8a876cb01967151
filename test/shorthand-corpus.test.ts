// Differential check of the shorthand parser: 4,000 inputs, random and
// shorthand-shaped, with what AWS CLI v2's own parser made of each (recorded by
// test/parity/record-shorthand.py): the same value, or the same error text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ShorthandSyntaxError, parseShorthand } from "../src/shorthand";

interface Entry { input: string; value?: unknown; error?: string }
const corpus = JSON.parse(readFileSync(join(__dirname, "parity", "shorthand-corpus.json"), "utf8")) as { cases: Entry[] };

function ours(input: string): Entry {
  try {
    return { input, value: parseShorthand(input) };
  } catch (error) {
    if (error instanceof ShorthandSyntaxError) return { input, error: error.message };
    throw error;
  }
}

test("the corpus holds both values and errors", () => {
  expect(corpus.cases.length).toBe(4000);
  expect(corpus.cases.some((c) => c.error)).toBe(true);
  expect(corpus.cases.some((c) => c.value)).toBe(true);
});

test("every input reads as AWS CLI v2 reads it", () => {
  const differences = corpus.cases.map((entry) => [entry, ours(entry.input)] as const)
    .filter(([expected, actual]) => JSON.stringify(expected) !== JSON.stringify(actual))
    .map(([expected, actual]) => ({ input: expected.input, aws: expected.value ?? expected.error, ours: actual.value ?? actual.error }));
  expect(differences.slice(0, 10)).toEqual([]);
  expect(differences.length).toBe(0);
});
