// The options of the command beside the operation's parameters, with their
// descriptions, and the choices some of them take: read by the parser
// (args.ts), the help page and shell completion.

import { ERROR_FORMATS } from "../common";

export const OUTPUT_CHOICES = ["json", "text", "table", "yaml", "yaml-stream", "off"] as const;
export const COLOR_CHOICES = ["on", "off", "auto"] as const;
export const BINARY_FORMAT_CHOICES = ["base64", "raw-in-base64-out"] as const;
export const SKELETON_CHOICES = ["input", "output", "yaml-input"] as const;

/** The options whose every value must be one of a few, and those few. */
export const CHOICES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ["--output", OUTPUT_CHOICES],
  ["--color", COLOR_CHOICES],
  ["--cli-binary-format", BINARY_FORMAT_CHOICES],
  ["--generate-cli-skeleton", SKELETON_CHOICES],
  ["--cli-error-format", ERROR_FORMATS],
]);

/** The long name of an option as listed: `--output <format>` is `--output`. */
export const longName = (flags: string): string => (/--[\w-]+/.exec(flags) as RegExpExecArray)[0];

/** The command's own options, after the operation's parameters. */
export const COMMAND_OPTIONS: Array<[string, string]> = [
  ["--cli-input-json <value>", "Reads arguments from the JSON string provided (inline or file://)."],
  ["--cli-input-yaml <value>", "Reads arguments from the YAML string provided (inline or file://)."],
  ["--generate-cli-skeleton [value]", "Prints a skeleton (input, yaml-input or output) without sending a request."],
];

/** Options of this command that the AWS CLI does not have. */
export const OWN_OPTIONS: Array<[string, string]> = [
  [
    "--client-secret <value>",
    "The app client's secret (or file://PATH); SECRET_HASH is computed from it. Also COGNITO_CLIENT_SECRET.",
  ],
  [
    "--usernames-file <path>",
    'Resend to every user in the file (- for standard input): a username, or a JSON object {"Username": ..., "ClientMetadata": {...}}, per line. Results as JSON Lines.',
  ],
  ["--max-rate <n>", "With --usernames-file: at most N requests per second (default 10; 0 for no limit)."],
  ["--concurrency <n>", "With --usernames-file: at most N requests in flight (default 4)."],
  [
    "--resume <path>",
    "With --usernames-file: skip the users that the results of an earlier run show were sent, answered or left unknown (may be given more than once).",
  ],
  ["--retry-failed", "With --resume or --results: send again to the users the service answered with an error."],
  [
    "--retry-unknown",
    "With --resume or --results: send again to the users whose request got no answer (UNKNOWN): the service may have sent them a code.",
  ],
  [
    "--results <path>",
    "With --usernames-file: this run's own journal, appended to: each user is recorded before its request and after its answer; the same command run again carries on.",
  ],
  [
    "--case-sensitive-usernames",
    "With --usernames-file and no --user-pool-id: usernames that differ in letter case are different users (by default they are one, as in a pool made in the console).",
  ],
  ["--dry-run", "With --usernames-file: read and check every user, print what would be sent, send nothing."],
  [
    "--user-pool-id <id>",
    "With --usernames-file: look each user up in the pool first (signed with your AWS credentials): a line may be a username or the email of one user; only UNCONFIRMED users are sent a code.",
  ],
  [
    "--all-unconfirmed",
    "With --user-pool-id, instead of --username or --usernames-file: resend to every UNCONFIRMED user of the pool.",
  ],
  [
    "--created-after <time>",
    "With --all-unconfirmed: only users created at or after TIME: ISO 8601 (2026-11-20T08:00Z), or a span back from now (90m, 36h, 7d).",
  ],
  ["--created-before <time>", "With --all-unconfirmed: only users created before TIME (as --created-after)."],
  [
    "--resend-invitations",
    "With --user-pool-id: resend the invitation (AdminCreateUser, MessageAction RESEND) to users an administrator created (FORCE_CHANGE_PASSWORD).",
  ],
  ["-h, --help", "Show help."],
];

/** Options that may be given more than once, each value kept. */
export const REPEATABLE: ReadonlySet<string> = new Set(["--resume"]);

/** The options whose value is a path (completed as one). */
export const PATH_OPTIONS: ReadonlySet<string> = new Set([
  "--usernames-file",
  "--resume",
  "--results",
  "--ca-bundle",
  "--cli-input-json",
  "--cli-input-yaml",
]);

/** The global options of the AWS CLI, in its order. */
export const GLOBAL_OPTIONS: Array<[string, string]> = [
  ["--debug", "Turn on debug logging (secrets masked)."],
  ["--endpoint-url <url>", "Override the service endpoint URL."],
  ["--no-verify-ssl", "Do not verify TLS certificates (a warning says so)."],
  ["--no-paginate", "Accepted for compatibility; nothing to paginate."],
  [
    "--output <format>",
    "The output format: json (the default), text, table, yaml, yaml-stream, or off (nothing on stdout).",
  ],
  ["--query <expression>", "A JMESPath query applied to the response before it is printed."],
  ["--profile <name>", "Use a profile from the shared config file."],
  ["--region <region>", "The region to use."],
  ["--version", "Display the version of this tool."],
  ["--color <mode>", "Color the table: on, off or auto (on a terminal; the default)."],
  ["--no-sign-request", "Do not sign requests (this operation is never signed)."],
  ["--ca-bundle <path>", "The CA certificate bundle to use when verifying TLS certificates."],
  ["--cli-read-timeout <seconds>", "Maximum socket read time in seconds (0: none; default 60)."],
  ["--cli-connect-timeout <seconds>", "Maximum socket connect time in seconds (0: none; default 60)."],
  ["--cli-binary-format <format>", "The formatting style for binary blobs."],
  ["--no-cli-pager", "Do not page output on a terminal (AWS_PAGER, cli_pager, PAGER, else less -R)."],
  ["--cli-auto-prompt", "Prompt for parameters (needs a terminal)."],
  [
    "--cli-error-format <format>",
    "How an error is shown: legacy (one line), json, yaml, text or table; else AWS_CLI_ERROR_FORMAT, the profile's cli_error_format. By default one line, then the service's additional error details.",
  ],
  ["--no-cli-auto-prompt", "Do not prompt for parameters."],
];
