// Every failure is a CliError: a message the user reads and the AWS CLI exit
// code that goes with it. Nothing else decides an exit code.
import { pyRepr } from "./pyrepr";

export const EXIT = {
  ok: 0,
  /** A usage or parameter validation error: nothing was sent. */
  usage: 252,
  /** The configuration is incomplete (no region). */
  configuration: 253,
  /** The service answered with an error. */
  service: 254,
  /** Anything else: connection failures, unknown profile, unexpected errors. */
  other: 255,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;

/** A "usage" error is printed under the usage synopsis, as the AWS CLI's argument errors are. */
export type ErrorKind = "usage" | "plain";

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
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly kind: ErrorKind = "plain",
    readonly failure?: Cause,
    /** The error's code in the AWS CLI's structured error (ParamValidation, NoRegion), where it has one. */
    readonly code?: string,
    /** A line of this command's after the error (how to put it right), never part of a structured error. */
    public hint?: string,
    /**
     * Found with the global options, before the profile is read, so its code
     * is shown whatever the profile: "first", by the parser of --profile and
     * --debug, before anything else, always in the default layout; "parser",
     * by the global options' parser (a global option's value), before any
     * flag is known; "globals", once they are parsed (--query's syntax).
     */
    public early: false | "first" | "parser" | "globals" = false,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const PROGRAM = "resend-confirmation-code";
export const OPERATION = "ResendConfirmationCode";

/** An error the AWS CLI reports as a parameter validation error (ParamValidation), exit 252. */
export const paramValidation = (message: string, kind: ErrorKind = "plain"): CliError =>
  new CliError(message, EXIT.usage, kind, undefined, "ParamValidation");

/** An argument error: the reason, then the usage synopsis. */
export const usageError = (reason: string): CliError => paramValidation(reason, "usage");

/** A choice not among the valid ones, worded as the AWS CLI words it. */
export const invalidChoice = (flag: string, value: string): CliError =>
  usageError(`argument ${flag}: Found invalid choice ${pyRepr(value)}\n`);

/** `Error parsing parameter '--x': ...`, exit 252. */
export const parameterError = (flag: string, reason: string): CliError =>
  paramValidation(`Error parsing parameter '${flag}': ${reason}`);

export const validationError = (problems: string[]): CliError =>
  paramValidation(`Parameter validation failed:\n${problems.join("\n")}`);

/** The configuration is incomplete: no region (NoRegion), exit 253. */
export const configurationError = (message: string, code = "NoRegion"): CliError =>
  new CliError(message, EXIT.configuration, "plain", undefined, code);

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

export const USAGE = `usage: ${PROGRAM} --client-id <value> --username <value> [options]
To see help text, you can run:

  ${PROGRAM} --help
`;

/** How errors are shown (--cli-error-format): one line (legacy), or the error as structured output. */
export const ERROR_FORMATS = ["legacy", "json", "yaml", "text", "table"] as const;
export type ErrorFormat = (typeof ERROR_FORMATS)[number];

/**
 * An error as structured output shows it: a service's error with its Message,
 * Code and the members its model names; one with a code of the AWS CLI's own
 * (ParamValidation, NoRegion) with the two; none for any other.
 */
export function structuredError(error: CliError): Record<string, unknown> | undefined {
  const cause = error.failure;
  if (error.exitCode === EXIT.service && cause !== undefined) {
    return { Message: cause.message, Code: cause.code, ...cause.details };
  }
  if (error.code === undefined) return undefined;
  return { Code: error.code, Message: error.kind === "usage" ? `${error.message}\n\n${USAGE}` : error.message };
}

/**
 * The default layout's "Additional error details": the members of a service's
 * error beyond its message, a `key: value` line each.
 */
export function additionalDetails(error: CliError): string {
  const extra = Object.entries(error.failure?.details ?? {}).filter(([key]) => key !== "message");
  if (extra.length === 0) return "";
  return `\nAdditional error details:\n${extra.map(([key, value]) => `${key}: ${value}\n`).join("")}`;
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
  if (error.kind !== "usage") return `\n${line}`;
  return error.code === undefined ? `\n${USAGE}\n\n${line}` : `\n${line}\n${USAGE}`;
}
