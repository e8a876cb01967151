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

import { MAX_NESTING, NestingTooDeep, pyRstrip, setOwn } from "../common";

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
/** The whitespace skipped between the parts of the syntax: ASCII's six (Python's string.whitespace). */
const SPACE = /[ \t\n\r\v\f]/;
/** No value starts with these: ASCII's controls and space (and "=", and quotes and brackets, read before). */
const noStart = (ch: string): boolean => ch <= " " || ch === "=";
/** Controls that end a bare value: all but those Python counts as whitespace (\t to \r, U+001C to U+001F). */
const endsValue = (ch: string): boolean => ch < "\t" || (ch > "\r" && ch < "\x1c") || beyondBmp(ch);
// A quoted value may hold its quote escaped (a backslash before a quote
// escapes it, even a backslash that is itself escaped, as in AWS CLI 2.36.7);
// it ends at the last quote that leaves every quote before it escaped.
const QUOTED: Record<string, RegExp> = { '"': /"((?:\\"|[^"])*)"/y, "'": /'((?:\\'|[^'])*)'/y };

export function parseShorthand(
  input: string,
  loadFile: (value: string) => ShorthandValue = (value) => value,
): Record<string, ShorthandValue> {
  return new ShorthandReader(input, loadFile).topLevel();
}

/** Reads the input from `pos` on: a method for each part of the syntax. */
class ShorthandReader {
  private pos = 0;
  /** Lists and structures open around pos; deeper than MAX_NESTING is refused. */
  private depth = 0;

  constructor(
    private readonly input: string,
    private readonly loadFile: (value: string) => ShorthandValue,
  ) {}

  /** The keys and their values, up to the end. */
  topLevel(): Record<string, ShorthandValue> {
    const out: Record<string, ShorthandValue> = {};
    // A repeated key is reported, once its value is read, one past where the
    // value before it ended.
    let reportAt = 0;
    for (;;) {
      if (this.pos > 0) this.skipSpace();
      const { name, fromFile } = this.key();
      const value = this.values();
      if (Object.hasOwn(out, name)) {
        throw new ShorthandSyntaxError(
          `Second instance of key "${name}" encountered`,
          this.input,
          reportAt,
          'This is often because there is a preceding "," instead of a space.',
        );
      }
      setOwn(out, name, fromFile ? this.loaded(value) : value);
      reportAt = this.pos + 1;
      this.skipSpace();
      if (this.pos >= this.input.length) return out;
      if (this.at() !== ",") this.expected(",");
      this.pos += 1;
    }
  }

  private at(): string | undefined {
    return this.input[this.pos];
  }

  /** The whole character at pos, one beyond U+FFFF too. */
  private found(): string {
    const { input, pos } = this;
    return pos >= input.length ? "EOF" : String.fromCodePoint(input.codePointAt(pos) as number);
  }

  private expected(what: string, received = this.found()): never {
    throw new ShorthandSyntaxError(`Expected: '${what}', received: '${received}'`, this.input, this.pos);
  }

  private skipSpace(): void {
    while (this.pos < this.input.length && SPACE.test(this.input[this.pos])) this.pos += 1;
  }

  /** Into a list or structure: one level deeper (left again once it is read). */
  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING) throw new NestingTooDeep();
  }

  /** A key and its "=" (or "@=": `fromFile`, the value comes from the file it names). */
  private key(): { name: string; fromFile: boolean } {
    KEY.lastIndex = this.pos;
    const name = (KEY.exec(this.input) as RegExpExecArray)[0];
    this.pos += name.length;
    this.skipSpace();
    const fromFile = this.at() === "@";
    if (fromFile) {
      this.pos += 1;
      this.skipSpace();
    }
    if (this.at() !== "=") this.expected("=");
    this.pos += 1;
    this.skipSpace();
    return { name, fromFile };
  }

  /** After "@=": a string is loaded, and so is each string of a list; a structure is kept. */
  private loaded(value: ShorthandValue): ShorthandValue {
    const { loadFile } = this;
    return typeof value === "string"
      ? loadFile(value)
      : Array.isArray(value)
        ? value.map((item) => (typeof item === "string" ? loadFile(item) : item))
        : value;
  }

  // A bare value runs up to a comma, a quote, or a closing bracket after its
  // first character; it does not start with "=". `\,` is a comma within it, any
  // other backslash is itself. Trailing spaces are dropped.
  private bare(): string {
    const { input } = this;
    const start = this.pos;
    while (this.pos < input.length) {
      const ch = input[this.pos];
      if (ch === "," || ch === '"' || ch === "'" || endsValue(ch)) break;
      if (this.pos === start ? noStart(ch) : ch === "]" || ch === "}") break;
      this.pos += ch === "\\" && input[this.pos + 1] === "," ? 2 : 1;
    }
    return unescapeCommas(input.slice(start, this.pos));
  }

  // The quoted value at pos, or undefined (pos unchanged) when it is not closed.
  // Within it, `\\` is a backslash and a backslash before its own quote is that quote.
  private tryQuoted(): string | undefined {
    const q = this.input[this.pos];
    const pattern = QUOTED[q];
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.input);
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[1].replace(/\\(\\|["'])/g, (whole, ch: string) => (ch === "\\" || ch === q ? ch : whole));
  }

  private quoted(): string {
    const value = this.tryQuoted();
    // (sic: the AWS CLI's own wording for single quotes)
    if (value === undefined)
      this.expected(this.input[this.pos] === '"' ? "<double quoted>" : "<singled quoted>", "<none>");
    return value as string;
  }

  /** One value: quoted, an explicit list, a nested structure, or bare. */
  private single(): ShorthandValue {
    const ch = this.at();
    if (ch === "[" || ch === "{") {
      this.enter();
      const value = ch === "[" ? this.list() : this.structure();
      this.depth -= 1;
      return value;
    }
    if (ch === '"' || ch === "'") return this.quoted();
    return this.bare();
  }

  /** After an item: true when the list or structure closes (a trailing comma allowed), false after a comma. */
  private closeOrComma(close: string): boolean {
    this.skipSpace();
    if (this.at() === close) {
      this.pos += 1;
      return true;
    }
    if (this.at() !== ",") this.expected(",");
    this.pos += 1;
    this.skipSpace();
    if (this.at() === close) {
      this.pos += 1;
      return true;
    }
    return false;
  }

  /** Past the opening bracket; true, and past the closing one too, when nothing is between them. */
  private opened(close: string): boolean {
    this.pos += 1;
    this.skipSpace();
    if (this.at() !== close) return false;
    this.pos += 1;
    return true;
  }

  private list(): ShorthandValue[] {
    const out: ShorthandValue[] = [];
    if (this.opened("]")) return out;
    do {
      out.push(this.single());
    } while (!this.closeOrComma("]"));
    return out;
  }

  private structure(): Record<string, ShorthandValue> {
    const out: Record<string, ShorthandValue> = {};
    if (this.opened("}")) return out;
    do {
      const { name, fromFile } = this.key();
      const value = this.single();
      setOwn(out, name, fromFile ? this.loaded(value) : value);
    } while (!this.closeOrComma("}"));
    return out;
  }

  // A later value of a list after a comma: quoted, or bare text that stops at
  // a comma, a quote or "=", and then nothing but spaces before the next comma.
  // Anything else is no value: undefined, with pos where reading it stopped.
  private laterValue(): string | undefined {
    const { input } = this;
    this.skipSpace();
    const ch = this.at();
    let value: string | undefined;
    if (ch === '"' || ch === "'") {
      value = this.tryQuoted();
    } else if (ch !== undefined && !noStart(ch) && !",[{".includes(ch)) {
      const start = this.pos;
      while (this.pos < input.length && !",'\"=".includes(input[this.pos]) && !endsValue(input[this.pos]))
        this.pos += input[this.pos] === "\\" && input[this.pos + 1] === "," ? 2 : 1;
      value = unescapeCommas(input.slice(start, this.pos));
    }
    if (value === undefined) return undefined;
    this.skipSpace();
    return this.pos >= input.length || input[this.pos] === "," ? value : undefined;
  }

  /** The value of a top-level key: one value, or several bare ones as a list. */
  private values(): ShorthandValue {
    const ch = this.at();
    if (ch === "[" || ch === "{") return this.single();
    const first = this.single();
    const items: ShorthandValue[] = [first];
    for (;;) {
      this.skipSpace();
      if (this.at() !== ",") break;
      this.pos += 1;
      const next = this.laterValue();
      if (next === undefined) {
        if (this.pos >= this.input.length) this.expected("<second>", "<none>");
        // Not a value but the next key: go back to the last comma read.
        this.pos = this.input.lastIndexOf(",", this.pos);
        break;
      }
      items.push(next);
    }
    return items.length === 1 ? first : items;
  }
}

/** A bare value as read: `\\,` is a comma, trailing whitespace (Python's) dropped. */
function unescapeCommas(text: string): string {
  return pyRstrip(text.replace(/\\,/g, ","));
}
