// From the service's response to the text on stdout: --query, then the
// output format (json, text, table, yaml, yaml-stream), then the pager on a
// terminal; and which format, colors and pager a run uses.
//
// In the core bundle (dist/node.js), its modules run only by the runs that
// print a response, check a --query, write an error in a structured format or
// page their help. It writes JSON itself; --query (read and evaluated here, with
// no JMESPath library) and the other formats are the formats stage
// (dist/formats.js), which it loads only for the runs that use them, and
// which takes from here what the formats share.
export { pageThrough } from "./pager";
export { checkQuerySyntax, compileQuery, renderOutput, renderStructured } from "./render";
export { resolveColor, resolveFormat, resolvePager, type OutputFormat, type OutputSettings } from "./settings";
// For the formats stage.
export { formatJson, jsonString, renderJson } from "./json";
export {
  byCodePoint,
  isEmptyObject,
  isNested,
  isObject,
  jsonFloat,
  type Json,
  sortedKeys,
  unprintable,
} from "./values";
