// The one call: ResendConfirmationCode through the AWS SDK for JavaScript v3.
// The operation is unauthenticated, so no credentials are looked up and the
// instance metadata service is never asked. The SDK is loaded only here.
import { OPERATION, callError } from "../common";
import { maskBody, type DebugLog } from "./debug";
import { endpointFor } from "./config";
import type { Request } from "../input";

export interface CallSettings {
  region: string;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  endpointUrl?: string;
  maxAttempts: number;
  retryMode: "standard" | "adaptive" | "legacy";
  /** Milliseconds; 0 for none. */
  connectTimeoutMs: number;
  readTimeoutMs: number;
  verifySsl: boolean;
  caBundle?: Uint8Array;
}



/**
 * What the call gave: the service's response, or, when the service answered
 * 200 but its body could not be read (not JSON, or cut off), why. The AWS CLI
 * prints nothing for the latter and exits 0; so do we, with a line on stderr.
 */
export type CallResult = { response: unknown } | { unreadable: string };

interface SdkFailure extends Error { code?: string; $metadata?: { httpStatusCode?: number } }

/** The service answered 200 and then the body failed: the request was served. */
const answeredThenFailed = (error: unknown): boolean => (error as SdkFailure)?.$metadata?.httpStatusCode === 200;

interface RetryStrategyLike { refreshRetryTokenForRetry?: (token: unknown, info: { error?: unknown }) => Promise<unknown> }

/**
 * The SDK's retry strategy, except that a request the service already
 * answered with 200 is never sent again: a second code would be sent.
 */
function noRetryOnceAnswered(strategy: RetryStrategyLike): RetryStrategyLike {
  if (typeof strategy.refreshRetryTokenForRetry !== "function") return strategy;
  const refresh = strategy.refreshRetryTokenForRetry.bind(strategy);
  return Object.assign(Object.create(strategy) as RetryStrategyLike, {
    refreshRetryTokenForRetry: async (token: unknown, info: { error?: unknown }) => {
      if (answeredThenFailed(info.error)) throw info.error;
      return refresh(token, info);
    },
  });
}

/**
 * The connection agents. For an https endpoint, the SDK's own unless TLS is
 * configured; for an http one, no TLS is needed, so node:https is never
 * loaded (the SDK would otherwise make an https agent up front).
 */
function agents(settings: CallSettings): { httpsAgent?: unknown } {
  if (new URL(endpointFor(settings)).protocol === "http:") {
    const http = require("node:http") as typeof import("node:http");
    return { httpsAgent: new http.Agent({ keepAlive: true }) };
  }
  if (settings.verifySsl && !settings.caBundle) return {};
  const https = require("node:https") as typeof import("node:https");
  return { httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: settings.verifySsl, ca: settings.caBundle ? Buffer.from(settings.caBundle) : undefined }) };
}

/** One SDK client for any number of calls (a bulk run keeps its connections open). */
export interface Caller {
  call(request: Request): Promise<CallResult>;
  destroy(): void;
}

/**
 * A client for `settings`. Each call's failure is thrown as a CliError worded
 * as the AWS CLI words it; `raw` keeps the SDK's error (a bulk run classifies
 * it itself).
 */
export function createCaller(settings: CallSettings, debug: DebugLog, options: { concurrency?: number; bulk?: boolean } = {}): Caller {
  // The SDK warns on stderr about Node versions it will stop supporting; that
  // is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const sdk = require("@aws-sdk/client-cognito-identity-provider") as typeof import("@aws-sdk/client-cognito-identity-provider");
  const client = new sdk.CognitoIdentityProviderClient({
    region: settings.region,
    endpoint: settings.endpointUrl,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode === "adaptive" ? "adaptive" : "standard",
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs,
      socketTimeout: settings.readTimeoutMs,
      ...agents(settings),
      ...(options.concurrency === undefined ? {} : { httpAgent: { keepAlive: true, maxSockets: options.concurrency } }),
    },
    // Everything the SDK would otherwise look up in the environment and the
    // shared config files, settled already as the AWS CLI settles it.
    useFipsEndpoint: settings.useFipsEndpoint,
    useDualstackEndpoint: settings.useDualstackEndpoint,
    defaultsMode: "legacy",
    userAgentAppId: "",
    authSchemePreference: [],
    // The middleware of a command is put together once, not for every request.
    cacheMiddleware: true,
    // A configured endpoint is used as it is (the SDK's rules would return it
    // unchanged, at some cost per request); FIPS and dual-stack keep the rules,
    // which refuse them together with a custom endpoint as the AWS CLI does.
    ...(settings.endpointUrl !== undefined && !settings.useFipsEndpoint && !settings.useDualstackEndpoint
      ? { endpointProvider: () => ({ url: new URL(settings.endpointUrl as string) }) }
      : {}),
  });
  if (options.bulk) leanForBulk(client as unknown as MiddlewareClient);
  const config = client.config as unknown as { retryStrategy: () => Promise<RetryStrategyLike> };
  const sdkStrategy = config.retryStrategy;
  config.retryStrategy = async () => noRetryOnceAnswered(await sdkStrategy());
  if (debug.enabled) addDebugLogging(client as unknown as Parameters<typeof addDebugLogging>[0], debug);
  debug(`Calling ${OPERATION} at ${endpointFor(settings)} in ${settings.region}, at most ${settings.maxAttempts} attempts (${settings.retryMode} retry mode)`);
  return {
    async call(request: Request): Promise<CallResult> {
      try {
        return { response: await client.send(new sdk.ResendConfirmationCodeCommand(request as unknown as import("@aws-sdk/client-cognito-identity-provider").ResendConfirmationCodeCommandInput)) };
      } catch (error) {
        const e = error as SdkFailure;
        debug(`Call failed: ${e.name}: ${e.message} ${JSON.stringify(e.$metadata ?? {})}`);
        if (answeredThenFailed(error)) {
          return { unreadable: e.name === "SyntaxError" ? "the body is not valid JSON" : "the connection closed before the whole body arrived" };
        }
        throw callError(error, { url: endpointFor(settings), maxAttempts: settings.maxAttempts });
      }
    },
    destroy: () => client.destroy(),
  };
}

/** The single call of a run. */
export async function resendConfirmationCode(request: Request, settings: CallSettings, debug: DebugLog): Promise<CallResult> {
  const caller = createCaller(settings, debug);
  try {
    return await caller.call(request);
  } finally {
    caller.destroy();
  }
}

interface MiddlewareClient {
  middlewareStack: { add: (mw: unknown, options: unknown) => void; remove: (name: string) => boolean };
}

/**
 * A bulk run sends thousands of requests through one client. It retries on
 * its own terms, so the SDK's retry step is a pass-through (kept by name, as
 * the signing step is placed after it); every request has the same user
 * agent, set once instead of being built each time; and the Lambda recursion
 * header, which reads the environment on every request, is left out.
 */
function leanForBulk(client: MiddlewareClient): void {
  const stack = client.middlewareStack;
  stack.remove("retryMiddleware");
  stack.add((next: (args: unknown) => Promise<unknown>) => (args: unknown) => next(args), { name: "retryMiddleware", step: "finalizeRequest", tags: ["RETRY"], priority: "high" });
  stack.remove("recursionDetectionMiddleware");
  stack.remove("getUserAgentMiddleware");
  const agent = `resend-confirmation-code (bulk) node/${process.version}`;
  stack.add(
    (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) => (args: { request: { headers: Record<string, string> } }) => {
      args.request.headers["user-agent"] = agent;
      return next(args);
    },
    { step: "build", name: "bulkUserAgent" },
  );
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
