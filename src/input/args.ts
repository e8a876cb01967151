// The command line: commander reads argv into raw options. Nothing here reads a
// file or parses a parameter's value; that is params.ts. Argument errors are
// worded as the AWS CLI words them.
import { Command, CommanderError, Option } from "commander";
import { CliError, EXIT, PROGRAM, invalidChoice, paramValidation, pythonInt, usageError } from "../common";
import { flagFor, loadSchema, members, shapeKind, summary } from "./schema";
import type { SkeletonKind } from "./skeleton";
import { CHOICES, COMMAND_OPTIONS, GLOBAL_OPTIONS, OWN_OPTIONS, REPEATABLE, longName } from "./options";

export interface RawOptions {
  /** Operation parameters by flag (`--client-id`), as typed. */
  parameters: Map<string, string>;
  cliInputJson?: string;
  cliInputYaml?: string;
  skeleton?: SkeletonKind;
  clientSecret?: string;
  debug: boolean;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  output?: string;
  query?: string;
  color?: string;
  verifySsl: boolean;
  paginate: boolean;
  signRequest: boolean;
  cliPager: boolean;
  caBundle?: string;
  /** Seconds, as typed (0: none). */
  readTimeout?: number;
  connectTimeout?: number;
  binaryFormat?: string;
  autoPrompt?: boolean;
  /** The bulk options, as typed. */
  bulk: {
    usernamesFile?: string;
    maxRate?: string;
    concurrency?: string;
    /** Every --resume, in order. */
    resume: string[];
    retryFailed: boolean;
    retryUnknown: boolean;
    results?: string;
    caseSensitiveUsernames: boolean;
    dryRun: boolean;
    userPoolId?: string;
    allUnconfirmed: boolean;
    createdAfter?: string;
    createdBefore?: string;
    resendInvitations: boolean;
  };
  version: boolean;
  help: boolean;
}

export function buildProgram(): Command {
  const program = new Command(PROGRAM)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .usage("--client-id <value> --username <value> [options]")
    .description(summary(loadSchema("input")["x-aws-operation"]?.description));
  for (const [member, node] of members(loadSchema("input"))) {
    const kind = shapeKind(node);
    const required = loadSchema("input").required?.includes(member) ? "[required] " : "";
    program.addOption(new Option(`${flagFor(member)} <value>`, `${required}(${kind}) ${summary(node.description)}`));
  }
  for (const [flags, description] of [...COMMAND_OPTIONS, ...OWN_OPTIONS, ...GLOBAL_OPTIONS]) {
    const option = new Option(flags, description);
    if (REPEATABLE.has(longName(flags)))
      option.argParser((value: string, previous?: string[]) => [...(previous ?? []), value]);
    program.addOption(option);
  }
  return program;
}

/** As argparse decides: "-", negative numbers and anything with a space are values. */
const looksLikeOption = (token: string): boolean =>
  token.startsWith("-") && token !== "-" && !token.includes(" ") && !/^-(\d+|\d*\.\d+)$/.test(token);

/**
 * The command line with the global options, each with its value, moved after
 * the rest: the AWS CLI takes them out before it parses the command's own
 * options, so `--client-id --region eu-west-1 x` gives --client-id the value x.
 */
function globalsLast(program: Command, argv: readonly string[], globals: ReadonlySet<string>): string[] {
  const needsValue = new Set(program.options.filter((o) => o.required).map((o) => o.long));
  const rest: string[] = [];
  const taken: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (!globals.has(token.split("=")[0])) {
      rest.push(token);
      continue;
    }
    taken.push(token);
    const next = argv[i + 1];
    if (needsValue.has(token) && next !== undefined && !looksLikeOption(next)) {
      taken.push(next);
      i += 1;
    }
  }
  return [...rest, ...taken];
}

/**
 * An option that takes a value must be followed by one: as with the AWS CLI, a
 * token that looks like an option is not taken as the value. A switch takes
 * none. A value with choices is one of them, at each occurrence. Returns argv
 * without the options that lack their value, and the first error, in the order
 * of argv, among the global options and among the others.
 */
function checkValues(
  program: Command,
  argv: readonly string[],
  globals: ReadonlySet<string>,
): { argv: string[]; global?: CliError; other?: CliError } {
  const needsValue = new Set(program.options.filter((o) => o.required).map((o) => o.long));
  const mayTakeValue = new Set(program.options.filter((o) => o.optional).map((o) => o.long));
  const takesNone = new Set(program.options.filter((o) => !o.required && !o.optional).map((o) => o.long));
  const result: { argv: string[]; global?: CliError; other?: CliError } = { argv: [] };
  // --profile and --debug are read by a parser of their own before the other
  // global options, so the AWS CLI reports their errors first.
  let firstRead = false;
  const report = (name: string, error: CliError): void => {
    if (globals.has(name)) {
      const readFirst = name === "--profile" || name === "--debug";
      error.early = readFirst ? "first" : "parser";
      if (result.global === undefined || (readFirst && !firstRead)) {
        result.global = error;
        firstRead = readFirst;
      }
    } else result.other ??= error;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") {
      result.argv.push(...argv.slice(i));
      break;
    }
    const [name, ...value] = token.split("=");
    if (value.length > 0 && takesNone.has(name))
      report(name, usageError(`argument ${name}: ignored explicit argument '${value.join("=")}'`));
    const choices = CHOICES.get(name);
    if (choices && value.length > 0 && !choices.includes(value.join("=")))
      report(name, invalidChoice(name, value.join("=")));
    if (!needsValue.has(token) && !mayTakeValue.has(token)) {
      result.argv.push(token);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || looksLikeOption(next)) {
      if (needsValue.has(token)) report(token, usageError(`argument ${token}: expected one argument`));
      else result.argv.push(token);
      continue;
    }
    if (choices && !choices.includes(next)) report(token, invalidChoice(token, next));
    result.argv.push(token, next);
    i += 1;
  }
  return result;
}

let knownGroups: string[][] | undefined;

/**
 * The long option names in groups, as the AWS CLI's two parsers take them:
 * its global options, then the operation's; then this command's own. Worked
 * out once a run.
 */
function optionGroups(): string[][] {
  if (!knownGroups) {
    const operation = [
      ...members(loadSchema("input")).map(([member]) => flagFor(member)),
      ...COMMAND_OPTIONS.map(([flags]) => longName(flags)),
    ];
    knownGroups = [GLOBAL_OPTIONS, null, OWN_OPTIONS].map((group) =>
      group ? group.map(([flags]) => longName(flags)) : operation,
    );
  }
  return knownGroups;
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
  const groups = optionGroups();
  const awsCli = [...groups[0], ...groups[1]];
  const known = new Set(groups.flat());
  const out: string[] = [];
  let ambiguous: CliError | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === "--") return { argv: [...out, ...argv.slice(i)], ambiguous };
    const [name, ...value] = token.split("=");
    if (!name.startsWith("--") || name === "--" || known.has(name)) {
      out.push(token);
      continue;
    }
    const ambiguity = (matches: string[]): CliError =>
      usageError(`ambiguous option: ${name} could match ${matches.join(", ")}`);
    // Several global options: the AWS CLI's error, which names only those.
    const globals = groups[0].filter((option) => option.startsWith(name));
    if (globals.length > 1) throw ambiguity(globals);
    const startsWith = (option: string): boolean => option.startsWith(name);
    const theirs = awsCli.filter(startsWith);
    const matches = theirs.length > 0 ? theirs : groups[2].filter(startsWith);
    if (matches.length > 1) {
      if (globals.length > 0) throw ambiguity(matches);
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

/**
 * argv (without node and the script) to raw options, or the first error in the
 * AWS CLI's order: global options (values, choices, timeouts), then the
 * operation's (values, choices, required), then unknown options. `prompting`:
 * --cli-auto-prompt will ask for what is missing, so no parameter is required yet.
 */
/**
 * The options of a command line, or the first usage error in the AWS CLI's
 * order: the global options' values (with `checkQuery`, --query's syntax
 * among them), then the command's.
 */
export function parseArgs(
  typed: readonly string[],
  prompting = false,
  checkQuery?: (expression: string) => unknown,
): RawOptions {
  const program = buildProgram();
  const expanded = expandAbbreviations(typed);
  const globals = new Set(optionGroups()[0]);
  const values = checkValues(program, globalsLast(program, expanded.argv, globals), globals);
  if (values.global) throw values.global;
  const argv = values.argv;
  // --query, then --endpoint-url's scheme, are checked with the global options, as the AWS CLI checks them.
  // (An option left without its value is out of argv by now.)
  const query = checkQuery ? lastValue(argv, "--query") : undefined;
  const endpoint = lastValue(argv, "--endpoint-url");
  try {
    if (query !== undefined) checkQuery?.(query);
    // A scheme as Python's urlparse finds one: letters, digits, + - . before a colon.
    if (endpoint !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(endpoint)) {
      throw paramValidation(
        `Bad value for --endpoint-url "${endpoint}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
      );
    }
  } catch (error) {
    if (error instanceof CliError) error.early = "globals";
    throw error;
  }
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) throw usageError(error.message.replace(/^error: /, ""));
    throw error;
  }
  const o = program.opts<Record<string, string | boolean | undefined>>();
  const str = (key: string): string | undefined => (typeof o[key] === "string" ? (o[key] as string) : undefined);
  const output = str("output");
  const color = str("color");
  const binaryFormat = str("cliBinaryFormat");
  const readTimeout = parseTimeout(str("cliReadTimeout"));
  const connectTimeout = parseTimeout(str("cliConnectTimeout"));

  if (expanded.ambiguous) throw expanded.ambiguous;
  if (values.other) throw values.other;
  const skeleton = (o.generateCliSkeleton === true ? "input" : str("generateCliSkeleton")) as SkeletonKind | undefined;
  const parameters = new Map<string, string>();
  for (const [member] of members(loadSchema("input"))) {
    const value = o[member.charAt(0).toLowerCase() + member.slice(1)];
    if (typeof value === "string") parameters.set(flagFor(member), value);
  }
  const cliInputJson = str("cliInputJson");
  const cliInputYaml = str("cliInputYaml");
  const leftover = program.args;
  const help = o.help === true || leftover[0] === "help";
  const version = o.version === true;
  const usernamesFile = str("usernamesFile");
  const allUnconfirmed = o.allUnconfirmed === true;
  if (usernamesFile !== undefined && parameters.has("--username"))
    throw usageError("give --username or --usernames-file, not both");
  if (allUnconfirmed && (usernamesFile !== undefined || parameters.has("--username")))
    throw usageError("--all-unconfirmed takes the users from the pool: not with --username or --usernames-file");
  if (!help && !version && !prompting && !requiredWaived(typed)) {
    const missing = (loadSchema("input").required ?? [])
      .map(flagFor)
      .filter(
        (flag) => !parameters.has(flag) && !(flag === "--username" && (usernamesFile !== undefined || allUnconfirmed)),
      );
    if (missing.length > 0) throw usageError(`the following arguments are required: ${missing.join(", ")}`);
  }
  const unknown = help ? leftover.slice(1) : leftover;
  if (unknown.length > 0) {
    const ordered = [...unknown.filter((a) => a.startsWith("-")), ...unknown.filter((a) => !a.startsWith("-"))];
    throw new CliError(`Unknown options: ${ordered.join(", ")}`, EXIT.usage, "usage");
  }
  return {
    parameters,
    cliInputJson,
    cliInputYaml,
    skeleton,
    clientSecret: str("clientSecret"),
    debug: o.debug === true,
    endpointUrl: str("endpointUrl"),
    region: str("region"),
    profile: str("profile"),
    output,
    query: str("query"),
    color,
    verifySsl: o.verifySsl !== false,
    paginate: o.paginate !== false,
    signRequest: o.signRequest !== false,
    cliPager: o.cliPager !== false,
    caBundle: str("caBundle"),
    readTimeout,
    connectTimeout,
    binaryFormat,
    autoPrompt: typeof o.cliAutoPrompt === "boolean" ? o.cliAutoPrompt : undefined,
    bulk: {
      usernamesFile,
      maxRate: str("maxRate"),
      concurrency: str("concurrency"),
      resume: Array.isArray(o.resume) ? (o.resume as string[]) : [],
      retryFailed: o.retryFailed === true,
      retryUnknown: o.retryUnknown === true,
      results: str("results"),
      caseSensitiveUsernames: o.caseSensitiveUsernames === true,
      dryRun: o.dryRun === true,
      userPoolId: str("userPoolId"),
      allUnconfirmed,
      createdAfter: str("createdAfter"),
      createdBefore: str("createdBefore"),
      resendInvitations: o.resendInvitations === true,
    },
    version,
    help,
  };
}

/** Whether a run prompts for its parameters (--cli-auto-prompt), decided before the arguments are parsed. */
export type PromptMode = "on" | "on-partial";

/** The mode in force: --cli-auto-prompt / --no-cli-auto-prompt, else AWS_CLI_AUTO_PROMPT. */
export function promptMode(argv: readonly string[], env: NodeJS.ProcessEnv): PromptMode | undefined {
  const flag = [...argv].reverse().find((arg) => arg === "--cli-auto-prompt" || arg === "--no-cli-auto-prompt");
  if (flag === "--cli-auto-prompt") return "on";
  if (flag === "--no-cli-auto-prompt") return undefined;
  const value = env.AWS_CLI_AUTO_PROMPT;
  return value === "on" || value === "on-partial" ? value : undefined;
}

/** The options whose values are secrets, masked wherever they could be shown. */
export const SECRET_FLAGS = ["--client-secret", "--secret-hash"] as const;

/**
 * The values of --client-secret and --secret-hash (however abbreviated) in
 * argv, to be masked from the start, before the arguments are parsed; a
 * file:// path is no secret.
 */
export function secretsIn(typed: readonly string[]): string[] {
  let argv: readonly string[] = typed;
  try {
    argv = expandAbbreviations(typed).argv;
  } catch {
    // An ambiguous option is reported by parseArgs; the words as typed still count.
  }
  const found: string[] = [];
  argv.forEach((token, i) => {
    for (const flag of SECRET_FLAGS) {
      if (token === flag && argv[i + 1] !== undefined) found.push(argv[i + 1]);
      else if (token.startsWith(`${flag}=`)) found.push(token.slice(flag.length + 1));
    }
  });
  return found.filter((value) => !value.startsWith("file://") && !value.startsWith("fileb://"));
}

/** The options that go only with --usernames-file, refused without it. */
export function refuseStrayBulkOptions(options: RawOptions): void {
  const bulk = options.bulk;
  const stray = (
    [
      ["--max-rate", bulk.maxRate],
      ["--concurrency", bulk.concurrency],
      ["--resume", bulk.resume[0]],
      ["--results", bulk.results],
      ["--retry-failed", bulk.retryFailed || undefined],
      ["--retry-unknown", bulk.retryUnknown || undefined],
      ["--case-sensitive-usernames", bulk.caseSensitiveUsernames || undefined],
      ["--dry-run", bulk.dryRun || undefined],
      ["--user-pool-id", bulk.userPoolId],
      ["--created-after", bulk.createdAfter],
      ["--created-before", bulk.createdBefore],
      ["--resend-invitations", bulk.resendInvitations || undefined],
    ] as const
  ).find(([, value]) => value !== undefined);
  if (stray) throw usageError(`${stray[0]} needs --usernames-file`);
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
