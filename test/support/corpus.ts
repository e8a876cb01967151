// Recorded corpora (test/parity/*-corpus.json): each input with the value or the
// error text that the reference implementation gave for it.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Entry {
  input: string;
  value?: unknown;
  error?: string;
}

export function loadCorpus(name: string): Entry[] {
  return (JSON.parse(readFileSync(join(__dirname, "..", "parity", name), "utf8")) as { cases: Entry[] }).cases;
}

/**
 * The entries where `parse` differs from the record. `parse` returns a value or
 * throws; errors of `errorType` count as that error's message, others are bugs.
 */
export function differences(
  corpus: Entry[],
  parse: (input: string) => unknown,
  errorType: new (...args: never[]) => Error,
): Array<{ input: string; expected: unknown; actual: unknown }> {
  const ours = (input: string): Entry => {
    try {
      return { input, value: parse(input) };
    } catch (error) {
      if (error instanceof errorType) return { input, error: error.message };
      throw error;
    }
  };
  return corpus
    .map((entry) => [entry, ours(entry.input)] as const)
    .filter(([expected, actual]) => JSON.stringify(expected) !== JSON.stringify(actual))
    .map(([expected, actual]) => ({
      input: expected.input,
      expected: expected.value ?? expected.error,
      actual: actual.value ?? actual.error,
    }));
}
