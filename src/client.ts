// The one call: ResendConfirmationCode through the AWS SDK for JavaScript v3.
// The operation is unauthenticated, so no credentials are looked up and the
// instance metadata service is never asked. The SDK is loaded only here.
import { CliError, EXIT } from "./errors";
import { maskBody, type DebugLog } from "./debug";
import type { Request } from "./params";

export interface CallSettings {
  region: string;
  endpointUrl?: string;
  maxAttempts: number;
  retryMode: "standard" | "adaptive" | "legacy";
  /** Milliseconds; 0 for none. */
  connectTimeoutMs: number;
  readTimeoutMs: number;
  verifySsl: boolean;
  caBundle?: Uint8Array;
}

export const OPERATION = "ResendConfirmationCode";

/** The URL the request goes to, as the AWS CLI names it in its messages. */
export function endpointFor(settings: Pick<CallSettings, "region" | "endpointUrl">): string {
  const base = settings.endpointUrl ?? `https://cognito-idp.${settings.region}.amazonaws.com`;
  try {
    return new URL(base).href;
  } catch {
    return base;
  }
}

interface SdkError extends Error {
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number; reason?: string };
  $retryable?: unknown;
}

const THROTTLING = new Set(["TooManyRequestsException", "LimitExceededException", "ThrottlingException", "Throttling", "RequestLimitExceeded"]);
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
const CLOSED_FAILURES = new Set(["ECONNRESET", "EPIPE"]);

const HTTP_REASONS: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 413: "Request Entity Too Large", 429: "Too Many Requests" };

/** Any failure of the call as the AWS CLI reports it, with its exit code. */
export function callError(error: unknown, settings: CallSettings): CliError {
  const e = error as SdkError;
  const url = endpointFor(settings);
  const code = e.code ?? (e as { errno?: string }).errno;
  if (code && CONNECT_FAILURES.has(code)) return new CliError(`Could not connect to the endpoint URL: "${url}"`, EXIT.other);
  if ((code && CLOSED_FAILURES.has(code)) || /socket hang up/.test(e.message)) {
    return new CliError(`Connection was closed before we received a valid response from endpoint URL: "${url}".`, EXIT.other);
  }
  if (e.name === "TimeoutError" && /establish a connection/.test(e.message)) {
    return new CliError(`Connect timeout on endpoint URL: "${url}"`, EXIT.other);
  }
  if (e.name === "TimeoutError" || code === "ETIMEDOUT" || /timed? ?out/i.test(e.message)) {
    return new CliError(`Read timeout on endpoint URL: "${url}"`, EXIT.other);
  }
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault !== undefined && status !== undefined) {
    const attempts = e.$metadata?.attempts ?? 1;
    const retryable = THROTTLING.has(e.name) || status >= 500;
    const retries = retryable && attempts >= settings.maxAttempts && attempts > 1 ? ` (reached max retries: ${attempts - 1})` : "";
    const unmodelled = e.name === "Unknown" || e.name === "UnknownError" || e.name === String(status);
    const name = unmodelled ? String(status) : e.name;
    const message = unmodelled && (!e.message || e.message === "Unknown" || e.message === "UnknownError") ? (HTTP_REASONS[status] ?? "") : e.message;
    return new CliError(`An error occurred (${name}) when calling the ${OPERATION} operation${retries}: ${message}`, EXIT.service);
  }
  return new CliError(e.message || String(error), EXIT.other);
}

export async function resendConfirmationCode(request: Request, settings: CallSettings, debug: DebugLog): Promise<unknown> {
  // The SDK warns on stderr about Node versions it will stop supporting; that
  // is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const sdk = require("@aws-sdk/client-cognito-identity-provider") as typeof import("@aws-sdk/client-cognito-identity-provider");
  const https = settings.verifySsl && !settings.caBundle
    ? undefined
    : { httpsAgent: new (require("node:https") as typeof import("node:https")).Agent({ keepAlive: true, rejectUnauthorized: settings.verifySsl, ca: settings.caBundle ? Buffer.from(settings.caBundle) : undefined }) };
  const client = new sdk.CognitoIdentityProviderClient({
    region: settings.region,
    endpoint: settings.endpointUrl,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode === "adaptive" ? "adaptive" : "standard",
    requestHandler: { connectionTimeout: settings.connectTimeoutMs, socketTimeout: settings.readTimeoutMs, ...https },
  });
  if (debug.enabled) addDebugLogging(client as unknown as Parameters<typeof addDebugLogging>[0], debug);
  debug(`Calling ${OPERATION} at ${endpointFor(settings)} in ${settings.region}, at most ${settings.maxAttempts} attempts (${settings.retryMode} retry mode)`);
  try {
    return await client.send(new sdk.ResendConfirmationCodeCommand(request as unknown as import("@aws-sdk/client-cognito-identity-provider").ResendConfirmationCodeCommandInput));
  } catch (error) {
    const e = error as SdkError;
    debug(`Call failed: ${e.name}: ${e.message} ${JSON.stringify(e.$metadata ?? {})}`);
    throw callError(error, settings);
  } finally {
    client.destroy();
  }
}

interface HttpRequestLike { method: string; protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string>; body?: unknown }
interface HttpResponseLike { statusCode: number; headers: Record<string, string>; body?: unknown }

function addDebugLogging(client: { middlewareStack: { add: (mw: unknown, options: unknown) => void } }, debug: DebugLog): void {
  client.middlewareStack.add(
    (next: (args: { request: HttpRequestLike }) => Promise<{ response: HttpResponseLike }>) => async (args: { request: HttpRequestLike }) => {
      const r = args.request;
      debug(`Sending ${r.method} ${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path} headers=${JSON.stringify(r.headers)} body=${maskBody(typeof r.body === "string" ? r.body : new TextDecoder().decode(r.body as Uint8Array))}`);
      const result = await next(args);
      const response = result.response;
      const chunks: Buffer[] = [];
      const body = response.body as AsyncIterable<Uint8Array> | undefined;
      if (body && typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") {
        for await (const chunk of body) chunks.push(Buffer.from(chunk));
        const bytes = Buffer.concat(chunks);
        response.body = (require("node:stream") as typeof import("node:stream")).Readable.from([bytes]);
        debug(`Received HTTP ${response.statusCode} headers=${JSON.stringify(response.headers)} body=${maskBody(bytes.toString("utf8"))}`);
      } else {
        debug(`Received HTTP ${response.statusCode} headers=${JSON.stringify(response.headers)}`);
      }
      return result;
    },
    { step: "deserialize", priority: "low", name: "debugWireLog" },
  );
}
