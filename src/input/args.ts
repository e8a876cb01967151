// The command line, read as the AWS CLI reads it, in its phases (see
// src/phases.ts): long options by any unambiguous prefix; then its first
// parser (--profile and --debug); then its global options' values and
// choices; then --query's syntax and --endpoint-url's scheme; then the
// operation's options, which commander, configured from the option table
// (options.ts), reads. Nothing here reads a file or parses a parameter's
// value; that is request.ts and cli-input.ts. Argument errors are worded as
// the AWS CLI words them.
import { Command, CommanderError, Option } from "commander";
import { type CliError, UsageError, invalidChoice, paramValidation, pythonInt, usageError } from "../common";
import type { Phase } from "../phases";
import { flagFor, loadSchema, summary } from "./schema";
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
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .description(summary(loadSchema("input")["x-aws-operation"]?.description));
  const wanted = allOptions().filter((spec) => !named || spec.short !== undefined || named.has(spec.name));
  const options = wanted.map((spec): [OptionSpec, Option] => {
    const option = new Option(optionFlags(spec), spec.help);
    if (spec.repeatable) option.argParser((value: string, previous?: string[]) => [...(previous ?? []), value]);
    program.addOption(option);
    return [spec, option];
  });
  return { program, options };
}

/** As argparse decides: "-", negative numbers and anything with a space are values. */
const looksLikeOption = (token: string): boolean =>
  token.startsWith("-") && token !== "-" && !token.includes(" ") && !/^-(\d+|\d*\.\d+)$/.test(token);

const takesValue = (name: string): "required" | "optional" | undefined => {
  const spec = optionNamed(name);
  return spec?.value === undefined ? undefined : spec.valueOptional ? "optional" : "required";
};

const isGlobal = (name: string): boolean => optionNamed(name)?.group === "global";

/**
 * The command line with the global options, each with its value, moved after
 * the rest: the AWS CLI takes them out before it parses the command's own
 * options, so `--client-id --region eu-west-1 x` gives --client-id the value x.
 */
function globalsLast(argv: readonly string[]): string[] {
  const rest: string[] = [];
  const taken: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (!isGlobal(token.split("=")[0])) {
      rest.push(token);
      continue;
    }
    taken.push(token);
    const next = argv[i + 1];
    if (takesValue(token) === "required" && next !== undefined && !looksLikeOption(next)) {
      taken.push(next);
      i += 1;
    }
  }
  return [...rest, ...taken];
}

/** The first error of each parser, in the order of argv, and argv without the options that lack their value. */
interface Checked {
  argv: string[];
  /** The first parser's: --profile and --debug. */
  first?: CliError;
  /** The global options' parser's. */
  global?: CliError;
  /** The operation's parser's. */
  other?: CliError;
}

/** The error, if any, of one `NAME=VALUE` word: a switch given a value, or a value not among the choices. */
function explicitValueError(name: string, value: string): CliError | undefined {
  const spec = optionNamed(name);
  if (spec === undefined) return undefined;
  if (spec.value === undefined) return usageError(`argument ${name}: ignored explicit argument '${value}'`);
  if (spec.choices && !spec.choices.includes(value)) return invalidChoice(name, value);
  return undefined;
}

/**
 * An option that takes a value must be followed by one: as with the AWS CLI, a
 * token that looks like an option is not taken as the value. A switch takes
 * none. A value with choices is one of them, at each occurrence.
 */
function checkValues(argv: readonly string[]): Checked {
  const result: Checked = { argv: [] };
  const report = (name: string, error: CliError | undefined): void => {
    if (error === undefined) return;
    if (name === "--profile" || name === "--debug") result.first ??= error;
    else if (isGlobal(name)) result.global ??= error;
    else result.other ??= error;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") {
      result.argv.push(...argv.slice(i));
      break;
    }
    const [name, ...value] = token.split("=");
    if (value.length > 0) report(name, explicitValueError(name, value.join("=")));
    const needs = takesValue(token);
    if (needs === undefined) {
      result.argv.push(token);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || looksLikeOption(next)) {
      if (needs === "required") report(token, usageError(`argument ${token}: expected one argument`));
      else result.argv.push(token);
      continue;
    }
    const choices = optionNamed(token)?.choices;
    if (choices && !choices.includes(next)) report(token, invalidChoice(token, next));
    result.argv.push(token, next);
    i += 1;
  }
  return result;
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
 */
export function expandAbbreviations(argv: readonly string[]): { argv: string[]; ambiguous?: CliError } {
  const names = (...groups: Parameters<typeof optionsIn>) => optionsIn(...groups).map((option) => option.name);
  const globals = names("global");
  const awsCli = [...globals, ...names("parameter", "command")];
  const own = names("own", "bulk");
  const out: string[] = [];
  let ambiguous: CliError | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") return { argv: [...out, ...argv.slice(i)], ambiguous };
    const [name, ...value] = token.split("=");
    if (!name.startsWith("--") || name === "--" || optionNamed(name) !== undefined) {
      out.push(token);
      continue;
    }
    const ambiguity = (matches: string[]): CliError =>
      usageError(`ambiguous option: ${name} could match ${matches.join(", ")}`);
    const startsWith = (option: string): boolean => option.startsWith(name);
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

/** What commander read, by the table's names; a parser error in the AWS CLI's words. */
/** What commander reads of `argv`; `wholeTable` configures every option, as a check of buildProgram's choice. */
export function readWithCommander(
  argv: readonly string[],
  wholeTable = false,
): { given: Map<string, Given>; leftover: string[] } {
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
  return { given, leftover: program.args };
}

/** The operation's options: the AWS CLI's argument errors, in its order, once the values are read. */
function checkOperation(
  typed: readonly string[],
  read: { options: ParsedOptions; leftover: string[] },
  prompting: boolean,
): void {
  const { options, leftover } = read;
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
  const unknown = options.help ? leftover.slice(1) : leftover;
  if (unknown.length > 0) {
    const ordered = [...unknown.filter((a) => a.startsWith("-")), ...unknown.filter((a) => !a.startsWith("-"))];
    throw new UsageError(`Unknown options: ${ordered.join(", ")}`, { code: undefined });
  }
}

export interface ParseHow {
  /** --cli-auto-prompt will ask for what is missing, so no parameter is required yet. */
  prompting?: boolean;
  /** --query's syntax, checked with the global options. */
  checkQuery?: (expression: string) => unknown;
  /** Told as each phase of reading begins. */
  enter?: (phase: Phase) => void;
}

/**
 * The options of a command line, or the first argument error in the AWS CLI's
 * order: an ambiguous global prefix; the first parser's; the global options'
 * values and choices; --query's syntax and --endpoint-url's scheme; then the
 * operation's (values, timeouts, choices, required, unknown).
 */
export function parseArgs(typed: readonly string[], how: ParseHow = {}): ParsedOptions {
  const enter = how.enter ?? (() => undefined);
  enter("prefixes");
  const expanded = expandAbbreviations(typed);
  const checked = checkValues(globalsLast(expanded.argv));
  enter("first");
  if (checked.first) throw checked.first;
  enter("parser");
  if (checked.global) throw checked.global;
  enter("globals");
  checkGlobals(checked.argv, how.checkQuery);
  enter("operation");
  const { given, leftover } = readWithCommander(checked.argv);
  for (const name of ["--cli-read-timeout", "--cli-connect-timeout"] as const) {
    const value = given.get(name);
    if (typeof value === "string") parseTimeout(value);
  }
  if (expanded.ambiguous) throw expanded.ambiguous;
  if (checked.other) throw checked.other;
  const parameters = new Map<string, string>();
  for (const spec of optionsIn("parameter")) {
    const value = given.get(spec.name);
    if (typeof value === "string") parameters.set(spec.name, value);
  }
  const options = new ParsedOptions(given, parameters, given.has("--help") || leftover[0] === "help");
  checkOperation(typed, { options, leftover }, how.prompting === true);
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
 * no secret.
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
  argv.forEach((token, i) => {
    if (secret(token) && argv[i + 1] !== undefined) found.push(argv[i + 1]);
    const at = token.indexOf("=");
    if (at !== -1 && secret(token.slice(0, at))) found.push(token.slice(at + 1));
  });
  return found.filter((value) => !value.startsWith("file://") && !value.startsWith("fileb://"));
}

/** The options that go only with a bulk run (the table's "bulk" group), refused without one. */
export function refuseStrayBulkOptions(options: ParsedOptions): void {
  const stray = optionsIn("bulk").find((option) => options.has(option.name));
  if (stray) throw usageError(`${stray.name} needs --usernames-file`);
}

/** The value the last `NAME VALUE` or `NAME=VALUE` in argv gives. */
export function lastValue(argv: readonly string[], name: string): string | undefined {
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
