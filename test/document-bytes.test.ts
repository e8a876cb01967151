// The bytes of a fileb:// file for --cli-input-json/yaml read as text as AWS
// CLI 2.36.7 reads them (probed with it): JSON in any UTF encoding, found by
// its mark or its zero bytes; YAML in UTF-8, or UTF-16 with its mark.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { folder } from "./support/fixtures";
import { loadCliInput } from "../src/input/cli-input";
import { encodedText } from "./parity/cases";
import { decodeJsonBytes, decodeYamlBytes, jsonEncoding, UndecodableBytes } from "../src/input/document-bytes";

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
/** Text in UTF-16/32, either byte order (any mark is in the text). */
const encode = (text: string, size: 2 | 4, order: "le" | "be"): Uint8Array =>
  new Uint8Array(Buffer.from(encodedText(text, `utf${size * 8}${order}` as "utf16le", false), "base64"));

describe("the encoding of a JSON file's bytes", () => {
  test.each([
    [bytes(0xef, 0xbb, 0xbf, 0x7b), "utf-8-sig"],
    [bytes(0xff, 0xfe, 0, 0), "utf-32"],
    [bytes(0, 0, 0xfe, 0xff), "utf-32"],
    [bytes(0xff, 0xfe, 0x7b, 0), "utf-16"],
    [bytes(0xfe, 0xff, 0, 0x7b), "utf-16"],
    [bytes(0, 0x7b, 0, 0x7d), "utf-16-be"],
    [bytes(0, 0, 0, 0x7b), "utf-32-be"],
    [bytes(0x7b, 0, 0x7d, 0), "utf-16-le"],
    [bytes(0x7b, 0, 0, 0), "utf-32-le"],
    // Two bytes: a zero says UTF-16; three: no rule but UTF-8.
    [bytes(0, 0x31), "utf-16-be"],
    [bytes(0x31, 0), "utf-16-le"],
    [bytes(0x31, 0, 0), "utf-8"],
    [bytes(0x7b, 0x7d), "utf-8"],
    [bytes(), "utf-8"],
  ])("%j: %s", (given, encoding) => {
    expect(jsonEncoding(given)).toBe(encoding);
  });
});

describe("a JSON file's text", () => {
  const doc = '{"a": "\u00e9\u{1F600}"}';
  test.each([
    ["UTF-8", new Uint8Array(Buffer.from(doc))],
    ["UTF-8 with its mark", new Uint8Array(Buffer.from(`\ufeff${doc}`))],
    ["UTF-16 LE with its mark", encode(`\ufeff${doc}`, 2, "le")],
    ["UTF-16 BE with its mark", encode(`\ufeff${doc}`, 2, "be")],
    ["UTF-16 LE", encode(doc, 2, "le")],
    ["UTF-16 BE", encode(doc, 2, "be")],
    ["UTF-32 LE with its mark", encode(`\ufeff${doc}`, 4, "le")],
    ["UTF-32 BE with its mark", encode(`\ufeff${doc}`, 4, "be")],
    ["UTF-32 LE", encode(doc, 4, "le")],
    ["UTF-32 BE", encode(doc, 4, "be")],
  ])("%s", (_, given) => {
    expect(decodeJsonBytes(given)).toBe(doc);
  });

  test("one mark is taken off, a second stays (and is no JSON)", () => {
    expect(decodeJsonBytes(new Uint8Array(Buffer.from("\ufeff\ufeff{}")))).toBe("\ufeff{}");
  });

  test("a lone surrogate passes, written in UTF-8 or UTF-16", () => {
    expect(decodeJsonBytes(bytes(0x22, 0xed, 0xa0, 0x80, 0x22))).toBe('"\ud800"');
    expect(decodeJsonBytes(bytes(0x22, 0, 0, 0xd8, 0x22, 0))).toBe('"\ud800"');
  });

  test.each([
    ["Latin-1", bytes(0x22, 0xe9, 0x22)],
    ["UTF-8 with its mark, then Latin-1", bytes(0xef, 0xbb, 0xbf, 0x22, 0xe9, 0x22)],
    ["UTF-16 of an odd length", bytes(0xff, 0xfe, 0x7b, 0, 0x7d)],
    ["UTF-32 beyond U+10FFFF", bytes(0xff, 0xfe, 0, 0, 0, 0, 0x11, 0)],
  ])("%s is refused", (_, given) => {
    expect(() => decodeJsonBytes(given)).toThrow(UndecodableBytes);
  });
});

describe("a YAML file's text", () => {
  test("UTF-16 with its mark, either order, the mark kept for the reader", () => {
    expect(decodeYamlBytes(encode("\ufeffa: \u00e9", 2, "le"))).toBe("\ufeffa: \u00e9");
    expect(decodeYamlBytes(encode("\ufeffa: \u00e9", 2, "be"))).toBe("\ufeffa: \u00e9");
  });

  test.each([
    ["Latin-1", bytes(0x61, 0x3a, 0x20, 0xe9)],
    ["a lone surrogate in UTF-16", bytes(0xff, 0xfe, 0x61, 0, 0, 0xd8)],
    ["a surrogate written in UTF-8", bytes(0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80)],
  ])("%s is refused", (_, given) => {
    expect(() => decodeYamlBytes(given)).toThrow(UndecodableBytes);
  });

  test("UTF-16 without a mark is read as UTF-8 (and its zero bytes are no YAML)", () => {
    expect(decodeYamlBytes(encode("a", 2, "le"))).toBe("a\u0000");
  });
});

describe("--cli-input-json and --cli-input-yaml from fileb://", () => {
  const cwd = folder();
  const place = { env: {}, cwd };
  const file = (name: string, content: Uint8Array): string => {
    writeFileSync(join(cwd, name), content);
    return `fileb://${name}`;
  };

  test("JSON in UTF-16 and YAML in UTF-16 are read", () => {
    const json = file("in.json", encode('{"ClientId": "c", "Username": "\u00e9"}', 2, "be"));
    expect(loadCliInput({ json }, place)).toEqual({ ClientId: "c", Username: "\u00e9" });
    const yaml = file("in.yaml", encode("\ufeffClientId: c\nUsername: \u00e9\n", 2, "le"));
    expect(loadCliInput({ yaml }, place)).toEqual({ ClientId: "c", Username: "\u00e9" });
  });

  test("bytes that are not text are invalid JSON, invalid YAML", () => {
    expect(() => loadCliInput({ json: file("bad.json", bytes(0x22, 0xe9, 0x22)) }, place)).toThrow(
      "Error parsing parameter 'cli-input-json': Invalid JSON received.",
    );
    expect(() => loadCliInput({ yaml: file("bad.yaml", bytes(0x61, 0x3a, 0x20, 0xe9)) }, place)).toThrow(
      "Error parsing parameter 'cli-input-yaml': Invalid YAML received.",
    );
  });

  test("each file is read, JSON's first, before two are refused", () => {
    expect(() => loadCliInput({ json: "file://nope.json", yaml: "file://nope.yaml" }, place)).toThrow(
      "Error parsing parameter '--cli-input-json': Unable to load paramfile file://nope.json",
    );
    expect(() => loadCliInput({ json: "{}", yaml: "fileb://nope.yaml" }, place)).toThrow(
      "Error parsing parameter '--cli-input-yaml': Unable to load paramfile fileb://nope.yaml",
    );
    expect(() => loadCliInput({ json: file("x.json", bytes(0x7b)), yaml: "x: 1" }, place)).toThrow(
      "Only one --cli-input- parameter may be specified.",
    );
  });
});
