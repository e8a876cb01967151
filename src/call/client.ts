// The one call: ResendConfirmationCode through the AWS SDK for JavaScript v3.
// The operation is unauthenticated, so no credentials are looked up and the
// instance metadata service is never asked. The SDK is loaded only here.
import { type CliError, MAX_TIMER_MS, OPERATION, failed } from "../common";
import { AsyncLocalStorage } from "node:async_hooks";
import { callError, markReplyFault, markUnanswered, replyFaultOf, type SdkError, wasUnanswered } from "./failures";
import { maskBody, maskHeaders, type DebugLog } from "./debug";
import { endpointFor, type CallSettings } from "./settings";
import { osError, type Request } from "../input";
import { responseValue, type Response } from "./response";

/**
 * What the call gave: the service's response, or, when the service answered
 * 2xx but its body could not be read (not JSON, cut off, stalled, too large),
 * why. The AWS CLI prints nothing for the latter and exits 0; so do we, with a
 * line on stderr.
 */
export type CallResult = { response: Response } | { unreadable: string; status: number };

/** The line a bulk run gives a user whose 2xx answer could not be read. */
export const unreadableNote = (result: { unreadable: string; status: number }): string =>
  `the service answered HTTP ${result.status}, but its response could not be read (${result.unreadable})`;

/**
 * The most of a response body this command reads. Real answers are under a
 * kilobyte; past this the connection is dropped and the request counts as
 * answered (it is not sent again).
 */
export const BODY_CAP = 1024 * 1024;
const BODY_CUT = "the connection closed before the whole body arrived";
const BODY_STALLED = "no more of the body arrived within the read timeout";
const BODY_TOO_LARGE = "the body is larger than 1 MiB, the most this command reads";

const answered2xx = (status: number | undefined): status is number =>
  status !== undefined && status >= 200 && status < 300;

/**
 * Why a failed request must not be sent again, if it must not: the whole
 * request was written and no answer came (a read timeout, a reset), bytes of
 * a reply arrived (its body then failed, or it was not HTTP at all), or a 2xx
 * answer came whole but could not be parsed. The service may have sent a code.
 */
function mustNotResend(error: unknown): boolean {
  return (
    wasUnanswered(error) ||
    replyFaultOf(error) !== undefined ||
    answered2xx((error as SdkError)?.$metadata?.httpStatusCode)
  );
}

/** One request on the wire: whether it may have been written (its connection was up). */
interface Exchange {
  written: boolean;
}

/** The exchange of the request being handled, seen by the agent as Node makes the request. */
const exchanges = new AsyncLocalStorage<Exchange>();

interface RetryStrategyLike {
  refreshRetryTokenForRetry?: (token: unknown, info: { error?: unknown }) => Promise<unknown>;
}

/**
 * The SDK's retry strategy, except that a request whose reply had begun to
 * arrive is never sent again: a second code would be sent. Whole error answers
 * (throttling, 5xx) and failures before any byte of a reply are retried as usual.
 */
function noRetryOnceAnswered(strategy: RetryStrategyLike): RetryStrategyLike {
  if (typeof strategy.refreshRetryTokenForRetry !== "function") return strategy;
  const refresh = strategy.refreshRetryTokenForRetry.bind(strategy);
  return Object.assign(Object.create(strategy) as RetryStrategyLike, {
    refreshRetryTokenForRetry: async (token: unknown, info: { error?: unknown }) => {
      if (mustNotResend(info.error)) throw info.error;
      return refresh(token, info);
    },
  });
}

/**
 * The connection agent, always our own: for an http endpoint no TLS is needed,
 * so node:https is never loaded (the SDK would otherwise make an https agent up
 * front); for an https one, with the TLS settings. Either way it watches each
 * request's socket (see watchReplies).
 */
function agents(settings: CallSettings, maxSockets: number): { httpAgent?: unknown; httpsAgent: unknown } {
  if (new URL(endpointFor(settings)).protocol === "http:") {
    const http = require("node:http") as typeof import("node:http");
    const agent = watchReplies(new http.Agent({ keepAlive: true, maxSockets }));
    return { httpAgent: agent, httpsAgent: agent };
  }
  const https = require("node:https") as typeof import("node:https");
  const tls =
    settings.verifySsl && settings.caBundle === undefined
      ? {}
      : {
          rejectUnauthorized: settings.verifySsl,
          ca: settings.caBundle === undefined ? undefined : readCaBundle(settings.caBundle, settings),
        };
  return { httpsAgent: watchReplies(new https.Agent({ keepAlive: true, maxSockets, ...tls })) };
}

/**
 * The CA bundle's certificates; a file that cannot be read, holds no
 * certificate, or holds one that does not parse fails the call as the AWS CLI
 * fails it.
 */
function readCaBundle(path: string, settings: CallSettings): Buffer {
  const fail = (reason: string): CliError => failed(`SSL validation failed for ${serviceUrl(settings)} ${reason}`);
  let bundle: Buffer;
  try {
    bundle = (require("node:fs") as typeof import("node:fs")).readFileSync(path);
  } catch (error) {
    const known = osError(error as NodeJS.ErrnoException);
    throw fail(known ? `[Errno ${known[0]}] ${known[1]}` : (error as Error).message);
  }
  const blocks = bundle.toString("latin1").match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw fail("[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found");
  const { X509Certificate } = require("node:crypto") as typeof import("node:crypto");
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw fail("[X509] PEM lib");
    }
  }
  return bundle;
}

type ClientRequest = import("node:http").ClientRequest;
type Socket = import("node:net").Socket;

/**
 * Marks a request's failure as one after its reply began when any byte came
 * back on its socket before the failure (a head cut off, too large, or not
 * HTTP): Node reports those as a hang-up or a parse error, as it does a
 * connection closed before any reply, which alone may be retried.
 */
function watchReplies<A extends import("node:http").Agent>(agent: A): A {
  const inner = agent as unknown as { addRequest: (req: ClientRequest, options: unknown) => void };
  const addRequest = inner.addRequest.bind(agent);
  inner.addRequest = (req: ClientRequest, options: unknown) => {
    const exchange = exchanges.getStore();
    req.once("socket", (socket: Socket) => {
      // The request is written as soon as its connection is up (on a connection
      // kept open, at once): from then on it may reach the service. Marked then,
      // not when the write is done, so that a timer that fires first (a busy
      // process) cannot make a request that went out look unsent.
      if (exchange) {
        const tls = (socket as Socket & { encrypted?: boolean }).encrypted === true;
        const reused = (req as ClientRequest & { reusedSocket?: boolean }).reusedSocket === true;
        // A socket from the agent's queue may be up already without being marked reused: judged by its state.
        const secure = (socket as Socket & { _secureEstablished?: boolean })._secureEstablished === true;
        if (reused || (!socket.connecting && (!tls || secure))) exchange.written = true;
        else socket.once(tls ? "secureConnect" : "connect", () => (exchange.written = true));
      }
      const before = socket.bytesRead;
      req.prependListener("error", (error: Error) => {
        // Once a head has arrived, the body's guard marks the failure.
        if (!(req as ClientRequest & { res?: unknown }).res && socket.bytesRead > before)
          markReplyFault(error, { reason: "the reply is not valid HTTP" });
      });
    });
    addRequest(req, options);
  };
  return agent;
}

interface HttpRequestLike {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}
interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}
interface HandlerLike {
  handle: (request: HttpRequestLike, options?: unknown) => Promise<{ response: HttpResponseLike }>;
}

/**
 * Every request through a watch: a failure after it was written whole and
 * before any reply is marked unanswered (its outcome unknown). Every response
 * body, read through a guard: a failure once the head has
 * arrived (cut off, stalled, too large) is marked as after a reply, so it is
 * never retried, and past BODY_CAP the connection is dropped rather than the
 * body buffered. The guard sits in the request handler, under every middleware
 * (the --debug log's included).
 */
function guardBodies(handler: HandlerLike): void {
  const handle = handler.handle.bind(handler);
  handler.handle = async (request, options) => {
    const exchange: Exchange = { written: false };
    let result: Awaited<ReturnType<HandlerLike["handle"]>>;
    try {
      result = await exchanges.run(exchange, () => handle(request, options));
    } catch (error) {
      // Written and no reply began: the outcome is unknown (a reply that began is marked already, and counts first).
      if (exchange.written) markUnanswered(error);
      throw error;
    }
    const { response } = result;
    const source = response.body as import("node:stream").Readable | undefined;
    if (source && typeof source.pipe === "function")
      response.body = guardedBody(source, response.statusCode, Number(response.headers["content-length"] ?? 0));
    return result;
  };
}

function guardedBody(
  source: import("node:stream").Readable,
  status: number,
  declared: number,
): import("node:stream").Readable {
  const { Transform, pipeline } = require("node:stream") as typeof import("node:stream");
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > BODY_CAP || declared > BODY_CAP) done(new Error(`Response body over ${BODY_CAP} bytes`));
      else done(null, chunk);
    },
    destroy(error, done) {
      if (error) {
        const e = error as SdkError;
        const reason = /^Response body over/.test(e.message)
          ? BODY_TOO_LARGE
          : e.name === "TimeoutError" && e.code === undefined
            ? BODY_STALLED
            : BODY_CUT;
        markReplyFault(error, { status, reason });
      }
      done(error);
    },
  });
  // An error on either side ends both: past the cap the socket is destroyed.
  pipeline(source, guard, () => undefined);
  return guard;
}

/** One SDK client for any number of calls (a bulk run keeps its connections open). */
export interface Caller {
  call(request: Request): Promise<CallResult>;
  destroy(): void;
}

/** The SDK client this command calls Cognito with, and the SDK's module. */
export interface SdkClient {
  client: import("@aws-sdk/client-cognito-identity-provider").CognitoIdentityProviderClient;
  sdk: typeof import("@aws-sdk/client-cognito-identity-provider");
  /** The URL requests go to, as messages name it: asked of the endpoint rules only when a message needs it. */
  url: () => string;
}

type Sdk = typeof import("@aws-sdk/client-cognito-identity-provider");
const loadSdk = (): Sdk => {
  // The SDK warns on stderr about Node versions it will stop supporting; that
  // is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return require("@aws-sdk/client-cognito-identity-provider") as Sdk;
};

/**
 * The URL a call goes to: the configured endpoint, else the one the service's
 * endpoint rules give for the region, FIPS and dual-stack (the partition's own
 * domain: amazonaws.com.cn in China, say). From `client` when there is one;
 * otherwise the SDK is loaded to ask its rules.
 */
export function serviceUrl(settings: CallSettings, client?: SdkClient["client"]): string {
  if (settings.endpointUrl !== undefined) return endpointFor(settings);
  const rules = (client ?? new (loadSdk().CognitoIdentityProviderClient)({ region: settings.region })).config
    .endpointProvider;
  try {
    return rules({
      Region: settings.region,
      UseFIPS: settings.useFipsEndpoint,
      UseDualStack: settings.useDualstackEndpoint,
    }).url.href;
  } catch {
    // The rules refuse the combination (dual-stack where the partition has
    // none); the call reports it in their words.
    return endpointFor(settings);
  }
}

/**
 * An SDK client for `settings`, with this command's guards: a request whose
 * reply began to arrive is never sent again, bodies are read within their cap,
 * and --debug logs what goes and comes. `credentials` only for the operations
 * that are signed (the pool lookups); ResendConfirmationCode never is.
 */
export function createClient(
  settings: CallSettings,
  debug: DebugLog,
  options: { concurrency?: number; bulk?: boolean; credentials?: unknown } = {},
): SdkClient {
  // A configured endpoint whose scheme is neither http nor https fails as the call is made, in the AWS CLI's words.
  const scheme =
    settings.endpointUrl === undefined ? undefined : /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(settings.endpointUrl)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw failed(`An HTTP Client raised an unhandled exception: Not supported URL scheme ${scheme}`);
  }
  const sdk = loadSdk();
  const client = new sdk.CognitoIdentityProviderClient({
    // An empty region (--region "") goes only with a configured endpoint, which
    // the AWS CLI then calls; the SDK wants a name, which picks nothing there.
    region: settings.region || "none",
    endpoint: settings.endpointUrl,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode === "adaptive" ? "adaptive" : "standard",
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs,
      socketTimeout: settings.readTimeoutMs,
      // The handler's check on busy sockets waits 2 s past the connect timeout:
      // kept within what a timer holds, so that a long timeout warns of nothing.
      socketAcquisitionWarningTimeout: Math.min(settings.connectTimeoutMs + 2000, MAX_TIMER_MS),
      ...agents(settings, options.concurrency ?? 50),
    },
    // Everything the SDK would otherwise look up in the environment and the
    // shared config files, settled already as the AWS CLI settles it.
    useFipsEndpoint: settings.useFipsEndpoint,
    useDualstackEndpoint: settings.useDualstackEndpoint,
    defaultsMode: "legacy",
    userAgentAppId: "",
    authSchemePreference: [],
    ...(options.credentials === undefined ? {} : { credentials: options.credentials as never }),
    // The middleware of a command is put together once, not for every request.
    cacheMiddleware: true,
    // A configured endpoint is used as it is, as the AWS CLI uses it, even
    // with FIPS or dual-stack on (the SDK's rules would refuse those together).
    ...(settings.endpointUrl !== undefined
      ? { endpointProvider: () => ({ url: new URL(settings.endpointUrl as string) }) }
      : {}),
  });
  guardBodies((client.config as unknown as { requestHandler: HandlerLike }).requestHandler);
  if (options.bulk) leanForBulk(client as unknown as MiddlewareClient);
  const config = client.config as unknown as { retryStrategy: () => Promise<RetryStrategyLike> };
  const sdkStrategy = config.retryStrategy;
  config.retryStrategy = async () => noRetryOnceAnswered(await sdkStrategy());
  if (debug.enabled) addDebugLogging(client as unknown as Parameters<typeof addDebugLogging>[0], debug);
  let url: string | undefined;
  return { client, sdk, url: () => (url ??= serviceUrl(settings, client)) };
}

/**
 * A client for `settings`. Each call's failure is thrown as a CliError worded
 * as the AWS CLI words it.
 */
export function createCaller(
  settings: CallSettings,
  debug: DebugLog,
  options: { concurrency?: number; bulk?: boolean } = {},
): Caller {
  const { client, sdk, url } = createClient(settings, debug, options);
  if (debug.enabled) {
    debug(
      `Calling ${OPERATION} at ${url()} in ${settings.region}, at most ${settings.maxAttempts} attempts (${settings.retryMode} retry mode)`,
    );
  }
  return {
    async call(request: Request): Promise<CallResult> {
      try {
        return {
          response: responseValue(
            await client.send(
              new sdk.ResendConfirmationCodeCommand(
                request as unknown as import("@aws-sdk/client-cognito-identity-provider").ResendConfirmationCodeCommandInput,
              ),
            ),
          ),
        };
      } catch (error) {
        const e = error as SdkError;
        debug(`Call failed: ${e.name}: ${e.message} ${JSON.stringify(e.$metadata ?? {})}`);
        const status = replyFaultOf(error)?.status ?? e.$metadata?.httpStatusCode;
        if (answered2xx(status) && mustNotResend(error)) {
          return {
            status,
            unreadable:
              replyFaultOf(error)?.reason ?? (e.name === "SyntaxError" ? "the body is not valid JSON" : BODY_CUT),
          };
        }
        throw callError(error, { url: url(), maxAttempts: settings.maxAttempts });
      }
    },
    destroy: () => client.destroy(),
  };
}

/** The single call of a run. */
export async function resendConfirmationCode(
  request: Request,
  settings: CallSettings,
  debug: DebugLog,
): Promise<CallResult> {
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
  stack.add((next: (args: unknown) => Promise<unknown>) => (args: unknown) => next(args), {
    name: "retryMiddleware",
    step: "finalizeRequest",
    tags: ["RETRY"],
    priority: "high",
  });
  stack.remove("recursionDetectionMiddleware");
  stack.remove("getUserAgentMiddleware");
  const agent = `resend-confirmation-code (bulk) node/${process.version}`;
  stack.add(
    (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
      (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers["user-agent"] = agent;
        return next(args);
      },
    { step: "build", name: "bulkUserAgent" },
  );
}

/**
 * --debug: the request as sent and the response as received. It only looks:
 * the body is copied as the SDK reads it (never read here), so a body that
 * fails fails the same way with the log on or off.
 */
function addDebugLogging(
  client: { middlewareStack: { add: (mw: unknown, options: unknown) => void } },
  debug: DebugLog,
): void {
  client.middlewareStack.add(
    (next: (args: { request: HttpRequestLike }) => Promise<{ response: HttpResponseLike }>) =>
      async (args: { request: HttpRequestLike }) => {
        const r = args.request;
        debug(
          `Sending ${r.method} ${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path} headers=${JSON.stringify(maskHeaders(r.headers))} body=${maskBody(typeof r.body === "string" ? r.body : new TextDecoder().decode(r.body as Uint8Array))}`,
        );
        const result = await next(args);
        const response = result.response;
        debug(`Received HTTP ${response.statusCode} headers=${JSON.stringify(response.headers)}`);
        const body = response.body as import("node:stream").Readable | undefined;
        if (body && typeof body.pipe === "function") response.body = copiedToLog(body, debug);
        return result;
      },
    { step: "deserialize", priority: "low", name: "debugWireLog" },
  );
}

/** `source` as it is, its bytes logged once it ends (or why it did not). */
function copiedToLog(source: import("node:stream").Readable, debug: DebugLog): import("node:stream").Readable {
  const { Transform, pipeline } = require("node:stream") as typeof import("node:stream");
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
  pipeline(source, copy, (error) => {
    if (error) debug(`Response body failed after ${chunks.reduce((n, c) => n + c.length, 0)} bytes: ${error.message}`);
  });
  return copy;
}
