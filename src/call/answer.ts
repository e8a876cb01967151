// An error answer of the service (an HTTP status of 300 or more, its headers
// and its body's bytes) read as AWS CLI 2.36.7 reads it, learnt by running it
// against a local server: which code and message it shows, the members of the
// service model's error it adds, and the answers it cannot read at all (it
// fails then with Python's own error, exit 255). The SDK reads error answers
// otherwise (the x-amzn-ErrorType header first, a message it makes up), so
// the bytes are read here; whether the answer says "try again" is decided
// from what is read here too.
import { utf8SequenceOf } from "../common";

/** What an error answer says: a code and a message (as sent: not always text), or a failure to read it. */
export type ErrorAnswer =
  | {
      code: string;
      message: unknown;
      /** The members of the model's error of that code that the body holds (not null), in the model's order. */
      members: Record<string, unknown>;
      /** A 5xx with an empty or HTML body: the status alone, and its reason phrase as the message. */
      statusOnly: boolean;
    }
  | { unreadable: string };

/**
 * Where Python's reason phrases (http.client.responses, which the AWS CLI
 * shows) differ from Node's (http.STATUS_CODES): "" where Python has none.
 */
const PYTHON_PHRASES: Readonly<Record<number, string>> = {
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  416: "Requested Range Not Satisfiable",
  509: "",
};

/** The reason phrase Python knows for a status, "" for none (509, 520, 599). */
export function statusPhrase(status: number): string {
  const python = PYTHON_PHRASES[status];
  if (python !== undefined) return python;
  return (require("node:http") as typeof import("node:http")).STATUS_CODES[status] ?? "";
}

/** Python's bytes.strip() whitespace. */
const BYTE_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

/** A body of whitespace alone, or one that starts with <html> after it. */
function bareBody(body: Uint8Array): boolean {
  let start = 0;
  while (start < body.length && BYTE_SPACE.has(body[start])) start += 1;
  const rest = Buffer.from(body.buffer, body.byteOffset + start, body.length - start);
  return rest.length === 0 || rest.subarray(0, 6).toString("latin1") === "<html>";
}

/** Python's UnicodeDecodeError for bytes that are not UTF-8, or undefined for bytes that are. */
export function utf8Failure(bytes: Uint8Array): string | undefined {
  const say = (start: number, end: number, reason: string): string =>
    end - start === 1
      ? `'utf-8' codec can't decode byte 0x${bytes[start].toString(16).padStart(2, "0")} in position ${start}: ${reason}`
      : `'utf-8' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) {
      i += 1;
      continue;
    }
    const sequence = utf8SequenceOf(bytes[i]);
    if (sequence === undefined) return say(i, i + 1, "invalid start byte");
    const [follow, low, high] = sequence;
    for (let j = 1; j <= follow; j += 1) {
      if (i + j >= bytes.length) return say(i, bytes.length, "unexpected end of data");
      const byte = bytes[i + j];
      if (j === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf)
        return say(i, i + j, "invalid continuation byte");
    }
    i += follow + 1;
  }
  return undefined;
}

/** The name of the Python type a JSON value reads as (`text`, the JSON, tells an int from a float). */
function pythonType(value: unknown, text: string): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  switch (typeof value) {
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "number":
      return /[.eE]/.test(text) ? "float" : "int";
    default:
      return "dict";
  }
}

const has = (object: object, key: string): boolean => Object.hasOwn(object, key);

/**
 * The code: the body's __type (`a:b` is a, `ns#Name` is Name), else the
 * status; an x-amzn-query-error header `Code;Type` names it instead. A
 * __type that is not text fails as Python fails on it.
 */
function codeOf(body: object, status: number, queryError: string | undefined): string | { unreadable: string } {
  const type = has(body, "__type") ? (body as Record<string, unknown>).__type : String(status);
  if (type === null) return "";
  if (typeof type !== "string") {
    const name = pythonType(type, String(type));
    return {
      unreadable:
        name === "list" || name === "dict"
          ? `unhashable type: '${name}'`
          : `argument of type '${name}' is not iterable`,
    };
  }
  const parts = queryError?.split(";");
  if (parts?.length === 2 && parts[0] !== "") return parts[0];
  const code = type.split(":")[0];
  return code.slice(code.lastIndexOf("#") + 1);
}

/**
 * The members of the model's error named `code` that `body` holds, not null.
 * The model's table of errors is required on the first error answer (and kept
 * by require), not as the call stage loads: every call would build it.
 */
function modelledMembers(code: string, body: Record<string, unknown>): Record<string, unknown> {
  const { errors } = require("../../schemas/errors.json") as { errors: Record<string, string[]> };
  const members = errors[code] ?? [];
  return Object.fromEntries(
    members.filter((member) => has(body, member) && body[member] !== null).map((member) => [member, body[member]]),
  );
}

/**
 * An error answer as the AWS CLI reads it. `headers` with lower-case names,
 * as Node gives them.
 */
export function readErrorAnswer(status: number, headers: Record<string, string>, body: Uint8Array): ErrorAnswer {
  if (status >= 500 && bareBody(body)) {
    return { code: String(status), message: statusPhrase(status), members: {}, statusOnly: true };
  }
  const failure = utf8Failure(body);
  if (failure !== undefined) return { unreadable: failure };
  const text = Buffer.from(body.buffer, body.byteOffset, body.length).toString("utf8");
  let parsed: unknown = {};
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the text is the message.
      parsed = { message: text };
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { unreadable: `'${pythonType(parsed, text)}' object has no attribute 'get'` };
  }
  const fields = parsed as Record<string, unknown>;
  const code = codeOf(fields, status, headers["x-amzn-query-error"]);
  if (typeof code !== "string") return code;
  const message = has(fields, "message") ? fields.message : has(fields, "Message") ? fields.Message : "";
  return { code, message, members: modelledMembers(code, fields), statusOnly: false };
}

/** The codes the AWS CLI tries again whatever the status: throttling, and a request that timed out at the service. */
const TRY_AGAIN_CODES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
  "RequestTimeout",
  "RequestTimeoutException",
]);
/** The statuses the AWS CLI tries again whatever the code (not 429: that is the code's to say). */
const TRY_AGAIN_STATUSES = new Set([500, 502, 503, 504]);

/** Whether the AWS CLI sends a request again after this answer: never after one it cannot read. */
export function saysTryAgain(status: number, answer: ErrorAnswer): boolean {
  if ("unreadable" in answer) return false;
  return TRY_AGAIN_CODES.has(answer.code) || TRY_AGAIN_STATUSES.has(status);
}
