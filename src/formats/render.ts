// From the response (the model's members, as the call stage gives it) to the
// text on stdout: --query, then the output format.
import { type OutputSettings, renderJson } from "../output";
import { renderTable, tableLines } from "./table";
import { renderText } from "./text";
import { renderYaml, renderYamlStream } from "./yaml";
import { applyQuery } from "./query";

/** The text to print for a response; a table wider than `columns` (80 off a terminal) is laid out in rows. */
export function renderOutput(
  response: Record<string, unknown>,
  settings: Pick<OutputSettings, "format" | "query" | "colored">,
  columns = 80,
): string {
  const result = settings.query === undefined ? response : applyQuery(settings.query, response, settings.format);
  switch (settings.format) {
    case "json":
      return renderJson(result);
    case "text":
      return renderText(result);
    case "table":
      return renderTable(result, settings.colored, columns);
    case "yaml":
      return renderYaml(result);
    case "yaml-stream":
      return renderYamlStream(result);
    case "off":
      return "";
  }
}

/** An error as structured output (--cli-error-format): the format's own layout; a table titled "error". */
export function renderStructured(
  value: Record<string, unknown>,
  format: "yaml" | "text" | "table",
  colored = false,
): string {
  switch (format) {
    case "yaml":
      return renderYaml(value);
    case "text":
      return renderText(value);
    case "table":
      // Colored cells, but none of the resets the terminal layer puts around a response's lines.
      return tableLines(value, colored, 80, "error")
        .map((line) => `${line}\n`)
        .join("");
  }
}
