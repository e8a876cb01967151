// Validation of the merged request against schemas/input.json, with ajv. The
// problems are reported as the AWS CLI reports them, in its order: for each
// structure its missing required members, then its unknown members, then each
// member it was given, in the order given.
import type { ErrorObject, ValidateFunction } from "ajv";
import { failed, PyFloat, PySet, pyStr, pyType, setOwn, validationError } from "../common";
import { hasNonTextKeys } from "./request";
import { loadSchema, members, type SchemaNode } from "./schema";

import OPTIONS from "./validator-options.json";

let compiled: ValidateFunction | undefined;

/**
 * The validator for schemas/input.json: compiled ahead of time by the build
 * (dist/input-validator.js), or, where there is none (running from src/), by
 * ajv now.
 */
function validator(): ValidateFunction {
  if (!compiled) {
    try {
      compiled = require("./input-validator.js") as ValidateFunction;
    } catch {
      const Ajv = require("ajv").default as typeof import("ajv").default;
      const ajv = new Ajv(OPTIONS.AJV_OPTIONS);
      for (const keyword of OPTIONS.AWS_KEYWORDS) {
        ajv.addKeyword({ keyword, schemaType: ["string", "number", "boolean", "array", "object"] });
      }
      compiled = ajv.compile(loadSchema("input"));
    }
  }
  return compiled;
}

const PY_TYPES: Record<string, string> = { string: "<class 'str'>", object: "<class 'dict'>" };

function segments(pointer: string): string[] {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function valueAt(data: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], data);
}

function schemaAt(root: SchemaNode, path: string[]): SchemaNode {
  return path.reduce<SchemaNode>(
    (node, key) => node.properties?.[key] ?? (node.additionalProperties as SchemaNode),
    root,
  );
}

/** A path as a JSON pointer, as ajv names places. */
const pointer = (path: readonly string[]): string =>
  path.map((key) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/** The child schema of a member, where the schema describes one. */
function childSchema(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (node?.type !== "object") return undefined;
  return (
    node.properties?.[key] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined)
  );
}

/**
 * The position of every path in a walk of the data in the order it was given,
 * as far as the schema goes: the places a problem can be reported (each key of
 * an object the schema describes, and nothing below a value it does not).
 */
function walkOrder(data: unknown, root: SchemaNode): Map<string, number> {
  const order = new Map<string, number>();
  const walk = (node: unknown, schema: SchemaNode | undefined, at: string): void => {
    order.set(at, order.size);
    if (
      schema?.type === "object" &&
      node &&
      typeof node === "object" &&
      !Array.isArray(node) &&
      !(node instanceof Uint8Array) &&
      !(node instanceof PySet)
    ) {
      for (const [key, child] of Object.entries(node)) walk(child, childSchema(schema, key), at + pointer([key]));
    }
  };
  walk(data, root, "");
  return order;
}

interface Problem {
  order: [number, number, number];
  message: string;
}

function describe(error: ErrorObject, data: unknown, root: SchemaNode, order: Map<string, number>): Problem {
  const path = segments(error.instancePath);
  const at = order.get(error.instancePath) ?? 0;
  const name = path.join(".");
  const where = name === "" ? "input" : name;
  switch (error.keyword) {
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const required = schemaAt(root, path).required ?? [];
      return {
        order: [at, 0, required.indexOf(missing)],
        message: `Missing required parameter in ${where}: "${missing}"`,
      };
    }
    case "additionalProperties": {
      const unknown = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = members(schemaAt(root, path))
        .map(([member]) => member)
        .join(", ");
      // Unknown keys in the order given: the walk met them in that order.
      return {
        order: [at, 1, order.get(error.instancePath + pointer([unknown])) ?? 0],
        message: `Unknown parameter in ${where}: "${unknown}", must be one of: ${allowed}`,
      };
    }
    case "minLength": {
      const value = valueAt(data, path) as string;
      const min = (error.params as { limit: number }).limit;
      return {
        order: [at, 2, 0],
        message: `Invalid length for parameter ${name}, value: ${[...value].length}, valid min length: ${min}`,
      };
    }
    case "type": {
      const value = valueAt(data, path);
      const expected = PY_TYPES[(error.params as { type: string }).type];
      return {
        order: [at, 2, 0],
        message: `Invalid type for parameter ${name}, value: ${pyStr(value)}, type: ${pyType(value)}, valid types: ${expected}`,
      };
    }
    default:
      return { order: [at, 3, 0], message: `Invalid value for parameter ${name}: ${error.message ?? error.keyword}` };
  }
}

function compare(a: Problem, b: Problem): number {
  for (let i = 0; i < 3; i += 1) if (a.order[i] !== b.order[i]) return a.order[i] - b.order[i];
  return 0;
}

/** Python's values that are no JSON value (bytes, a float set apart from ints, a set): ajv alone cannot judge them. */
const notJson = (value: unknown): boolean =>
  value instanceof Uint8Array || value instanceof PyFloat || value instanceof PySet;

/** Plain JSON values only: none that notJson names. */
function plainJson(value: unknown): boolean {
  if (notJson(value)) return false;
  if (value === null || typeof value !== "object") return true;
  return Object.values(value).every(plainJson);
}

/** The problems with a request, as the AWS CLI words them; none when it is valid. */
export function requestProblems(request: Record<string, unknown>): string[] {
  // The common case, a valid request, is decided by ajv alone (a bulk run asks this per user).
  if (plainJson(request) && validator()(request)) return [];
  const root = loadSchema("input");
  const order = walkOrder(request, root);
  const problems: Problem[] = [];
  // Bytes (from fileb:// or YAML's !!binary), floats and sets (YAML's !!set) are no plain JSON value:
  // each is reported here and replaced by a value its place accepts, so that
  // ajv reports the rest.
  const setAside = (value: unknown, node: SchemaNode | undefined, path: string[]): unknown => {
    if (!node) return value;
    if (notJson(value)) {
      problems.push({
        order: [order.get(pointer(path)) ?? 0, 2, 0],
        message: `Invalid type for parameter ${path.join(".")}, value: ${pyStr(value)}, type: ${pyType(value)}, valid types: ${PY_TYPES[node.type]}`,
      });
      return node.type === "string" ? "bytes" : {};
    }
    if (node.type !== "object" || value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value))
      setOwn(copy, key, setAside(child, childSchema(node, key), [...path, key]));
    return copy;
  };
  const data = setAside(request, root, []) as Record<string, unknown>;
  const validate = validator();
  if (!validate(data)) {
    for (const error of validate.errors ?? []) problems.push(describe(error, data, root, order));
  }
  return problems.sort(compare).map((p) => p.message);
}

/** Throws the AWS CLI's `Parameter validation failed:` error for an invalid request. */
export function validateRequest(request: Record<string, unknown>): void {
  // The AWS CLI passes the request's keys as Python keywords as it calls the operation, before it validates.
  if (hasNonTextKeys(request)) throw failed("keywords must be strings");
  const problems = requestProblems(request);
  if (problems.length > 0) throw validationError(problems);
}
