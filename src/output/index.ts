// From the service's response to the text on stdout: --query, then the
// output format (json, text, table, yaml, yaml-stream), then the pager on a
// terminal; and which format, colors and pager a run uses.
//
// A bundle of its own (dist/output.js), loaded only by the runs that print a
// response, check a --query, write an error in a structured format or page
// their help. It reads and evaluates --query itself (query-parse.ts,
// query-eval.ts): there is no JMESPath library to load.
export { checkQuerySyntax, compileQuery } from "./query";
export { pageThrough } from "./pager";
export { renderOutput, renderStructured } from "./render";
export { resolveColor, resolveFormat, resolvePager, type OutputFormat, type OutputSettings } from "./settings";
