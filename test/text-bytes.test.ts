// Text and the bytes of a process (src/text-bytes.ts): arguments that are not
// UTF-8 read as Python's surrogateescape reads them, and stdout and stderr
// written as the AWS CLI writes such text. The expected strings are what
// Python 3 gives for `bytes.decode("utf-8", "surrogateescape")`.
import { describe, expect, test } from "vitest";
import {
  argvFromCommandLine,
  decodeSurrogateEscape,
  mayHoldRawBytes,
  stderrBytes,
  stderrText,
  stdoutBytes,
} from "../src/text-bytes";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ""), "hex");

describe("decodeSurrogateEscape: valid UTF-8 as it is, every other byte as U+DC80 + the byte", () => {
  test.each([
    ["empty", "", ""],
    ["ASCII", "6a 61 6e 65", "jane"],
    ["a two-byte character", "c3 a9", "\u00e9"],
    ["a lead byte alone", "c3", "\udcc3"],
    ["a byte that starts nothing, between letters", "61 ff 62", "a\udcffb"],
    ["a continuation byte alone", "80", "\udc80"],
    ["an overlong NUL", "c0 80", "\udcc0\udc80"],
    ["an overlong three-byte form", "e0 80 af", "\udce0\udc80\udcaf"],
    ["an encoded surrogate (CESU)", "ed a0 80", "\udced\udca0\udc80"],
    ["the last character before the surrogates", "ed 9f bf", "\ud7ff"],
    ["a sequence cut short, then a whole one", "e2 82 e2 82 ac", "\udce2\udc82\u20ac"],
    ["a four-byte character", "f0 9f 98 80", "\ud83d\ude00"],
    ["a four-byte character cut short", "f0 9f 98", "\udcf0\udc9f\udc98"],
    ["an overlong four-byte form", "f0 8f bf bf", "\udcf0\udc8f\udcbf\udcbf"],
    ["U+10FFFF", "f4 8f bf bf", "\udbff\udfff"],
    ["past U+10FFFF", "f4 90 80 80", "\udcf4\udc90\udc80\udc80"],
    ["a five-byte form", "f8 88 80 80 80", "\udcf8\udc88\udc80\udc80\udc80"],
    ["U+FFFD itself, as UTF-8", "ef bf bd", "\ufffd"],
  ])("%s", (_name, hex, text) => {
    expect(decodeSurrogateEscape(bytes(hex))).toBe(text);
  });

  test("stdout gives every byte back: any bytes decoded and written again are the same bytes", () => {
    // A fixed pseudo-random walk over bytes that make and break sequences.
    const pool = [0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xc3, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 5000; i += 1) {
      const given = Buffer.from(Array.from({ length: 1 + next(8) }, () => pool[next(pool.length)]));
      expect(stdoutBytes(decodeSurrogateEscape(given)).toString("hex")).toBe(given.toString("hex"));
    }
  });
});

describe("stdout and stderr write text as the AWS CLI's Python does", () => {
  test.each([
    ["text without lone surrogates is plain UTF-8", "é 😀 jane", "c3a920f09f988020 6a616e65"],
    ["a U+DC80..U+DCFF is its byte (surrogateescape)", "a\udcc3b", "61 c3 62"],
    ["each of a run", "\udced\udca0\udc80", "ed a0 80"],
    ["a pair stays a character", "\ud83d\ude00", "f0 9f 98 80"],
    ["another lone surrogate has no byte: U+FFFD", "a\ud800b", "61 ef bf bd 62"],
  ])("stdout: %s", (_name, text, hex) => {
    expect(stdoutBytes(text).toString("hex")).toBe(bytes(hex).toString("hex"));
  });

  test.each([
    ["text without lone surrogates is as it is", "Found invalid choice 'é'", "Found invalid choice 'é'"],
    ["a U+DC80..U+DCFF is its escape", "'a\udcc3'", "'a\\udcc3'"],
    ["any lone surrogate is its escape (backslashreplace)", "\ud800 \udfff", "\\ud800 \\udfff"],
    ["a pair stays a character", "\ud83d\ude00", "\ud83d\ude00"],
  ])("stderr: %s", (_name, text, shown) => {
    expect(stderrText(text)).toBe(shown);
    expect(stderrBytes(text).equals(Buffer.from(shown, "utf8"))).toBe(true);
  });
});

describe("argvFromCommandLine: the arguments read again from the command line's bytes", () => {
  const line = (...args: Array<string | Buffer>): Buffer =>
    Buffer.concat(args.flatMap((arg) => [typeof arg === "string" ? Buffer.from(arg) : arg, Buffer.of(0)]));
  const raw = bytes("6a 61 6e 65 ff"); // jane + 0xFF
  const asNode = raw.toString("utf8"); // jane + U+FFFD

  test("an argument that is not UTF-8 gets its bytes; the others stay as Node read them", () => {
    const commandLine = line("node", "/bin/rcc.js", "--username", raw, "--region", "\ufffd");
    expect(argvFromCommandLine(["--username", asNode, "--region", "\ufffd"], commandLine)).toEqual([
      "--username",
      "jane\udcff",
      "--region",
      "\ufffd",
    ]);
  });

  test("node's own options before the script are not the command's", () => {
    const commandLine = line("node", "--no-warnings", "/bin/rcc.js", raw);
    expect(argvFromCommandLine([asNode], commandLine)).toEqual(["jane\udcff"]);
  });

  test("empty arguments, and a command line without its last NUL", () => {
    const commandLine = Buffer.concat([line("node", "rcc.js", "", raw), Buffer.from("x")]);
    expect(argvFromCommandLine(["", asNode, "x"], commandLine)).toEqual(["", "jane\udcff", "x"]);
  });

  test.each([
    [
      "a command line that does not end with the arguments",
      line("node", "rcc.js", "other", raw),
      ["--username", asNode],
    ],
    ["fewer entries than arguments", line(raw), ["a", asNode]],
    ["an empty command line", Buffer.alloc(0), [asNode]],
  ])("%s: process.argv is kept", (_name, commandLine, argv) => {
    expect(argvFromCommandLine(argv, commandLine)).toEqual(argv);
  });

  test.each([
    [["--username", "jane"], false],
    [[], false],
    [["--username", asNode], true],
  ])("only arguments with U+FFFD are read again: %j", (argv, reads) => {
    expect(mayHoldRawBytes(argv)).toBe(reads);
  });
});
