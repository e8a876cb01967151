// From the response (the model's members, as the call stage gives it) to the
// text on stdout: JSON here; --query and the other formats in the formats
// stage, loaded only by the runs that use them.
import { formatJson, renderJson } from "./json";
import { load as formats } from "./lazy-formats";
import type { OutputSettings } from "./settings";

/** The text to print for a response; a table wider than `columns` (80 off a terminal) is laid out in rows. */
export function renderOutput(
  response: Record<string, unknown>,
  settings: Pick<OutputSettings, "format" | "query" | "colored">,
  columns = 80,
): string {
  if (settings.query === undefined && settings.format === "json") return renderJson(response);
  // Nothing to print and no query whose evaluation could fail: no need of the formats stage.
  if (settings.query === undefined && settings.format === "off") return "";
  return formats().renderOutput(response, settings, columns);
}

/** An error as structured output (--cli-error-format): the format's own layout; a table titled "error". */
export function renderStructured(
  value: Record<string, unknown>,
  format: "json" | "yaml" | "text" | "table",
  colored = false,
): string {
  // JSON is this stage's own; the others load the formats stage.
  return format === "json" ? `${formatJson(value)}\n` : formats().renderStructured(value, format, colored);
}

/**
 * --query's syntax tree; a syntax error is a usage error (252), as the AWS
 * CLI's parser of global options finds it, in its words.
 */
export const checkQuerySyntax = (expression: string): unknown => formats().checkQuerySyntax(expression);

/**
 * Checks a --query expression, and the functions it calls unless `syntaxOnly`
 * (a skeleton, for which nothing is sent); a bad one is a usage error (252)
 * and nothing is sent.
 */
export const compileQuery = (expression: string, syntaxOnly = false): string =>
  formats().compileQuery(expression, syntaxOnly);
