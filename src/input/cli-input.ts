// --cli-input-json and --cli-input-yaml: a whole request, inline or from a
// file. Flags given on the command line replace its top-level keys whole.
import { parameterError, type Place, paramValidation } from "../common";
import { parseJson } from "./json-parse";
import { MAX_NESTING, NestingTooDeep, setOwn } from "../common";
import { loadParamValue } from "./paramfile";
import { PyFloat, pyType } from "../common";
import type { Request } from "./request";

export interface CliInputOptions {
  json?: string;
  yaml?: string;
}

// Numbers written with underscores (1_000, 0x_1F, 1_0.5), which the AWS CLI's
// YAML reader takes as numbers and js-yaml's core schema as strings; and floats,
// kept apart from ints as Python keeps them.
const UNDERSCORED_INT = /^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function yamlFloat(text: string): PyFloat {
  if (SPECIAL_FLOAT.test(text))
    return new PyFloat(/nan/i.test(text) ? NaN : text.startsWith("-") ? -Infinity : Infinity);
  return new PyFloat(Number(text.replace(/_/g, "")));
}

function underscoredInt(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.replace(/^[-+]/, "").replace(/_/g, "");
  const radix = { "0b": 2, "0o": 8, "0x": 16 }[digits.slice(0, 2)];
  return sign * (radix ? parseInt(digits.slice(2), radix) : Number(digits));
}

function yamlSchema(yaml: typeof import("js-yaml")): import("js-yaml").Schema {
  const underscoredInts = (text: string | null): boolean =>
    text?.includes("_") === true && UNDERSCORED_INT.test(text) && /[0-9]/.test(text);
  const floats = (text: string | null): boolean =>
    text !== null &&
    ((FLOAT.test(text) &&
      /^[-+]?(?:[0-9]|\.[0-9_]*[0-9])/.test(text) &&
      /[.eE]/.test(text) &&
      !UNDERSCORED_INT.test(text)) ||
      SPECIAL_FLOAT.test(text));
  return yaml.DEFAULT_SCHEMA.extend({
    implicit: [
      // A tag of its own, so that the core schema's int stays as it is.
      new yaml.Type("tag:resend-confirmation-code,2026:underscored-int", {
        kind: "scalar",
        resolve: underscoredInts,
        construct: underscoredInt,
      }),
      // The core schema's float tag: this type takes its place.
      new yaml.Type("tag:yaml.org,2002:float", { kind: "scalar", resolve: floats, construct: yamlFloat }),
    ],
  });
}

/**
 * The most that aliases (`*name`) may stand for in a YAML document, in all:
 * each use counts the nodes of what it names, and a string counts one more per
 * character. A document's own text is not limited; only what aliases repeat is.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

class AliasesTooLarge extends Error {
  constructor(recursive: boolean) {
    super(
      recursive
        ? "an alias stands for a node that holds it, which would expand without end"
        : `its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} nodes and characters`,
    );
  }
}

// An alias node: after spaces and comments, `*` and the anchor's name.
const ALIAS = /(?:[ \t\r\n]|#[^\n]*)*\*([^ \t\r\n,[\]{}]+)/y;

/** What the listener reads of js-yaml's state (its types leave out the node's anchor and result). */
interface NodeState {
  position: number;
  input: string;
  result: unknown;
  anchor: string | null;
}

/**
 * A js-yaml listener that counts, as the document is built, how much its
 * aliases stand for, and stops the load once that passes MAX_ALIAS_EXPANSION.
 * js-yaml shares one object for every use of an anchor, so the load is quick
 * whatever the count; it is every later walk of the request (validation,
 * messages) that would expand them.
 */
function aliasCounter(): (event: "open" | "close", state: object) => void {
  const sizes: number[] = [];
  const starts: number[] = [];
  // What each anchor names, by name for scalars and by identity for the rest:
  // js-yaml names a collection from the moment it opens, and an alias to a
  // collection still open (a document that holds itself) has no size yet.
  const scalars = new Map<string, number>();
  const collections = new WeakMap<object, number>();
  let expanded = 0;
  return (event, raw) => {
    const state = raw as NodeState;
    if (event === "open") {
      sizes.push(0);
      starts.push(state.position);
      return;
    }
    const children = sizes.pop() as number;
    ALIAS.lastIndex = starts.pop() as number;
    const alias = children === 0 ? ALIAS.exec(state.input) : null;
    const { result } = state;
    const isObject = typeof result === "object" && result !== null;
    let size: number;
    if (alias) {
      const named = isObject ? collections.get(result) : scalars.get(alias[1]);
      if (named === undefined) throw new AliasesTooLarge(true);
      size = named;
      expanded += size;
      if (expanded > MAX_ALIAS_EXPANSION) throw new AliasesTooLarge(false);
    } else {
      size = 1 + children + (typeof result === "string" ? result.length : 0);
      if (state.anchor !== null) {
        if (isObject) collections.set(result, size);
        else scalars.set(state.anchor, size);
      }
    }
    if (sizes.length > 0) sizes[sizes.length - 1] += size;
  };
}

function parseDocument(format: "json" | "yaml", text: string): unknown {
  const flag = `--cli-input-${format}`;
  try {
    if (format === "json") return parseJson(text);
    // js-yaml is loaded only when YAML is given.
    const yaml = require("js-yaml") as typeof import("js-yaml");
    return yaml.load(text, {
      schema: yamlSchema(yaml),
      maxDepth: MAX_NESTING,
      listener: aliasCounter(),
    } as import("js-yaml").LoadOptions);
  } catch (error) {
    if (
      error instanceof NestingTooDeep ||
      /^nesting exceeded maxDepth/.test((error as { reason?: string }).reason ?? "")
    ) {
      throw parameterError(flag, new NestingTooDeep().message);
    }
    if (error instanceof AliasesTooLarge) throw parameterError(flag, error.message);
    throw parameterError(`cli-input-${format}`, `Invalid ${format.toUpperCase()} received.`);
  }
}

/** The request given with --cli-input-json or --cli-input-yaml, if any. */
export function loadCliInput(options: CliInputOptions, place: Place): Request | undefined {
  if (options.json !== undefined && options.yaml !== undefined) {
    throw paramValidation("Only one --cli-input- parameter may be specified.");
  }
  const format = options.json !== undefined ? "json" : options.yaml !== undefined ? "yaml" : undefined;
  if (!format) return undefined;
  const flag = `--cli-input-${format}`;
  const text = loadParamValue(flag, options[format] as string, place);
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
    if (!Object.hasOwn(merged, key)) setOwn(merged, key, value);
  }
  return merged;
}
