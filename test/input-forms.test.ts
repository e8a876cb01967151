// Parameter values, files and YAML as AWS CLI 2.36.7 reads them, where its
// reading is odd: fileb:// for a structure, the whitespace its shorthand and
// JSON detection skip, a byte-order mark in a file, YAML's 1.1 words and tags.
// Each row was probed with 2.36.7; the command runs in this process and
// nothing is sent (a closed port if it were).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { folder } from "./support/fixtures";
import { runMain } from "./support/io";

const dir = folder();
const file = (name: string, content: string | Buffer): string => {
  writeFileSync(join(dir, name), content);
  return name;
};
const BASE = ["--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "--client-id", "c", "--username", "u"];
const PREFIX = "resend-confirmation-code: [ERROR]: ";

async function run(args: string[]): Promise<{ exitCode: number; message: string }> {
  const outcome = await runMain([...BASE, ...args], { cwd: dir });
  expect(outcome.stdout).toBe("");
  const text = outcome.stderr.replace(/^\n+|\n+$/g, "");
  expect(text.startsWith(PREFIX), text).toBe(true);
  return { exitCode: outcome.exitCode, message: text.slice(PREFIX.length) };
}

describe("fileb:// for a structure or map parameter fails as the AWS CLI fails (255)", () => {
  const IN_STRING = "'in <string>' requires string as left operand, not int";
  test.each([
    ["--client-metadata", file("map.json", '{"a":"b"}'), IN_STRING],
    ["--user-context-data", file("spaces", "   "), IN_STRING],
    ["--analytics-metadata", file("binary", Buffer.from([0xff, 0xfe])), IN_STRING],
    ["--client-metadata", file("shorthand", "a=b"), IN_STRING],
    ["--client-metadata", file("empty", ""), "a bytes-like object is required, not 'str'"],
  ])("%s fileb://%s", async (flag, name, message) => {
    expect(await run([flag, `fileb://${name}`])).toEqual({ exitCode: 255, message });
  });

  test("a string parameter still refuses the bytes as a parameter (252)", async () => {
    const { exitCode, message } = await run(["--secret-hash", `fileb://${file("hash", "x")}`]);
    expect(exitCode).toBe(252);
    expect(message).toBe(
      "An error occurred (ParamValidation): Parameter validation failed:\nInvalid type for parameter SecretHash, value: b'x', type: <class 'bytes'>, valid types: <class 'str'>",
    );
  });

  test("parameters are read in the model's order: an earlier one's error comes first", async () => {
    const { exitCode, message } = await run([
      "--client-metadata",
      `fileb://${file("m2", "{}")}`,
      "--user-context-data",
      "x",
    ]);
    expect(exitCode).toBe(252);
    expect(message).toBe(
      "An error occurred (ParamValidation): Error parsing parameter '--user-context-data': Expected: '=', received: 'EOF' for input:\n x\n ^",
    );
  });
});

describe("a structure's value is JSON when a { follows Python's whitespace", () => {
  const PARSING = "An error occurred (ParamValidation): Error parsing parameter '--client-metadata': ";
  test.each([
    // U+001C..U+001F and NEL are whitespace to Python's strip(), though not to JSON.
    ['\u001f{"a":"b"}', "Invalid JSON: Expecting value: line 1 column 1 (char 0)"],
    ['\u0085{"a":"b"}', "Invalid JSON: Expecting value: line 1 column 1 (char 0)"],
    ["\u0085[1]", "Invalid JSON:"],
    // A byte-order mark is no whitespace: the value is shorthand.
    ['\ufeff{"a":"b"}', "Expected: '=', received: '\ufeff' for input:"],
  ])("%j", async (value, first) => {
    const { exitCode, message } = await run(["--client-metadata", value]);
    expect(exitCode).toBe(252);
    expect(message.split("\n")[0]).toBe(PARSING + first);
  });
});

test("a byte-order mark at the start of a file:// value is kept, as Python's UTF-8 keeps it", async () => {
  const name = file("bom.json", '\ufeff{"a": "b"}');
  const { exitCode, message } = await run(["--client-metadata", `file://${name}`]);
  expect(exitCode).toBe(252);
  expect(message.split("\n")[0]).toBe(
    "An error occurred (ParamValidation): Error parsing parameter '--client-metadata': Expected: '=', received: '\ufeff' for input:",
  );
});

describe("YAML that the AWS CLI fails on with Python's own words (255), nothing sent", () => {
  test.each([
    ["1: x", "keywords must be strings"],
    ["? [a, b]\n: 1", "keywords must be strings"],
    ["{1: x}", "keywords must be strings"],
    ["ClientMetadata: {a: !!bool foo}", "'foo'"],
    ["ClientMetadata: !!omap [a: '1', a: '2']", ""],
    ["%YAML 1.0\n---\nClientMetadata: {}", "(1, 0)"],
  ])("%j", async (yaml, message) => {
    expect(await run(["--cli-input-yaml", yaml])).toEqual({ exitCode: 255, message });
  });

  test("a key that is not text is found as the call is made: a parameter's error comes first", async () => {
    const { exitCode, message } = await run(["--cli-input-yaml", "1: x", "--client-metadata", "x"]);
    expect(exitCode).toBe(252);
    expect(message).toBe(
      "An error occurred (ParamValidation): Error parsing parameter '--client-metadata': Expected: '=', received: 'EOF' for input:\n x\n ^",
    );
  });

  test("%YAML 1.1's yes is a boolean, which validation refuses", async () => {
    const { exitCode, message } = await run(["--cli-input-yaml", "%YAML 1.1\n---\nClientMetadata: {a: yes}"]);
    expect(exitCode).toBe(252);
    expect(message).toBe(
      "An error occurred (ParamValidation): Parameter validation failed:\nInvalid type for parameter ClientMetadata.a, value: True, type: <class 'bool'>, valid types: <class 'str'>",
    );
  });
});
