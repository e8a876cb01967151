// Every failure is a CliError of one of a few kinds: a message the user reads,
// and what the AWS CLI's structured error shows of it. exitCode() alone turns
// a kind into an exit code, as the AWS CLI's errorhandler.py does.

export const EXIT = {
  ok: 0,
  /** A usage or parameter validation error: nothing was sent. */
  usage: 252,
  /** The configuration is incomplete (no region, no credentials). */
  configuration: 253,
  /** The service answered with an error. */
  service: 254,
  /** Anything else: connection failures, unknown profile, unexpected errors. */
  other: 255,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;

/** What a failed call was, apart from its wording: the error's code and the service's own message. */
export interface Cause {
  /** The service's exception name (UserNotFoundException), the HTTP status, or the kind of network failure. */
  code: string;
  message: string;
  /** Worth trying again later: throttling, a 5xx answer, a failure before the request was written. */
  transient: boolean;
  throttled: boolean;
  /**
   * The request was written and no answer came (a read timeout, a reset, the
   * run stopping): the service may have acted on it, so it is never sent
   * again automatically.
   */
  unknown?: boolean;
  /** The members of the service's error that its model names (message, reasonCode, ...). */
  details?: Record<string, unknown>;
  /** The structured error as the AWS CLI shows this answer (its message as sent, its keys in order), where it differs. */
  structured?: Record<string, unknown>;
}

export interface ErrorDetails {
  /** The error's code in the AWS CLI's structured error (ParamValidation, NoRegion), where it has one. */
  code?: string;
  /** What the service answered, or that no answer came, for an error of the call. */
  failure?: Cause;
  /** A line of this command's after the error (how to put it right), never part of a structured error. */
  hint?: string;
}

/**
 * Every failure the user is told of. The kinds are the classes below; which
 * exit code each gets is said once, by exitCode(), and how each is shown by
 * the renderer in cli.ts. An error carries no exit code of its own.
 */
export abstract class CliError extends Error {
  readonly code?: string;
  readonly failure?: Cause;
  readonly hint?: string;
  /** Shown above the usage synopsis, as the AWS CLI's argument errors are. */
  readonly usage: boolean = false;

  constructor(message: string, details: ErrorDetails = {}) {
    // No stack trace: a CliError is shown as its message alone, even under
    // --debug (cli.ts), and capturing one is most of what making it costs.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = new.target.name;
    this.code = details.code;
    this.failure = details.failure;
    this.hint = details.hint;
  }

  /** The same error with a line of advice after it. */
  withHint(hint: string): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, { hint });
    copy.message = this.message;
    copy.stack = this.stack;
    return copy;
  }
}

/** An argument error: nothing was sent; the reason, then the usage synopsis. */
export class UsageError extends CliError {
  override readonly usage = true;
  constructor(
    message: string,
    details: ErrorDetails = { code: "ParamValidation" },
    /** The usage synopsis shown after it: the command's, unless a parser of fewer options spoke. */
    readonly synopsis: string = USAGE,
  ) {
    super(message, details);
  }
}

/** A parameter's value that cannot be read or does not fit the model: nothing was sent. */
export class ParamValidationError extends CliError {
  constructor(message: string) {
    super(message, { code: "ParamValidation" });
  }
}

/** The configuration is incomplete: no region (NoRegion), no credentials. */
export class ConfigurationError extends CliError {}

/** The service answered with an error (`failure` says which). */
export class ServiceError extends CliError {}

/** Any other failure: the shared files, the profile, the endpoint, the connection, the output. */
export class GeneralError extends CliError {}

/** The profile the run names is in neither shared file. */
export class ProfileNotFound extends GeneralError {}

/**
 * The exit code of an error, as the AWS CLI's error handler chooses it: the
 * first class in this list that the error is one of; 255 for anything else.
 */
const EXIT_CODES: ReadonlyArray<[abstract new (...args: never[]) => CliError, number]> = [
  [UsageError, EXIT.usage],
  [ParamValidationError, EXIT.usage],
  [ConfigurationError, EXIT.configuration],
  [ServiceError, EXIT.service],
];

export function exitCode(error: unknown): number {
  return EXIT_CODES.find(([kind]) => error instanceof kind)?.[1] ?? EXIT.other;
}

export const PROGRAM = "resend-confirmation-code";
export const OPERATION = "ResendConfirmationCode";

/** An error the AWS CLI reports as a parameter validation error (ParamValidation), exit 252. */
export const paramValidation = (message: string): CliError => new ParamValidationError(message);

/** An argument error: the reason, then the usage synopsis. */
export const usageError = (reason: string): CliError => new UsageError(reason);

/**
 * A choice not among the valid ones, worded as the AWS CLI words it: the
 * value between single quotes as it was typed, not as Python's repr() would
 * show it (a control character, an escape sequence too, is written as it is,
 * as every other message shows the words of argv).
 */
export const invalidChoice = (flag: string, value: string): CliError =>
  usageError(`argument ${flag}: Found invalid choice '${value}'\n`);

/** `Error parsing parameter '--x': ...`, exit 252. */
export const parameterError = (flag: string, reason: string): CliError =>
  paramValidation(`Error parsing parameter '${flag}': ${reason}`);

export const validationError = (problems: string[]): CliError =>
  paramValidation(`Parameter validation failed:\n${problems.join("\n")}`);

/** Any other failure, worded as the AWS CLI words it (255). */
export const failed = (message: string, failure?: Cause): CliError => new GeneralError(message, { failure });

/** Why writing to stdout or stderr failed, in words. */
const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: "No space left on device",
  EPIPE: "the reader has gone away",
  EBADF: "it is closed",
  EIO: "input/output error",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EINVAL: "it cannot be written to",
};

/** An error of writing to a file descriptor (stdout or stderr), as opposed to any other failure. */
export const isWriteFailure = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.syscall === "write";

export function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (code && WRITE_FAILURES[code]) || (error instanceof Error ? error.message : String(error));
}

/**
 * The usage synopsis after an argument error, and inside a structured one's
 * Message: this command's, as long as the AWS CLI's (174 characters), so that
 * a structured error's table is as wide as the AWS CLI's for the same error.
 */
export const USAGE = `usage: ${PROGRAM} --client-id <value> (--username <name> | --usernames-file <path>) [options]
To see help text, you can run:

  ${PROGRAM} --help
`;

/**
 * The synopsis of the AWS CLI's first parser, which reads --profile and
 * --debug alone before any other: shown after the one error it gives (`--=x`,
 * a prefix of both).
 */
export const FIRST_PARSER_USAGE = `usage: ${PROGRAM} [--profile PROFILE] [--debug]\n`;

const synopsisOf = (error: CliError): string => (error instanceof UsageError ? error.synopsis : USAGE);

/**
 * How errors are shown (--cli-error-format): one line and the service's
 * additional details (enhanced, the default), one line alone (legacy), or the
 * error as structured output.
 */
export const ERROR_FORMATS = ["legacy", "json", "yaml", "text", "table", "enhanced"] as const;
export type ErrorFormat = (typeof ERROR_FORMATS)[number];

/**
 * An error as structured output shows it: a service's error with its Message,
 * Code and the members its model names; one with a code of the AWS CLI's own
 * (ParamValidation, NoRegion) with the two; none for any other.
 */
export function structuredError(error: CliError): Record<string, unknown> | undefined {
  const cause = error.failure;
  if (error instanceof ServiceError && cause !== undefined) {
    return cause.structured ?? { Message: cause.message, Code: cause.code, ...cause.details };
  }
  if (error.code === undefined) return undefined;
  return { Code: error.code, Message: error.usage ? `${error.message}\n\n${synopsisOf(error)}` : error.message };
}

/**
 * The default layout's "Additional error details": the members of a service's
 * error beyond its message, a `key: value` line each.
 */
export function additionalDetails(error: CliError): string {
  const extra = Object.entries(error.failure?.details ?? {}).filter(
    ([key, value]) => key !== "message" && value !== null,
  );
  if (extra.length === 0) return "";
  const shown = extra.map(([key, value]) => [key, detailText(value)] as const);
  const complex = shown.some(([, text]) => text === undefined);
  return `\nAdditional error details:\n${shown.map(([key, text]) => `${key}: ${text ?? "<complex value>"}\n`).join("")}${
    complex ? 'Use "--cli-error-format json" or another error format to see the full details.\n' : ""
  }`;
}

/** A scalar as the AWS CLI's details show it: text as it is, Python's names for true, false and null. */
const detailScalar = (value: unknown): string =>
  value === null ? "None" : value === true ? "True" : value === false ? "False" : String(value);

/**
 * A member's value as the AWS CLI's details show it: a scalar, or a list or
 * map of scalars in brackets (`[a, 1]`, `{k: True}`); anything nested deeper
 * is left out (undefined), to be seen in a structured error format.
 */
export function detailText(value: unknown): string | undefined {
  const nested = (v: unknown): boolean => v !== null && typeof v === "object";
  if (Array.isArray(value)) return value.some(nested) ? undefined : `[${value.map(detailScalar).join(", ")}]`;
  if (nested(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([, v]) => nested(v))) return undefined;
    return `{${entries.map(([k, v]) => `${k}: ${detailScalar(v)}`).join(", ")}}`;
  }
  return detailScalar(value);
}

/**
 * The text written to stderr for an error, laid out as AWS CLI 2.36.7 lays it
 * out: `PROGRAM: [ERROR]: ` and the message, with the structured error's code
 * where it has one; an argument error then shows the usage synopsis, and
 * unknown options come after it. `withCode: false`: the code left out, as the
 * AWS CLI leaves it out when the profile named cannot be found.
 */
export function errorText(error: CliError, withCode = true): string {
  const coded = withCode && error.code !== undefined ? `An error occurred (${error.code}): ` : "";
  const line = `${PROGRAM}: [ERROR]: ${coded}${error.message}\n${error.hint === undefined ? "" : `${error.hint}\n`}`;
  if (!error.usage) return `\n${line}`;
  const usage = synopsisOf(error);
  return error.code === undefined ? `\n${usage}\n\n${line}` : `\n${line}\n${usage}`;
}
