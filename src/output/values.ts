// What the output formats share: the shape of a query's result (which may
// hold floats, as PyFloat, and ints beyond 2^53, as bigint), Python's order of
// keys, and the error for a result a format cannot write.
import { type CliError, PyFloat, failed, floatRepr } from "../common";

/** A result of a query: what JSON holds. */
export type Json = unknown;
/** An object (a JSON object, not a list; not a float a query made). */
export const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
/** An object or a list: what the formats write as a block rather than as a scalar. */
export const isNested = (v: Json): v is object => typeof v === "object" && v !== null && !(v instanceof PyFloat);

/** A float as JSON holds it, as Python's json module writes it: 1.0, 1e+16, NaN, Infinity. */
export function jsonFloat(value: PyFloat): string {
  if (Number.isNaN(value.value)) return "NaN";
  if (!Number.isFinite(value.value)) return value.value > 0 ? "Infinity" : "-Infinity";
  return floatRepr(value.value);
}

/** Keys in the order Python's sorted() puts strings: by code point. */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(byCodePoint);
}

/** Python's order of strings: by code point (a character beyond U+FFFF is one, not two halves). */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** An object with no members: every format prints nothing for it, as the AWS CLI does. */
export function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** A result that `format` cannot write (the AWS CLI fails with a Python error there), exit 255. */
export const unprintable = (format: "text" | "table", what: string): CliError =>
  failed(
    `The ${format} output format cannot ${format === "text" ? "print" : "draw"} this result: ${what}. Use --output json, or change --query.`,
  );
