// The one option table. Every option of the command is one entry: its name,
// whether it takes a value and which choices, whether that value is a path or
// a secret, its group and its help. The operation's parameters are entries
// too, made from the model (schemas/input.json). The parser (args.ts, through
// commander), the help page, shell completion, --cli-auto-prompt, the masking
// of secrets and the check that the bulk-only options come only with a bulk
// run all read this table and nothing else.
import { ERROR_FORMATS } from "../common";
import { flagFor, loadSchema, members, shapeKind, summary } from "./schema";

export const OUTPUT_CHOICES = ["json", "text", "table", "yaml", "yaml-stream", "off"] as const;
export const SKELETON_CHOICES = ["input", "output", "yaml-input"] as const;
export const INPUT_FORMATS = ["auto", "lines", "csv", "list-users"] as const;

/**
 * Where an option belongs, which decides how its prefix is read and where the
 * help lists it:
 * - parameter: the operation's parameters (from the model);
 * - command: the AWS CLI's own options of the command (--cli-input-json...);
 * - own: this command's options beyond the AWS CLI;
 * - bulk: own options that only a bulk run (--usernames-file, --all-unconfirmed) takes;
 * - global: the AWS CLI's global options, which it reads before the others.
 */
export type OptionGroup = "parameter" | "command" | "own" | "bulk" | "global";

export interface OptionSpec {
  /** The long name: `--output`. */
  readonly name: string;
  /** What its value is called in the help (`<format>`); none for a switch. */
  readonly value?: string;
  /** The value may be left out (`--generate-cli-skeleton` alone is `input`). */
  readonly valueOptional?: boolean;
  /** The values it takes, where only a few are right. */
  readonly choices?: readonly string[];
  /** Its value is a path, completed as one. */
  readonly path?: boolean;
  /** Its value is a secret, masked wherever it could be shown. */
  readonly secret?: boolean;
  /** It may be given more than once, each value kept. */
  readonly repeatable?: boolean;
  /** A short form (`-h`). */
  readonly short?: string;
  /** Asked for by --cli-auto-prompt, beyond the parameters. */
  readonly prompt?: string;
  readonly group: OptionGroup;
  readonly help: string;
}

/** Every option beyond the operation's parameters, in the order the help lists them. */
export const OPTIONS = [
  {
    name: "--cli-input-json",
    value: "<value>",
    group: "command",
    help: "Reads arguments from the JSON string provided (inline or file://).",
  },
  {
    name: "--cli-input-yaml",
    value: "<value>",
    group: "command",
    help: "Reads arguments from the YAML string provided (inline or file://).",
  },
  {
    name: "--generate-cli-skeleton",
    value: "[value]",
    valueOptional: true,
    choices: SKELETON_CHOICES,
    group: "command",
    help: "Prints a skeleton (input, yaml-input or output) without sending a request.",
  },
  {
    name: "--client-secret",
    value: "<value>",
    secret: true,
    prompt: "If the app client has a secret, SECRET_HASH is computed from it. Leave empty if it has none.",
    group: "own",
    help: "The app client's secret (or file://PATH); SECRET_HASH is computed from it. Also COGNITO_CLIENT_SECRET.",
  },
  {
    name: "--dry-run",
    group: "own",
    help: 'Check everything, send nothing: print the request that would be sent as one JSON line, {"Username": ..., "ClientId": ..., "Status": "WOULD_SEND", "Request": {...}} (SecretHash masked); with --usernames-file, a line per user.',
  },
  {
    name: "--usernames-file",
    value: "<path>",
    path: true,
    group: "own",
    help: 'Resend to every user in the file (- for standard input): a username, or a JSON object {"Username": ..., "ClientMetadata": {...}}, per line; or CSV with a header row; or the JSON of aws cognito-idp list-users (see --input-format). Results as JSON Lines.',
  },
  {
    name: "--input-format",
    value: "<form>",
    choices: INPUT_FORMATS,
    group: "bulk",
    help: "With --usernames-file: how the file is read: auto (the default: from its first bytes), lines, csv (a header row naming a username, cognito:username or email column), or list-users (the JSON aws cognito-idp list-users prints).",
  },
  {
    name: "--max-rate",
    value: "<n>",
    group: "bulk",
    help: "With --usernames-file: at most N requests per second (default 10; 0 for no limit).",
  },
  {
    name: "--concurrency",
    value: "<n>",
    group: "bulk",
    help: "With --usernames-file: at most N requests in flight (default 4).",
  },
  {
    name: "--resume",
    value: "<path>",
    path: true,
    repeatable: true,
    group: "bulk",
    help: "With --usernames-file: skip the users that the results of an earlier run show were sent, answered or left unknown (may be given more than once).",
  },
  {
    name: "--results",
    value: "<path>",
    path: true,
    group: "bulk",
    help: "With --usernames-file: this run's own journal, appended to: each user is recorded before its request and after its answer; the same command run again carries on.",
  },
  {
    name: "--retry-failed",
    group: "bulk",
    help: "With --resume or --results: send again to the users the service answered with an error.",
  },
  {
    name: "--retry-unknown",
    group: "bulk",
    help: "With --resume or --results: send again to the users whose request got no answer (UNKNOWN): the service may have sent them a code.",
  },
  {
    name: "--case-sensitive-usernames",
    group: "bulk",
    help: "With --usernames-file and no --user-pool-id: usernames that differ in letter case are different users (by default they are one, as in a pool made in the console).",
  },
  {
    name: "--user-pool-id",
    value: "<id>",
    group: "bulk",
    help: "With --usernames-file: look each user up in the pool first (signed with your AWS credentials): a line may be a username or the email of one user; only UNCONFIRMED users are sent a code.",
  },
  {
    name: "--all-unconfirmed",
    group: "own",
    help: "With --user-pool-id, instead of --username or --usernames-file: resend to every UNCONFIRMED user of the pool.",
  },
  {
    name: "--created-after",
    value: "<time>",
    group: "bulk",
    help: "With --all-unconfirmed: only users created at or after TIME: ISO 8601 (2026-11-20T08:00Z), or a span back from now (90m, 36h, 7d).",
  },
  {
    name: "--created-before",
    value: "<time>",
    group: "bulk",
    help: "With --all-unconfirmed: only users created before TIME (as --created-after).",
  },
  {
    name: "--resend-invitations",
    group: "bulk",
    help: "With --user-pool-id: resend the invitation (AdminCreateUser, MessageAction RESEND) to users an administrator created (FORCE_CHANGE_PASSWORD).",
  },
  { name: "--help", short: "-h", group: "own", help: "Show help." },
  { name: "--debug", group: "global", help: "Turn on debug logging (secrets masked)." },
  { name: "--endpoint-url", value: "<url>", group: "global", help: "Override the service endpoint URL." },
  { name: "--no-verify-ssl", group: "global", help: "Do not verify TLS certificates (a warning says so)." },
  { name: "--no-paginate", group: "global", help: "Accepted for compatibility; nothing to paginate." },
  {
    name: "--output",
    value: "<format>",
    choices: OUTPUT_CHOICES,
    group: "global",
    help: "The output format: json (the default), text, table, yaml, yaml-stream, or off (nothing on stdout).",
  },
  {
    name: "--query",
    value: "<expression>",
    group: "global",
    help: "A JMESPath query applied to the response before it is printed.",
  },
  { name: "--profile", value: "<name>", group: "global", help: "Use a profile from the shared config file." },
  { name: "--region", value: "<region>", group: "global", help: "The region to use." },
  { name: "--version", group: "global", help: "Display the version of this tool." },
  {
    name: "--color",
    value: "<mode>",
    choices: ["on", "off", "auto"],
    group: "global",
    help: "Color the table: on, off or auto (on a terminal; the default).",
  },
  { name: "--no-sign-request", group: "global", help: "Do not sign requests (this operation is never signed)." },
  {
    name: "--ca-bundle",
    value: "<path>",
    path: true,
    group: "global",
    help: "The CA certificate bundle to use when verifying TLS certificates.",
  },
  {
    name: "--cli-read-timeout",
    value: "<seconds>",
    group: "global",
    help: "Maximum socket read time in seconds (0: none; default 60).",
  },
  {
    name: "--cli-connect-timeout",
    value: "<seconds>",
    group: "global",
    help: "Maximum socket connect time in seconds (0: none; default 60).",
  },
  {
    name: "--cli-binary-format",
    value: "<format>",
    choices: ["base64", "raw-in-base64-out"],
    group: "global",
    help: "The formatting style for binary blobs.",
  },
  {
    name: "--no-cli-pager",
    group: "global",
    help: "Do not page output on a terminal (AWS_PAGER, cli_pager, PAGER, else less -R).",
  },
  { name: "--cli-auto-prompt", group: "global", help: "Prompt for parameters (needs a terminal)." },
  {
    name: "--cli-error-format",
    value: "<format>",
    choices: ERROR_FORMATS,
    group: "global",
    help: "How an error is shown: enhanced (the default: one line, then the service's additional error details), legacy (the one line alone), json, yaml, text or table; else AWS_CLI_ERROR_FORMAT, the profile's cli_error_format.",
  },
  { name: "--no-cli-auto-prompt", group: "global", help: "Do not prompt for parameters." },
] as const satisfies readonly OptionSpec[];

/** What the table says of a parameter beyond what the model gives. */
const PARAMETERS: Record<string, Partial<OptionSpec>> = {
  "--secret-hash": { secret: true },
};

/** The entries the model gives: one for each of the operation's parameters. */
function parameterOptions(): OptionSpec[] {
  const input = loadSchema("input");
  return members(input).map(([member, node]) => ({
    name: flagFor(member),
    value: "<value>",
    ...PARAMETERS[flagFor(member)],
    group: "parameter",
    help: `${input.required?.includes(member) ? "[required] " : ""}(${shapeKind(node)}) ${summary(node.description)}`,
  }));
}

let table: readonly OptionSpec[] | undefined;

/** The whole table: the parameters, then the other options. Made once a run. */
export function allOptions(): readonly OptionSpec[] {
  table ??= [...parameterOptions(), ...OPTIONS];
  return table;
}

let byName: ReadonlyMap<string, OptionSpec> | undefined;

/** The entry of an option by its long name, or its short one (`-h`). */
export function optionNamed(name: string): OptionSpec | undefined {
  byName ??= new Map(
    allOptions().flatMap(
      (option): Array<[string, OptionSpec]> => [
        [option.name, option],
        ...(option.short ? [[option.short, option] as [string, OptionSpec]] : []),
      ],
    ),
  );
  return byName.get(name);
}

/** The entries of some groups, in the table's order. */
export const optionsIn = (...groups: OptionGroup[]): OptionSpec[] =>
  allOptions().filter((option) => groups.includes(option.group));

/** `--output <format>`, `-h, --help`: an option as the help and commander write it. */
export const optionFlags = (option: OptionSpec): string =>
  `${option.short ? `${option.short}, ` : ""}${option.name}${option.value ? ` ${option.value}` : ""}`;

/** The options whose value is a secret. */
export const secretOptions = (): string[] => allOptions().flatMap((option) => (option.secret ? [option.name] : []));
