// From the service's response to stdout: the model's members, --query, and
// each output format as the AWS CLI prints it. (The parity fixtures and the
// format corpus compare every format with the AWS CLI byte for byte; these
// cases name the rules.)
import { describe, expect, test } from "vitest";
import { responseValue } from "../src/call/response";
import { renderOutput } from "../src/output/render";
import { resolveColor, resolveFormat, resolvePager } from "../src/output/settings";
import { exitOf } from "./support/exit-of";
import { renderYaml, renderYamlStream } from "../src/formats/yaml";
import { renderTable } from "../src/formats/table";

const RESPONSE = {
  $metadata: { httpStatusCode: 200 },
  Extra: 1,
  CodeDeliveryDetails: { AttributeName: "email", Unknown: 2, DeliveryMedium: "EMAIL", Destination: "j***@e***" },
};
const out = (
  format: "json" | "text" | "table" | "yaml" | "yaml-stream",
  query?: string,
  response: unknown = RESPONSE,
): string => renderOutput(responseValue(response), { format, query, colored: false });
const profile = (settings: Record<string, string> = {}) => ({
  name: "default",
  settings: new Map(Object.entries(settings)),
});

describe("the response", () => {
  test("members follow the model's order and unknown ones are dropped", () => {
    expect(out("json")).toBe(
      '{\n    "CodeDeliveryDetails": {\n        "Destination": "j***@e***",\n        "DeliveryMedium": "EMAIL",\n        "AttributeName": "email"\n    }\n}\n',
    );
  });

  test("non-ASCII text is kept as it is", () => {
    expect(out("json", undefined, { CodeDeliveryDetails: { Destination: "z***@ë***" } })).toContain(
      '"Destination": "z***@ë***"',
    );
  });

  test.each(["json", "text", "table", "yaml", "yaml-stream"] as const)(
    "an empty response prints nothing in %s",
    (format) => {
      expect(out(format, undefined, { $metadata: {} })).toBe("");
    },
  );

  test("text: scalars in sorted key order, a nested structure under its upper-case name", () => {
    expect(out("text")).toBe("CODEDELIVERYDETAILS\temail\tEMAIL\tj***@e***\n");
  });

  test("yaml sorts keys; yaml-stream wraps the result in a list", () => {
    expect(out("yaml")).toBe(
      "CodeDeliveryDetails:\n  AttributeName: email\n  DeliveryMedium: EMAIL\n  Destination: j***@e***\n",
    );
    expect(out("yaml-stream")).toBe(
      "- CodeDeliveryDetails:\n    AttributeName: email\n    DeliveryMedium: EMAIL\n    Destination: j***@e***\n",
    );
  });

  test("table: titled, a section per structure, headers centred, cells left-aligned", () => {
    expect(out("table")).toBe(
      [
        "------------------------------------------------------",
        "|               ResendConfirmationCode               |",
        "+----------------------------------------------------+",
        "||                CodeDeliveryDetails               ||",
        "|+---------------+------------------+---------------+|",
        "|| AttributeName | DeliveryMedium   |  Destination  ||",
        "|+---------------+------------------+---------------+|",
        "||  email        |  EMAIL           |  j***@e***    ||",
        "|+---------------+------------------+---------------+|",
        "",
      ].join("\n"),
    );
  });
});

describe("--query", () => {
  test.each([
    [
      "a string",
      "CodeDeliveryDetails.Destination",
      { json: '"j***@e***"\n', text: "j***@e***\n", yaml: '"j***@e***"\n', "yaml-stream": "- j***@e***\n" },
    ],
    ["null", "CodeDeliveryDetails.Nope", { json: "null\n", text: "None\n", yaml: "null\n", "yaml-stream": "- null\n" }],
    [
      "a list",
      "[CodeDeliveryDetails.DeliveryMedium, `true`]",
      {
        json: '[\n    "EMAIL",\n    true\n]\n',
        text: "EMAIL\tTrue\n",
        yaml: "- EMAIL\n- true\n",
        "yaml-stream": "- - EMAIL\n  - true\n",
      },
    ],
    ["an empty object", "`{}`", { json: "", text: "", yaml: "", "yaml-stream": "" }],
  ] as const)("a result that is %s", (_name, query, expected) => {
    for (const [format, text] of Object.entries(expected)) expect(out(format as "json", query), format).toBe(text);
  });

  test("the same object twice is written once in YAML, then as an alias", () => {
    expect(out("yaml", "[CodeDeliveryDetails, CodeDeliveryDetails]")).toBe(
      "- &id001\n  AttributeName: email\n  DeliveryMedium: EMAIL\n  Destination: j***@e***\n- *id001\n",
    );
  });

  test("a type error while evaluating exits 255", () => {
    expect(exitOf(() => out("json", "length(`1`)"))).toBe(255);
  });
});

describe("YAML strings", () => {
  test.each([
    ["plain", "email", "email"],
    ["a number in quotes", "123", "'123'"],
    ["a YAML 1.2 boolean in quotes", "True", "'True'"],
    ["yes and no are plain strings in YAML 1.2", "yes", "yes"],
    ["a leading indicator in quotes", "*star", "'*star'"],
    ["a tab in double quotes", "a\tb", '"a\\tb"'],
    ["an emoji escaped", "😀", '"\\U0001F600"'],
  ])("%s", (_name, value, written) => {
    expect(renderYaml({ k: value })).toBe(`k: ${written}\n`);
    expect(renderYamlStream(value)).toBe(`- ${written}\n`);
  });

  test("a long string folds after 80 columns", () => {
    const long = Array.from({ length: 30 }, () => "word").join(" ");
    expect(renderYaml({ k: long })).toBe(`k: ${long.slice(0, 79)}\n  ${long.slice(80)}\n`);
  });
});

describe("table layout", () => {
  test("wider than the terminal: one-row sections turn into rows of header and value", () => {
    const wide = { a: "x".repeat(50), b: "y".repeat(50) };
    expect(renderTable(wide, false, 200)).toMatch(/^\|\s+a\s+\|\s+b\s+\|$/m);
    expect(renderTable(wide, false, 80)).toMatch(/^\| {2}a\| {2}x{50}/m);
  });

  test("--color on styles cells and indentation and resets around borders", () => {
    const text = renderOutput(responseValue(RESPONSE), { format: "table", colored: true });
    expect(text).toContain("\x1b[1m\x1b[34memail\x1b[0m");
    expect(text).toContain("\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|");
    expect(text.endsWith("\x1b[0m")).toBe(true);
  });

  test("rows of different lengths are an error, as in the AWS CLI", () => {
    expect(() => renderTable([["a", "b"], ["c"]], false)).toThrow("Row should have 2 elements, instead it has 1");
  });
});

describe("which format, color and pager", () => {
  test.each([
    ["the flag first", "table", { AWS_DEFAULT_OUTPUT: "text" }, { output: "yaml" }, "table"],
    ["then AWS_DEFAULT_OUTPUT", undefined, { AWS_DEFAULT_OUTPUT: "text" }, { output: "yaml" }, "text"],
    ["then the profile", undefined, {}, { output: "yaml" }, "yaml"],
    ["else json", undefined, {}, {}, "json"],
  ])("%s", (_name, flag, env, settings, expected) => {
    expect(resolveFormat({ flag: () => flag, env, profile: profile(settings) })).toBe(expected);
  });

  test("an unknown format from the environment or the profile exits 255, as the AWS CLI does", () => {
    const fromEnv = () => resolveFormat({ env: { AWS_DEFAULT_OUTPUT: "xml" }, profile: profile() });
    expect(fromEnv).toThrow("Unknown output type: xml");
    expect(exitOf(fromEnv)).toBe(255);
    expect(() => resolveFormat({ env: {}, profile: profile({ output: "xml" }) })).toThrow("Unknown output type: xml");
  });

  test("color: on always, auto on a terminal only, off never", () => {
    const color = (flag: string | undefined, tty: boolean) => resolveColor({ flag: () => flag, env: {} }, tty);
    expect([
      color("on", false),
      color("auto", true),
      color(undefined, true),
      color("auto", false),
      color("off", true),
    ]).toEqual([true, true, true, false, false]);
  });

  test.each([
    ["AWS_PAGER first", true, { AWS_PAGER: "more", PAGER: "most" }, { cli_pager: "cat" }, true, "more"],
    ["then the profile's cli_pager", true, { PAGER: "most" }, { cli_pager: "cat" }, true, "cat"],
    ["then PAGER", true, { PAGER: "most" }, {}, true, "most"],
    ["else less -R", true, {}, {}, true, "less -R"],
    ["an empty AWS_PAGER: none", true, { AWS_PAGER: "" }, { cli_pager: "cat" }, true, undefined],
    ["--no-cli-pager: none", false, {}, {}, true, undefined],
    ["off a terminal: never", true, { AWS_PAGER: "more" }, {}, false, undefined],
  ])("pager: %s", (_name, enabled, env, settings, tty, expected) => {
    expect(resolvePager(enabled, { env, profile: profile(settings) }, tty)).toBe(expected);
  });
});
