// Every way a call can fail, worded and numbered as the AWS CLI words and
// numbers it: the service's errors (254), and the network's: no connection,
// a connection closed, a timeout, TLS (255). A reply that had begun to arrive
// when the call failed is marked, so that it is never sent again.
import { type CliError, GeneralError, OPERATION, ServiceError, failed, pyRstrip, pyStr } from "../common";
import { type ErrorAnswer, readErrorAnswer, saysTryAgain, statusPhrase } from "./answer";

/** What the SDK's errors carry beside their message. */
export interface SdkError extends Error {
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; attempts?: number };
  /** The HTTP response the error was read from (the SDK sets it on every error of a whole answer). */
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

/** The bytes of each error answer's body, by its response (transport.ts reads them). */
const ANSWER_BODIES = new WeakMap<object, Uint8Array>();

/** Keeps the bytes of an error answer's body, for the error the SDK then makes of it. */
export function keepAnswerBody(response: object, body: Uint8Array): void {
  ANSWER_BODIES.set(response, body);
}

/** The error answer `error` was made from, as the AWS CLI reads it: undefined when there was none, whole. */
export function answerOf(error: unknown): { status: number; answer: ErrorAnswer } | undefined {
  const response = (error as SdkError | undefined)?.$response;
  const body = response === undefined ? undefined : ANSWER_BODIES.get(response);
  const status = response?.statusCode;
  if (body === undefined || status === undefined || status < 300) return undefined;
  return { status, answer: readErrorAnswer(status, response?.headers ?? {}, body) };
}

/**
 * Whether an error answer says "try again" as the AWS CLI hears it (a 429 not
 * named as throttling does not); true when `error` was no error answer.
 */
export function answerSaysTryAgain(error: unknown): boolean {
  const read = answerOf(error);
  return read === undefined || saysTryAgain(read.status, read.answer);
}

const THROTTLING = new Set([
  "TooManyRequestsException",
  "LimitExceededException",
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
]);
const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);
const CLOSED_FAILURES = new Set(["ECONNRESET", "EPIPE"]);

/** Node's certificate errors, in the words of OpenSSL as the AWS CLI reports them. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed certificate in certificate chain",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unable to get local issuer certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unable to verify the first certificate",
  CERT_HAS_EXPIRED: "certificate has expired",
  CERT_NOT_YET_VALID: "certificate is not yet valid",
  ERR_TLS_CERT_ALTNAME_INVALID: "hostname mismatch",
};

/**
 * Set on an error once bytes of a reply have arrived: the request reached the
 * service, which may have acted on it, so it is never sent again. `status` is
 * the reply's HTTP status when its head arrived whole, else undefined (bytes
 * that are not HTTP, or a head too large or cut off); `reason` says why its
 * body could not be read.
 */
export interface ReplyFault {
  status?: number;
  reason: string;
}

const REPLY_FAULT = "$replyFault";
const UNANSWERED = "$unanswered";

/**
 * Marks `error` as a failure after the whole request was written and before
 * any byte of a reply came: its outcome is unknown (the service may have sent
 * the code), so it is never sent again.
 */
export function markUnanswered<E>(error: E): E {
  if (error !== null && typeof error === "object" && !(UNANSWERED in error)) {
    Object.defineProperty(error, UNANSWERED, { value: true, enumerable: false });
  }
  return error;
}

/** Whether `error` came after the request was written, with no reply begun. */
export const wasUnanswered = (error: unknown): boolean =>
  replyFaultOf(error) === undefined && (error as { [UNANSWERED]?: boolean } | undefined)?.[UNANSWERED] === true;

/** The line a single call adds when its outcome is unknown. */
export const UNKNOWN_HINT =
  "The request was sent and no answer came, so the service may have sent the code: it was not sent again. Each new code voids the last, and a user gets at most 5 an hour; check whether the user got this one before you send another.";

/** Marks `error` as a failure after a reply began (the first mark stays). */
export function markReplyFault<E>(error: E, fault: ReplyFault): E {
  if (error !== null && typeof error === "object" && !(REPLY_FAULT in error)) {
    Object.defineProperty(error, REPLY_FAULT, { value: fault, enumerable: false });
  }
  return error;
}

/** The mark of `error`, if a reply began before it; Node's HTTP parse errors (HPE_*) always mean one did. */
export function replyFaultOf(error: unknown): ReplyFault | undefined {
  const e = error as { [REPLY_FAULT]?: ReplyFault; code?: unknown } | undefined;
  if (e?.[REPLY_FAULT] !== undefined) return e[REPLY_FAULT];
  if (typeof e?.code === "string" && e.code.startsWith("HPE_")) return { reason: "the reply is not valid HTTP" };
  return undefined;
}

/**
 * A request written whole and never answered, in the AWS CLI's words for a
 * read timeout or a closed connection: its outcome is unknown, and a line
 * after it says so.
 */
function unansweredError(e: SdkError, code: string | undefined, url: string): CliError {
  // The SDK names a reset a TimeoutError too: the code tells them apart.
  const closed = (code !== undefined && CLOSED_FAILURES.has(code)) || /socket hang up/.test(e.message ?? "");
  const timedOut =
    !closed && (e.name === "TimeoutError" || code === "ETIMEDOUT" || /timed? ?out/i.test(e.message ?? ""));
  return timedOut ? unknownOutcome("ReadTimeoutError", `Read timeout on endpoint URL: "${url}"`) : closedUnknown(url);
}

/** A request that reached the endpoint and has no answer to show, as the AWS CLI words a closed connection. */
const closedUnknown = (url: string): CliError =>
  unknownOutcome(
    "ConnectionClosedError",
    `Connection was closed before we received a valid response from endpoint URL: "${url}".`,
  );

/** An error whose outcome is unknown (the service may have sent the code): never sent again, and a line says so. */
function unknownOutcome(kind: string, message: string): CliError {
  return new GeneralError(message, {
    failure: { code: kind, message, transient: false, throttled: false, unknown: true },
    hint: UNKNOWN_HINT,
  });
}

/**
 * Any failure of the call (from the SDK or the network) as the AWS CLI reports
 * it, with its exit code. `url` is the endpoint the request went to.
 */
export function callError(error: unknown, call: { url: string; maxAttempts: number; operation?: string }): CliError {
  const operation = call.operation ?? OPERATION;
  const e = error as SdkError;
  const { url } = call;
  const code = e.code ?? (e as { errno?: string }).errno;
  const network = (message: string, kind: string, transient = true): CliError =>
    failed(message, { code: kind, message, transient, throttled: false });
  // Written and never answered (even if TLS broke after the write): unknown, never sent again.
  if (wasUnanswered(error)) return unansweredError(e, code, url);
  if (code && TLS_REASONS[code] !== undefined) {
    return network(
      `SSL validation failed for ${url} [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${TLS_REASONS[code]}`,
      "SSLError",
      false,
    );
  }
  // Any other failure of OpenSSL (a TLS handshake with a port that speaks plain
  // HTTP, say), named as Python's ssl module names it: the reason in capitals.
  const openssl = /SSL routines:[^:]*:([^:]+):/.exec(e.message ?? "");
  if (openssl) {
    const reason = openssl[1];
    return network(
      `SSL validation failed for ${url} [SSL: ${reason.toUpperCase().replace(/ /g, "_")}] ${reason}`,
      "SSLError",
      false,
    );
  }
  const reply = replyFaultOf(error);
  if (reply !== undefined && reply.status === undefined) {
    // Bytes came back that are not an HTTP reply: worded as the AWS CLI words
    // an unreadable reply; the request got there, so its outcome is unknown.
    return closedUnknown(url);
  }
  if (reply?.status !== undefined) {
    const name = String(reply.status);
    const message = `${statusPhrase(reply.status) || `HTTP ${name}`}; its response could not be read (${reply.reason})`;
    return new ServiceError(`An error occurred (${name}) when calling the ${operation} operation: ${message}`, {
      failure: { code: name, message, transient: false, throttled: false },
    });
  }
  const read = answerOf(error);
  if (read !== undefined) return answerError(read, e.$metadata?.attempts ?? 1, { ...call, operation });
  if (code && CONNECT_FAILURES.has(code))
    return network(`Could not connect to the endpoint URL: "${url}"`, "EndpointConnectionError");
  if ((code && CLOSED_FAILURES.has(code)) || /socket hang up/.test(e.message)) {
    return network(
      `Connection was closed before we received a valid response from endpoint URL: "${url}".`,
      "ConnectionClosedError",
    );
  }
  if (e.name === "TimeoutError" && /establish a connection/.test(e.message)) {
    return network(`Connect timeout on endpoint URL: "${url}"`, "ConnectTimeoutError");
  }
  if (e.name === "TimeoutError" || code === "ETIMEDOUT" || /timed? ?out/i.test(e.message)) {
    return network(`Read timeout on endpoint URL: "${url}"`, "ReadTimeoutError");
  }
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault !== undefined && status !== undefined) {
    // An error answer whose body this command did not see (none of its own handler's): as the SDK read it.
    const answer: ErrorAnswer = { code: e.name, message: e.message, members: {}, statusOnly: false };
    return answerError({ status, answer }, e.$metadata?.attempts ?? 1, { ...call, operation });
  }
  return failed(e.message || String(error), {
    code: e.name || "Error",
    message: e.message || String(error),
    transient: false,
    throttled: false,
  });
}

/**
 * An error answer as the AWS CLI reports it: `An error occurred (CODE) when
 * calling the OPERATION operation: MESSAGE` (254), the message as Python
 * prints it and the line's trailing whitespace dropped; its structured error
 * the message as sent, beside the code and the model's members; an answer it
 * cannot read, in Python's words (255). `attempts`: the requests made.
 */
function answerError(
  read: { status: number; answer: ErrorAnswer },
  attempts: number,
  call: { maxAttempts: number; operation: string },
): CliError {
  const { status, answer } = read;
  if ("unreadable" in answer) {
    const message = answer.unreadable;
    return failed(message, { code: String(status), message, transient: false, throttled: false });
  }
  const { code, members } = answer;
  const throttled = THROTTLING.has(code);
  // Tried again (a bulk run's own retries): what says so, among the 5xx and throttling.
  const transient = throttled || (status >= 500 && saysTryAgain(status, answer));
  // As the AWS CLI says it: whenever the last allowed attempt failed, tried again or not.
  const retries = attempts >= call.maxAttempts ? ` (reached max retries: ${attempts - 1})` : "";
  const message = pyStr(answer.message);
  const structured = answer.statusOnly
    ? { Code: code, Message: answer.message }
    : { Message: answer.message, Code: code, ...members };
  return new ServiceError(
    pyRstrip(`An error occurred (${code}) when calling the ${call.operation} operation${retries}: ${message}`),
    { failure: { code, message, transient, throttled, details: members, structured } },
  );
}
