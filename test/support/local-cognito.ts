// A loopback stand-in for the Amazon Cognito user-pools endpoint. It speaks the
// JSON 1.1 protocol for the one operation this project calls,
// AWSCognitoIdentityProviderService.ResendConfirmationCode, the way the service
// answers it: a seeded pool, app clients with and without a secret (SecretHash
// checked), unconfirmed, confirmed and unknown users, and switches for
// throttling, server errors and dropped connections.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { watchHttp } from "./watch";

/** A self-signed certificate for 127.0.0.1, for the endpoint's https mode (tests only). */
export const TEST_CERT = fileURLToPath(new URL("./localhost-cert.pem", import.meta.url));
const TEST_KEY = fileURLToPath(new URL("./localhost-key.pem", import.meta.url));

export const CLIENT_WITHOUT_SECRET = "1example23456789";
export const CLIENT_WITH_SECRET = "2secretexample000";
// Only a fixture: this pool exists nowhere but here.
export const CLIENT_SECRET = "local-test-client-secret-0123456789abcdefghij";

const clients = new Map<string, { secret?: string }>([
  [CLIENT_WITHOUT_SECRET, { secret: undefined }],
  [CLIENT_WITH_SECRET, { secret: CLIENT_SECRET }],
]);

/** A user of the pool: `reply` is the body of a successful answer. */
interface User {
  status: "UNCONFIRMED" | "CONFIRMED";
  reply?: Record<string, unknown>;
}

// Users of the seeded pool.
const users = new Map<string, User>([
  ["jane", { status: "UNCONFIRMED", reply: email("jane@example.com") }],
  ["jane@example.com", { status: "UNCONFIRMED", reply: email("jane@example.com") }],
  ["sms-user", { status: "UNCONFIRMED", reply: sms("+15555550123") }],
  ["zoë", { status: "UNCONFIRMED", reply: email("zoë@ëxample.com") }],
  ["confirmed-user", { status: "CONFIRMED" }],
  // Members out of the model's order, plus one the model does not know.
  [
    "shuffled",
    {
      status: "UNCONFIRMED",
      reply: {
        Extra: "dropped by clients",
        CodeDeliveryDetails: { AttributeName: "email", Unknown: 1, DeliveryMedium: "EMAIL", Destination: "s***@e***" },
      },
    },
  ],
  // The service answers with an empty object.
  ["quiet", { status: "UNCONFIRMED", reply: {} }],
]);

function mask(local: string): string {
  return `${[...local][0]}***`;
}

function email(address: string): Record<string, unknown> {
  const [local, domain] = address.split("@");
  return {
    CodeDeliveryDetails: {
      Destination: `${mask(local)}@${mask(domain)}`,
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    },
  };
}

function sms(phone: string): Record<string, unknown> {
  return {
    CodeDeliveryDetails: {
      Destination: `+*******${phone.slice(-4)}`,
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    },
  };
}

/**
 * Users for bulk runs, made up from their names: `user-...` is an unconfirmed
 * user with an email address, `phone-...` one with a phone number.
 */
function bulkUser(username: unknown): User | undefined {
  if (typeof username !== "string") return undefined;
  if (username.startsWith("user-")) return { status: "UNCONFIRMED", reply: email(`${username}@example.com`) };
  if (username.startsWith("phone-")) return { status: "UNCONFIRMED", reply: sms("+15555550100") };
  return undefined;
}

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");
}

class ServiceError {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly message: string,
  ) {}
}

/** A request body as the endpoint reads it. */
export type Body = Record<string, unknown>;

function lengthProblems(body: Body): string[] {
  const problems: string[] = [];
  const check = (value: unknown, name: string, max: number): void => {
    if (value === undefined || value === null)
      problems.push(`Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    else if (typeof value === "string" && value.length > max) {
      problems.push(
        `Value '${name === "clientId" ? value : "[SENSITIVE]"}' at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      );
    }
  };
  check(body.ClientId, "clientId", 128);
  check(body.Username, "username", 128);
  return problems;
}

/** What the service answers for one well-formed ResendConfirmationCode body. */
export function answer(body: Body): Record<string, unknown> | undefined {
  const problems = lengthProblems(body);
  if (problems.length > 0) {
    throw new ServiceError(
      400,
      "InvalidParameterException",
      `${problems.length} validation error${problems.length > 1 ? "s" : ""} detected: ${problems.join("; ")}`,
    );
  }
  const client = clients.get(String(body.ClientId));
  if (!client)
    throw new ServiceError(400, "ResourceNotFoundException", `User pool client ${body.ClientId} does not exist.`);
  if (client.secret !== undefined) {
    if (body.SecretHash === undefined) {
      throw new ServiceError(
        400,
        "NotAuthorizedException",
        `Client ${body.ClientId} is configured for secret but secret was not received`,
      );
    }
    if (body.SecretHash !== secretHash(client.secret, String(body.Username), String(body.ClientId))) {
      throw new ServiceError(400, "NotAuthorizedException", `Unable to verify secret hash for client ${body.ClientId}`);
    }
  } else if (body.SecretHash !== undefined) {
    throw new ServiceError(400, "NotAuthorizedException", `Client ${body.ClientId} is not configured with secret`);
  }
  const user = users.get(String(body.Username)) ?? bulkUser(body.Username);
  if (!user) throw new ServiceError(400, "UserNotFoundException", "Username/client id combination not found.");
  if (user.status === "CONFIRMED")
    throw new ServiceError(400, "InvalidParameterException", "User is already confirmed.");
  return user.reply;
}

/** What the endpoint answers in place of the service: see startLocalCognito. */
export type Fault = "throttle" | "limit" | "reason" | "500" | "500html" | "503" | "drop" | "reset" | "garbage" | "hang";

/**
 * An answer scripted whole, in place of the service's: its status, headers
 * and body (written as UTF-8, or from base64 when `base64` is set). With no
 * Content-Type header, none is sent.
 */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
  base64?: boolean;
}

/** One request as the endpoint received it. */
export interface Received {
  target: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EndpointOptions {
  /** 0 (the default) for any free port. */
  port?: number;
  /** Every Nth request is answered TooManyRequestsException. */
  throttleEvery?: number;
  /** Wait this long (real milliseconds: for the smoke tests' processes) before answering each request. */
  delayMs?: number;
  /** Answer each request a turn of the event loop after it arrives, not at once: a run's requests are in flight together. */
  later?: boolean;
  /** Serve TLS with the self-signed certificate TEST_CERT. */
  https?: boolean;
  /** Called with each request's record and its number as it arrives, before it is answered. */
  onRequest?: (record: Received, n: number) => void;
}

export interface Endpoint {
  url: string;
  port: number;
  /** Every request received so far. */
  requests: Received[];
  /** Parsed bodies of the ResendConfirmationCode requests received so far. */
  bodies(): Body[];
  /** The next `count` requests get `kind` for an answer. */
  failNext(count: number, kind: Fault): void;
  /** Forgets every request received and every fault not yet given, as if just started. */
  reset(): void;
  /** The next `count` requests get `answer`, scripted whole (in turn with failNext's faults). */
  answerNext(count: number, answer: ScriptedAnswer): void;
  /** Resolves once `ready()` holds (checked on every request as it arrives, and every closed connection). */
  until(ready: () => boolean): Promise<void>;
  /** Resolves once the endpoint has read every request sent to it so far: count requests after this (see watch.ts). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the endpoint on 127.0.0.1. The returned handle records every request
 * (`requests`) and takes faults for the next requests with `failNext(count, kind)`:
 * "throttle", "limit", "500" (a JSON error), "500html" (an HTML body), "503" (an
 * HTML body), "drop" (the connection closed before any answer), "reset" (closed
 * halfway through the body), "garbage" (a 200 that is not JSON), "hang",
 * "reason" (an InvalidParameterException with a reasonCode, a member its model names, and one it does not).
 * `answerNext(count, answer)` scripts the next answers whole (see ScriptedAnswer).
 */
export async function startLocalCognito(options: EndpointOptions = {}): Promise<Endpoint> {
  const requests: Received[] = [];
  const faults: Array<Fault | ScriptedAnswer> = [];
  let served = 0;
  const throttled = (): Fault | undefined =>
    options.throttleEvery && served % options.throttleEvery === 0 ? "throttle" : undefined;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const header = req.headers["x-amz-target"];
      const record = { target: Array.isArray(header) ? header[0] : header, headers: req.headers, body: raw };
      requests.push(record);
      served += 1;
      options.onRequest?.(record, served);
      const respond = (): void => handle(req, res, raw, faults.shift() ?? throttled());
      if (options.delayMs) setTimeout(respond, options.delayMs);
      else if (options.later) setImmediate(respond);
      else respond();
    });
  };
  const server = options.https
    ? createTlsServer({ key: readFileSync(TEST_KEY), cert: readFileSync(TEST_CERT) }, listener)
    : createServer(listener);
  const watched = watchHttp(server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.https ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    bodies: () => requests.map((r) => JSON.parse(r.body) as Body),
    failNext(count, kind) {
      for (let i = 0; i < count; i += 1) faults.push(kind);
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
      served = 0;
    },
    answerNext(count, answer) {
      for (let i = 0; i < count; i += 1) faults.push(answer);
    },
    until: watched.until,
    settled: watched.settled,
    close() {
      watched.destroyConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string | undefined, payload: unknown): void {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
  };
  if (type) headers["x-amzn-ErrorType"] = `${type}:`;
  res.writeHead(status, headers);
  res.end(body);
}

function sendError(res: ServerResponse, error: ServiceError): void {
  send(res, error.status, error.type, { __type: error.type, message: error.message });
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  raw: string,
  fault: Fault | ScriptedAnswer | undefined,
): void {
  if (typeof fault === "object") {
    const body = Buffer.from(fault.body, fault.base64 ? "base64" : "utf8");
    res.writeHead(fault.status, { ...fault.headers, "Content-Length": body.length });
    res.end(body);
    return;
  }
  switch (fault) {
    case "throttle":
      sendError(res, new ServiceError(400, "TooManyRequestsException", "Rate exceeded"));
      return;
    case "limit":
      sendError(
        res,
        new ServiceError(400, "LimitExceededException", "Attempt limit exceeded, please try after some time."),
      );
      return;
    case "reason":
      send(res, 400, "InvalidParameterException", {
        __type: "InvalidParameterException",
        message: "Role does not have a trust relationship allowing Cognito to assume the role.",
        reasonCode: "INVALID_SMS_ROLE_TRUST_RELATIONSHIP",
        unmodelled: "not shown",
      });
      return;
    case "500":
      sendError(res, new ServiceError(500, "InternalErrorException", "Internal server error."));
      return;
    case "503":
      res.writeHead(503, { "Content-Type": "text/html" });
      res.end("<html><body>Service Unavailable</body></html>");
      return;
    case "500html":
      res.writeHead(500, { "Content-Type": "text/html" });
      res.end("<html><body>Internal Server Error</body></html>");
      return;
    case "reset": {
      // Headers and half a body, then, once they are on their way, the connection is torn down.
      res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1", "Content-Length": "200" });
      res.write('{"CodeDeliveryDetails": {"Desti', () => req.socket.destroy());
      return;
    }
    case "garbage":
      res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1" });
      res.end("{not json");
      return;
    case "drop":
      req.socket.destroy();
      return;
    case "hang":
      return;
    default:
      break;
  }
  if (
    req.method !== "POST" ||
    req.headers["x-amz-target"] !== "AWSCognitoIdentityProviderService.ResendConfirmationCode"
  ) {
    sendError(res, new ServiceError(400, "UnknownOperationException", ""));
    return;
  }
  let body: Body;
  try {
    body = JSON.parse(raw) as Body;
  } catch {
    sendError(
      res,
      new ServiceError(400, "SerializationException", "Start of structure or map found where not expected."),
    );
    return;
  }
  try {
    send(res, 200, undefined, answer(body));
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    sendError(res, error);
  }
}

/** `npm run endpoint -- [PORT]` (through scripts/run-ts.mjs): serves until interrupted. */
export async function main(argv: string[]): Promise<void> {
  const endpoint = await startLocalCognito({ port: Number(argv[0] ?? 0) });
  process.stdout.write(`${endpoint.url}\n`);
  const stop = (): void => void endpoint.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
