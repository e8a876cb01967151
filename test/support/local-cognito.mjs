// A loopback stand-in for the Amazon Cognito user-pools endpoint. It speaks the
// JSON 1.1 protocol for the one operation this project calls,
// AWSCognitoIdentityProviderService.ResendConfirmationCode, the way the service
// answers it: a seeded pool, app clients with and without a secret (SecretHash
// checked), unconfirmed, confirmed and unknown users, and switches for
// throttling, server errors and dropped connections.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";

/** A self-signed certificate for 127.0.0.1, for the endpoint's https mode (tests only). */
export const TEST_CERT = new URL("./localhost-cert.pem", import.meta.url);
const TEST_KEY = new URL("./localhost-key.pem", import.meta.url);

export const CLIENT_WITHOUT_SECRET = "1example23456789";
export const CLIENT_WITH_SECRET = "2secretexample000";
// Only a fixture: this pool exists nowhere but here.
export const CLIENT_SECRET = "local-test-client-secret-0123456789abcdefghij";

const clients = new Map([
  [CLIENT_WITHOUT_SECRET, { secret: undefined }],
  [CLIENT_WITH_SECRET, { secret: CLIENT_SECRET }],
]);

// Users of the seeded pool. `reply` is the body of a successful answer.
const users = new Map([
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

function mask(local) {
  return `${[...local][0]}***`;
}

function email(address) {
  const [local, domain] = address.split("@");
  return {
    CodeDeliveryDetails: {
      Destination: `${mask(local)}@${mask(domain)}`,
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    },
  };
}

function sms(phone) {
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
function bulkUser(username) {
  if (typeof username !== "string") return undefined;
  if (username.startsWith("user-")) return { status: "UNCONFIRMED", reply: email(`${username}@example.com`) };
  if (username.startsWith("phone-")) return { status: "UNCONFIRMED", reply: sms("+15555550100") };
  return undefined;
}

export function secretHash(secret, username, clientId) {
  return createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");
}

class ServiceError {
  constructor(status, type, message) {
    this.status = status;
    this.type = type;
    this.message = message;
  }
}

function lengthProblems(body) {
  const problems = [];
  const check = (value, name, max) => {
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
export function answer(body) {
  const problems = lengthProblems(body);
  if (problems.length > 0) {
    throw new ServiceError(
      400,
      "InvalidParameterException",
      `${problems.length} validation error${problems.length > 1 ? "s" : ""} detected: ${problems.join("; ")}`,
    );
  }
  const client = clients.get(body.ClientId);
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
    if (body.SecretHash !== secretHash(client.secret, body.Username, body.ClientId)) {
      throw new ServiceError(400, "NotAuthorizedException", `Unable to verify secret hash for client ${body.ClientId}`);
    }
  } else if (body.SecretHash !== undefined) {
    throw new ServiceError(400, "NotAuthorizedException", `Client ${body.ClientId} is not configured with secret`);
  }
  const user = users.get(body.Username) ?? bulkUser(body.Username);
  if (!user) throw new ServiceError(400, "UserNotFoundException", "Username/client id combination not found.");
  if (user.status === "CONFIRMED")
    throw new ServiceError(400, "InvalidParameterException", "User is already confirmed.");
  return user.reply;
}

/**
 * Starts the endpoint on 127.0.0.1. Options:
 *   port          0 (the default) for any free port
 *   throttleEvery N: every Nth request is answered TooManyRequestsException
 *   delayMs       wait this long before answering each request
 *   https         serve TLS with the self-signed certificate TEST_CERT
 *   onRequest     called with each request's record (target, headers, body)
 *                 and its number as it arrives, before it is answered
 * The returned handle records every request (`requests`) and takes faults for
 * the next requests with `failNext(count, kind)`, kind one of "throttle",
 * "limit", "500" (a JSON error), "500html" (an HTML body), "503" (an HTML
 * body), "drop" (the connection closed before any answer), "reset" (closed
 * halfway through the body), "garbage" (a 200 that is not JSON), "hang".
 */
export async function startLocalCognito(options = {}) {
  const requests = [];
  const faults = [];
  let served = 0;
  const sockets = new Set();
  const listener = (req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const record = { target: req.headers["x-amz-target"], headers: req.headers, body: raw };
      requests.push(record);
      served += 1;
      options.onRequest?.(record, served);
      const respond = () => handle(req, res, raw, faults.shift() ?? throttled());
      if (options.delayMs) setTimeout(respond, options.delayMs);
      else respond();
    });
  };
  const server = options.https
    ? createTlsServer({ key: readFileSync(TEST_KEY), cert: readFileSync(TEST_CERT) }, listener)
    : createServer(listener);
  const throttled = () => (options.throttleEvery && served % options.throttleEvery === 0 ? "throttle" : undefined);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `${options.https ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    /** Parsed bodies of the ResendConfirmationCode requests received so far. */
    bodies: () => requests.map((r) => JSON.parse(r.body)),
    failNext(count, kind) {
      for (let i = 0; i < count; i += 1) faults.push(kind);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res, status, type, payload) {
  const body = JSON.stringify(payload);
  const headers = {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
  };
  if (type) headers["x-amzn-ErrorType"] = `${type}:`;
  res.writeHead(status, headers);
  res.end(body);
}

function sendError(res, error) {
  send(res, error.status, error.type, { __type: error.type, message: error.message });
}

function handle(req, res, raw, fault) {
  switch (fault) {
    case "throttle":
      return sendError(res, new ServiceError(400, "TooManyRequestsException", "Rate exceeded"));
    case "limit":
      return sendError(
        res,
        new ServiceError(400, "LimitExceededException", "Attempt limit exceeded, please try after some time."),
      );
    case "500":
      return sendError(res, new ServiceError(500, "InternalErrorException", "Internal server error."));
    case "503":
      res.writeHead(503, { "Content-Type": "text/html" });
      return res.end("<html><body>Service Unavailable</body></html>");
    case "500html":
      res.writeHead(500, { "Content-Type": "text/html" });
      return res.end("<html><body>Internal Server Error</body></html>");
    case "reset": {
      // Headers and half a body, then the connection is torn down.
      res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1", "Content-Length": "200" });
      res.write('{"CodeDeliveryDetails": {"Desti');
      return setTimeout(() => req.socket.destroy(), 20);
    }
    case "garbage":
      res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1" });
      return res.end("{not json");
    case "drop":
      return req.socket.destroy();
    case "hang":
      return undefined;
    default:
      break;
  }
  if (
    req.method !== "POST" ||
    req.headers["x-amz-target"] !== "AWSCognitoIdentityProviderService.ResendConfirmationCode"
  ) {
    return sendError(res, new ServiceError(400, "UnknownOperationException", ""));
  }
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return sendError(
      res,
      new ServiceError(400, "SerializationException", "Start of structure or map found where not expected."),
    );
  }
  try {
    return send(res, 200, undefined, answer(body));
  } catch (error) {
    if (error instanceof ServiceError) return sendError(res, error);
    throw error;
  }
}

// `node test/support/local-cognito.mjs [PORT]` serves until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const endpoint = await startLocalCognito({ port: Number(process.argv[2] ?? 0) });
  process.stdout.write(`${endpoint.url}\n`);
  process.on("SIGINT", () => endpoint.close().then(() => process.exit(0)));
  process.on("SIGTERM", () => endpoint.close().then(() => process.exit(0)));
}
