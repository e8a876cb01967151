// Evaluates a --query tree (query-parse.ts) as the AWS CLI's JMESPath does:
// Python's rules for truth, equality and order, ints kept apart from floats
// (PyFloat), strings counted, reversed and sorted by character (code point),
// and each error in the AWS CLI's words. A failure exits 255.
import { type CliError, PyFloat, failed, asciiDigits, ownEntries, ownKeys, pyRepr, pyStr, setOwn } from "../common";
import type { QueryNode } from "./query-parse";
import { byCodePoint, isObject as isJsonObject, jsonFloat, jsonString } from "../output";

/** An expression given to a function as `&expr`, with what it is applied to left open. */
class Expref {
  constructor(readonly node: QueryNode) {}
}

type Value = unknown;
type Obj = Record<string, Value>;

const ownValues = (object: Obj): Value[] => ownKeys(object).map((key) => object[key]);

const isObject = (v: Value): v is Obj => isJsonObject(v) && !(v instanceof Expref);
/** An int or a float, not a bool. */
const isNumber = (v: Value): boolean => typeof v === "number" || typeof v === "bigint" || v instanceof PyFloat;
const toNumber = (v: Value): number => (v instanceof PyFloat ? v.value : Number(v as number | bigint));
const isInt = (v: Value): boolean => typeof v === "number" || typeof v === "bigint";

/** The JMESPath name of a value's type. */
function typeName(v: Value): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return "boolean";
  if (isNumber(v)) return "number";
  if (typeof v === "string") return "string";
  if (Array.isArray(v)) return "array";
  if (v instanceof Expref) return "expref";
  return "object";
}

/** The Python name of a value's type, as some messages give it. */
function pythonType(v: Value): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (isInt(v)) return "int";
  if (v instanceof PyFloat) return "float";
  if (typeof v === "string") return "str";
  if (Array.isArray(v)) return "list";
  if (v instanceof Expref) return "_Expression";
  return "dict";
}

/** A value as Python's str() prints it in a message. */
const shown = (v: Value): string => (v instanceof Expref ? EXPRESSION_TEXT : pyStr(v === undefined ? null : v));

/** An expression as Python prints it, but for its address in memory. */
const EXPRESSION_TEXT = "<jmespath.visitor._Expression object>";

/** False, null, and the empty string, list and object are false; everything else is true (0 too). */
const isFalse = (v: Value): boolean =>
  v === null ||
  v === undefined ||
  v === false ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

/** Python's ==, where a bool is the int 0 or 1. */
function pyEquals(x: Value, y: Value): boolean {
  const numeric = (v: Value): boolean => isNumber(v) || typeof v === "boolean";
  if (numeric(x) && numeric(y)) {
    const n = (v: Value): number | bigint =>
      typeof v === "boolean" ? Number(v) : v instanceof PyFloat ? v.value : (v as number | bigint);
    const a = n(x);
    const b = n(y);
    // biome-ignore lint/suspicious/noDoubleEquals: an int held as a bigint equals the same number
    return a == b;
  }
  if (x === null || x === undefined || y === null || y === undefined) return (x ?? null) === (y ?? null);
  if (typeof x === "string" || typeof y === "string") return x === y;
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((item, i) => same(item, y[i]));
  }
  if (isObject(x) && isObject(y)) {
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && same(x[k], y[k]));
  }
  return x === y;
}

/**
 * Python's == for what a list or dict holds, or what `in` looks for: the same
 * object first (so the NaN every JSON `NaN` is equals itself there), then ==.
 */
const same = (x: Value, y: Value): boolean => x === y || pyEquals(x, y);

/** JMESPath's ==: as Python's, but 0 and 1 never equal false and true. */
function equals(x: Value, y: Value): boolean {
  const zeroOrOne = (v: Value): boolean => isNumber(v) && (toNumber(v) === 0 || toNumber(v) === 1);
  if (zeroOrOne(x)) return typeof y !== "boolean" && pyEquals(x, y);
  if (zeroOrOne(y)) return typeof x !== "boolean" && pyEquals(x, y);
  return pyEquals(x, y);
}

/** Orders numbers exactly, as Python does, an int beyond 2^53 beside a float too. */
function compareNumbers(a: Value, b: Value): number {
  const sign = (d: bigint | number): number => (d < 0 ? -1 : d > 0 ? 1 : 0);
  if (isInt(a) && isInt(b)) return sign(BigInt(a as number | bigint) - BigInt(b as number | bigint));
  if (isInt(a) !== isInt(b)) {
    const int = BigInt((isInt(a) ? a : b) as number | bigint);
    const f = toNumber(isInt(a) ? b : a);
    const side = isInt(a) ? 1 : -1;
    if (Number.isNaN(f)) return 0;
    if (!Number.isFinite(f)) return side * (f > 0 ? -1 : 1);
    const whole = Math.floor(f);
    const order = sign(int - BigInt(whole)) || (f > whole ? -1 : 0);
    return side * order;
  }
  return sign(toNumber(a) - toNumber(b));
}

/**
 * Python's `a OP b` for numbers and strings (NaN is never less nor more); a
 * string beside a number is Python's TypeError.
 */
function ordered(op: "<" | "<=" | ">" | ">=", a: Value, b: Value): boolean {
  let order: number;
  if (typeof a === "string" && typeof b === "string") order = byCodePoint(a, b);
  else if (isNumber(a) && isNumber(b)) {
    if (Number.isNaN(toNumber(a)) || Number.isNaN(toNumber(b))) return false;
    order = compareNumbers(a, b);
  } else throw failed(`'${op}' not supported between instances of '${pythonType(a)}' and '${pythonType(b)}'`);
  if (op === "<") return order < 0;
  if (op === "<=") return order <= 0;
  if (op === ">") return order > 0;
  return order >= 0;
}

const OPERATORS: Record<string, "<" | "<=" | ">" | ">="> = { lt: "<", lte: "<=", gt: ">", gte: ">=" };

/** Python's slice of a list: start, stop and step as slice.indices() settles them. */
function slice(list: Value[], parts: Array<bigint | null>): Value[] {
  const [startPart, stopPart, stepPart] = parts;
  const step = stepPart === null ? 1 : Number(stepPart);
  if (step === 0) throw failed("slice step cannot be zero");
  const length = list.length;
  const settle = (part: bigint | null, whenNone: number, low: number, high: number): number => {
    if (part === null) return whenNone;
    let at = Number(part);
    if (at < 0) at = Math.max(at + length, low);
    else at = Math.min(at, high);
    return at;
  };
  const out: Value[] = [];
  if (step > 0) {
    const start = settle(startPart, 0, 0, length);
    const stop = settle(stopPart, length, 0, length);
    for (let i = start; i < stop; i += step) out.push(list[i]);
  } else {
    const start = settle(startPart, length - 1, -1, length - 1);
    const stop = settle(stopPart, -1, -1, length - 1);
    for (let i = start; i > stop; i += step) out.push(list[i]);
  }
  return out;
}

/**
 * Applies the tree to `data`, for output in `format`. An expression (`&a`)
 * left in the result, which only a function can use, reads as the AWS CLI's
 * text and table writers show it; JSON and YAML have no way to write it, and
 * say so in the AWS CLI's words (255).
 */
export function evaluate(tree: QueryNode, data: Value, format?: string): Value {
  const result = visit(tree, data === undefined ? null : data);
  const holds = (v: Value): boolean =>
    v instanceof Expref || (Array.isArray(v) ? v.some(holds) : isObject(v) && ownKeys(v).some((key) => holds(v[key])));
  if (!holds(result)) return result;
  if (format === "json") throw failed("Encountered unrecognized type in JSON encoder.");
  if (format === "yaml" || format === "yaml-stream") throw failed(`cannot represent an object: ${EXPRESSION_TEXT}`);
  const shownInstead = (v: Value): Value => {
    if (v instanceof Expref) return shown(v);
    if (Array.isArray(v)) return v.map(shownInstead);
    if (!isObject(v)) return v;
    const out: Obj = {};
    for (const [key, item] of ownEntries(v)) setOwn(out, key, shownInstead(item));
    return out;
  };
  return shownInstead(result);
}

function visit(node: QueryNode, value: Value): Value {
  const [first, second, third] = node.children;
  switch (node.type) {
    case "field":
      return isObject(value) && Object.hasOwn(value, node.name as string) ? value[node.name as string] : null;
    case "literal":
      return node.value;
    case "current":
    case "identity":
      return value;
    case "subexpression":
    case "index_expression":
      return node.children.reduce<Value>((result, child) => visit(child, result), value);
    case "index": {
      if (!Array.isArray(value)) return null;
      const raw = node.value as bigint;
      const at = raw < 0n ? BigInt(value.length) + raw : raw;
      return at >= 0n && at < BigInt(value.length) ? value[Number(at)] : null;
    }
    case "slice":
      return Array.isArray(value) ? slice(value, node.parts as Array<bigint | null>) : null;
    case "projection":
      return project(visit(first, value), second);
    case "value_projection": {
      const base = visit(first, value);
      return isObject(base) ? project(ownValues(base), second) : null;
    }
    case "filter_projection": {
      const base = visit(first, value);
      if (!Array.isArray(base)) return null;
      return project(
        base.filter((element) => !isFalse(visit(third, element))),
        second,
      );
    }
    case "flatten": {
      const base = visit(first, value);
      if (!Array.isArray(base)) return null;
      return base.flatMap((element) => (Array.isArray(element) ? element : [element]));
    }
    case "multi_select_list":
      return value === null ? null : node.children.map((child) => visit(child, value));
    case "multi_select_dict": {
      if (value === null) return null;
      const out: Obj = {};
      for (const pair of node.children) setOwn(out, pair.name as string, visit(pair.children[0], value));
      return out;
    }
    case "or": {
      const left = visit(first, value);
      return isFalse(left) ? visit(second, value) : left;
    }
    case "and": {
      const left = visit(first, value);
      return isFalse(left) ? left : visit(second, value);
    }
    case "not": {
      const result = visit(first, value);
      if (isNumber(result) && toNumber(result) === 0) return false;
      return isPythonFalse(result);
    }
    case "pipe":
      return visit(second, visit(first, value));
    case "comparator": {
      const left = visit(first, value);
      const right = visit(second, value);
      if (node.op === "eq") return equals(left, right);
      if (node.op === "ne") return !equals(left, right);
      const comparable = (v: Value): boolean => isNumber(v) || typeof v === "string";
      if (!comparable(left) || !comparable(right)) return null;
      return ordered(OPERATORS[node.op as string], left, right);
    }
    case "expref":
      return new Expref(first);
    case "function":
      return callFunction(
        node.name as string,
        node.children.map((child) => visit(child, value)),
      );
    default:
      throw failed(`Unknown node type: ${node.type}`);
  }
}

/** Python's `not value`: what Python counts false (0 and 0.0 too). */
function isPythonFalse(v: Value): boolean {
  if (isNumber(v)) return toNumber(v) === 0;
  return isFalse(v);
}

/** `right` applied to each element of a list, the nulls left out; null when `base` is no list. */
function project(base: Value, right: QueryNode): Value {
  if (!Array.isArray(base)) return null;
  const out: Value[] = [];
  for (const element of base) {
    const result = visit(right, element);
    if (result !== null && result !== undefined) out.push(result);
  }
  return out;
}

// --- functions ---

type Signature = { types: string[]; variadic?: true }[];

const NUMBER = ["number"];
const STRING = ["string"];
const ARRAY = ["array"];
const OBJECT = ["object"];
const ANY: string[] = [];
const EXPREF = ["expref"];

const SIGNATURES: Record<string, Signature> = {
  abs: [{ types: NUMBER }],
  avg: [{ types: ["array-number"] }],
  ceil: [{ types: NUMBER }],
  contains: [{ types: ["array", "string"] }, { types: ANY }],
  ends_with: [{ types: STRING }, { types: STRING }],
  floor: [{ types: NUMBER }],
  join: [{ types: STRING }, { types: ["array-string"] }],
  keys: [{ types: OBJECT }],
  length: [{ types: ["string", "array", "object"] }],
  map: [{ types: EXPREF }, { types: ARRAY }],
  max: [{ types: ["array-number", "array-string"] }],
  max_by: [{ types: ARRAY }, { types: EXPREF }],
  merge: [{ types: OBJECT, variadic: true }],
  min: [{ types: ["array-number", "array-string"] }],
  min_by: [{ types: ARRAY }, { types: EXPREF }],
  not_null: [{ types: ANY, variadic: true }],
  reverse: [{ types: ["array", "string"] }],
  sort: [{ types: ["array-string", "array-number"] }],
  sort_by: [{ types: ARRAY }, { types: EXPREF }],
  starts_with: [{ types: STRING }, { types: STRING }],
  sum: [{ types: ["array-number"] }],
  to_array: [{ types: ANY }],
  to_number: [{ types: ANY }],
  to_string: [{ types: ANY }],
  type: [{ types: ANY }],
  values: [{ types: OBJECT }],
};

const typeError = (fn: string, value: Value, actual: string, expected: string[]): CliError =>
  failed(
    `In function ${fn}(), invalid type for value: ${shown(value)}, expected one of: ${pyRepr(expected)}, received: "${actual}"`,
  );

/** Checks one argument against the types its parameter takes, as the AWS CLI checks it. */
function checkType(fn: string, value: Value, types: string[]): void {
  if (types.length === 0) return;
  const kind = typeName(value);
  const plain = types.filter((t) => !t.startsWith("array-"));
  const elementTypes = types.filter((t) => t.startsWith("array-")).map((t) => t.slice("array-".length));
  const allowed = new Set(plain);
  if (elementTypes.length > 0) allowed.add("array");
  if (!allowed.has(kind)) throw typeError(fn, value, kind, types);
  if (elementTypes.length === 0 || !Array.isArray(value)) return;
  // The first element decides which kind of list it is; every element must be of that kind.
  if (value.length === 0) return;
  const wanted = elementTypes.length === 1 ? elementTypes[0] : typeName(value[0]);
  if (!elementTypes.includes(wanted)) throw typeError(fn, value[0], pythonType(value[0]), types);
  for (const element of value) {
    if (typeName(element) !== wanted) throw typeError(fn, element, pythonType(element), types);
  }
}

/** What is wrong with calling `name` with `given` arguments, in the AWS CLI's words; undefined when nothing is. */
export function callProblem(name: string, given: number): string | undefined {
  const signature = SIGNATURES[name];
  if (signature === undefined) return `Unknown function: ${name}()`;
  const wanted = signature.length;
  const variadic = signature[wanted - 1].variadic === true;
  if (variadic ? given >= wanted : given === wanted) return undefined;
  return `Expected ${variadic ? "at least " : ""}${wanted} argument${wanted === 1 ? "" : "s"} for function ${name}(), received ${given}`;
}

function callFunction(name: string, args: Value[]): Value {
  const problem = callProblem(name, args.length);
  if (problem !== undefined) throw failed(problem);
  SIGNATURES[name].forEach((parameter, i) => {
    checkType(name, args[i], parameter.types);
  });
  return FUNCTION_BODIES[name](args);
}

const float = (n: number): PyFloat => new PyFloat(n);

/** A whole number as an int: a number when it is safe, else a bigint. */
const int = (n: number): number | bigint => {
  if (Number.isNaN(n)) throw failed("cannot convert float NaN to integer");
  if (!Number.isFinite(n)) throw failed("cannot convert float infinity to integer");
  return Number.isSafeInteger(n) ? n : BigInt(n);
};

/** The sum of ints, exactly; of anything with a float, as floats add. */
function sum(values: Value[]): Value {
  if (values.some((v) => v instanceof PyFloat)) return float(values.reduce<number>((a, v) => a + toNumber(v), 0));
  const total = values.reduce<bigint>((a, v) => a + BigInt(v as number | bigint), 0n);
  return total >= BigInt(Number.MIN_SAFE_INTEGER) && total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : total;
}

/** Orders two values of one kind (numbers, or strings) for sorting. */
const compare = (a: Value, b: Value): number =>
  typeof a === "string" && typeof b === "string" ? byCodePoint(a, b) : compareNumbers(a, b);

/** `expref` applied to an element, which must give a number or a string (or one of `types`). */
function keyOf(fn: string, expref: Expref, element: Value, types: string[]): Value {
  const key = visit(expref.node, element);
  if (!types.includes(typeName(key))) throw typeError(fn, key, typeName(key), types);
  return key;
}

/** The element whose key is greatest (`sign` 1) or least (-1); the first of equals. */
function extremeBy(fn: string, list: Value[], expref: Expref, sign: 1 | -1): Value {
  if (list.length === 0) return null;
  const types = ["number", "string"];
  let best = list[0];
  let bestKey = keyOf(fn, expref, best, types);
  for (const element of list.slice(1)) {
    const key = keyOf(fn, expref, element, types);
    if (ordered(sign === 1 ? ">" : "<", key, bestKey)) {
      best = element;
      bestKey = key;
    }
  }
  return best;
}

/** The greatest (`sign` 1) or least (-1) of numbers or strings; the first of equals. */
function extreme(list: Value[], sign: 1 | -1): Value {
  if (list.length === 0) return null;
  return list.reduce((best, v) => (ordered(sign === 1 ? ">" : "<", v, best) ? v : best));
}

/** A key that is not text, as JSON writes it: null, true, 1.5. */
const keyText = (key: Value): string =>
  typeof key === "string" ? key : key instanceof PyFloat ? jsonFloat(key) : key === null ? "null" : String(key);

/** `dict.update(value)` for an argument of merge() past the first, which is not checked. */
function mergeInto(target: Obj, value: Value): void {
  if (isObject(value)) {
    for (const [k, v] of ownEntries(value)) setOwn(target, k, v);
    return;
  }
  if (typeof value === "string" || Array.isArray(value)) {
    const items = typeof value === "string" ? Array.from(value) : value;
    items.forEach((item, i) => {
      const pair =
        typeof item === "string"
          ? Array.from(item)
          : Array.isArray(item)
            ? item
            : isObject(item)
              ? ownKeys(item)
              : undefined;
      if (pair === undefined) throw failed(`cannot convert dictionary update sequence element #${i} to a sequence`);
      if (pair.length !== 2) {
        throw failed(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
      }
      if (!(typeof pair[0] === "string" || isNumber(pair[0]) || typeof pair[0] === "boolean" || pair[0] === null)) {
        throw failed(`unhashable type: '${pythonType(pair[0])}'`);
      }
      setOwn(target, keyText(pair[0]), pair[1]);
    });
    return;
  }
  throw failed(`'${pythonType(value)}' object is not iterable`);
}

/** Python's int() of text, else float() of it; null when neither reads it. */
function numberFrom(text: string): Value {
  const trimmed = asciiDigits(text.trim());
  if (/^[-+]?\d+(?:_\d+)*$/.test(trimmed)) {
    const digits = trimmed.replace(/_/g, "");
    const n = Number(digits);
    return Number.isSafeInteger(n) ? (Object.is(n, -0) ? 0 : n) : BigInt(digits);
  }
  const decimal = /^[-+]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][-+]?\d+(?:_\d+)*)?$/;
  if (decimal.test(trimmed)) return float(Number(trimmed.replace(/_/g, "")));
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(trimmed);
  if (special) {
    const magnitude = special[2].toLowerCase() === "nan" ? Number.NaN : Number.POSITIVE_INFINITY;
    return float(special[1] === "-" ? -magnitude : magnitude);
  }
  return null;
}

/** JSON as Python's json.dumps writes it with separators (',', ':'): ASCII only, floats as Python prints them. */
function compactJson(v: Value): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return jsonString(v, true);
  if (v instanceof PyFloat) return jsonFloat(v);
  if (isInt(v)) return String(v);
  if (Array.isArray(v)) return `[${v.map(compactJson).join(",")}]`;
  if (v instanceof Expref) return jsonString(shown(v), true);
  return `{${ownEntries(v as Obj)
    .map(([k, item]) => `${compactJson(k)}:${compactJson(item)}`)
    .join(",")}}`;
}

const FUNCTION_BODIES: Record<string, (args: Value[]) => Value> = {
  abs: ([n]) =>
    n instanceof PyFloat ? float(Math.abs(n.value)) : typeof n === "bigint" ? (n < 0n ? -n : n) : Math.abs(n as number),
  avg: ([list]) => {
    const values = list as Value[];
    return values.length === 0 ? null : float(toNumber(sum(values)) / values.length);
  },
  ceil: ([n]) => (isInt(n) ? n : int(Math.ceil(toNumber(n)))),
  contains: ([subject, search]) => {
    if (typeof subject === "string") {
      if (typeof search !== "string")
        throw failed(`'in <string>' requires string as left operand, not ${pythonType(search)}`);
      return subject.includes(search);
    }
    return (subject as Value[]).some((item) => same(item, search));
  },
  ends_with: ([text, suffix]) => (text as string).endsWith(suffix as string),
  floor: ([n]) => (isInt(n) ? n : int(Math.floor(toNumber(n)))),
  join: ([glue, list]) => (list as string[]).join(glue as string),
  keys: ([object]) => ownKeys(object as Obj),
  length: ([v]) =>
    typeof v === "string" ? Array.from(v).length : Array.isArray(v) ? v.length : Object.keys(v as Obj).length,
  map: ([expref, list]) => (list as Value[]).map((element) => visit((expref as Expref).node, element)),
  max: ([list]) => extreme(list as Value[], 1),
  max_by: ([list, expref]) => extremeBy("max_by", list as Value[], expref as Expref, 1),
  merge: (objects) => {
    const merged: Obj = {};
    for (const object of objects) mergeInto(merged, object);
    return merged;
  },
  min: ([list]) => extreme(list as Value[], -1),
  min_by: ([list, expref]) => extremeBy("min_by", list as Value[], expref as Expref, -1),
  not_null: (args) => args.find((v) => v !== null && v !== undefined) ?? null,
  reverse: ([v]) => (typeof v === "string" ? Array.from(v).reverse().join("") : [...(v as Value[])].reverse()),
  sort: ([list]) => [...(list as Value[])].sort(compare),
  sort_by: ([list, expref]) => {
    const values = list as Value[];
    if (values.length === 0) return values;
    const first = visit((expref as Expref).node, values[0]);
    const required = typeName(first);
    if (required !== "number" && required !== "string")
      throw typeError("sort_by", values[0], required, ["string", "number"]);
    const keyed = values.map((element) => ({ element, key: keyOf("sort_by", expref as Expref, element, [required]) }));
    return keyed.sort((a, b) => compare(a.key, b.key)).map(({ element }) => element);
  },
  starts_with: ([text, prefix]) => (text as string).startsWith(prefix as string),
  sum: ([list]) => sum(list as Value[]),
  to_array: ([v]) => (Array.isArray(v) ? v : [v]),
  to_number: ([v]) => {
    if (typeof v === "boolean") return null;
    if (isNumber(v)) return v;
    if (typeof v === "string") return numberFrom(v);
    return null;
  },
  to_string: ([v]) => (typeof v === "string" ? v : compactJson(v)),
  // The AWS CLI's JMESPath has no name for an expression's type here.
  type: ([v]) => (v instanceof Expref ? null : typeName(v)),
  values: ([object]) => ownValues(object as Obj),
};
