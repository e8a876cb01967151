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
    let line = 1;
    for (let i = text.indexOf("\n"); i !== -1 && i < position; i = text.indexOf("\n", i + 1)) line += 1;
    const column = position - text.lastIndexOf("\n", position - 1);
    super(`${reason}: line ${line} column ${column} (char ${position})`);
    this.name = "JsonSyntaxError";
  }
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
  let pos = 0;
  let depth = 0;
  const enter = (): void => {
    depth += 1;
    if (depth > MAX_NESTING) throw new NestingTooDeep();
  };
  const fail = (reason: string, at = pos): never => {
    throw new JsonSyntaxError(reason, text, at);
  };
  const skip = (): void => {
    while (pos < text.length && WHITESPACE.has(text[pos])) pos += 1;
  };

  const string = (): string => {
    const start = pos;
    pos += 1;
    // Plain characters are taken a run at a time, and the pieces joined once.
    const out: string[] = [];
    for (;;) {
      PLAIN_RUN.lastIndex = pos;
      const run = PLAIN_RUN.exec(text);
      if (run) {
        out.push(run[0]);
        pos += run[0].length;
      }
      if (pos >= text.length) fail("Unterminated string starting at", start);
      const ch = text[pos];
      if (ch === '"') {
        pos += 1;
        return out.join("");
      }
      if (ch === "\\") {
        const esc = text[pos + 1];
        if (esc === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          // As Python's: four hex digits at the very end of the text are no escape either.
          if (!/^[0-9a-fA-F]{4}$/.test(hex) || pos + 6 >= text.length) fail("Invalid \\uXXXX escape", pos + 1);
          out.push(String.fromCharCode(parseInt(hex, 16)));
          pos += 6;
        } else if (esc !== undefined && esc in ESCAPES) {
          out.push(ESCAPES[esc]);
          pos += 2;
        } else {
          if (esc === undefined) fail("Unterminated string starting at", start);
          fail("Invalid \\escape", pos);
        }
      } else {
        fail("Invalid control character at");
      }
    }
  };

  const value = (): unknown => {
    const ch = text[pos];
    if (ch === '"') return string();
    if (ch === "{") return object();
    if (ch === "[") return array();
    for (const [word, result] of CONSTANTS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (match) {
      pos += match[0].length;
      if (match[1] !== undefined || match[2] !== undefined) return new PyFloat(Number(match[0]));
      // Python's ints have no limit: keep large ones exact.
      const int = Number(match[0]);
      return Number.isSafeInteger(int) ? int : BigInt(match[0]);
    }
    return fail("Expecting value");
  };

  const object = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (options.ordered) Object.defineProperty(out, ORDERED_DICT, { value: true, enumerable: false });
    enter();
    pos += 1;
    skip();
    if (text[pos] === "}") {
      pos += 1;
      depth -= 1;
      return out;
    }
    for (;;) {
      if (text[pos] !== '"') fail("Expecting property name enclosed in double quotes");
      const key = string();
      skip();
      if (text[pos] !== ":") fail("Expecting ':' delimiter");
      pos += 1;
      skip();
      setOwn(out, key, value());
      skip();
      if (text[pos] === "}") {
        pos += 1;
        depth -= 1;
        return out;
      }
      if (text[pos] !== ",") fail("Expecting ',' delimiter");
      pos += 1;
      skip();
    }
  };

  const array = (): unknown[] => {
    const out: unknown[] = [];
    enter();
    pos += 1;
    skip();
    if (text[pos] === "]") {
      pos += 1;
      depth -= 1;
      return out;
    }
    for (;;) {
      out.push(value());
      skip();
      if (text[pos] === "]") {
        pos += 1;
        depth -= 1;
        return out;
      }
      if (text[pos] !== ",") fail("Expecting ',' delimiter");
      pos += 1;
      skip();
    }
  };

  skip();
  const result = value();
  skip();
  if (pos < text.length) fail("Extra data");
  return result;
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
