// Differential check of the shorthand parser: 4,000 inputs, random and
// shorthand-shaped, with what AWS CLI v2's own parser made of each (recorded by
// test/parity/record-shorthand.py): the same value, or the same error text.
import { expect, test } from "vitest";
import { ShorthandSyntaxError, parseShorthand } from "../src/input/shorthand";
import { differences, loadCorpus } from "./support/corpus";

const corpus = loadCorpus("shorthand-corpus.json");

test("the corpus holds both values and errors", () => {
  expect(corpus.length).toBe(4000);
  expect(corpus.some((c) => c.error)).toBe(true);
  expect(corpus.some((c) => c.value)).toBe(true);
});

test("every input reads as AWS CLI v2 reads it", () => {
  const found = differences(corpus, parseShorthand, ShorthandSyntaxError);
  expect(found.slice(0, 10)).toEqual([]);
  expect(found.length).toBe(0);
});
