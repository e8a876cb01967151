// From the values given on the command line to the request object: each
// parameter's value is loaded (file://, fileb://) and parsed as its shape
// wants: strings as they are, structures and maps as JSON when they start with
// { (a [ is no structure), else as shorthand. Parameters are taken in the
// model's order.
import { type CliError, failed, parameterError, type Place, pyLstrip } from "../common";
import { JsonSyntaxError, parseJson } from "./json-parse";
import { NestingTooDeep } from "../common";
import { loadParamValue, loadShorthandValue } from "./paramfile";
import { flagFor, loadSchema, members, shapeKind, type SchemaNode } from "./schema";
import { ShorthandSyntaxError, parseShorthand } from "./shorthand";

export type Request = Record<string, unknown>;

/**
 * Set on a request whose CLI input (YAML) has top-level keys that are not
 * text (`1: x`, `? [a, b]`): the AWS CLI passes the request's keys to Python
 * as keywords, and fails when it is called (255).
 */
const NON_TEXT_KEYS = Symbol("non-text keys");

export const hasNonTextKeys = (request: object): boolean =>
  (request as Record<symbol, unknown>)[NON_TEXT_KEYS] === true;

export function markNonTextKeys(request: object): void {
  // Enumerable, so that a copy made by spreading keeps it.
  Object.defineProperty(request, NON_TEXT_KEYS, { value: true, enumerable: true });
}

/** The value of one parameter from its text on the command line. */
export function parseParameter(flag: string, node: SchemaNode, text: string, place: Place): unknown {
  const value = loadParamValue(flag, text, place);
  if (shapeKind(node) === "string") return value;
  if (typeof value !== "string") throw bytesForStructure(value);
  // The AWS CLI looks past Python's whitespace (U+001C..U+001F and NEL too, a
  // byte-order mark not) for the `{` or `[` that makes a value JSON.
  const opening = pyLstrip(value)[0];
  if (opening === "[" || opening === "{") {
    // A structure or map is JSON only as an object: a list is never parsed, as in the AWS CLI.
    if (opening === "[") throw parameterError(flag, `Invalid JSON:\n${value}`);
    let parsed: unknown;
    try {
      parsed = parseJson(value, { ordered: true });
    } catch (error) {
      if (error instanceof JsonSyntaxError)
        throw parameterError(flag, `Invalid JSON: ${error.message}\nJSON received: ${value}`);
      if (error instanceof NestingTooDeep) throw parameterError(flag, error.message);
      throw error;
    }
    return parsed;
  }
  try {
    // A file named after "@=" is read as the value is parsed; its bytes (fileb://) are left to validation.
    return parseShorthand(value, (named) => loadShorthandValue(named, place) as string);
  } catch (error) {
    if (error instanceof ShorthandSyntaxError) throw parameterError(flag, error.message);
    if (error instanceof NestingTooDeep) throw parameterError(flag, error.message);
    throw error;
  }
}

/**
 * The bytes of fileb:// given to a structure or map parameter: AWS CLI 2.36.7
 * hands them to its shorthand reader, which fails with Python's TypeError
 * (255), one for an empty file and another for any other.
 */
function bytesForStructure(bytes: Uint8Array): CliError {
  return failed(
    bytes.length === 0
      ? "a bytes-like object is required, not 'str'"
      : "'in <string>' requires string as left operand, not int",
  );
}

/** The request members given as flags, keyed by member name, in model order. */
export function requestFromFlags(given: ReadonlyMap<string, string>, place: Place): Request {
  const request: Request = {};
  for (const [member, node] of members(loadSchema("input"))) {
    const flag = flagFor(member);
    const text = given.get(flag);
    if (text !== undefined) request[member] = parseParameter(flag, node, text, place);
  }
  return request;
}
