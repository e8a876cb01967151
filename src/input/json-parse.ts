// A strict JSON parser whose errors read as the AWS CLI's do (it reports
// Python's json module: `Expecting value: line 1 column 2 (char 1)`), so that a
// user sees the same reason and position from either tool. Like Python's, it
// takes NaN, Infinity and -Infinity, and a repeated key keeps its last value.

export class JsonSyntaxError extends Error {
  constructor(
    reason: string,
    readonly text: string,
    readonly position: number,
  ) {
    const { line, column, char } = jsonErrorPlace(text, position);
    super(`${reason}: line ${line} column ${column} (char ${char})`);
    this.name = "JsonSyntaxError";
  }
}

/**
 * Where `position` (a UTF-16 index into `text`) is, as Python reports it: its
 * line, column and index counted in code points, so that a character outside
 * the BMP (an emoji: two UTF-16 units) counts once.
 */
function jsonErrorPlace(text: string, position: number): { line: number; column: number; char: number } {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf("\n") + 1;
  let line = 1;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line += 1;
  return { line, column: codePoints(before.slice(lineStart)) + 1, char: codePoints(before) };
}

/** How many code points `text` holds (a lone surrogate counts as one, as in Python). */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

import { MAX_NESTING, NestingTooDeep, ORDERED_DICT, PyFloat, setOwn } from "../common";

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
/** A run of characters that a string holds as they are. */
const PLAIN_RUN = /[^"\\\x00-\x1f]+/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * The words JSON may hold, with Python's values. Each is one object, as in
 * Python's reader: every NaN read is the same NaN, which Python's lists and
 * dicts then find equal to itself.
 */
const CONSTANTS = [
  ["null", null],
  ["true", true],
  ["false", false],
  ["NaN", new PyFloat(Number.NaN)],
  ["Infinity", new PyFloat(Number.POSITIVE_INFINITY)],
  ["-Infinity", new PyFloat(Number.NEGATIVE_INFINITY)],
] as const;

/** `ordered`: mark each object as Python's OrderedDict, as parameter values are. */
export function parseJson(text: string, options: { ordered?: boolean } = {}): unknown {
  return new JsonReader(text, options.ordered === true).document();
}

/** Reads the text from `pos` on: a method for each kind of value. */
class JsonReader {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly ordered: boolean,
  ) {}

  /** One value, with nothing but whitespace around it. */
  document(): unknown {
    this.skip();
    const result = this.value();
    this.skip();
    if (this.pos < this.text.length) this.fail("Extra data");
    return result;
  }

  private fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(reason, this.text, at);
  }

  private skip(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text[this.pos])) this.pos += 1;
  }

  private value(): unknown {
    const { text } = this;
    const ch = text[this.pos];
    if (ch === '"') return this.string();
    if (ch === "{") return this.object();
    if (ch === "[") return this.array();
    for (const [word, result] of CONSTANTS) {
      if (text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(text);
    if (match) {
      this.pos += match[0].length;
      if (match[1] !== undefined || match[2] !== undefined) return new PyFloat(Number(match[0]));
      // Python's ints have no limit: keep large ones exact.
      const int = Number(match[0]);
      return Number.isSafeInteger(int) ? int : BigInt(match[0]);
    }
    return this.fail("Expecting value");
  }

  private string(): string {
    const { text } = this;
    const start = this.pos;
    this.pos += 1;
    // Plain characters are taken a run at a time, and the pieces joined once.
    const out: string[] = [];
    for (;;) {
      PLAIN_RUN.lastIndex = this.pos;
      const run = PLAIN_RUN.exec(text);
      if (run) {
        out.push(run[0]);
        this.pos += run[0].length;
      }
      if (this.pos >= text.length) this.fail("Unterminated string starting at", start);
      const ch = text[this.pos];
      if (ch === '"') {
        this.pos += 1;
        return out.join("");
      }
      if (ch === "\\") out.push(this.escape(start));
      else this.fail("Invalid control character at");
    }
  }

  /** The character an escape at `pos` stands for, in the string that starts at `start`. */
  private escape(start: number): string {
    const { text, pos } = this;
    const esc = text[pos + 1];
    if (esc === "u") {
      const hex = text.slice(pos + 2, pos + 6);
      // As Python's: four hex digits at the very end of the text are no escape either.
      if (!/^[0-9a-fA-F]{4}$/.test(hex) || pos + 6 >= text.length) this.fail("Invalid \\uXXXX escape", pos + 1);
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (esc !== undefined && esc in ESCAPES) {
      this.pos += 2;
      return ESCAPES[esc];
    }
    if (esc === undefined) this.fail("Unterminated string starting at", start);
    return this.fail("Invalid \\escape", pos);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.ordered) Object.defineProperty(out, ORDERED_DICT, { value: true, enumerable: false });
    this.container("}", () => {
      if (this.text[this.pos] !== '"') this.fail("Expecting property name enclosed in double quotes");
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ":") this.fail("Expecting ':' delimiter");
      this.pos += 1;
      this.skip();
      setOwn(out, key, this.value());
    });
    return out;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.container("]", () => {
      out.push(this.value());
    });
    return out;
  }

  /** From an object's or array's opening bracket to `close`: each entry read by `entry`, commas between. */
  private container(close: string, entry: () => void): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING) throw new NestingTooDeep();
    this.pos += 1;
    this.skip();
    if (this.text[this.pos] !== close) {
      for (;;) {
        entry();
        this.skip();
        if (this.text[this.pos] === close) break;
        if (this.text[this.pos] !== ",") this.fail("Expecting ',' delimiter");
        this.pos += 1;
        this.skip();
      }
    }
    this.pos += 1;
    this.depth -= 1;
  }
}

/**
 * How deep lists and objects nest in JSON text, read without parsing it (for
 * text that JSON.parse takes, before anything walks what it makes).
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === "[" || ch === "{") {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (ch === "]" || ch === "}") {
      depth -= 1;
    }
  }
  return deepest;
}
