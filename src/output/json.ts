// --output json: the result as the AWS CLI prints it, indented by four spaces
// with non-ASCII text kept as it is; an empty response prints nothing.
import { PyFloat, numberText, ownEntries } from "../common";
import { isEmptyObject, jsonFloat } from "./values";

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/**
 * A string as a JSON string literal, escaping only what JSON requires; with
 * `asciiOnly`, everything beyond printable ASCII too (as \uXXXX, a character
 * beyond U+FFFF as its two halves), as Python's json.dumps does by default.
 */
export function jsonString(text: string, asciiOnly = false): string {
  const special = asciiOnly ? /["\\\u0000-\u001f\u007f-\uffff]/g : /["\\\u0000-\u001f]/g;
  return `"${text.replace(special, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

/** A value as JSON text indented by `indent` spaces per level (none: on one line). */
export function formatJson(value: unknown, indent = 4, depth = 0): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number") return numberText(value);
  if (typeof value === "bigint") return String(value);
  if (value instanceof PyFloat) return jsonFloat(value);
  if (typeof value === "boolean") return String(value);
  const inner = " ".repeat(indent * (depth + 1));
  const outer = " ".repeat(indent * depth);
  const list = Array.isArray(value);
  const items = list
    ? (value as unknown[]).map((item) => formatJson(item, indent, depth + 1))
    : ownEntries(value as object).map(([k, v]) => `${jsonString(k)}: ${formatJson(v, indent, depth + 1)}`);
  const [open, close] = list ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return open + close;
  return `${open}\n${items.map((item) => inner + item).join(",\n")}\n${outer}${close}`;
}

/** --output json of a result; an empty object prints nothing, as the AWS CLI does. */
export function renderJson(result: unknown): string {
  if (isEmptyObject(result)) return "";
  return `${formatJson(result)}\n`;
}
