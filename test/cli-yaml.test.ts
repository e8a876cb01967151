// --cli-input-yaml's reader against what AWS CLI 2.36.7's reader made of each
// input (probed with it): YAML 1.1 where the document says so, !!bool and
// !!omap, keys that are not text, Python's own failures, and characters YAML
// does not allow (argv bytes that are not UTF-8 arrive as lone surrogates).
import { describe, expect, test } from "vitest";
import { loadYaml, PythonFailure, UnhashableKey } from "../src/input/cli-yaml";
import { loadCliInput } from "../src/input/cli-input";
import { PySet } from "../src/common";

const read = (text: string): unknown => loadYaml(text).document;

describe("YAML 1.2, or 1.1 where %YAML 1.1 says so", () => {
  test.each([
    ["a: yes", { a: "yes" }],
    ["%YAML 1.2\n---\na: yes", { a: "yes" }],
    ["%YAML 1.1\n---\na: yes", { a: true }],
    ["%YAML   1.1  # c\n--- [yes]", [true]],
    ["# c\n%YAML 1.1\n---\n[yes]", [true]],
    [
      "%YAML 1.1\n---\n[N, NO, oN, On, Off, oFF, y, Y, yEs, 0, 00, 0_7, 012, 0o12, 08, 1:30, 190:20:30, -1:30, 1:60, 1_000]",
      [
        false,
        false,
        "oN",
        true,
        false,
        "oFF",
        true,
        true,
        "yEs",
        0,
        0,
        7,
        10,
        "0o12",
        "08",
        90,
        685230,
        -90,
        "1:60",
        1000,
      ],
    ],
    ["%YAML 1.1\n--- |\n  yes", "yes\n"],
  ])("%j", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  test("a version the AWS CLI's reader does not know is Python's KeyError of it", () => {
    expect(() => read("%YAML 1.0\n---\na: b")).toThrow(new PythonFailure("(1, 0)"));
    expect(() => read("%YAML 1.3\n---\na: b")).toThrow(new PythonFailure("(1, 3)"));
  });
});

describe("!!bool and !!omap", () => {
  test.each([
    ["a: !!bool yes", { a: true }],
    ["a: !!bool OFF", { a: false }],
    ["a: !!bool yEs", { a: true }],
    ["a: !!bool n", { a: false }],
    ["a: !!bool tRue", { a: true }],
    ['a: !!bool "on"', { a: true }],
    ['a: !!omap [a: "1", b: "2"]', { a: { a: "1", b: "2" } }],
    ["a: !!omap\n  - b: 1\n  - a: 2", { a: { b: 1, a: 2 } }],
    ["a: !!omap []", { a: {} }],
  ])("%j", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  test.each([
    ["a: !!bool foo", "'foo'"],
    ["a: !!bool 1", "'1'"],
    ["a: !!bool", "''"],
    // Python's AssertionError, which has no message.
    ["a: !!omap [a: 1, a: 2]", ""],
  ])("%j is Python's failure: %j", (text, message) => {
    expect(() => read(text)).toThrow(new PythonFailure(message));
  });

  test.each(["a: !!omap [a]", "a: !!omap [{a: 1, b: 2}]", "a: !!omap {a: 1}"])("%j is no ordered map", (text) => {
    expect(() => read(text)).toThrow(/omap/);
  });
});

describe("keys that are not text", () => {
  test.each([
    ["ClientId: c\n1: x", true],
    ["? [a, b]\n: 1\nClientId: c", true],
    ["[a, b]: 1", true],
    ["~: 1", true],
    // A `*` in a comment is no alias: an empty key, as PyYAML reads it (not "an alias stands for a node that holds it").
    ["? # note *x\n", true],
    ["2001-01-01: x", true],
    ["1.5 : x", true],
    ["{1: x}", true],
    ["'1': x", false],
    ["!!str 1: x", false],
    ["a: 1", false],
    ["a: b\nc: [d, e]", false],
    ["? a\n: b", false],
    // Within a member: js-yaml's text of the key stands (a structure refuses it by name).
    ["a: {1: x}", false],
    ["a:\n  ? [b]\n  : c", false],
  ])("%j: %s", (text, nonText) => {
    expect(loadYaml(text).nonTextKeys).toBe(nonText);
  });

  test.each(["? {a: b}\n: x", "a: {{b: c}: d}", "? [{a: b}]\n: x"])("%j: a key Python cannot hash", (text) => {
    expect(() => loadYaml(text)).toThrow(UnhashableKey);
  });
});

describe("characters YAML does not allow, as 2.36.7 refuses them", () => {
  const place = { env: {}, cwd: process.cwd() };
  // Each byte of argv that is not UTF-8 arrives as a lone surrogate (U+DC80..U+DCFF), as Python's surrogateescape makes it.
  test.each([
    "ClientId: c\nUsername: \udcff\n",
    "ClientId: c\nUsername: 'j\udc80ne'\n",
    "ClientId: c\nUsername: jane # \udce9\n",
    "\udcc3\udca9: x",
    "ClientId: c\nUsername: u\u0001\n",
    // Quoted, or in a comment, as much as anywhere else.
    "ClientId: c\nUsername: '\u007f'\n",
    "ClientId: c\nUsername: u # \u0001\n",
  ])("%j: Invalid YAML received.", (yaml) => {
    expect(() => loadCliInput({ yaml }, place)).toThrow(
      "Error parsing parameter 'cli-input-yaml': Invalid YAML received.",
    );
  });

  test("a character beyond U+FFFF, a whole surrogate pair, is allowed", () => {
    expect(loadCliInput({ yaml: "ClientId: c\nUsername: j😀\n" }, place)).toEqual({ ClientId: "c", Username: "j😀" });
  });
});

describe("tabs: only within quoted and block scalars, and comments", () => {
  test.each([
    ['a: "x\ty"', { a: "x\ty" }],
    ["a: 'x\ty'", { a: "x\ty" }],
    ["a: |\n  x\ty\n", { a: "x\ty\n" }],
    ["a: >\n  x\ty\n", { a: "x\ty\n" }],
    ["a: b #c\td", { a: "b" }],
    ["# x\ty\na: b", { a: "b" }],
    ['a: !!str "x\ty"', { a: "x\ty" }],
  ])("%j", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  test.each([
    "a: b\tc",
    "a:\tb",
    "a\t: b",
    "a: b\t",
    "a: b\t#c",
    "\ta: b",
    "a: [b\tc]",
    "a: [b,\tc]",
    "{a\t: b}",
    "a: 'b'\t",
    "a: b\n\t\nc: d",
    "a:\n  - b\n  -\tc",
  ])("%j is refused", (text) => {
    expect(() => read(text)).toThrow();
  });
});

describe("NEL, and LS and PS at a line's start or end, are line breaks; the column goes on after one", () => {
  test.each([
    ["ClientId: 1example\u008523456789\nUsername: jane\n", { ClientId: "1example 23456789", Username: "jane" }],
    ['a: "b\u0085 c"', { a: "b c" }],
    ["- a\u0085- b", ["a - b"]],
    ["a: b\nc: d\n\u0085", { a: "b", c: "d" }],
    ["a: b\u2028", { a: "b" }],
    ["a: b\u2028\nc: d", { a: "b", c: "d" }],
    ["\u2029a: b", { a: "b" }],
    ["\u2028", null],
    // Within a line of text, LS and PS are kept.
    ["a: b\u2028c", { a: "b\u2028c" }],
    ['a: "b\u2029c"', { a: "b\u2029c" }],
    ["x\u2029a: b", { "x\u2029a": "b" }],
  ])("%j", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  // What follows the break stands a column on, so a mapping there is indented past the next line's.
  test.each(["\u2029a: b\nc: d\n", "\ufeff\u2028a: b\nc: d\n", "\u0085a: b\nc: d", "a: b\u2028c: d"])(
    "%j is refused",
    (text) => {
      expect(() => read(text)).toThrow();
    },
  );

  test("many of them cost no more than their number", () => {
    // Each would be indented by the text's deepest indentation: past a bound in all, the text is refused.
    const text = `a:\n${" ".repeat(1000)}- x\nb: ${"c\u0085".repeat(200_000)}`;
    const started = process.hrtime.bigint();
    expect(() => read(text)).toThrow();
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(10);
  });
});

describe("<< and !!set as the AWS CLI's reader reads them", () => {
  test.each([
    ["<<"],
    ["Username: <<"],
    ["ClientId: <<\nUsername: u"],
    ["- <<"],
    ["a: [<<]"],
    ["a: &x <<"],
    ["a: !!merge <<"],
  ])("%j: the merge key's marker where a value is expected is refused", (text) => {
    expect(() => read(text)).toThrow();
  });

  test.each([
    ['a: "<<"', { a: "<<" }],
    ["a: !!str <<", { a: "<<" }],
    ["a: {<<: {b: c}}", { a: { b: "c" } }],
    ["<<: {b: c}\nd: e", { b: "c", d: "e" }],
  ])("%j is read", (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  test.each([
    ["!!set {a}", ["a"]],
    ["!!set {a: 1, b}", ["a", "b"]],
    ["!!set {}", []],
    ["!!set\n? a\n", ["a"]],
  ])("%j is a set of its keys", (text, members) => {
    expect(read(text)).toEqual(new PySet(members));
  });

  test("a set is no map for --cli-input-yaml", () => {
    expect(() => loadCliInput({ yaml: "!!set {a}" }, { env: {}, cwd: process.cwd() })).toThrow(
      "Invalid type: expecting map, received <class 'set'>",
    );
  });
});
