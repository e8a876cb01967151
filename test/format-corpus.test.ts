// Our output formats against the AWS CLI's own formatters, for 600 query
// results of every shape (test/parity/format-corpus.json, recorded by
// record-formats.py) and 4,000 strings written as YAML list items and keys
// (yaml-scalar-corpus.json, recorded by record-yaml-scalars.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CliError } from "../src/common/errors";
import { renderJson } from "../src/output/json";
import { tableLines, renderTable } from "../src/output/table";
import { renderText } from "../src/output/text";
import { formatYaml, renderYaml, renderYamlStream } from "../src/output/yaml";

interface Printed {
  stdout: string;
  error?: string;
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
    if (error instanceof CliError) return { stdout: "", error: error.message };
    throw error;
  }
}

/** The same output; where the AWS CLI failed, that we fail too (with our own message). */
function same(expected: Printed, actual: Printed): boolean {
  if (expected.error !== undefined) {
    if (actual.error === undefined) return false;
    // Python's own message for a row of the wrong length is clear enough to keep.
    return /^Row should have/.test(expected.error) ? actual.error === expected.error : true;
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
  test.each(Object.keys(renderers))("%s", (format) => {
    const differences = formats
      .filter(
        (c) =>
          c[format as keyof Case] !== undefined &&
          !(format !== "yaml" && format !== "yaml-stream" && hasIntegerKey(c.value)),
      )
      .map((c) => ({
        value: c.value,
        expected: c[format as keyof Case] as Printed,
        actual: print(() => renderers[format](c.value)),
      }))
      .filter(({ expected, actual }) => !same(expected, actual));
    expect(differences.slice(0, 3)).toEqual([]);
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
