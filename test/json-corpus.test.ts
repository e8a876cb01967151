// Differential check of the JSON parser: 3,000 JSON-like inputs with what
// Python's json module (the AWS CLI's) made of each, recorded by
// test/parity/record-json.py: the same value, or the same error text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { JsonSyntaxError, parseJson } from "../src/json-parse";

interface Entry { input: string; value?: unknown; error?: string }
const corpus = JSON.parse(readFileSync(join(__dirname, "parity", "json-corpus.json"), "utf8")) as { cases: Entry[] };

const encodable = (value: unknown): unknown => {
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  if (Array.isArray(value)) return value.map(encodable);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodable(v)]));
  return value;
};

function ours(input: string): Entry {
  try {
    return { input, value: encodable(parseJson(input)) };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { input, error: error.message };
    throw error;
  }
}

test("the corpus holds both values and errors", () => {
  expect(corpus.cases.length).toBe(3000);
  expect(corpus.cases.some((c) => c.error)).toBe(true);
  expect(corpus.cases.some((c) => "value" in c)).toBe(true);
});

test("every input reads as Python's json module reads it", () => {
  const differences = corpus.cases.map((entry) => [entry, ours(entry.input)] as const)
    .filter(([expected, actual]) => JSON.stringify(expected) !== JSON.stringify(actual))
    .map(([expected, actual]) => ({ input: expected.input, python: expected.value ?? expected.error, ours: actual.value ?? actual.error }));
  expect(differences.slice(0, 10)).toEqual([]);
  expect(differences.length).toBe(0);
});
