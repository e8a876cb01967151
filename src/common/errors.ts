// Every failure is a CliError: a message the user reads and the AWS CLI exit
// code that goes with it. Nothing else decides an exit code.

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
  /** Worth trying again later: throttling, a 5xx answer, a network failure before any answer. */
  transient: boolean;
  throttled: boolean;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly kind: ErrorKind = "plain",
    readonly failure?: Cause,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const PROGRAM = "resend-confirmation-code";
export const OPERATION = "ResendConfirmationCode";

/** An argument error, printed under the usage synopsis as `PROGRAM: error: REASON`. */
export const usageError = (reason: string): CliError =>
  new CliError(`${PROGRAM}: error: ${reason}`, EXIT.usage, "usage");

/** A choice not among the valid ones, worded and laid out as the AWS CLI does. */
export function invalidChoice(flag: string, choices: readonly string[]): CliError {
  const rows: string[] = [];
  for (let i = 0; i < choices.length; i += 2) {
    rows.push(
      choices
        .slice(i, i + 2)
        .map((c) => c.padEnd(40))
        .join(" | "),
    );
  }
  return usageError(`argument ${flag}: Invalid choice, valid choices are:\n\n${rows.join("\n")}`);
}

/** `Error parsing parameter '--x': ...`, exit 252. */
export const parameterError = (flag: string, reason: string): CliError =>
  new CliError(`Error parsing parameter '${flag}': ${reason}`, EXIT.usage);

export const validationError = (problems: string[]): CliError =>
  new CliError(`Parameter validation failed:\n${problems.join("\n")}`, EXIT.usage);

export const configurationError = (message: string): CliError => new CliError(message, EXIT.configuration);

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

/** The text written to stderr for an error, laid out as the AWS CLI lays it out. */
export function errorText(error: CliError): string {
  return error.kind === "usage" ? `\n${USAGE}\n${error.message}\n\n` : `\n${error.message}\n`;
}
