// The command line, read as the AWS CLI reads it, in its phases (see
// src/phases.ts): long options by any unambiguous prefix; then its first
// parser (--profile and --debug); then its global options' values and
// choices; then --query's syntax and --endpoint-url's scheme; then the
// operation's options, which commander, configured from the option table
// (options.ts), reads. Each of the AWS CLI's parsers is argparse, and readAs
// reads argv as it does (a "--" ends its options; an option never takes "--"
// or an option as its value); commander is given only what they took. Nothing
// here reads a file or parses a parameter's
// value; that is request.ts and cli-input.ts. Argument errors are worded as
// the AWS CLI words them.
import { Command, CommanderError, Option } from "commander";
import {
  type CliError,
  FIRST_PARSER_USAGE,
  UsageError,
  invalidChoice,
  paramValidation,
  pythonInt,
  usageError,
} from "../common";
import type { Phase } from "../phases";
import { flagFor, loadSchema } from "./schema";
import type { SkeletonKind } from "./skeleton";
import { type Sources, settle } from "./chains";
import type { Profile } from "./config";
import { type OptionSpec, allOptions, optionFlags, optionNamed, optionsIn } from "./options";

type Given = string | boolean | string[];

/** The options of a command line, by name, as typed. */
export class ParsedOptions {
  constructor(
    private readonly given: ReadonlyMap<string, Given>,
    /** The operation's parameters by flag (`--client-id`), as typed. */
    readonly parameters: Map<string, string>,
    /** `--help`, `-h` or the word `help`. */
    readonly help = false,
  ) {}

  /** The (last) value of an option that takes one. */
  value(name: string): string | undefined {
    const value = this.given.get(name);
    return typeof value === "string" ? value : undefined;
  }

  /** Every value of a repeatable option, in order. */
  values(name: string): string[] {
    const value = this.given.get(name);
    return Array.isArray(value) ? value : [];
  }

  /** Whether the option was given at all. */
  has(name: string): boolean {
    const value = this.given.get(name);
    return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
  }

  get skeleton(): SkeletonKind | undefined {
    const value = this.given.get("--generate-cli-skeleton");
    return (value === true ? "input" : typeof value === "string" ? value : undefined) as SkeletonKind | undefined;
  }

  /** A run for many users: --usernames-file or --all-unconfirmed. */
  get bulk(): boolean {
    return this.has("--usernames-file") || this.has("--all-unconfirmed");
  }

  get version(): boolean {
    return this.has("--version");
  }

  /** What a setting's chain is followed through: these flags, the environment and the profile. */
  sources(env: NodeJS.ProcessEnv, profile?: Profile): Sources {
    return { flag: (name) => this.value(name), env, profile };
  }
}

/**
 * commander's Option, with its name and attribute name worked out once:
 * commander works them out again from the flags each time it asks, for every
 * option in each of several passes of a parse (test/args.test.ts's corpus
 * spent 0.8 of its 1.7 s in commander on it; the suite runs the command
 * thousands of times in-process).
 */
class TableOption extends Option {
  #name?: string;
  #attribute?: string;
  override name(): string {
    this.#name ??= super.name();
    return this.#name;
  }
  override attributeName(): string {
    this.#attribute ??= super.attributeName();
    return this.#attribute;
  }
}

/**
 * The commander program the table configures, each option with the table's
 * entry it came from: every entry, or, given `argv`, the entries it names
 * (and any with a short flag). The others could not change how commander
 * reads it, and configuring all of the table's entries is most of what
 * commander costs a run (test/args.test.ts reads every command line of the
 * corpus and the fuzz both ways).
 */
function buildProgram(argv?: readonly string[]): { program: Command; options: Array<[OptionSpec, Option]> } {
  const named = argv && new Set(argv.map((token) => token.split("=")[0]));
  const program = new Command("resend-confirmation-code")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  const wanted = allOptions().filter((spec) => !named || spec.short !== undefined || named.has(spec.name));
  const options = wanted.map((spec): [OptionSpec, Option] => {
    const option = new TableOption(optionFlags(spec), spec.help);
    if (spec.repeatable) option.argParser((value: string, previous?: string[]) => [...(previous ?? []), value]);
    program.addOption(option);
    return [spec, option];
  });
  return { program, options };
}

/** The error, if any, of one `NAME=VALUE` word: a switch given a value, or a value not among the choices. */
function explicitValueError(spec: OptionSpec, name: string, value: string): CliError | undefined {
  if (spec.value === undefined) return usageError(`argument ${name}: ignored explicit argument '${value}'`);
  if (spec.choices && !spec.choices.includes(value)) return invalidChoice(name, value);
  return undefined;
}

/**
 * How argparse classes each word: an option ("O"), an argument ("A"), or the
 * first "--" ("-"), after which every word is an argument. A word is an
 * option when it starts with "-" and is one the parser knows (`--name` or
 * `--name=value`), or else unless it is "-", a negative number, or has a space.
 */
type Kind = "O" | "A" | "-";

function kindsOf(argv: readonly string[], knows: (name: string) => OptionSpec | undefined): Kind[] {
  const dash = argv.indexOf("--");
  return argv.map((word, i): Kind => {
    if (dash !== -1 && i >= dash) return i === dash ? "-" : "A";
    if (!word.startsWith("-") || word === "-") return "A";
    if (knows(word) !== undefined || (word.includes("=") && knows(word.split("=")[0]) !== undefined)) return "O";
    return /^-(\d+|\d*\.\d+)$/.test(word) || word.includes(" ") ? "A" : "O";
  });
}

/** One of the AWS CLI's parsers: the options it knows, whether it has the operation's positional, where its errors go. */
interface Parser {
  knows: (name: string) => OptionSpec | undefined;
  /** The operation's parser takes one word (`help`) as a positional: argparse's `(-*A?-*)`. */
  positional?: boolean;
  report: (name: string, error: CliError) => void;
}

/** What one parser read. */
interface Read {
  /** The options it knows, each as `--name` or `--name=value`, in order. */
  taken: string[];
  /** The words it does not know, in order: what the next parser reads, or the unknown options. */
  extras: string[];
  /** The word the positional took. */
  positional?: string;
}

/**
 * The words of argv as one of the AWS CLI's parsers (argparse) reads them:
 * an option that takes a value must be followed by an argument (never "--"
 * nor a word that looks like an option); a switch takes none; a value with
 * choices is one of them. Every other word is left for the next parser.
 */
function readAs(argv: readonly string[], parser: Parser): Read {
  const kinds = kindsOf(argv, parser.knows);
  const read: Read = { taken: [], extras: [] };
  let positional = parser.positional === true;
  let i = 0;
  while (i < argv.length) {
    if (kinds[i] !== "O") {
      let end = i;
      while (end < argv.length && kinds[end] !== "O") end += 1;
      if (positional) {
        // A "--", then at most one argument, then a "--".
        positional = false;
        if (kinds[i] === "-") i += 1;
        if (i < end && kinds[i] === "A") read.positional = argv[i++];
        if (i < end && kinds[i] === "-") i += 1;
      }
      read.extras.push(...argv.slice(i, end));
      i = end;
      continue;
    }
    i = readOption(argv, i, { kinds, parser, read });
  }
  return read;
}

/** The option at `at` read into `read`; the index of the word after it and its value. */
function readOption(
  argv: readonly string[],
  at: number,
  { kinds, parser, read }: { kinds: Kind[]; parser: Parser; read: Read },
): number {
  const word = argv[at];
  const explicit = parser.knows(word) === undefined && word.includes("=");
  const name = explicit ? word.slice(0, word.indexOf("=")) : word;
  const spec = parser.knows(name);
  if (spec === undefined) {
    read.extras.push(word);
    return at + 1;
  }
  if (explicit) {
    const error = explicitValueError(spec, name, word.slice(name.length + 1));
    if (error) parser.report(name, error);
    else read.taken.push(word);
    return at + 1;
  }
  if (spec.value === undefined) {
    read.taken.push(name);
    return at + 1;
  }
  if (kinds[at + 1] !== "A") {
    if (spec.valueOptional) read.taken.push(name);
    else parser.report(name, usageError(`argument ${name}: expected one argument`));
    return at + 1;
  }
  const value = argv[at + 1];
  if (spec.choices && !spec.choices.includes(value)) parser.report(name, invalidChoice(name, value));
  read.taken.push(`${name}=${value}`);
  return at + 2;
}

/**
 * Long options may be shortened to any prefix, read as the AWS CLI reads it:
 * a prefix of any of the AWS CLI's options (global or the operation's) names
 * one of those, so `--usern` is `--username` and `--user` is ambiguous between
 * `--user-context-data` and `--username` alone. This command's own options
 * take a prefix only where it names none of the AWS CLI's (`--user-p` is
 * `--user-pool-id`). A prefix of several is an error: thrown at once when one
 * of them is a global option (the AWS CLI reads those first), else returned as
 * `ambiguous`, to be reported when the operation's options are checked.
 * `operation`: the words as the operation's parser sees them, which knows no
 * global option (words after a "--" that only the operation's parser reads).
 */
export function expandAbbreviations(
  argv: readonly string[],
  parser: "main" | "operation" = "main",
): { argv: string[]; ambiguous?: CliError } {
  const names = (...groups: Parameters<typeof optionsIn>) => optionsIn(...groups).map((option) => option.name);
  // The table's names, listed only when a word is not an option's whole name.
  let lists: { globals: string[]; awsCli: string[]; own: string[] } | undefined;
  const listed = () => {
    if (lists === undefined) {
      const globals = parser === "main" ? names("global") : [];
      lists = { globals, awsCli: [...globals, ...names("parameter", "command")], own: names("own", "bulk") };
    }
    return lists;
  };
  const out: string[] = [];
  let ambiguous: CliError | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") return { argv: [...out, ...argv.slice(i)], ambiguous };
    const [name, ...value] = token.split("=");
    if (!name.startsWith("--") || optionNamed(name) !== undefined) {
      out.push(token);
      continue;
    }
    // The message names the word as typed, `=value` and all.
    const ambiguity = (matches: string[]): CliError =>
      usageError(`ambiguous option: ${token} could match ${matches.join(", ")}`);
    const startsWith = (option: string): boolean => option.startsWith(name);
    const { globals, awsCli, own } = listed();
    // Several global options: the AWS CLI's error, which names only those.
    const globalMatches = globals.filter(startsWith);
    if (globalMatches.length > 1) throw ambiguity(globalMatches);
    const theirs = awsCli.filter(startsWith);
    const matches = theirs.length > 0 ? theirs : own.filter(startsWith);
    if (matches.length > 1) {
      if (globalMatches.length > 0) throw ambiguity(matches);
      ambiguous ??= ambiguity(matches);
    }
    out.push([matches.length === 1 ? matches[0] : name, ...value].join("="));
  }
  return { argv: out, ambiguous };
}

/**
 * `--=x` (an empty name, so a prefix of every option) before any "--": the
 * AWS CLI's first parser, which knows --profile and --debug alone, finds it
 * ambiguous between those two before anything else is read.
 */
function refuseEmptyPrefix(argv: readonly string[]): void {
  const end = argv.indexOf("--");
  const word = (end === -1 ? argv : argv.slice(0, end)).find((token) => token.startsWith("--="));
  if (word !== undefined) {
    throw new UsageError(
      `ambiguous option: ${word} could match --profile, --debug`,
      { code: "ParamValidation" },
      FIRST_PARSER_USAGE,
    );
  }
}

/**
 * Whether the required parameters may be left out, by the AWS CLI's own rule:
 * when --cli-input-json or --cli-input-yaml is typed in full as a word, or
 * --generate-cli-skeleton is and is not followed by "output".
 */
function requiredWaived(typed: readonly string[]): boolean {
  const at = typed.indexOf("--generate-cli-skeleton");
  return (
    typed.includes("--cli-input-json") ||
    typed.includes("--cli-input-yaml") ||
    (at !== -1 && typed[at + 1] !== "output")
  );
}

/** --query's syntax, then --endpoint-url's scheme: checked with the global options, as the AWS CLI checks them. */
function checkGlobals(argv: readonly string[], checkQuery?: (expression: string) => unknown): void {
  const query = checkQuery ? lastValue(argv, "--query") : undefined;
  if (query !== undefined) checkQuery?.(query);
  const endpoint = lastValue(argv, "--endpoint-url");
  // A scheme as Python's urlparse finds one: letters, digits, + - . before a colon.
  if (endpoint !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(endpoint)) {
    throw paramValidation(
      `Bad value for --endpoint-url "${endpoint}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
    );
  }
}

/**
 * What commander read of the options the parsers took, by the table's names; a
 * parser error in the AWS CLI's words. `wholeTable` configures every option, as
 * a check of buildProgram's choice.
 */
export function readWithCommander(argv: readonly string[], wholeTable = false): Map<string, Given> {
  const { program, options } = buildProgram(wholeTable ? undefined : argv);
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) throw usageError(error.message.replace(/^error: /, ""));
    throw error;
  }
  const values = program.opts<Record<string, Given | undefined>>();
  const given = new Map<string, Given>();
  for (const [spec, option] of options) {
    const value = values[option.attributeName()];
    // --no-x and --x share one attribute: false for the one, true for the other.
    const found = option.negate ? value === false : spec.value === undefined ? value === true : value;
    if (found !== undefined && found !== false) given.set(spec.name, found);
  }
  return given;
}

/** The operation's options: the AWS CLI's argument errors, in its order, once the values are read. */
function checkOperation(
  typed: readonly string[],
  read: { options: ParsedOptions; unknown: string[] },
  prompting: boolean,
): void {
  const { options, unknown } = read;
  const usernames = options.has("--usernames-file");
  const allUnconfirmed = options.has("--all-unconfirmed");
  if (usernames && options.parameters.has("--username"))
    throw usageError("give --username or --usernames-file, not both");
  if (allUnconfirmed && (usernames || options.parameters.has("--username")))
    throw usageError("--all-unconfirmed takes the users from the pool: not with --username or --usernames-file");
  if (!options.help && !options.version && !prompting && !requiredWaived(typed)) {
    const missing = (loadSchema("input").required ?? [])
      .map(flagFor)
      .filter((flag) => !options.parameters.has(flag) && !(flag === "--username" && options.bulk));
    if (missing.length > 0) throw usageError(`the following arguments are required: ${missing.join(", ")}`);
  }
  if (unknown.length > 0) throw new UsageError(`Unknown options: ${unknown.join(", ")}`, { code: undefined });
}

export interface ParseHow {
  /** --cli-auto-prompt will ask for what is missing, so no parameter is required yet. */
  prompting?: boolean;
  /** --query's syntax, checked with the global options. */
  checkQuery?: (expression: string) => unknown;
  /** Told as each phase of reading begins. */
  enter?: (phase: Phase) => void;
}

/** An option of the global options' parser (the AWS CLI's main parser), by name. */
const globalOption = (name: string): OptionSpec | undefined => {
  const spec = optionNamed(name);
  return spec?.group === "global" ? spec : undefined;
};

/** An option of the operation's parser: every other option (`-h` too). */
const operationOption = (name: string): OptionSpec | undefined => {
  const spec = optionNamed(name);
  return spec?.group === "global" ? undefined : spec;
};

/** The first error of each of the AWS CLI's parsers, in the order of argv. */
interface Errors {
  /** The first parser's: --profile and --debug. */
  first?: CliError;
  /** The global options' parser's. */
  global?: CliError;
  /** The operation's parser's. */
  other?: CliError;
}

/**
 * The global options as the AWS CLI's first two parsers read them (up to the
 * first "--"), and the words they leave for the operation's: the rest, in
 * order, but that a "--" left first is dropped (the command's own parser,
 * between the two, takes it with the operation's name).
 */
function readGlobals(argv: readonly string[], errors: Errors = {}): { globals: string[]; rest: string[] } {
  const read = readAs(argv, {
    knows: globalOption,
    report: (name, error) => {
      if (name === "--profile" || name === "--debug") errors.first ??= error;
      else errors.global ??= error;
    },
  });
  return { globals: read.taken, rest: read.extras[0] === "--" ? read.extras.slice(1) : read.extras };
}

/** The value of a global option as the AWS CLI reads argv (none after a "--"), however the rest of argv reads. */
export function globalFlag(typed: readonly string[]): (name: string) => string | undefined {
  let argv: readonly string[] = typed;
  try {
    argv = expandAbbreviations(typed).argv;
  } catch {
    // An ambiguous prefix is reported by parseArgs; the words as typed still count.
  }
  const { globals } = readGlobals(argv);
  return (name) => lastValue(globals, name);
}

/**
 * The options of a command line, or the first argument error in the AWS CLI's
 * order: `--=x`; an ambiguous global prefix; the first parser's others; the global options'
 * values and choices; --query's syntax and --endpoint-url's scheme; then the
 * operation's (values, timeouts, choices, required, unknown).
 */
export function parseArgs(typed: readonly string[], how: ParseHow = {}): ParsedOptions {
  const enter = how.enter ?? (() => undefined);
  // The first parser's one error that comes before any other.
  enter("first");
  refuseEmptyPrefix(typed);
  enter("prefixes");
  const expanded = expandAbbreviations(typed);
  const errors: Errors = {};
  const { globals, rest } = readGlobals(expanded.argv, errors);
  // The operation's parser reads a prefix of its own options after a "--" that was dropped.
  const operationArgv = expandAbbreviations(rest, "operation");
  const operation = readAs(operationArgv.argv, {
    knows: operationOption,
    positional: true,
    report: (_, error) => {
      errors.other ??= error;
    },
  });
  enter("first");
  if (errors.first) throw errors.first;
  enter("parser");
  if (errors.global) throw errors.global;
  enter("globals");
  checkGlobals(globals, how.checkQuery);
  enter("operation");
  const given = readWithCommander([...operation.taken, ...globals]);
  for (const name of ["--cli-read-timeout", "--cli-connect-timeout"] as const) {
    const value = given.get(name);
    if (typeof value === "string") parseTimeout(value);
  }
  const ambiguous = expanded.ambiguous ?? operationArgv.ambiguous;
  if (ambiguous) throw ambiguous;
  if (errors.other) throw errors.other;
  const parameters = new Map<string, string>();
  for (const spec of optionsIn("parameter")) {
    const value = given.get(spec.name);
    if (typeof value === "string") parameters.set(spec.name, value);
  }
  // The positional `help` asks for the help page; any other word it took is an unknown option, listed last.
  const help = given.has("--help") || operation.positional === "help";
  const unknown = help
    ? []
    : [...operation.extras, ...(operation.positional === undefined ? [] : [operation.positional])];
  const options = new ParsedOptions(given, parameters, help);
  checkOperation(typed, { options, unknown }, how.prompting === true);
  return options;
}

/** Whether a run prompts for its parameters (--cli-auto-prompt), decided before the arguments are parsed. */
export type PromptMode = "on" | "on-partial";

/** The mode in force: --cli-auto-prompt / --no-cli-auto-prompt, else AWS_CLI_AUTO_PROMPT. */
export function promptMode(argv: readonly string[], env: NodeJS.ProcessEnv): PromptMode | undefined {
  const flag = [...argv].reverse().find((arg) => arg === "--cli-auto-prompt" || arg === "--no-cli-auto-prompt");
  if (flag === "--cli-auto-prompt") return "on";
  if (flag === "--no-cli-auto-prompt") return undefined;
  const value = settle("autoPrompt", { env });
  return value === "on" || value === "on-partial" ? value : undefined;
}

/**
 * The values of the secret options (however abbreviated) in argv, to be
 * masked from the start, before the arguments are parsed; a file:// path is
 * no secret. A `--NAME=value` whose NAME is still an abbreviation (an
 * ambiguous one, which the error then names, value and all) counts when NAME
 * could stand for a secret option.
 */
export function secretsIn(typed: readonly string[]): string[] {
  let argv: readonly string[] = typed;
  try {
    argv = expandAbbreviations(typed).argv;
  } catch {
    // An ambiguous option is reported by parseArgs; the words as typed still count.
  }
  const found: string[] = [];
  const secret = (name: string): boolean => optionNamed(name)?.secret === true;
  const secretNames = allOptions()
    .filter((option) => option.secret === true)
    .map((option) => option.name);
  const maybeSecret = (name: string): boolean =>
    optionNamed(name) === undefined && name.startsWith("--") && secretNames.some((full) => full.startsWith(name));
  argv.forEach((token, i) => {
    if (secret(token) && argv[i + 1] !== undefined) found.push(argv[i + 1]);
    const at = token.indexOf("=");
    if (at !== -1 && (secret(token.slice(0, at)) || maybeSecret(token.slice(0, at)))) found.push(token.slice(at + 1));
  });
  return found.filter((value) => !value.startsWith("file://") && !value.startsWith("fileb://"));
}

/** The options that go only with a bulk run (the table's "bulk" group), refused without one. */
export function refuseStrayBulkOptions(options: ParsedOptions): void {
  const stray = optionsIn("bulk").find((option) => options.has(option.name));
  if (stray) throw usageError(`${stray.name} needs --usernames-file`);
}

/** The value the last `NAME VALUE` or `NAME=VALUE` in argv gives. */
function lastValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((word, i) => {
    if (word === name) value = argv[i + 1];
    else if (word.startsWith(`${name}=`)) value = word.slice(name.length + 1);
  });
  return value;
}

/** --cli-read-timeout and --cli-connect-timeout: whole seconds, 0 for none. */
export function parseTimeout(value: string | undefined): number | undefined {
  return value === undefined ? undefined : pythonInt(value);
}
