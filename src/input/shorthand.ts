// The AWS CLI v2 shorthand syntax for structure and map parameters:
//
//   key=value,key2="quoted, with commas",list=a,b,other=[x,y],nested={k=v}
//
// Keys are letters, digits and -_.#/: (an empty key is allowed); whitespace
// around keys and values is dropped; `\,` escapes a comma in a bare value; a
// bare value followed by more comma-separated bare values makes a list; [..] is
// an explicit list and {..} a nested structure. A key repeated at the top level
// is an error. `key@=file://PATH` takes the value (or each value of its list)
// from the file it names, through `loadFile`. A syntax error says what was
// expected and what was found, and points a caret at the position.

import { MAX_NESTING, NestingTooDeep, setOwn } from "../common";

export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue };

export class ShorthandSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly input: string,
    readonly position: number,
    readonly hint = "",
  ) {
    // As AWS CLI 2.36.7 shows it: where the parser expected something else, the
    // input after a space, and so the caret one column left of the character.
    const shown = reason.startsWith("Expected:") ? ` ${input}` : input;
    // The caret's column counts characters, as Python does, not UTF-16 units.
    const column = [...input.slice(0, position)].length;
    super(`${reason} for input:\n${shown}\n${" ".repeat(column)}^${hint ? `\n${hint}` : ""}`);
    this.name = "ShorthandSyntaxError";
  }
}

const KEY = /[A-Za-z0-9_\-.#/:]*/y;
/** The first half of a character beyond U+FFFF, which ends a bare value, as in AWS CLI 2.36.7 (quoted, it is kept). */
const beyondBmp = (ch: string): boolean => ch >= "\uD800" && ch <= "\uDBFF";
const SPACE = /\s/;
// A quoted value may hold its quote escaped (a backslash before a quote
// escapes it, even a backslash that is itself escaped, as in AWS CLI 2.36.7);
// it ends at the last quote that leaves every quote before it escaped.
const QUOTED: Record<string, RegExp> = { '"': /"((?:\\"|[^"])*)"/y, "'": /'((?:\\'|[^'])*)'/y };

export function parseShorthand(
  input: string,
  loadFile: (value: string) => ShorthandValue = (value) => value,
): Record<string, ShorthandValue> {
  let pos = 0;
  // Lists and structures open around pos; deeper than MAX_NESTING is refused.
  let depth = 0;
  const nested = <T>(read: () => T): T => {
    depth += 1;
    if (depth > MAX_NESTING) throw new NestingTooDeep();
    const value = read();
    depth -= 1;
    return value;
  };
  const at = (): string | undefined => input[pos];
  // The whole character at pos, one beyond U+FFFF too.
  const found = (): string => (pos >= input.length ? "EOF" : String.fromCodePoint(input.codePointAt(pos) as number));
  const expected = (what: string, received = found()): never => {
    throw new ShorthandSyntaxError(`Expected: '${what}', received: '${received}'`, input, pos);
  };
  const skipSpace = (): void => {
    while (pos < input.length && SPACE.test(input[pos])) pos += 1;
  };

  /** A key and its "=" (or "@=": `fromFile`, the value comes from the file it names). */
  const key = (): { name: string; fromFile: boolean } => {
    KEY.lastIndex = pos;
    const name = (KEY.exec(input) as RegExpExecArray)[0];
    pos += name.length;
    skipSpace();
    const fromFile = at() === "@";
    if (fromFile) {
      pos += 1;
      skipSpace();
    }
    if (at() !== "=") expected("=");
    pos += 1;
    skipSpace();
    return { name, fromFile };
  };

  // After "@=": a string is loaded, and so is each string of a list; a structure is kept.
  const loaded = (value: ShorthandValue): ShorthandValue =>
    typeof value === "string"
      ? loadFile(value)
      : Array.isArray(value)
        ? value.map((item) => (typeof item === "string" ? loadFile(item) : item))
        : value;

  // A bare value runs up to a comma, a quote, or a closing bracket after its
  // first character; it does not start with "=". `\,` is a comma within it, any
  // other backslash is itself. Trailing spaces are dropped.
  const bare = (): string => {
    const start = pos;
    while (pos < input.length) {
      const ch = input[pos];
      if (ch === "," || ch === '"' || ch === "'" || beyondBmp(ch)) break;
      if (pos === start ? ch === "=" : ch === "]" || ch === "}") break;
      pos += ch === "\\" && input[pos + 1] === "," ? 2 : 1;
    }
    return unescapeCommas(input.slice(start, pos));
  };

  // The quoted value at pos, or undefined (pos unchanged) when it is not closed.
  // Within it, `\\` is a backslash and a backslash before its own quote is that quote.
  const tryQuoted = (): string | undefined => {
    const q = input[pos];
    const pattern = QUOTED[q];
    pattern.lastIndex = pos;
    const match = pattern.exec(input);
    if (!match) return undefined;
    pos += match[0].length;
    return match[1].replace(/\\(\\|["'])/g, (whole, ch: string) => (ch === "\\" || ch === q ? ch : whole));
  };

  const quoted = (): string => {
    const value = tryQuoted();
    // (sic: the AWS CLI's own wording for single quotes)
    if (value === undefined) expected(input[pos] === '"' ? "<double quoted>" : "<singled quoted>", "<none>");
    return value as string;
  };

  // One value: quoted, an explicit list, a nested structure, or bare.
  const single = (): ShorthandValue => {
    const ch = at();
    if (ch === "[") return nested(list);
    if (ch === "{") return nested(structure);
    if (ch === '"' || ch === "'") return quoted();
    return bare();
  };

  const closeOrComma = (close: string): boolean => {
    skipSpace();
    if (at() === close) {
      pos += 1;
      return true;
    }
    if (at() !== ",") expected(",");
    pos += 1;
    skipSpace();
    if (at() === close) {
      pos += 1;
      return true;
    }
    return false;
  };

  const list = (): ShorthandValue[] => {
    const out: ShorthandValue[] = [];
    pos += 1;
    skipSpace();
    if (at() === "]") {
      pos += 1;
      return out;
    }
    do {
      out.push(single());
    } while (!closeOrComma("]"));
    return out;
  };

  const structure = (): Record<string, ShorthandValue> => {
    const out: Record<string, ShorthandValue> = {};
    pos += 1;
    skipSpace();
    if (at() === "}") {
      pos += 1;
      return out;
    }
    do {
      const { name, fromFile } = key();
      const value = single();
      setOwn(out, name, fromFile ? loaded(value) : value);
    } while (!closeOrComma("}"));
    return out;
  };

  // A later value of a list after a comma: quoted, or bare text that stops at
  // a comma, a quote or "=", and then nothing but spaces before the next comma.
  // Anything else is no value: undefined, with pos where reading it stopped.
  const laterValue = (): string | undefined => {
    skipSpace();
    const ch = at();
    let value: string | undefined;
    if (ch === '"' || ch === "'") {
      value = tryQuoted();
    } else if (ch !== undefined && !"=,[{".includes(ch)) {
      const start = pos;
      while (pos < input.length && !",'\"=".includes(input[pos]) && !beyondBmp(input[pos]))
        pos += input[pos] === "\\" && input[pos + 1] === "," ? 2 : 1;
      value = unescapeCommas(input.slice(start, pos));
    }
    if (value === undefined) return undefined;
    skipSpace();
    return pos >= input.length || input[pos] === "," ? value : undefined;
  };

  // The value of a top-level key: one value, or several bare ones as a list.
  const values = (): ShorthandValue => {
    const ch = at();
    if (ch === "[" || ch === "{") return single();
    const first = single();
    const items: ShorthandValue[] = [first];
    for (;;) {
      skipSpace();
      if (at() !== ",") break;
      pos += 1;
      const next = laterValue();
      if (next === undefined) {
        if (pos >= input.length) expected("<second>", "<none>");
        // Not a value but the next key: go back to the last comma read.
        pos = input.lastIndexOf(",", pos);
        break;
      }
      items.push(next);
    }
    return items.length === 1 ? first : items;
  };

  const out: Record<string, ShorthandValue> = {};
  // A repeated key is reported, once its value is read, one past where the
  // value before it ended.
  let reportAt = 0;
  for (;;) {
    if (pos > 0) skipSpace();
    const { name, fromFile } = key();
    const value = values();
    if (Object.hasOwn(out, name)) {
      throw new ShorthandSyntaxError(
        `Second instance of key "${name}" encountered`,
        input,
        reportAt,
        'This is often because there is a preceding "," instead of a space.',
      );
    }
    setOwn(out, name, fromFile ? loaded(value) : value);
    reportAt = pos + 1;
    skipSpace();
    if (pos >= input.length) return out;
    if (at() !== ",") expected(",");
    pos += 1;
  }
}

/** A bare value as read: `\\,` is a comma, trailing whitespace dropped. */
function unescapeCommas(text: string): string {
  return text.replace(/\\,/g, ",").trimEnd();
}
