// The AWS CLI v2 shorthand syntax for structure and map parameters:
//
//   key=value,key2="quoted, with commas",list=a,b,other=[x,y],nested={k=v}
//
// Keys are letters, digits and -_.#/: (an empty key is allowed); whitespace
// around keys and values is dropped; `\,` escapes a comma in a bare value; a
// bare value followed by more comma-separated bare values makes a list; [..] is
// an explicit list and {..} a nested structure. A key repeated at the top level
// is an error. A syntax error says what was expected and what was found, and
// points a caret at the position.

export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue };

export class ShorthandSyntaxError extends Error {
  constructor(readonly reason: string, readonly input: string, readonly position: number, readonly hint = "") {
    super(`${reason} for input:\n${input}\n${" ".repeat(position)}^${hint ? `\n${hint}` : ""}`);
    this.name = "ShorthandSyntaxError";
  }
}

const KEY = /[A-Za-z0-9_\-.#/:]*/y;
const BARE_STOP = new Set([",", "]", "}", "'", '"']);
const SPACE = /\s/;

export function parseShorthand(input: string): Record<string, ShorthandValue> {
  let pos = 0;
  const at = (): string | undefined => input[pos];
  const found = (): string => (pos >= input.length ? "EOF" : input[pos]);
  const expected = (what: string, received = found()): never => {
    throw new ShorthandSyntaxError(`Expected: '${what}', received: '${received}'`, input, pos);
  };
  const skipSpace = (): void => {
    while (pos < input.length && SPACE.test(input[pos])) pos += 1;
  };

  const key = (): string => {
    KEY.lastIndex = pos;
    const name = (KEY.exec(input) as RegExpExecArray)[0];
    pos += name.length;
    skipSpace();
    if (at() !== "=") expected("=");
    pos += 1;
    skipSpace();
    return name;
  };

  // A bare value runs up to a comma, a closing bracket or a quote; `\,` is a
  // comma within it, any other backslash is itself. Trailing spaces are dropped.
  const bare = (): string => {
    let out = "";
    while (pos < input.length && !BARE_STOP.has(input[pos])) {
      if (input[pos] === "\\" && input[pos + 1] === ",") {
        out += ",";
        pos += 2;
      } else {
        out += input[pos];
        pos += 1;
      }
    }
    return out.replace(/\s+$/, "");
  };

  const quoted = (): string => {
    const q = input[pos];
    const start = pos;
    let out = "";
    pos += 1;
    for (;;) {
      if (pos >= input.length) {
        pos = start;
        expected(q === '"' ? "<double quoted>" : "<singled quoted>", "<none>");
      }
      const ch = input[pos];
      if (ch === q) {
        pos += 1;
        return out;
      }
      if (ch === "\\" && (input[pos + 1] === q || input[pos + 1] === "\\")) {
        out += input[pos + 1];
        pos += 2;
      } else {
        out += ch;
        pos += 1;
      }
    }
  };

  // One value: quoted, an explicit list, a nested structure, or bare.
  const single = (): ShorthandValue => {
    const ch = at();
    if (ch === "[") return list();
    if (ch === "{") return structure();
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
      const name = key();
      define(out, name, single());
    } while (!closeOrComma("}"));
    return out;
  };

  // A later bare value after a comma, unless what follows is the next key=.
  const laterValue = (): string | undefined => {
    skipSpace();
    const ch = at();
    if (ch === '"' || ch === "'") return quoted();
    const start = pos;
    const value = bare();
    if (value === "" || value.includes("=")) {
      pos = start;
      return undefined;
    }
    return value;
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
        // Not a value but the next key: go back to the comma before it.
        pos = input.lastIndexOf(",", pos);
        break;
      }
      items.push(next);
    }
    return items.length === 1 ? first : items;
  };

  const out: Record<string, ShorthandValue> = {};
  for (;;) {
    const start = pos;
    const name = key();
    if (Object.prototype.hasOwnProperty.call(out, name)) {
      throw new ShorthandSyntaxError(`Second instance of key "${name}" encountered`, input, start,
        'This is often because there is a preceding "," instead of a space.');
    }
    define(out, name, values());
    skipSpace();
    if (pos >= input.length) return out;
    if (at() !== ",") expected(",");
    pos += 1;
    skipSpace();
  }
}

function define(target: Record<string, ShorthandValue>, name: string, value: ShorthandValue): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
