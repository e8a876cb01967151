// From the service's response to the text on stdout: the model's members,
// then --query, then the output format.
import type { OutputSettings } from "./settings";
import { renderJson, responseValue } from "./json";
import { renderTable } from "./table";
import { renderText } from "./text";
import { renderYaml, renderYamlStream } from "./yaml";
import { applyQuery } from "./query";

/** The text to print for a response; a table wider than `columns` (80 off a terminal) is laid out in rows. */
export function renderOutput(response: unknown, settings: Pick<OutputSettings, "format" | "query" | "colored">, columns = 80): string {
  const value = responseValue(response);
  const result = settings.query === undefined ? value : applyQuery(settings.query, value);
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
  }
}
