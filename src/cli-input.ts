// --cli-input-json and --cli-input-yaml: a whole request, inline or from a
// file. Flags given on the command line replace its top-level keys whole.
import { CliError, EXIT, parameterError } from "./errors";
import { parseJson } from "./json-parse";
import { loadParamValue } from "./paramfile";
import { pyType } from "./pyrepr";
import type { Request } from "./params";

export interface CliInputOptions {
  json?: string;
  yaml?: string;
}

function parseDocument(format: "json" | "yaml", text: string): unknown {
  try {
    if (format === "json") return parseJson(text);
    // js-yaml is loaded only when YAML is given.
    const yaml = require("js-yaml") as typeof import("js-yaml");
    return yaml.load(text);
  } catch {
    throw parameterError(`cli-input-${format}`, `Invalid ${format.toUpperCase()} received.`);
  }
}

/** The request given with --cli-input-json or --cli-input-yaml, if any. */
export function loadCliInput(options: CliInputOptions, env: NodeJS.ProcessEnv): Request | undefined {
  if (options.json !== undefined && options.yaml !== undefined) {
    throw new CliError("Only one --cli-input- parameter may be specified.", EXIT.usage);
  }
  const format = options.json !== undefined ? "json" : options.yaml !== undefined ? "yaml" : undefined;
  if (!format) return undefined;
  const flag = `--cli-input-${format}`;
  const text = loadParamValue(flag, (options[format] as string), env);
  const document = parseDocument(format, typeof text === "string" ? text : Buffer.from(text).toString("utf8"));
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw parameterError(flag, `Invalid type: expecting map, received ${pyType(document)}`);
  }
  return document as Request;
}

/**
 * The members given as flags, then the CLI input's other top-level keys: a flag
 * replaces its key whole. (This order is also the order of validation messages.)
 */
export function mergeRequest(cliInput: Request | undefined, fromFlags: Request): Request {
  const merged: Request = { ...fromFlags };
  for (const [key, value] of Object.entries(cliInput ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(merged, key)) {
      Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return merged;
}
