// --cli-input-json and --cli-input-yaml: a whole request, inline or from a
// file. Flags given on the command line replace its top-level keys whole.
import { failed, NestingTooDeep, parameterError, type Place, paramValidation, PySet, pyType, setOwn } from "../common";
import { AliasesTooLarge, loadYaml, PythonFailure } from "./cli-yaml";
import { decodeJsonBytes, decodeYamlBytes } from "./document-bytes";
import { parseJson } from "./json-parse";
import { loadParamValue } from "./paramfile";
import { hasNonTextKeys, markNonTextKeys, type Request } from "./request";

export interface CliInputOptions {
  json?: string;
  yaml?: string;
}

/** The document, and whether its own mapping has keys that are not text (YAML's `1: x`). */
function parseDocument(
  format: "json" | "yaml",
  value: string | Uint8Array,
): { document: unknown; nonTextKeys: boolean } {
  const flag = `--cli-input-${format}`;
  try {
    // A fileb:// file's bytes: read in the encoding they show (a decoding error reads as invalid text).
    const text =
      typeof value === "string" ? value : format === "json" ? decodeJsonBytes(value) : decodeYamlBytes(value);
    if (format === "json") return { document: parseJson(text), nonTextKeys: false };
    return loadYaml(text);
  } catch (error) {
    if (
      error instanceof NestingTooDeep ||
      /^nesting exceeded maxDepth/.test((error as { reason?: string }).reason ?? "")
    ) {
      throw parameterError(flag, new NestingTooDeep().message);
    }
    if (error instanceof AliasesTooLarge) throw parameterError(flag, error.message);
    if (error instanceof PythonFailure) throw failed(error.message);
    throw parameterError(`cli-input-${format}`, `Invalid ${format.toUpperCase()} received.`);
  }
}

/** The request given with --cli-input-json or --cli-input-yaml, if any. */
export function loadCliInput(options: CliInputOptions, place: Place): Request | undefined {
  // Each file is read (JSON's first) before two are refused: a file that cannot be read is named first.
  const json = options.json === undefined ? undefined : loadParamValue("--cli-input-json", options.json, place);
  const yaml = options.yaml === undefined ? undefined : loadParamValue("--cli-input-yaml", options.yaml, place);
  if (json !== undefined && yaml !== undefined) {
    throw paramValidation("Only one --cli-input- parameter may be specified.");
  }
  const format = json !== undefined ? "json" : yaml !== undefined ? "yaml" : undefined;
  if (!format) return undefined;
  const flag = `--cli-input-${format}`;
  const { document, nonTextKeys } = parseDocument(format, (json ?? yaml) as string | Uint8Array);
  if (document === null || typeof document !== "object" || Array.isArray(document) || document instanceof PySet) {
    throw parameterError(flag, `Invalid type: expecting map, received ${pyType(document)}`);
  }
  if (nonTextKeys) markNonTextKeys(document);
  return document as Request;
}

/**
 * The members given as flags, then the CLI input's other top-level keys: a flag
 * replaces its key whole. (This order is also the order of validation messages.)
 */
export function mergeRequest(cliInput: Request | undefined, fromFlags: Request): Request {
  const merged: Request = { ...fromFlags };
  for (const [key, value] of Object.entries(cliInput ?? {})) {
    if (!Object.hasOwn(merged, key)) setOwn(merged, key, value);
  }
  if (cliInput !== undefined && hasNonTextKeys(cliInput)) markNonTextKeys(merged);
  return merged;
}
