// JSON parameter values: parsed as JSON, with errors worded and placed as the
// AWS CLI's (Python's) are.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { JsonSyntaxError, parseJson } from "../src/input/json-parse";
import { PyFloat, pyRepr, pyType } from "../src/common/pyrepr";

/** Floats and large ints as plain numbers. */
const plain = (value: unknown): unknown => {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};

describe("valid JSON", () => {
  test("a lone surrogate (a byte of argv that is not UTF-8) is a character of a string, as in Python", () => {
    expect(parseJson('{"a": "x\udcff"}')).toEqual({ a: "x\udcff" });
  });

  test("reads as JSON.parse reads it", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.bigInt().map((n) => Number(n)),
        ),
        (value) => {
          const text = JSON.stringify(value);
          expect(plain(parseJson(text))).toEqual(JSON.parse(text));
        },
      ),
    );
  });

  test("takes Python's extra constants and keeps the last of a repeated key", () => {
    expect(plain(parseJson("[NaN, Infinity, -Infinity]"))).toEqual([NaN, Infinity, -Infinity]);
    expect(parseJson('{"a": 1, "a": 2}')).toEqual({ a: 2 });
  });

  test("a key named __proto__ is an ordinary key", () => {
    const parsed = parseJson('{"__proto__": {"x": "1"}}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test("large integers stay exact", () => {
    expect(pyRepr(parseJson("123456789012345678901234567890"))).toBe("123456789012345678901234567890");
    expect(pyType(parseJson("-9007199254740993"))).toBe("<class 'int'>");
  });

  test("numbers written as floats print as Python's floats", () => {
    expect(
      ["1.0", "1e3", "1e16", "0.00001", "-0.0", "1"].map((t) => `${pyRepr(parseJson(t))} ${pyType(parseJson(t))}`),
    ).toEqual([
      "1.0 <class 'float'>",
      "1000.0 <class 'float'>",
      "1e+16 <class 'float'>",
      "1e-05 <class 'float'>",
      "-0.0 <class 'float'>",
      "1 <class 'int'>",
    ]);
  });

  test("objects of parameter values print as Python's OrderedDict", () => {
    const parsed = parseJson('{"a": [{"b": {}}]}', { ordered: true }) as Record<string, unknown>;
    expect(pyRepr(parsed.a)).toBe("[OrderedDict([('b', OrderedDict())])]");
    expect(pyType(parsed)).toBe("<class 'collections.OrderedDict'>");
    expect(pyRepr(parseJson('{"b": {}}'))).toBe("{'b': {}}");
  });
});

describe("invalid JSON", () => {
  test.each([
    ["", "Expecting value: line 1 column 1 (char 0)"],
    ["{x", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"],
    ['{"a": }', "Expecting value: line 1 column 7 (char 6)"],
    ['{"a": "1",}', "Expecting property name enclosed in double quotes: line 1 column 11 (char 10)"],
    ['{"a" "1"}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['{"a": "1" "b"}', "Expecting ',' delimiter: line 1 column 11 (char 10)"],
    ['{"a": "1"} x', "Extra data: line 1 column 12 (char 11)"],
    ['{"a": "1}', "Unterminated string starting at: line 1 column 7 (char 6)"],
    ['{"a": "1",\n "b" 2}', "Expecting ':' delimiter: line 2 column 6 (char 16)"],
    ['["\\q"]', "Invalid \\escape: line 1 column 3 (char 2)"],
    ['["a\tb"]', "Invalid control character at: line 1 column 4 (char 3)"],
    ["[1,]", "Expecting value: line 1 column 4 (char 3)"],
    // Positions count code points, as Python's do: an emoji is one, not two UTF-16 units.
    ['{"a":"\u{1F600}\u{1F600}",}', "Expecting property name enclosed in double quotes: line 1 column 11 (char 10)"],
    ['{"a":"\u{1F600}"\n,"b":x}', "Expecting value: line 2 column 6 (char 14)"],
    ['{"a":"\u00e9\u{1F600}"}x', "Extra data: line 1 column 11 (char 10)"],
    ['{"\u{1F600}":"\\n\u{1D11E}\u{1D11E}" x}', "Expecting ',' delimiter: line 1 column 13 (char 12)"],
  ])("%j", (text, message) => {
    expect(() => parseJson(text)).toThrow(JsonSyntaxError);
    expect(() => parseJson(text)).toThrow(message);
  });
});
