// --output json: the result as the AWS CLI prints it, indented by four spaces
// with non-ASCII text kept as it is. The full response follows the model's
// member order and drops members the model does not know; an empty response
// prints nothing.
import { numberText } from "../common";
import { loadSchema, mapValue, members, shapeKind, type SchemaNode } from "../input";

/** The response reduced to the model's members, in the model's order. */
export function shapeResponse(node: SchemaNode, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shapeKind(node)) {
    case "string":
      return value;
    case "map":
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeResponse(mapValue(node), v)]));
    default: {
      const out: Record<string, unknown> = {};
      for (const [member, child] of members(node)) {
        const shaped = shapeResponse(child, (value as Record<string, unknown>)[member]);
        if (shaped !== undefined) out[member] = shaped;
      }
      return out;
    }
  }
}

/** The service's response as the output formats see it: the model's members in its order. */
export function responseValue(response: unknown): Record<string, unknown> {
  return (shapeResponse(loadSchema("output"), response) as Record<string, unknown> | undefined) ?? {};
}

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** A string as a JSON string literal, escaping only what JSON requires. */
export function jsonString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/["\\\u0000-\u001f]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

/** A value as JSON text indented by `indent` spaces per level (none: on one line). */
export function formatJson(value: unknown, indent = 4, depth = 0): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  const inner = " ".repeat(indent * (depth + 1));
  const outer = " ".repeat(indent * depth);
  const list = Array.isArray(value);
  const items = list
    ? (value as unknown[]).map((item) => formatJson(item, indent, depth + 1))
    : Object.entries(value as object).map(([k, v]) => `${jsonString(k)}: ${formatJson(v, indent, depth + 1)}`);
  const [open, close] = list ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return open + close;
  return `${open}\n${items.map((item) => inner + item).join(",\n")}\n${outer}${close}`;
}

/** --output json of a result; an empty object prints nothing, as the AWS CLI does. */
export function renderJson(result: unknown): string {
  if (isEmptyObject(result)) return "";
  return `${formatJson(result)}\n`;
}

export function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
