// The shorthand parser: named cases for each rule, then properties that hold
// for any input (fast-check).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ShorthandSyntaxError, parseShorthand } from "../src/input/shorthand";

describe("shorthand values", () => {
  test.each([
    ["a=1", { a: "1" }],
    ["a=1,b=2", { a: "1", b: "2" }],
    [" a=1", undefined],
    ["a = 1 , b =  two words ", { a: "1", b: "two words" }],
    ["a=", { a: "" }],
    ["=1", { "": "1" }],
    ["a=x=y", { a: "x=y" }],
    ['a="x,y=z"', { a: "x,y=z" }],
    ["a='q,r'", { a: "q,r" }],
    ['a="x\\"y"', { a: 'x"y' }],
    ["a='x\\'y'", { a: "x'y" }],
    ['a="x\\\\y"', { a: "x\\y" }],
    ["a=x\\,y", { a: "x,y" }],
    ["a=x\\y", { a: "x\\y" }],
    ["a=1,2", { a: ["1", "2"] }],
    ["a=1, 2 ,b=3", { a: ["1", "2"], b: "3" }],
    ['a=1,"b=2"', { a: ["1", "b=2"] }],
    ["a=1,,b=2", { a: "1", b: "2" }],
    ["a=[]", { a: [] }],
    ["a=[x, y]", { a: ["x", "y"] }],
    ["a=[x,]", { a: ["x"] }],
    ["a=[,]", { a: [""] }],
    ["a=[[1],[2]]", { a: [["1"], ["2"]] }],
    ["a={}", { a: {} }],
    ["a={k=v}", { a: { k: "v" } }],
    ["a={k=v,k=w}", { a: { k: "w" } }],
    ["a={ k = [1,2] }", { a: { k: ["1", "2"] } }],
    ["k-_.#/:=v", { "k-_.#/:": "v" }],
    // Whitespace as 2.36.7 reads it: ASCII's six are skipped between parts; a
    // value may start with any other (NBSP, U+3000, ...) and keeps it, and its
    // end is stripped of all Python's (U+001C..U+001F and NEL too).
    ["a=\u00a0x\u00a0", { a: "\u00a0x" }],
    ["a=\u3000x", { a: "\u3000x" }],
    ["a=\u000bx", { a: "x" }],
    ["a=x\u001cy\u001c", { a: "x\u001cy" }],
    ["a=x\u0085", { a: "x" }],
    ["a=x\ufeff", { a: "x\ufeff" }],
    ["a=1,b]}", { a: ["1", "b]}"] }],
    // A byte of argv that is not UTF-8 is a lone surrogate (Python's surrogateescape): a character like any other.
    ["a=x\udcff", { a: "x\udcff" }],
    ["a=[\udc80,b]", { a: ["\udc80", "b"] }],
    ["a=é", { a: "é" }],
  ])("%j", (input, expected) => {
    if (expected === undefined) expect(() => parseShorthand(input)).toThrow(ShorthandSyntaxError);
    else expect(parseShorthand(input)).toEqual(expected);
  });
});

describe("key@=: the value, or each value of a list, through the file loader", () => {
  const load = (value: string) => (value.startsWith("file://") ? `<${value.slice(7)}>` : value);
  test.each([
    ["a@=file://x", { a: "<x>" }],
    ["a@=plain,b=file://x", { a: "plain", b: "file://x" }],
    ["a @= file://x", { a: "<x>" }],
    ["a@=[file://x,file://y]", { a: ["<x>", "<y>"] }],
    ["a@=file://x,file://y", { a: ["<x>", "<y>"] }],
    ["a@={b=file://x}", { a: { b: "file://x" } }],
    ["a={b@=file://x}", { a: { b: "<x>" } }],
  ])("%s", (input, expected) => {
    expect(parseShorthand(input, load)).toEqual(expected);
  });

  test.each([
    ["a@b=1", "Expected: '=', received: 'b'", 2],
    ["a@", "Expected: '=', received: 'EOF'", 2],
    ["a@@=x", "Expected: '=', received: '@'", 2],
  ])("%s is an error", (input, reason, position) => {
    expect(() => parseShorthand(input, load)).toThrow(expect.objectContaining({ reason, position }));
  });
});

describe("shorthand syntax errors name what was expected and point at it", () => {
  test.each([
    ["a", "Expected: '=', received: 'EOF'", 1],
    ["a b=1", "Expected: '=', received: 'b'", 2],
    ["é=1", "Expected: '=', received: 'é'", 0],
    ["a=1,", "Expected: '<second>', received: '<none>'", 4],
    ["a=1,,", "Expected: '=', received: 'EOF'", 5],
    ['a="open', "Expected: '<double quoted>', received: '<none>'", 2],
    ["a='open", "Expected: '<singled quoted>', received: '<none>'", 2],
    ["a='x'y", "Expected: ',', received: 'y'", 5],
    ["a=[1,2", "Expected: ',', received: 'EOF'", 6],
    ["a={k=1,2}", "Expected: '=', received: '}'", 8],
    ["a=x]", "Expected: ',', received: ']'", 3],
    ["a=1,b=2,a=3", 'Second instance of key "a" encountered', 8],
    // Controls but Python's whitespace end a value; no control starts one.
    ["a=x\u0001y", "Expected: ',', received: '\u0001'", 3],
    ["a=\u3000\b", "Expected: ',', received: '\b'", 3],
    ["a=\u001c", "Expected: ',', received: '\u001c'", 2],
    ["a=1,\u001cb", "Expected: '=', received: '\u001c'", 4],
    ["a=1,b\u0001", "Expected: '=', received: '\u0001'", 5],
    ["\ufeffa=1", "Expected: '=', received: '\ufeff'", 0],
    ["\udcff=b", "Expected: '=', received: '\udcff'", 0],
  ])("%j", (input, reason, position) => {
    let error: unknown;
    try {
      parseShorthand(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShorthandSyntaxError);
    const e = error as ShorthandSyntaxError;
    expect(e.reason).toBe(reason);
    expect(e.position).toBe(position);
    // As 2.36.7 shows it: after "Expected:", the input follows a space.
    const shown = reason.startsWith("Expected:") ? ` ${input}` : input;
    expect(e.message.split("\n").slice(0, 3)).toEqual([`${reason} for input:`, shown, `${" ".repeat(position)}^`]);
  });
});

const key = fc.stringMatching(/^[A-Za-z0-9_\-.#/:]{1,12}$/);
// No backslash: a quoted value ending in one (`a="\\",b=""`) does not read back in
// the AWS CLI's grammar either; the recorded corpus (shorthand-corpus.test.ts)
// pins how backslashes read.
const anyText = fc.string({ unit: "grapheme", maxLength: 20 }).filter((text) => !text.includes("\\"));

function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

describe("shorthand properties", () => {
  test("any map of keys to double-quoted values reads back as itself", () => {
    fc.assert(
      fc.property(fc.dictionary(key, anyText, { minKeys: 1, maxKeys: 6 }), (map) => {
        const input = Object.entries(map)
          .map(([k, v]) => `${k}=${quoteValue(v)}`)
          .join(",");
        expect(parseShorthand(input)).toEqual(map);
      }),
    );
  });

  test("bare values read back trimmed, with commas escaped", () => {
    // No controls, and no whitespace but spaces (the AWS CLI's strip and JavaScript's differ: the rows above).
    const bare = fc.stringMatching(/^[^\s\0-\x1f\x85,\]}'"\\=[{](?:[^\s\0-\x1f\x85,\]}'"\\]| ){0,15}$/);
    fc.assert(
      fc.property(fc.dictionary(key, bare, { minKeys: 1, maxKeys: 6 }), (map) => {
        const input = Object.entries(map)
          .map(([k, v]) => `${k}= ${v.replace(/,/g, "\\,")} `)
          .join(", ");
        const expected = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.trim()]));
        expect(parseShorthand(input)).toEqual(expected);
      }),
    );
  });

  test("any input either parses or fails with a syntax error pointing inside it", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        try {
          parseShorthand(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ShorthandSyntaxError);
          const e = error as ShorthandSyntaxError;
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("a key given twice at the top level is always refused", () => {
    fc.assert(
      fc.property(key, anyText, anyText, (k, a, b) => {
        expect(() => parseShorthand(`${k}=${quoteValue(a)},${k}=${quoteValue(b)}`)).toThrow(/Second instance of key/);
      }),
    );
  });
});
