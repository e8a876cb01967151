// Every way a call can fail, worded and numbered as the AWS CLI words and
// numbers it: the service's errors (254), and the network's: no connection,
// a connection closed, a timeout, TLS (255). A reply that had begun to arrive
// when the call failed is marked, so that it is never sent again.
import { type CliError, GeneralError, OPERATION, ServiceError, failed } from "../common";
import ERRORS from "../../schemas/errors.json";

/** The members the service model gives an error, with the values the service sent (as the SDK read them). */
function modelledMembers(error: SdkError): Record<string, unknown> | undefined {
  const members = (ERRORS.errors as Record<string, string[]>)[error.name];
  if (members === undefined) return undefined;
  const values = error as unknown as Record<string, unknown>;
  return Object.fromEntries(
    members.filter((member) => values[member] !== undefined).map((member) => [member, values[member]]),
  );
}

/** What the SDK's errors carry beside their message. */
export interface SdkError extends Error {
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; attempts?: number };
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

const HTTP_REASONS: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
};

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
    const message = `${HTTP_REASONS[reply.status] ?? `HTTP ${name}`}; its response could not be read (${reply.reason})`;
    return new ServiceError(`An error occurred (${name}) when calling the ${operation} operation: ${message}`, {
      failure: { code: name, message, transient: false, throttled: false },
    });
  }
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
  // A body the SDK could not read (an HTML error page) leaves only the status.
  const unreadableError = status !== undefined && status >= 300 && /Deserialization error/.test(e.message);
  if ((e.$fault !== undefined || unreadableError) && status !== undefined) {
    const attempts = e.$metadata?.attempts ?? 1;
    const throttled = THROTTLING.has(e.name);
    const retryable = throttled || status >= 500;
    // As botocore says it: whenever the last allowed attempt failed, retryable or not.
    const retries = attempts >= call.maxAttempts ? ` (reached max retries: ${attempts - 1})` : "";
    const unmodelled =
      unreadableError || e.name === "Unknown" || e.name === "UnknownError" || e.name === String(status);
    const name = unmodelled ? String(status) : e.name;
    const message =
      unmodelled && (unreadableError || !e.message || e.message === "Unknown" || e.message === "UnknownError")
        ? (HTTP_REASONS[status] ?? "")
        : e.message;
    return new ServiceError(
      `An error occurred (${name}) when calling the ${operation} operation${retries}: ${message}`,
      {
        failure: { code: name, message, transient: retryable, throttled, details: modelledMembers(e) },
      },
    );
  }
  return failed(e.message || String(error), {
    code: e.name || "Error",
    message: e.message || String(error),
    transient: false,
    throttled: false,
  });
}
