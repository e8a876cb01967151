// --cli-input-yaml read as AWS CLI 2.36.7's YAML reader reads it (YAML 1.2,
// or 1.1 where the document says `%YAML 1.1`), through js-yaml: a schema of
// the types it makes, and a listener that watches the nodes as they are built
// (the version a document names, the keys that are not text, and how much
// its aliases stand for).
import { MAX_NESTING, PyFloat, PySet, pyRepr, setOwn } from "../common";

type JsYaml = typeof import("js-yaml");

/**
 * A failure that is Python's own rather than a YAML error (a KeyError, an
 * AssertionError): the AWS CLI reports it with Python's message alone (255).
 */
export class PythonFailure extends Error {}

/** A key that Python cannot hash (a mapping, or a list holding one): the AWS CLI's YAML reader refuses the document. */
export class UnhashableKey extends Error {}

// Numbers written with underscores (1_000, 0x_1F, 1_0.5), which the AWS CLI's
// YAML reader takes as numbers and js-yaml's core schema as strings; and floats,
// kept apart from ints as Python keeps them.
const UNDERSCORED_INT = /^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** YAML 1.1's ints: 012 is octal, 1:30 is sexagesimal (90), 0o12 and 08 are no int. */
const INT_11 = /^[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
/** YAML 1.1's booleans, as plain words. */
const BOOL_11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
/** What `!!bool` takes, in any letter case, in either version. */
const BOOL_WORDS: Record<string, boolean> = {
  yes: true,
  no: false,
  true: true,
  false: false,
  on: true,
  off: false,
  y: true,
  n: false,
};

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

function int11(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.replace(/^[-+]/, "").replace(/_/g, "");
  if (digits.includes(":")) return sign * digits.split(":").reduce((sum, part) => sum * 60 + Number(part), 0);
  if (/^0[0-7]/.test(digits)) return sign * parseInt(digits.slice(1), 8);
  return sign * underscoredInt(digits);
}

const isMapping = (value: unknown): boolean =>
  Object.prototype.toString.call(value) === "[object Object]" && !(value instanceof PyFloat);

/** One version's schema: js-yaml's default with the AWS CLI's numbers, booleans and ordered maps. */
function yamlSchema(yaml: JsYaml, version: "1.1" | "1.2"): import("js-yaml").Schema {
  const underscoredInts = (text: string | null): boolean =>
    text?.includes("_") === true && UNDERSCORED_INT.test(text) && /[0-9]/.test(text);
  const floats = (text: string | null): boolean =>
    text !== null &&
    ((FLOAT.test(text) &&
      /^[-+]?(?:[0-9]|\.[0-9_]*[0-9])/.test(text) &&
      /[.eE]/.test(text) &&
      !UNDERSCORED_INT.test(text)) ||
      SPECIAL_FLOAT.test(text));
  const scalar = (tag: string, resolve: (text: string | null) => boolean, construct: (text: string) => unknown) =>
    new yaml.Type(tag, { kind: "scalar", resolve, construct });
  const numbers =
    version === "1.1"
      ? [
          // The core schema's bool and int tags: these take their places.
          scalar(
            "tag:yaml.org,2002:bool",
            (text) => text !== null && BOOL_11.test(text),
            (text) => BOOL_WORDS[text.toLowerCase()],
          ),
          scalar("tag:yaml.org,2002:int", (text) => text !== null && INT_11.test(text) && /[0-9]$/.test(text), int11),
        ]
      : // A tag of its own, so that the core schema's int stays as it is.
        [scalar("tag:resend-confirmation-code,2026:underscored-int", underscoredInts, underscoredInt)];
  return yaml.DEFAULT_SCHEMA.extend({
    // The core schema's float tag: this type takes its place.
    implicit: [...numbers, scalar("tag:yaml.org,2002:float", floats, yamlFloat)],
    explicit: [
      // `!!bool WORD`: a word of YAML 1.1's in any case; any other is Python's KeyError.
      scalar(
        "tag:yaml.org,2002:bool",
        () => true,
        (text) => {
          const value = BOOL_WORDS[String(text ?? "").toLowerCase()];
          if (value === undefined) throw new PythonFailure(pyRepr(String(text ?? "")));
          return value;
        },
      ),
      // `!!set {a, b}`: Python's set of the keys (their values, if any, are dropped).
      new yaml.Type("tag:yaml.org,2002:set", {
        kind: "mapping",
        resolve: () => true,
        construct: (data: Record<string, unknown> | null) => new PySet(Object.keys(data ?? {})),
      }),
      // `!!omap [a: 1, b: 2]`: a map; a key given twice is Python's AssertionError, which says nothing.
      new yaml.Type("tag:yaml.org,2002:omap", {
        kind: "sequence",
        resolve: (data: unknown[] | null) =>
          data?.every((pair) => isMapping(pair) && Object.keys(pair as object).length === 1) === true,
        construct: (data: Array<Record<string, unknown>>) => {
          const map: Record<string, unknown> = {};
          for (const pair of data) {
            const [key, value] = Object.entries(pair)[0];
            if (Object.hasOwn(map, key)) throw new PythonFailure("");
            setOwn(map, key, value);
          }
          return map;
        },
      }),
    ],
  });
}

/**
 * The most that aliases (`*name`) may stand for in a YAML document, in all:
 * each use counts the nodes of what it names, and a string counts one more per
 * character. A document's own text is not limited; only what aliases repeat is.
 */
const MAX_ALIAS_EXPANSION = 1_000_000;

export class AliasesTooLarge extends Error {
  constructor(recursive: boolean) {
    super(
      recursive
        ? "an alias stands for a node that holds it, which would expand without end"
        : `its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} nodes and characters`,
    );
  }
}

// An alias node: after spaces and comments, `*` and the anchor's name. A
// comment runs to its line's end (the lookahead), so a run of `#` is read one
// way only, not split in every way it could be (which cost twice as much for
// each `#`).
const ALIAS = /(?:[ \t\r\n]|#[^\n]*(?=\n|$))*\*([^ \t\r\n,[\]{}]+)/y;

/** What the listeners read of js-yaml's state (its types leave out the node's anchor, result and the version). */
interface NodeState {
  position: number;
  kind: string | null;
  input: string;
  result: unknown;
  anchor: string | null;
  version: string | null;
  tag: string | null;
}

type Listener = (event: "open" | "close", state: NodeState) => void;

/**
 * A js-yaml listener that counts, as the document is built, how much its
 * aliases stand for, and stops the load once that passes MAX_ALIAS_EXPANSION.
 * js-yaml shares one object for every use of an anchor, so the load is quick
 * whatever the count; it is every later walk of the request (validation,
 * messages) that would expand them.
 */
function aliasCounter(): Listener {
  const sizes: number[] = [];
  const starts: number[] = [];
  // What each anchor names, by name for scalars and by identity for the rest:
  // js-yaml names a collection from the moment it opens, and an alias to a
  // collection still open (a document that holds itself) has no size yet.
  const scalars = new Map<string, number>();
  const collections = new WeakMap<object, number>();
  let expanded = 0;
  return (event, state) => {
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

/**
 * Whether the node from `start` to `end` is a mapping's key: one after `? `,
 * or one followed on its line by `:` (js-yaml, which makes every key a
 * string, does not say).
 */
function isKey(input: string, start: number, end: number): boolean {
  let after = end;
  while (input[after] === " " || input[after] === "\t") after += 1;
  if (input[after] === ":") return true;
  let before = start - 1;
  while (before >= 0 && " \t\r\n".includes(input[before])) before -= 1;
  return input[before] === "?" && before + 1 < input.length && " \t\r\n".includes(input[before + 1]);
}

/** A key Python cannot hash: a mapping, or a list (a tuple to Python) holding one. */
const unhashable = (key: unknown): boolean =>
  isMapping(key) || (Array.isArray(key) && key.some((item) => isMapping(item) || Array.isArray(item)));

/**
 * A listener that finds the keys that are not text: one Python cannot hash
 * ends the load; `holds(mapping)` says whether a mapping has any (a mapping
 * is known by identity, as js-yaml may build one inside a node that turns out
 * not to be a key, and hand it on as its parent's result).
 */
function keyWatcher(): { listener: Listener; holds: (mapping: unknown) => boolean } {
  const starts: number[] = [];
  /** By depth: whether a key of that depth that is not text waits for the mapping it is in to close. */
  const pending: boolean[] = [];
  const holding = new WeakSet<object>();
  const listener: Listener = (event, state) => {
    if (event === "open") {
      starts.push(state.position);
      return;
    }
    const start = starts.pop() as number;
    const depth = starts.length;
    const { result } = state;
    if (pending[depth + 1] === true && isMapping(result)) holding.add(result as object);
    pending.length = depth + 1;
    if (typeof result === "string" || !isKey(state.input, start, state.position)) return;
    if (unhashable(result)) throw new UnhashableKey();
    pending[depth] = true;
  };
  return { listener, holds: (mapping) => isMapping(mapping) && holding.has(mapping as object) };
}

/** Where a node's content starts: past separation space, comments and its properties (`!tag`, `&anchor`). */
function contentStart(input: string, from: number, end: number): number {
  let at = from;
  while (at < end) {
    const ch = input[at];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") at += 1;
    else if (ch === "#") while (at < end && input[at] !== "\n" && input[at] !== "\r") at += 1;
    else if (ch === "!" || ch === "&") while (at < end && !" \t\n\r".includes(input[at])) at += 1;
    else break;
  }
  return at;
}

/** A listener that collects where the quoted and block scalars are, in the order they stand. */
function scalarSpans(): { listener: Listener; spans: Array<[number, number]> } {
  const starts: number[] = [];
  const spans: Array<[number, number]> = [];
  const listener: Listener = (event, state) => {
    if (event === "open") {
      starts.push(state.position);
      return;
    }
    const start = starts.pop() as number;
    if (state.kind !== "scalar") return;
    const at = contentStart(state.input, start, state.position);
    if ("'\"|>".includes(state.input[at] ?? "x")) spans.push([at, state.position]);
  };
  return { listener, spans };
}

/**
 * Whether the text has a tab outside quoted and block scalars and comments:
 * the AWS CLI's reader takes no tab as the space between tokens, nor within a
 * plain scalar (js-yaml takes both).
 */
function strayTab(input: string, spans: ReadonlyArray<[number, number]>): boolean {
  let span = 0;
  let comment = false;
  for (let at = input.indexOf("\t") === -1 ? input.length : 0; at < input.length; at += 1) {
    while (span < spans.length && spans[span][1] <= at) span += 1;
    if (span < spans.length && spans[span][0] <= at) {
      at = spans[span][1] - 1;
      continue;
    }
    const ch = input[at];
    if (ch === "\n" || ch === "\r") comment = false;
    else if (ch === "#" && (at === 0 || " \t\n\r\ufeff".includes(input[at - 1]))) comment = true;
    else if (ch === "\t" && !comment) return true;
  }
  return false;
}

/**
 * A listener that refuses `<<` read as the merge key's marker where it is no
 * key (`Username: <<`, `- <<`, the document `<<`): the AWS CLI's reader has
 * no value for it, where js-yaml reads the text "<<". (`!!str <<` and "<<"
 * are text in both.)
 */
function mergeMarkerAsValue(): Listener {
  const starts: number[] = [];
  return (event, state) => {
    if (event === "open") {
      starts.push(state.position);
      return;
    }
    const start = starts.pop() as number;
    if (state.tag === MERGE_TAG && !isKey(state.input, start, state.position)) {
      throw new Error("the merge key's marker << where a value is expected");
    }
  };
}

const MERGE_TAG = "tag:yaml.org,2002:merge";

/** The document names YAML 1.1: read it again with 1.1's schema. */
class Version11 extends Error {}

/**
 * A listener that, at the document's first node, checks the version its
 * %YAML directive names: 1.1 is read with 1.1's schema, and a version the
 * AWS CLI's reader does not know is Python's KeyError of it.
 */
function versionCheck(version: "1.1" | "1.2"): Listener {
  let checked = false;
  return (_event, state) => {
    if (checked) return;
    checked = true;
    if (state.version === null || state.version === undefined || state.version === version) return;
    if (state.version === "1.1") throw new Version11();
    const [major, minor] = state.version.split(".").map(Number);
    if (state.version !== "1.2") throw new PythonFailure(`(${major}, ${minor})`);
  };
}

/** What YAML allows: tab, line ends, printable ASCII, NEL, and the rest of Unicode but surrogates (alone) and U+FFFE, U+FFFF. */
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const ODD_BREAK = /[\x85\u2028\u2029]/;

/**
 * The text with NEL, and LS and PS that stand at a line's start or end, as
 * the line breaks the AWS CLI's reader takes them for (js-yaml takes them for
 * text). That reader does not start a new column after one: what follows
 * stands where it would have without the break, so it is indented as far
 * (at most as far as the text's deepest indentation and one more). LS and
 * PS within a line of text are kept, as that reader keeps them in a scalar.
 */
function oddBreaksAsLines(text: string): string {
  if (!ODD_BREAK.test(text)) return text;
  let deepest = 0;
  for (const line of text.split(/\r\n?|\n/)) deepest = Math.max(deepest, line.length - line.trimStart().length);
  const blank = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\ufeff";
  let lineStart = 0;
  // The byte-order marks from the line's start up to `scanned`, counted as the breaks come.
  let boms = 0;
  let scanned = 0;
  let added = 0;
  return text.replace(/\r\n?|\n|[\x85\u2028\u2029]/g, (ch, at: number) => {
    if (ch === "\n" || ch[0] === "\r") {
      lineStart = at + ch.length;
      boms = 0;
      scanned = lineStart;
      return ch;
    }
    let before = at - 1;
    while (before >= lineStart && blank(text[before])) before -= 1;
    let after = at + 1;
    while (blank(text[after])) after += 1;
    const alone = before < lineStart || /^[\r\n\x85\u2028\u2029]?$/.test(text[after] ?? "") || text[before] === "\x85";
    if (ch !== "\x85" && !alone) return ch;
    // The column: every character since the line's start but byte-order marks.
    for (; scanned < at; scanned += 1) if (text[scanned] === "\ufeff") boms += 1;
    const column = at - lineStart - boms;
    const indent = Math.min(column + 1, deepest + 1);
    added += indent;
    if (added > text.length + MAX_ALIAS_EXPANSION) throw new Error("too many line breaks of other kinds");
    return `\n${" ".repeat(indent)}`;
  });
}

/** A YAML document as the AWS CLI reads it, and whether its own mapping has keys that are not text. */
export function loadYaml(given: string): { document: unknown; nonTextKeys: boolean } {
  // The AWS CLI's reader refuses these anywhere in the text; js-yaml only in some places.
  if (NOT_PRINTABLE.test(given)) throw new Error("the text holds a character YAML does not allow");
  const text = oddBreaksAsLines(given);
  // js-yaml is loaded only when YAML is given.
  const yaml = require("js-yaml") as JsYaml;
  const load = (version: "1.1" | "1.2") => {
    const keys = keyWatcher();
    const scalars = scalarSpans();
    const listeners = [versionCheck(version), aliasCounter(), keys.listener, scalars.listener, mergeMarkerAsValue()];
    const document = yaml.load(text, {
      schema: yamlSchema(yaml, version),
      maxDepth: MAX_NESTING,
      listener: (event: "open" | "close", state: object) => {
        for (const listener of listeners) listener(event, state as NodeState);
      },
    } as import("js-yaml").LoadOptions);
    if (strayTab(text, scalars.spans)) throw new Error("a tab where the AWS CLI's reader takes none");
    return { document, nonTextKeys: keys.holds(document) };
  };
  try {
    return load("1.2");
  } catch (error) {
    if (error instanceof Version11) return load("1.1");
    throw error;
  }
}
