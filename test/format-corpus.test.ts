// Our output formats against the AWS CLI's own formatters, for 600 query
// results of every shape (test/parity/format-corpus.json, recorded by
// record-formats.py) and 4,000 strings written as YAML list items and keys
// (yaml-scalar-corpus.json, recorded by record-yaml-scalars.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CliError, exitCode } from "../src/common/errors";
import { renderJson } from "../src/output/json";
import { tableLines, renderTable } from "../src/formats/table";
import { renderText } from "../src/formats/text";
import { formatYaml, renderYaml, renderYamlStream } from "../src/formats/yaml";

interface Printed {
  stdout: string;
  error?: string;
  exitCode?: number;
}
type Case = { value: unknown; "table-color"?: Printed } & Record<
  "json" | "text" | "table" | "yaml" | "yaml-stream",
  Printed
>;

const load = <T>(name: string): T[] =>
  (JSON.parse(readFileSync(join(__dirname, "parity", name), "utf8")) as { cases: T[] }).cases;
const formats = load<Case>("format-corpus.json");

function print(render: () => string): Printed {
  try {
    return { stdout: render() };
  } catch (error) {
    if (error instanceof CliError) return { stdout: "", error: error.message, exitCode: exitCode(error) };
    throw error;
  }
}

/** Ours where a format cannot write a result that mixes objects with other values. */
const UNPRINTABLE = {
  text: "The text output format cannot print this result: a list that mixes objects with other values. Use --output json, or change --query.",
  table:
    "The table output format cannot draw this result: a list that mixes objects with other values. Use --output json, or change --query.",
};

/**
 * The same output; where the AWS CLI failed with a Python error, that we fail
 * with exit code 255 and the sentence for it: Python's own message for a row of
 * the wrong length, clear enough, is kept (and is ours too where a row too
 * short made Python index out of range); any other failure is a result that
 * mixes objects with other values, which the format cannot write.
 */
function same(format: string, expected: Printed, actual: Printed): boolean {
  if (expected.error !== undefined) {
    if (actual.exitCode !== 255) return false;
    if (/^Row should have/.test(expected.error)) return actual.error === expected.error;
    if (expected.error === "list index out of range")
      return /^Row should have \d+ elements, instead it has \d+$/.test(actual.error ?? "");
    return actual.error === UNPRINTABLE[format.replace("-color", "") as keyof typeof UNPRINTABLE];
  }
  return actual.error === undefined && actual.stdout === expected.stdout;
}

/**
 * JavaScript puts integer-like keys first in an object; Python keeps them where
 * they were. Only YAML, which sorts keys, prints such objects the same.
 */
const hasIntegerKey = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (Array.isArray(value)
    ? value.some(hasIntegerKey)
    : Object.entries(value).some(([k, v]) => /^\d+$/.test(k) || hasIntegerKey(v)));

const renderers: Record<string, (value: unknown) => string> = {
  json: renderJson,
  text: renderText,
  table: (value) => renderTable(value, false),
  "table-color": (value) =>
    tableLines(value, true)
      .map((line) => `${line}\n`)
      .join(""),
  yaml: renderYaml,
  "yaml-stream": renderYamlStream,
};

describe("the AWS CLI's formatters", () => {
  // How many cases each format is compared on, how many of those the AWS CLI
  // failed on, and how many are set aside for an integer-like key.
  const COUNTS: Record<string, { compared: number; failed: number; filtered: number }> = {
    json: { compared: 448, failed: 0, filtered: 152 },
    text: { compared: 448, failed: 38, filtered: 152 },
    table: { compared: 448, failed: 60, filtered: 152 },
    "table-color": { compared: 94, failed: 5, filtered: 26 },
    yaml: { compared: 600, failed: 0, filtered: 0 },
    "yaml-stream": { compared: 600, failed: 0, filtered: 0 },
  };

  test.each(Object.keys(renderers))("%s", (format) => {
    const recorded = formats.filter((c) => c[format as keyof Case] !== undefined);
    const compared = recorded.filter((c) => !(format !== "yaml" && format !== "yaml-stream" && hasIntegerKey(c.value)));
    const results = compared.map((c) => ({
      value: c.value,
      expected: c[format as keyof Case] as Printed,
      actual: print(() => renderers[format](c.value)),
    }));
    const differences = results.filter(({ expected, actual }) => !same(format, expected, actual));
    expect(differences.slice(0, 3)).toEqual([]);
    expect(differences.length).toBe(0);
    expect({
      compared: compared.length,
      failed: results.filter(({ expected }) => expected.error !== undefined).length,
      filtered: recorded.length - compared.length,
    }).toEqual(COUNTS[format]);
  });

  test("YAML strings as list items and as keys", () => {
    const differences = load<{ input: string; item: string; key: string }>("yaml-scalar-corpus.json")
      .map((c) => ({
        input: c.input,
        expected: [c.item, c.key],
        actual: [formatYaml(["-", c.input]), formatYaml({ [c.input]: 1, "~": [c.input] })],
      }))
      .filter(({ expected, actual }) => expected[0] !== actual[0] || expected[1] !== actual[1]);
    expect(differences.slice(0, 3)).toEqual([]);
    expect(differences.length).toBe(0);
  });
});
