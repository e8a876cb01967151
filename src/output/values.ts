// What the output formats share: the shape of a query's result, Python's
// order of keys, and the error for a result a format cannot write.
import { CliError, EXIT } from "../common";

/** A result of a query: what JSON holds. */
export type Json = unknown;
/** An object (a JSON object, not a list). */
export const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** An object or a list: what the formats write as a block rather than as a scalar. */
export const isNested = (v: Json): v is object => typeof v === "object" && v !== null;

/** Keys in the order Python's sorted() puts strings: by code point. */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => {
    const x = [...a].map((c) => c.codePointAt(0) as number);
    const y = [...b].map((c) => c.codePointAt(0) as number);
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
}

/** An object with no members: every format prints nothing for it, as the AWS CLI does. */
export function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** A result that `format` cannot write (the AWS CLI fails with a Python error there), exit 255. */
export const unprintable = (format: "text" | "table", what: string): CliError =>
  new CliError(
    `The ${format} output format cannot ${format === "text" ? "print" : "draw"} this result: ${what}. Use --output json, or change --query.`,
    EXIT.other,
  );
