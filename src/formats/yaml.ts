// --output yaml and yaml-stream: the result as the AWS CLI writes it in YAML
// 1.2 block style. Keys are sorted; a list under a key is not indented; a
// string is plain unless it would read back as something else or holds
// characters plain text cannot, then single-quoted, and double-quoted with
// escapes when it holds characters single quotes cannot; long strings fold at
// 80 columns; an object or list met twice is written once with an anchor
// (&id001) and then as an alias (*id001).
import { PyFloat, floatRepr, numberText } from "../common";
import { formatJson, isEmptyObject, isNested, type Json, sortedKeys } from "../output";

const WIDTH = 80;
const BREAKS = "\n\x85\u2028\u2029";
const BLANKS = `\0 \t\r${BREAKS}`;

/** Plain text that YAML 1.2 would read as something other than a string. */
const NOT_A_STRING = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+)$/,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=)$/,
];

/** Characters YAML can carry unescaped (with Unicode allowed). */
function printable(ch: string): boolean {
  const c = ch.codePointAt(0) as number;
  if (ch === "\n" || (c >= 0x20 && c <= 0x7e)) return true;
  // Characters beyond the Basic Multilingual Plane (emoji) and NEL are escaped too.
  return ((c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)) && c !== 0xfeff;
}

interface Analysis {
  multiline: boolean;
  plain: boolean;
  single: boolean;
}

/** Which styles can write `text` so that it reads back the same. */
function analyse(text: string): Analysis {
  if (text === "") return { multiline: false, plain: false, single: true };
  const chars = [...text];
  let flowIndicators = false;
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false,
    leadingBreak = false,
    trailingSpace = false,
    trailingBreak = false;
  let breakSpace = false,
    spaceBreak = false;
  if (text.startsWith("---") || text.startsWith("...")) flowIndicators = blockIndicators = true;
  let precededByBlank = true;
  let followedByBlank = chars.length === 1 || BLANKS.includes(chars[1]);
  let previousSpace = false,
    previousBreak = false;
  chars.forEach((ch, i) => {
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) flowIndicators = blockIndicators = true;
      if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByBlank) blockIndicators = true;
      }
      if (ch === "-" && followedByBlank) flowIndicators = blockIndicators = true;
    } else {
      if (",?[]{}".includes(ch)) flowIndicators = true;
      if (ch === ":") {
        flowIndicators = true;
        if (followedByBlank) blockIndicators = true;
      }
      if (ch === "#" && precededByBlank) flowIndicators = blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!printable(ch)) special = true;
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByBlank = BLANKS.includes(ch);
    followedByBlank = i + 1 >= chars.length - 1 || BLANKS.includes(chars[i + 2]);
  });
  let plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators);
  let single = true;
  if (breakSpace) plain = single = false;
  if (spaceBreak || special) plain = single = false;
  void flowIndicators;
  return { multiline: lineBreaks, plain, single };
}

const ESCAPES: Record<string, string> = {
  "\0": "0",
  "\x07": "a",
  "\b": "b",
  "\t": "t",
  "\n": "n",
  "\v": "v",
  "\f": "f",
  "\r": "r",
  "\x1b": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\u2028": "L",
  "\u2029": "P",
};

function escaped(ch: string): string {
  if (ESCAPES[ch] !== undefined) return `\\${ESCAPES[ch]}`;
  const c = ch.codePointAt(0) as number;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

/** The text being written, with the column the next character lands in. */
interface Writer {
  readonly text: string;
  readonly column: number;
  write(data: string): void;
  lineBreak(data?: string): void;
  /** To `indent` on a new line, or on this one while nothing else is on it. */
  indent(indent: number): void;
}

function createWriter(): Writer {
  let text = "";
  let column = 0;
  // True at the start of a line, before anything but indentation.
  let fresh = true;
  const lineBreak = (data = "\n"): void => {
    text += data;
    column = 0;
    fresh = true;
  };
  return {
    get text() {
      return text;
    },
    get column() {
      return column;
    },
    write(data) {
      text += data;
      column += [...data].length;
      fresh = false;
    },
    lineBreak,
    indent(indent) {
      if (!fresh || column > indent) lineBreak();
      if (column < indent) {
        text += " ".repeat(indent - column);
        column = indent;
      }
    },
  };
}

function writePlain(w: Writer, text: string, indent: number, fold: boolean): void {
  const chars = [...text];
  let start = 0;
  let spaces = false;
  for (let end = 0; end <= chars.length; end += 1) {
    const ch = chars[end];
    if (spaces) {
      if (ch !== " ") {
        // A single space past the width becomes a line break.
        if (start + 1 === end && w.column > WIDTH && fold) w.indent(indent);
        else w.write(chars.slice(start, end).join(""));
        start = end;
      }
    } else if (ch === undefined || ch === " ") {
      w.write(chars.slice(start, end).join(""));
      start = end;
    }
    if (ch !== undefined) spaces = ch === " ";
  }
}

function writeSingle(w: Writer, text: string, indent: number, fold: boolean): void {
  w.write("'");
  const chars = [...text];
  let start = 0;
  let spaces = false;
  let breaks = false;
  for (let end = 0; end <= chars.length; end += 1) {
    const ch = chars[end];
    if (spaces) {
      if (ch === undefined || ch !== " ") {
        if (start + 1 === end && w.column > WIDTH && fold && start !== 0 && end !== chars.length) w.indent(indent);
        else w.write(chars.slice(start, end).join(""));
        start = end;
      }
    } else if (breaks) {
      if (ch === undefined || !BREAKS.includes(ch)) {
        if (chars[start] === "\n") w.lineBreak();
        for (const br of chars.slice(start, end)) w.lineBreak(br);
        w.indent(indent);
        start = end;
      }
    } else if (ch === undefined || ch === " " || BREAKS.includes(ch) || ch === "'") {
      if (start < end) {
        w.write(chars.slice(start, end).join(""));
        start = end;
      }
    }
    if (ch === "'") {
      w.write("''");
      start = end + 1;
    }
    if (ch !== undefined) {
      spaces = ch === " ";
      breaks = BREAKS.includes(ch);
    }
  }
  w.write("'");
}

function writeDouble(w: Writer, text: string, indent: number, fold: boolean): void {
  w.write('"');
  const chars = [...text];
  let start = 0;
  for (let end = 0; end <= chars.length; end += 1) {
    const ch = chars[end];
    const c = ch === undefined ? 0 : (ch.codePointAt(0) as number);
    const plainChar =
      ch !== undefined &&
      !'"\\\x85\u2028\u2029\ufeff'.includes(ch) &&
      ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd));
    if (!plainChar) {
      if (start < end) w.write(chars.slice(start, end).join(""));
      start = end;
      if (ch !== undefined) {
        w.write(escaped(ch));
        start = end + 1;
      }
    }
    // A line folds at a space that follows a non-space, once it is past the width.
    if (
      fold &&
      ch === " " &&
      chars[end - 1] !== " " &&
      end > 0 &&
      end < chars.length - 1 &&
      w.column + (end - start) > WIDTH
    ) {
      w.write(chars.slice(start, end).join(""));
      start = end + 1;
      w.indent(indent);
      if (chars[start] === " ") w.write("\\");
    }
  }
  w.write('"');
}

function resolvesToString(text: string): boolean {
  return !NOT_A_STRING.some((pattern) => pattern.test(text));
}

/** Writes a string in the style it needs; `key`: as a simple mapping key (never folded). */
function writeString(w: Writer, text: string, indent: number, key: boolean): void {
  const analysis = analyse(text);
  if (analysis.plain && !(key && analysis.multiline) && resolvesToString(text)) writePlain(w, text, indent, !key);
  else if (analysis.single && !(key && analysis.multiline)) writeSingle(w, text, indent, !key);
  else writeDouble(w, text, indent, !key);
}

/** A float as the AWS CLI's YAML writer puts it: Python's repr in lower case; .nan, .inf, -.inf. */
function yamlFloat(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
  return floatRepr(value).toLowerCase();
}

function writeScalar(w: Writer, value: Json, indent: number, key = false): void {
  if (typeof value === "string") writeString(w, value, indent, key);
  else if (typeof value === "number") w.write(numberText(value));
  else if (typeof value === "bigint") w.write(String(value));
  else if (value instanceof PyFloat) w.write(yamlFloat(value.value));
  else if (value === null || value === undefined) w.write("null");
  else w.write(String(value));
}

/** Objects and lists that occur more than once, which get an anchor. */
function shared(root: Json): Set<object> {
  const seen = new Set<object>();
  const twice = new Set<object>();
  const visit = (v: Json): void => {
    if (!isNested(v)) return;
    if (seen.has(v)) {
      twice.add(v);
      return;
    }
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child);
  };
  visit(root);
  return twice;
}

type Place = "root" | "item" | "value";

export function formatYaml(value: Json): string {
  const repeated = shared(value);
  const anchors = new Map<object, string>();
  const w = createWriter();

  /** `indent`: where this node's content goes; the writer is after "- ", after "key:", or at the start. */
  function node(current: Json, indent: number, place: Place): void {
    const lead = place === "value" ? " " : "";
    if (!isNested(current)) {
      w.write(lead);
      writeScalar(w, current, indent);
      return;
    }
    const alias = anchors.get(current);
    if (alias !== undefined) {
      w.write(`${lead}*${alias}`);
      return;
    }
    let anchored = false;
    if (repeated.has(current)) {
      const name = `id${String(anchors.size + 1).padStart(3, "0")}`;
      anchors.set(current, name);
      w.write(`${lead}&${name}`);
      anchored = true;
    }
    const entries = Array.isArray(current) ? current : Object.keys(current);
    if (entries.length === 0) {
      w.write(`${anchored ? " " : lead}${Array.isArray(current) ? "[]" : "{}"}`);
      return;
    }
    // After "- " a block starts on the same line unless an anchor went first.
    const inline = place === "item" && !anchored;
    if (Array.isArray(current)) {
      const dash = place === "value" ? indent - 2 : place === "item" ? indent : 0;
      current.forEach((item, i) => {
        if (!(inline && i === 0)) w.indent(dash);
        w.write("- ");
        node(item, dash + 2, "item");
      });
    } else {
      const object = current as Record<string, Json>;
      const at = place === "root" ? 0 : indent;
      sortedKeys(Object.keys(object)).forEach((key, i) => {
        if (!(inline && i === 0)) w.indent(at);
        entry(key, object[key], at);
      });
    }
  }

  function entry(key: string, child: Json, indent: number): void {
    const analysis = analyse(key);
    // A simple key is at most 128 bytes of UTF-8 on one line.
    if (Buffer.byteLength(key) <= 128 && !analysis.multiline) {
      writeScalar(w, key, indent + 2, true);
      w.write(":");
      node(child, indent + 2, "value");
      return;
    }
    // A key too long or on several lines goes after "? ", its value after ": ".
    w.write("? ");
    writeScalar(w, key, indent + 2);
    w.indent(indent);
    w.write(":");
    node(child, indent + 2, "value");
  }

  node(value, 0, "root");
  return `${w.text}\n`;
}

/** --output yaml: a scalar result is written as JSON; an empty object prints nothing. */
export function renderYaml(result: Json): string {
  if (isEmptyObject(result)) return "";
  if (!isNested(result)) return `${formatJson(result)}\n`;
  return formatYaml(result);
}

/** --output yaml-stream: the result as the single item of a list. */
export function renderYamlStream(result: Json): string {
  if (isEmptyObject(result)) return "";
  return formatYaml([result]);
}
