// Differential check of the JSON parser: 3,000 JSON-like inputs with what
// Python's json module (the AWS CLI's) made of each, recorded by
// test/parity/record-json.py: the same value, or the same error text.
import { expect, test } from "vitest";
import { JsonSyntaxError, parseJson } from "../src/input/json-parse";
import { PyFloat } from "../src/common/pyrepr";
import { differences, loadCorpus } from "./support/corpus";

const corpus = loadCorpus("json-corpus.json");

/** Floats as plain numbers, and non-finite ones as the record spells them. */
const encodable = (raw: unknown): unknown => {
  const value = raw instanceof PyFloat ? raw.value : raw;
  if (typeof value === "number" && !Number.isFinite(value))
    return { $number: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  if (Array.isArray(value)) return value.map(encodable);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodable(v)]));
  return value;
};

test("the corpus holds both values and errors", () => {
  expect(corpus.length).toBe(3000);
  expect(corpus.some((c) => c.error)).toBe(true);
  expect(corpus.some((c) => "value" in c)).toBe(true);
});

test("every input reads as Python's json module reads it", () => {
  const found = differences(corpus, (input) => encodable(parseJson(input)), JsonSyntaxError);
  expect(found.slice(0, 10)).toEqual([]);
  expect(found.length).toBe(0);
});
