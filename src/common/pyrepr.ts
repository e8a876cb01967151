// Values as the AWS CLI's messages print them. Its messages come from Python,
// so a value reads `['1', '2']`, `{'k': 'v'}`, `None` or `b'\xff'`, and a type
// reads `<class 'list'>`. Our messages print the same so that scripts and
// people see one wording whichever tool they run.
import { failed } from "./errors";
import { ownEntries } from "./own";

/**
 * Marks an object parsed from a parameter's JSON: Python holds those in an
 * OrderedDict, and its messages say so.
 */
export const ORDERED_DICT = Symbol("OrderedDict");

/**
 * A number written as a float (1.0, 1e3), which Python keeps apart from an
 * int and prints as 1.0 and 1000.0. Only messages read it: no number is valid
 * anywhere in a request.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * A set, as YAML's `!!set {a, b}` makes it in Python: its members, in the
 * order given (Python's own order hangs on its string hashes, which change
 * from run to run). Only messages read it: no set is valid in a request.
 */
export class PySet {
  constructor(readonly members: readonly unknown[]) {}
}

const isOrdered = (value: object): boolean => (value as { [ORDERED_DICT]?: boolean })[ORDERED_DICT] === true;

/** Python prints a date alone when there is no time of day. */
const isDateOnly = (value: Date): boolean =>
  value.getUTCHours() + value.getUTCMinutes() + value.getUTCSeconds() + value.getUTCMilliseconds() === 0;

/**
 * Python's quoting of a str or bytes: single quotes unless the text holds one
 * and no double quote; a backslash, the quote, \n, \r and \t escaped, and the
 * characters `special` matches (besides those) as `escapeChar` says. The
 * characters in between are copied a run at a time, so that a long value
 * costs about its own size.
 */
function quote(text: string, special: RegExp, escapeChar: (code: number) => string | undefined): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(special, (ch) => {
    if (ch === "\\") return "\\\\";
    if (ch === q) return `\\${q}`;
    if (ch === "\n") return "\\n";
    if (ch === "\r") return "\\r";
    if (ch === "\t") return "\\t";
    return escapeChar(ch.codePointAt(0) as number) ?? ch;
  });
  return q + body + q;
}

const hex2 = (code: number): string => `\\x${code.toString(16).padStart(2, "0")}`;

/**
 * The characters of a str that repr() may change: the backslash, the quotes,
 * and what Python's str.isprintable() refuses (control, format, unassigned
 * and separator characters; the space is kept as it is). Made when first
 * needed: V8 builds a Unicode property's tables as the expression is made,
 * and most runs never show a repr().
 */
let strSpecial: RegExp | undefined;

function strRepr(text: string): string {
  strSpecial ??= /[\\'"\p{C}\p{Zl}\p{Zp}\p{Zs}]/gu;
  return quote(text, strSpecial, (code) => {
    if (code === 0x20 || code === 0x22 || code === 0x27) return undefined;
    if (code <= 0xff) return hex2(code);
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
  });
}

/** The bytes of a bytes value that repr() may change: the backslash, the quotes, and all but printable ASCII. */
const BYTES_SPECIAL = /[\\'"\x00-\x1f\x7f-\xff]/g;

function bytesRepr(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return `b${quote(text, BYTES_SPECIAL, (code) => (code === 0x22 || code === 0x27 ? undefined : hex2(code)))}`;
}

/** Python writes an exponent with two digits at least: 1e-05. */
const padExponent = (text: string): string => text.replace(/e([+-])(\d)$/, "e$10$2");

/**
 * A number as Python prints it: a whole number within the exact range as an
 * int, anything else as a float (nan and inf included).
 */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return Number.isSafeInteger(value) ? String(value) : floatRepr(value);
}

/** Python's repr() of a float: 1.0, 1e+16, 1e-05, 0.0001. */
export function floatRepr(value: number): string {
  if (!Number.isFinite(value)) return numberText(value);
  if (Object.is(value, -0)) return "-0.0";
  const size = Math.abs(value);
  if (size !== 0 && (size >= 1e16 || size < 1e-4)) return padExponent(value.toExponential());
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Python's repr() of a value parsed from JSON, YAML, shorthand or a file. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return strRepr(value);
  if (typeof value === "number") return numberText(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return bytesRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (value instanceof PySet) return value.members.length === 0 ? "set()" : `{${value.members.map(pyRepr).join(", ")}}`;
  if (value instanceof Date) {
    // A timestamp reads as a naive UTC datetime, as the AWS CLI's YAML reader makes it.
    return isDateOnly(value)
      ? value.toISOString().slice(0, 10)
      : value
          .toISOString()
          .replace("T", " ")
          .replace(/\.000Z$/, "")
          .replace(/(\.\d{3})Z$/, "$1000");
  }
  if (typeof value === "object" && isOrdered(value)) {
    const pairs = ownEntries(value).map(([k, v]) => `(${strRepr(k)}, ${pyRepr(v)})`);
    return pairs.length === 0 ? "OrderedDict()" : `OrderedDict([${pairs.join(", ")}])`;
  }
  if (typeof value === "object") {
    return `{${ownEntries(value)
      .map(([k, v]) => `${strRepr(k)}: ${pyRepr(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** Python's str(): a string as it is, anything else as its repr. */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** The Python type a value would have had: `<class 'list'>`. */
export function pyType(value: unknown): string {
  let name: string;
  if (value === null || value === undefined) name = "NoneType";
  else if (typeof value === "string") name = "str";
  else if (typeof value === "boolean") name = "bool";
  else if (typeof value === "number") name = Number.isInteger(value) ? "int" : "float";
  else if (value instanceof PyFloat) name = "float";
  else if (typeof value === "bigint") name = "int";
  else if (value instanceof Uint8Array) name = "bytes";
  else if (Array.isArray(value)) name = "list";
  else if (value instanceof PySet) name = "set";
  else if (value instanceof Date) name = isDateOnly(value) ? "datetime.date" : "datetime.datetime";
  else name = isOrdered(value as object) ? "collections.OrderedDict" : "dict";
  return `<class '${name}'>`;
}

/** Unicode's decimal digits (Arabic-Indic, full-width, ...) as ASCII ones, as Python's int() and float() read them. */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    let zero = digit.codePointAt(0) as number;
    // Each run of decimal digits starts at a zero.
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
    return String(((digit.codePointAt(0) as number) - zero) % 10);
  });
}

/** Python's int() of decimal text (any Unicode digits, `_` between them); its ValueError's words when it is none. */
export function pythonInt(text: string): number {
  const digits = asciiDigits(text);
  if (!/^\s*[-+]?[0-9]+(?:_[0-9]+)*\s*$/.test(digits))
    throw failed(`invalid literal for int() with base 10: ${pyRepr(text)}`);
  const value = Number(digits.trim().replace(/_/g, ""));
  // -0 reads as 0, as Python has no negative zero int.
  return value === 0 ? 0 : value;
}
