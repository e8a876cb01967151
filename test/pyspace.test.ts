// Python's whitespace and str.strip(), lstrip() and rstrip() with it
// (src/common/pyspace.ts): what str.isspace() takes, and no more.
import { expect, test } from "vitest";
import { pyLstrip, pyRstrip, pyStrip } from "../src/common";

/** Every character Python 3's str.isspace() is true for. */
const PYTHON_SPACE = [
  ...[0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680],
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  ...[0x2028, 0x2029, 0x202f, 0x205f, 0x3000],
].map((code) => String.fromCharCode(code));

test("each character Python takes for whitespace is stripped, at either end", () => {
  for (const space of PYTHON_SPACE) {
    expect([pyStrip(`${space}a${space}`), pyLstrip(`${space}a${space}`), pyRstrip(`${space}a${space}`)]).toEqual([
      "a",
      `a${space}`,
      `${space}a`,
    ]);
  }
});

test("and nothing else: every other character of the BMP stays, a byte-order mark and U+200B among them", () => {
  const others: string[] = [];
  for (let code = 0; code <= 0xffff; code += 1) {
    const ch = String.fromCharCode(code);
    if (!PYTHON_SPACE.includes(ch) && pyStrip(ch) !== ch) others.push(code.toString(16));
  }
  expect(others).toEqual([]);
  expect(pyStrip("\ufeffa\u200b")).toBe("\ufeffa\u200b");
});

test("whitespace inside a text is kept, and a long run of it costs its length, not its square", () => {
  const text = `a${" ".repeat(200_000)}b`;
  const started = process.hrtime.bigint();
  expect(pyStrip(` ${text}\t`)).toBe(text);
  expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
});
