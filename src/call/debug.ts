// --debug: a readable log on stderr of what the command resolved, sent and
// received (the wire log, a middleware of the SDK client). Every secret it
// knows of is masked before a line is written.
import type { Readable } from "node:stream";
import type {
  CognitoIdentityProviderClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from "@aws-sdk/client-cognito-identity-provider";
import type { HttpRequest, HttpResponse } from "@smithy/core/protocols";
import type { DeserializeMiddleware } from "@smithy/types";
import { MASK, maskSecrets, withSecretHashMasked } from "../common";
import { relay } from "./transport";

export type DebugLog = ((message: string) => void) & { enabled: boolean };

export function createDebugLog(
  enabled: boolean,
  write: (text: string) => void,
  secrets: () => Array<string | undefined>,
): DebugLog {
  if (!enabled) return Object.assign(() => undefined, { enabled: false });
  return Object.assign(
    (message: string) => {
      try {
        write(`${new Date().toISOString()} - resend-confirmation-code - DEBUG - ${maskSecrets(message, secrets())}\n`);
      } catch {
        // The log only observes: a stderr that cannot be written changes nothing about the run.
      }
    },
    { enabled: true },
  );
}

/** A request or response body with SecretHash masked, for the log. */
export function maskBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return JSON.stringify(parsed && typeof parsed === "object" ? withSecretHashMasked(parsed) : parsed);
  } catch {
    return body.replace(/("SecretHash"\s*:\s*")[^"]*"/g, `$1${MASK}"`);
  }
}

/**
 * Request headers as the log shows them: for a signed request (the pool's
 * operations, --user-pool-id's) the session token masked, and in the
 * Authorization header the access key ID and the signature (with which the
 * request could be sent again for some minutes), wherever the credentials
 * came from. The date, region, service and signed headers stay.
 */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const masked = { ...headers };
  for (const name of Object.keys(masked)) {
    const lower = name.toLowerCase();
    if (lower === "x-amz-security-token") masked[name] = MASK;
    if (lower === "authorization")
      masked[name] = masked[name].replace(/(Credential=)[^/,\s]*/, `$1${MASK}`).replace(/(Signature=)\w*/, `$1${MASK}`);
  }
  return masked;
}

/**
 * --debug: the request as sent and the response as received, logged from a
 * middleware at the end of the SDK's stack (the deserialize step, last), right
 * above the request handler. It only looks: the body is copied as the SDK
 * reads it (never read here), so a body that fails fails the same way with the
 * log on or off.
 */
export function addWireLog(client: CognitoIdentityProviderClient, debug: DebugLog): void {
  const wireLog: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    const r = args.request as HttpRequest;
    debug(
      `Sending ${r.method} ${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path} headers=${JSON.stringify(maskHeaders(r.headers))} body=${maskBody(typeof r.body === "string" ? r.body : new TextDecoder().decode(r.body as Uint8Array))}`,
    );
    const result = await next(args);
    const response = result.response as HttpResponse;
    debug(`Received HTTP ${response.statusCode} headers=${JSON.stringify(response.headers)}`);
    const body = response.body as Readable | undefined;
    if (body && typeof body.pipe === "function") response.body = copiedToLog(body, debug);
    return result;
  };
  client.middlewareStack.add(wireLog, { step: "deserialize", priority: "low", name: "debugWireLog" });
}

/** `source` as it is, its bytes logged once it ends (or why it did not). */
function copiedToLog(source: Readable, debug: DebugLog): Readable {
  const { Transform, finished } = require("node:stream") as typeof import("node:stream");
  const chunks: Buffer[] = [];
  const copy = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done(null, chunk);
    },
    flush(done) {
      debug(`Received body=${maskBody(Buffer.concat(chunks).toString("utf8"))}`);
      done();
    },
  });
  // Once the whole body has been through (the SDK may not read it to the end).
  finished(relay(source, copy), { readable: false }, (error) => {
    if (error) debug(`Response body failed after ${chunks.reduce((n, c) => n + c.length, 0)} bytes: ${error.message}`);
  });
  return copy;
}
